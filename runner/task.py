"""The task `sct migrate` runs: from a YAML task file (`load_task`) or from command-line flags (`task_from_flags`).

    source: mysql://app@db1:3306/shop
    target: {dsn: "postgresql://loader@pg1/shop", password_env: PG_PASSWORD}
    schema: converted/            # `sct convert` output creating the target tables (optional)
    prep_mode: drop-and-create    # do-nothing (default) | truncate (or DMS's DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD,
                                  # DO_NOTHING)
    mappings: mappings.json       # DMS table-mapping JSON, a path or the object inline (default: every table)
    settings: {parallel: 4, max_errors: 10}
    mode: full-load-and-cdc       # full-load (default) | full-load-and-cdc | cdc (DMS MigrationType)
    cdc: {batch_seconds: 0.1, metrics_port: 9187}     # change data capture (runner.cdc.settings)

The file is checked against runner/task.schema.json (the schema is the reference; it is applied here by a
small validator, so jsonschema stays a development dependency) and every problem is reported as
`task.yaml: settings.parallel: must be >= 1`, naming the key; unknown keys are errors with a did-you-mean.

Passwords: a DSN may hold one, take one from the environment with `${VAR}` (percent-encoded when it stands in
the user:password part) or get one from `password_env: NAME`. `Task.source` / `Task.target` are the DSNs with
the password, for connecting only; everything printed (`task.masked(dsn)`, `repr(task)`, error messages) has
it masked as ***.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from sct.errors import InputError
from sct.runner.cdc.settings import CdcSettings, normalise_mode
from sct.runner.mappings import Mappings, load_mappings

SCHEMA_PATH = Path(__file__).with_name("task.schema.json")
SCHEMES = ("mysql", "mariadb", "postgresql", "postgres", "sqlite")
PREP_MODES = ("drop-and-create", "truncate", "do-nothing")
DMS_PREP_MODES = {"DROP_AND_CREATE": "drop-and-create", "TRUNCATE_BEFORE_LOAD": "truncate",
                  "DO_NOTHING": "do-nothing"}
MASK = "***"
ALL_TABLES = {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "all tables",
                         "object-locator": {"schema-name": "%", "table-name": "%"}, "rule-action": "include"}]}


@dataclass(frozen=True)
class Settings:
    parallel: int = 2                   # workers loading units at once
    batch_rows: int = 10_000            # rows per fetch and per write
    chunk_rows: int = 1_000_000         # tables above this many rows are split into key ranges; 0: never
    max_errors: int = 0                 # rejected rows a table may have; one more fails the table
    zero_dates: str = "null"            # "null" | "error"
    nul_bytes: str = "error"            # "strip" | "error"
    invalid_utf8: str = "error"         # "replace" | "error"
    validate: bool = True               # compare counts and checksums after the load
    cluster: str | None = None          # None, or "dask://host:port"


@dataclass(repr=False)
class Task:
    """A checked task. `source` and `target` are the DSNs with their passwords, for connecting only: show
    `masked(task.source)` (or repr(task), which masks them) wherever a DSN is printed or stored."""

    source: str
    target: str
    mappings: Mappings
    schema: Path | None = None          # folder of `sct convert` output, or None
    prep_mode: str = "do-nothing"       # one of PREP_MODES
    settings: Settings = field(default_factory=Settings)
    task_id: str | None = None          # name of the run in sct_control; None: the caller picks (file stem)
    path: Path | None = None            # the task file; None for the flag form
    mode: str = "full-load"             # full-load | full-load-and-cdc | cdc
    cdc: Any = None                     # runner.cdc.settings.CdcSettings
    secrets: tuple[str, ...] = ()       # passwords taken from the environment, masked wherever they appear

    def masked(self, text: str) -> str:
        """`text` (a DSN, a message) with the passwords of this task shown as ***."""
        return mask_dsn(text, self.secrets)

    def __repr__(self) -> str:
        return (f"Task(source={self.masked(self.source)!r}, target={self.masked(self.target)!r}, "
                f"mappings={self.mappings!r}, schema={self.schema!r}, prep_mode={self.prep_mode!r}, "
                f"settings={self.settings!r}, task_id={self.task_id!r}, path={self.path!r})")

    __str__ = __repr__


# ---------------------------------------------------------------------------------------------- entry points

def load_task(path: str | Path) -> Task:
    """Read, check and resolve a task file. Relative paths in it (schema, mappings) are relative to the
    file's folder. Raises InputError naming the file and the key."""
    path = Path(path)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{label}: task file not found") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder, not a task file") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{label}: not UTF-8 text ({e.reason} at byte {e.start})") from None
    except OSError as e:
        raise InputError(f"{label}: cannot read the task file ({e.strerror or e})") from None
    document = _parse_yaml(text, label)
    problems = validate_document(document)
    if problems:
        _raise(label, problems)
    base = path.parent
    source, source_secrets = _endpoint(document["source"], f"{label}: source")
    target, target_secrets = _endpoint(document["target"], f"{label}: target")
    return Task(
        source=source,
        target=target,
        mappings=_mappings(document.get("mappings"), base, f"{label}: mappings"),
        schema=_schema_folder(document.get("schema"), base, f"{label}: schema"),
        prep_mode=_prep_mode(document.get("prep_mode")),
        settings=_settings(document.get("settings") or {}),
        task_id=document.get("task_id"),
        path=path,
        secrets=source_secrets + target_secrets,
        mode=normalise_mode(document.get("mode") or "full-load"),
        cdc=CdcSettings(**(document.get("cdc") or {})),
    )


