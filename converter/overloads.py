"""Which overload of a PL/SQL routine a call reaches, as far as the source text tells.

PL/pgSQL binds a call when it runs, so a converted routine that calls an overload left out of the target
(say the one with a BFILE parameter) is created without complaint and fails on its first run. The dependency
graph (converter.graph) blocks such a caller (OR016); for that it must know which overloads a call can reach.
A `CallSite` keeps what the call shows: the number of positional arguments, the names of named ones
(`p => x`), and the type family of each argument where the source says it (a literal, or a parameter or
variable of the calling unit with a declared type).

`reachable(call, candidates)` narrows the overloads like PL/SQL does, conservatively: an overload whose
parameters cannot take the arguments (too many, too few without defaults, an unknown named parameter) is out;
among the rest, those whose parameter families equal the known argument families exactly win; when none do,
those that Oracle can reach by implicit conversion stay (character, number and date convert into each other;
LOBs, BFILE, BOOLEAN, records and collections do not). When nothing is known, every overload of a matching
shape stays, so a call blocks only when all of them are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sct.converter.ir import QName

__all__ = ["CallSite", "argument_family", "call_site", "family", "reachable"]


@dataclass(frozen=True)
class CallSite:
    name: QName
    positional: tuple[str | None, ...]      # the family of each positional argument, None when unknown
    named: tuple[tuple[str, str | None], ...] = ()    # (parameter name, family) per named argument


_FAMILIES = (
    ("char", r"N?VARCHAR2?|N?CHAR|CHARACTER|STRING|VARCHAR|LONG|ROWID|UROWID"),
    ("clob", r"N?CLOB"),
    ("blob", r"BLOB|RAW|LONG\s+RAW"),
    ("bfile", r"BFILE"),
    ("number", r"NUMBER|NUMERIC|DECIMAL|DEC|INTEGER|INT|SMALLINT|FLOAT|REAL|DOUBLE\s+PRECISION|BINARY_FLOAT|"
               r"BINARY_DOUBLE|BINARY_INTEGER|PLS_INTEGER|SIMPLE_INTEGER|NATURALN?|POSITIVEN?|SIGNTYPE"),
    ("date", r"DATE|TIMESTAMP.*"),
    ("interval", r"INTERVAL.*"),
    ("boolean", r"BOOLEAN"),
    ("xml", r"(?:SYS\.)?XMLTYPE"),
)
_FAMILY_RE = [(name, re.compile(rf"(?:{pattern})\s*(?:\(.*\))?", re.I | re.S)) for name, pattern in _FAMILIES]

# families Oracle converts into each other implicitly when no overload matches exactly
_IMPLICIT = {
    "char": {"char", "number", "date", "clob", "interval"},
    "number": {"number", "char"},
    "date": {"date", "char"},
    "clob": {"clob", "char"},
    "interval": {"interval", "char"},
}


def family(type_text: str) -> str | None:
    """The family of a declared PL/SQL type ('char', 'number', ...); 'other:<name>' for a user type; None for
    %TYPE/%ROWTYPE and what cannot be told from the text."""
    text = " ".join(type_text.split())
    if not text or "%" in text:
        return None
    for name, pattern in _FAMILY_RE:
        if pattern.fullmatch(text):
            return name
    return "other:" + text.lower()


def argument_family(text: str, variables: dict[str, str]) -> str | None:
    """The family of an argument: a literal's, or that of a parameter or variable of the calling unit
    (`variables`: folded name -> declared type text), else None."""
    text = text.strip()
    if re.fullmatch(r"[A-Za-z][\w$#]*", text):
        declared = variables.get(text.lower())
        return family(declared) if declared is not None else None
    if re.fullmatch(r"[Nn]?'(?:[^']|'')*'", text):
        return "char"
    if re.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[fFdD]?", text):
        return "number"
    if text.upper() in ("TRUE", "FALSE"):
        return "boolean"
    return None


def call_site(name: QName, arguments: list[str], variables: dict[str, str]) -> CallSite:
    """The CallSite of `name(arguments...)`, the arguments as source texts (`p => x` for a named one)."""
    positional, named = [], []
    for argument in arguments:
        m = re.match(r"\s*([A-Za-z][\w$#]*)\s*=>(.*)", argument, re.S)
        if m:
            named.append((m.group(1).lower(), argument_family(m.group(2), variables)))
        else:
            positional.append(argument_family(argument, variables))
    return CallSite(name, tuple(positional), tuple(named))


def _fits(have: str | None, want: str | None, exact: bool) -> bool:
    if have is None or want is None:
        return True
    if have == want:
        return True
    return not exact and want in _IMPLICIT.get(have, set())


def _shape_ok(call: CallSite, parameters: list) -> bool:
    names = [p.name.lower() for p in parameters]
    if len(call.positional) > len(parameters):
        return False
    given = set(range(len(call.positional)))
    for name, _ in call.named:
        if name not in names:
            return False
        given.add(names.index(name))
    return all(i in given or p.default is not None for i, p in enumerate(parameters))


def _types_ok(call: CallSite, parameters: list, exact: bool) -> bool:
    names = [p.name.lower() for p in parameters]
    pairs = list(zip(call.positional, parameters, strict=False))
    pairs += [(have, parameters[names.index(name)]) for name, have in call.named]
    return all(_fits(have, family(p.type.text), exact) for have, p in pairs)


def reachable(call: CallSite, candidates: list, parameters_of) -> list:
    """The candidates (overloads) `call` can reach; `parameters_of(candidate)` gives its ir.Parameter list, or
    None when it is unknown (such a candidate always stays)."""
    unknown = [c for c in candidates if parameters_of(c) is None]
    shaped = [c for c in candidates if parameters_of(c) is not None and _shape_ok(call, parameters_of(c))]
    exact = [c for c in shaped if _types_ok(call, parameters_of(c), exact=True)]
    if exact:
        return unknown + exact
    return unknown + [c for c in shaped if _types_ok(call, parameters_of(c), exact=False)]
