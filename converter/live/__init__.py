"""Reading a schema from a live database instead of scripts: `sct convert mysql://root@127.0.0.1/shop`.

A source given as a DSN (mysql://, mariadb://, postgresql://, postgres://, sqlite:///path) is read from the
server's catalog into the same statement stream or IR a script gives, then converted by the same pipeline:

    converter.live.mysql      information_schema lists the objects, SHOW CREATE gives each definition; the
                              texts go through converter.mysql_script, so the rest is the script path
    converter.live.postgres   pg_catalog (pg_get_*def) into an inventory (PostgreSQL to PostgreSQL)
    converter.live.sqlite     sqlite_master and the PRAGMAs into the shared IR (types by affinity, rules SQnnn)

Connections, DSN parsing and connection errors are the runner's (runner.endpoints): one-line ConnectionFailed
messages naming host:port/database, never the password.

Where an object came from: every object's span names the database and the object, as a path below the
database's location, with the line and column inside the definition the server returned:
`mysql://127.0.0.1:3306/shop/procedure/close_order:4:3` is line 4, column 3 of SHOW CREATE PROCEDURE
close_order. The report's `source.files` lists the database once (`mysql://127.0.0.1:3306/shop`). Neither
holds a user name or password.

Passwords: from the DSN, from `password` (the CLI reads it from --password-file or the environment variable
SCT_SOURCE_PASSWORD); a DSN that has one and a second source of one is an error (keep one).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sct.errors import InputError

if TYPE_CHECKING:
    from sct.converter.pipeline import Conversion
    from sct.runner.endpoints import DsnParts

__all__ = ["PASSWORD_ENV", "convert_live", "is_dsn", "live_dialect", "read_password_file"]

PASSWORD_ENV = "SCT_SOURCE_PASSWORD"
_SCHEMES = {"mysql": "mysql", "mariadb": "mysql", "postgresql": "postgres", "postgres": "postgres",
            "sqlite": "sqlite"}


def is_dsn(text: str | Path) -> bool:
    """Whether a SOURCES argument is a database DSN rather than a file (scheme:// of a database sct reads)."""
    text = str(text)
    return "://" in text and text.split("://", 1)[0].lower() in _SCHEMES


def live_dialect(dsn: str) -> str:
    """The source dialect a DSN implies: mysql, postgres or sqlite."""
    return _SCHEMES[dsn.split("://", 1)[0].lower()]


def read_password_file(path: Path) -> str:
    """The password in a file: its first line, without the line end (a trailing newline is not part of it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read the password file ({e.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: the password file is not UTF-8 text") from None
    password = text.split("\n", 1)[0].removesuffix("\r")
    if not password:
        raise InputError(f"{path}: the password file is empty")
    return password


def connection_parts(dsn: str, password: str | None = None, password_source: str = "") -> tuple[str, DsnParts]:
    """(dialect, DsnParts) for a DSN, with `password` added (the DSN's own when None; SCT_SOURCE_PASSWORD
    when neither gives one). `password_source` names where `password` came from, for the "keep one" error."""
    from sct.runner.endpoints import _parse

    dialect, parts = _parse(dsn)
    if password is None and parts.password is None and os.environ.get(PASSWORD_ENV) and dialect != "sqlite":
        password, password_source = os.environ[PASSWORD_ENV], f"the environment variable {PASSWORD_ENV}"
    if password is not None:
        if dialect == "sqlite":
            raise InputError(f"{password_source or 'a password'} is given, and an SQLite database has no password")
        if parts.password is not None:
            raise InputError(f"the DSN has a password and {password_source or 'a password'} gives one too; "
                             "keep one")
        parts = dataclasses.replace(parts, password=password)
    return dialect, parts


def location(parts: DsnParts, dialect: str) -> str:
    """The database as the report names it: scheme://host:port/database (SQLite: sqlite:///path); no user, no
    password."""
    if dialect == "sqlite":
        return f"sqlite:///{parts.path}"
    default = {"mysql": 3306, "postgres": 5432}[dialect]
    return f"{'mysql' if dialect == 'mysql' else 'postgresql'}://{parts.where(default)}"


def convert_live(dsn: str, target: str = "postgres", password: str | None = None,
                 password_source: str = "") -> Conversion:
    """Read the database a DSN names and convert it (see the module docstring)."""
    from sct.converter.pipeline import check_dialects

    dialect, parts = connection_parts(dsn, password, password_source)
    if dialect == "mysql":
        from sct.converter.live import mysql
        from sct.converter.pipeline import convert_script

        check_dialects("mysql", target)
        return convert_script(mysql.read_database(parts), "mysql", target)
    if dialect == "postgres":
        from sct.converter.live import postgres

        return postgres.inventory(parts, target)
    from sct.converter.live import sqlite

    return sqlite.read_database(parts, target)