def task_from_flags(source: str, target: str, schema: str | Path | None = None, prep_mode: str | None = None,
                    mappings: str | Path | None = None) -> Task:
    """The task of `sct migrate --source DSN --target DSN [--schema DIR] [--prep-mode M] [--mappings JSON]`,
    with the task file's defaults for everything else. Paths are relative to the current folder; errors
    name the flag."""
    for flag, value in (("--source", source), ("--target", target)):
        if not isinstance(value, str) or not value.strip():
            raise InputError(f"{flag}: a DSN is required (mysql://, mariadb://, postgresql:// or sqlite:///path)")
    if prep_mode is not None and prep_mode not in PREP_MODES and prep_mode not in DMS_PREP_MODES:
        raise InputError(f"--prep-mode: {_enum_message(prep_mode, list(PREP_MODES) + list(DMS_PREP_MODES))}")
    source, source_secrets = _endpoint(source, "--source")
    target, target_secrets = _endpoint(target, "--target")
    return Task(
        source=source,
        target=target,
        mappings=_mappings(None if mappings is None else str(mappings), Path("."), "--mappings"),
        schema=_schema_folder(None if schema is None else str(schema), Path("."), "--schema"),
        prep_mode=_prep_mode(prep_mode),
        secrets=source_secrets + target_secrets,
    )


# ---------------------------------------------------------------------------------------------- YAML

class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last one silently)."""


def _no_duplicate_keys(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, list | dict):
            continue
        if key in seen:
            mark = key_node.start_mark
            raise InputError(f"line {mark.line + 1}: key {key!r} is given twice")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def _parse_yaml(text: str, label: str) -> Any:
    try:
        document = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except InputError as e:
        raise InputError(f"{label}: {e}") from None
    except yaml.YAMLError as e:
        # the problem and where, never yaml's quote of the line: it could hold a password
        mark = getattr(e, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(e, "problem", None) or "not valid YAML"
        raise InputError(f"{label}: {where}{problem}") from None
    if document is None:
        raise InputError(f"{label}: the task file is empty (it needs at least source: and target:)")
    return document


# ---------------------------------------------------------------------------------------------- validation

_SCHEMA: dict | None = None
_TYPE_WORDS = {"string": "a string", "integer": "a whole number", "boolean": "true or false",
               "object": "a mapping", "array": "a list", "number": "a number", "null": "null"}
_PATTERN_HINTS = {"cluster": "must be dask://host:port",
                  "password_env": "must be an environment variable name (letters, digits and _)"}
_SECRET_KEYS = ("source", "target")      # values under these are never quoted in messages


def task_schema() -> dict:
    """runner/task.schema.json (JSON Schema 2020-12)."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return _SCHEMA


def validate_document(document: Any) -> list[tuple[str, str]]:
    """Problems of a parsed task file against task.schema.json, as (dotted key path, message), in document
    order; [] when it is valid. Implements the keywords the schema uses: type, enum, const, minimum,
    maximum, minLength, pattern, properties, required, additionalProperties: false, anyOf, $ref."""
    schema = task_schema()
    return _check(document, schema, schema, "")


def _check(value: Any, schema: dict, root: dict, path: str) -> list[tuple[str, str]]:
    if "$ref" in schema:
        target: Any = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        return _check(value, target, root, path)
    if "anyOf" in schema:
        return _any_of(value, schema["anyOf"], root, path)
    if "type" in schema and not _has_type(value, schema["type"]):
        return [(path, f"must be {_type_words(schema['type'])}, not {_kind(value)}")]
    if "const" in schema and value != schema["const"]:
        return [(path, f"must be {schema['const']!r}")]
    if "enum" in schema and not any(value == e and type(value) is type(e) for e in schema["enum"]):
        shown = None if path.split(".")[0] in _SECRET_KEYS else value
        return [(path, _enum_message(shown, schema["enum"]))]
    problems: list[tuple[str, str]] = []
    if _is_number(value):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append((path, f"must be >= {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            problems.append((path, f"must be <= {schema['maximum']}"))
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            problems.append((path, f"must be > {schema['exclusiveMinimum']}"))
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            problems.append((path, "must not be empty"))
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            key = path.rsplit(".", 1)[-1]
            problems.append((path, _PATTERN_HINTS.get(key, f"must match {schema['pattern']}")))
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key, item in value.items():
            sub = f"{path}.{key}" if path else str(key)
            if key in properties:
                problems += _check(item, properties[key], root, sub)
            elif schema.get("additionalProperties") is False:
                choices = difflib.get_close_matches(str(key), list(properties), n=1, cutoff=0.6)
                hint = f" (did you mean {choices[0]!r}?)" if choices else \
                    f" (known keys: {', '.join(properties)})"
                problems.append((sub, f"unknown key{hint}"))
        for key in schema.get("required", []):
            if key not in value:
                what = properties.get(key, {}).get("description")
                problems.append((f"{path}.{key}" if path else key, "required" + (f" ({what})" if what else "")))
    return problems


def _any_of(value: Any, branches: list[dict], root: dict, path: str) -> list[tuple[str, str]]:
    results = [_check(value, b, root, path) for b in branches]
    if any(not r for r in results):
        return []
    # report the branch the value's type belongs to; if none, say what the value may be
    typed = [r for b, r in zip(branches, results, strict=True)
             if "type" in b and _has_type(value, b["type"])]
    if len(typed) == 1:
        return typed[0]
    words = [_describe(b, root) for b in branches]
    return [(path, f"must be {' or '.join(words)}, not {_kind(value)}")]


def _describe(schema: dict, root: dict) -> str:
    if "$ref" in schema:
        return _describe(root["$defs"][schema["$ref"].rsplit("/", 1)[-1]], root)
    if "const" in schema:
        return repr(schema["const"])
    words = _type_words(schema.get("type", "object"))
    if "minimum" in schema:
        words += f" >= {schema['minimum']}"
    return words


def _has_type(value: Any, types: str | list[str]) -> bool:
    for t in [types] if isinstance(types, str) else types:
        if t == "string" and isinstance(value, str) or t == "object" and isinstance(value, dict) \
                or t == "array" and isinstance(value, list) or t == "null" and value is None \
                or t == "boolean" and isinstance(value, bool) \
                or t == "integer" and isinstance(value, int) and not isinstance(value, bool) \
                or t == "number" and _is_number(value):
            return True
    return False


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _type_words(types: str | list[str]) -> str:
    return " or ".join(_TYPE_WORDS[t] for t in ([types] if isinstance(types, str) else types))


def _kind(value: Any) -> str:
    if value is None:
        return "null (empty)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, float):
        return "a decimal number"
    return "a number"


def _enum_message(value: Any, allowed: list) -> str:
    shown = ", ".join("null" if a is None else str(a) for a in allowed)
    if value is None:
        return f"must be one of {shown}"
    names = [str(a) for a in allowed if a is not None]
    close = [a for a in names if a.lower() == str(value).lower()] or \
        difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"must be one of {shown}, not {str(value)!r}{hint}"


def _raise(label: str, problems: list[tuple[str, str]]) -> None:
    lines = [f"{label}: {path}: {message}" if path else f"{label}: {message}" for path, message in problems]
    raise InputError("; ".join(lines))


# ---------------------------------------------------------------------------------------------- resolving

def _prep_mode(value: str | None) -> str:
    if value is None:
        return "do-nothing"
    return DMS_PREP_MODES.get(value, value)


def _settings(raw: Mapping) -> Settings:
    values = dict(raw)
    if "zero_dates" in values and values["zero_dates"] is None:
        values["zero_dates"] = "null"
    return Settings(**values)


def _schema_folder(value: str | None, base: Path, label: str) -> Path | None:
    if value is None:
        return None
    folder = base / value
    if not folder.exists():
        raise InputError(f"{label}: folder not found: {folder}")
    if not folder.is_dir():
        raise InputError(f"{label}: {folder} is a file; give the folder `sct convert -o` wrote")
    return folder


def _mappings(value: str | Mapping | None, base: Path, label: str) -> Mappings:
    if value is None:
        return load_mappings(ALL_TABLES, name="default mappings (every table)")
    if isinstance(value, Mapping):
        return load_mappings(value, name=label)
    path = base / value
    if not path.exists():
        raise InputError(f"{label}: file not found: {path}")
    return load_mappings(path)


_VAR = re.compile(r"\$\{([^}]*)\}")


def _endpoint(value: str | Mapping, label: str) -> tuple[str, tuple[str, ...]]:
    """(the DSN with ${VAR}s expanded and password_env's password added, the passwords taken from the
    environment). The message of every error shows the DSN masked, or not at all."""
    if isinstance(value, Mapping):
        template, password_env = value["dsn"], value.get("password_env")
    else:
        template, password_env = value, None
    secrets: list[str] = []
    head = re.match(r"[A-Za-z][A-Za-z0-9+.\-]*://([^/?#]*)", template)
    userinfo_end = head.start(1) + head.group(1).rfind("@") if head and "@" in head.group(1) else -1
    password_start = template.find(":", head.start(1), userinfo_end) if userinfo_end != -1 else -1

    def expand(m: re.Match) -> str:
        name = m.group(1)
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InputError(f"{label}: ${{{name}}} is not an environment variable reference (${{NAME}})")
        if name not in os.environ:
            raise InputError(f"{label}: environment variable {name} is not set")
        text = os.environ[name]
        if m.start() < userinfo_end:                  # in user:password@, where @ : / must be encoded
            if password_start != -1 and m.start() > password_start:
                secrets.append(text)
            return quote(text, safe="")
        return text

    if "${" in _VAR.sub("", template):
        raise InputError(f"{label}: an unclosed ${{ in the DSN (write ${{NAME}})")
    dsn = _VAR.sub(expand, template)
    try:
        parts = urlsplit(dsn)
        parts.port          # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise InputError(f"{label}: not a valid DSN ({mask_dsn(dsn, secrets)})") from None
    scheme = parts.scheme.lower()
    if "://" not in dsn or not scheme:
        raise InputError(f"{label}: not a DSN; write scheme://user@host:port/database "
                         f"({', '.join(s + '://' for s in SCHEMES)} or sqlite:///path)")
    if scheme not in SCHEMES:
        raise InputError(f"{label}: unsupported database {scheme!r} in {mask_dsn(dsn, secrets)} "
                         f"(sct connects to {', '.join(SCHEMES)})")
    if password_env is not None:
        if scheme == "sqlite":
            raise InputError(f"{label}: password_env: an sqlite database has no password")
        if password_env not in os.environ:
            raise InputError(f"{label}: password_env: environment variable {password_env} is not set")
        if parts.password is not None:
            raise InputError(f"{label}: password_env is given and the DSN has a password too; keep one")
        password = os.environ[password_env]
        secrets.append(password)
        userinfo, _, hostinfo = parts.netloc.rpartition("@")
        netloc = f"{userinfo}:{quote(password, safe='')}@{hostinfo}"
        dsn = parts._replace(netloc=netloc).geturl()
    return dsn, tuple(secrets)


def mask_dsn(dsn: str, secrets: list[str] | tuple[str, ...] = ()) -> str:
    """The DSN with its password shown as ***: the password of user:password@, password= (and passwd, pwd,
    sslpassword) query parameters, and every text in `secrets` of 4 characters or more (plain or
    percent-encoded) wherever it is."""
    out = re.sub(r"^([A-Za-z][A-Za-z0-9+.\-]*://[^:/?#@]*):[^/?#]*@", rf"\1:{MASK}@", dsn)
    if out == dsn and "@" in dsn:   # userinfo with a '/' or '?' in the password (not encoded): cut to the last @
        m = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*://[^:/?#@]*):(.*)@", dsn)
        if m:
            out = f"{m.group(1)}:{MASK}@{dsn[m.end():]}"
    out = re.sub(r"(?i)([?&](?:password|passwd|pwd|sslpassword)=)[^&#]*", rf"\1{MASK}", out)
    # a password elsewhere (a ${VAR} in the options, an error message quoting it): replaced as text, longest
    # first; not under 4 characters, which would mask every such letter of the host and port (the positions
    # above are masked whatever the length)
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) >= 4:
            out = out.replace(quote(secret, safe=""), MASK).replace(secret, MASK)
    return out
