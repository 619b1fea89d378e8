"""MySQL and MariaDB stored programs: procedures, functions, triggers, events and MariaDB packages.

`parse_mysql_routine` turns one CREATE statement's text into a parse tree of its procedural structure
(grammars/MySqlProc*.g4, code generated into `_generated/` by grammars/build.py, never edited by hand); SQL
and expressions stay token spans for sqlglot. `build_mysql_unit` turns that tree into the typed IR of
converter/ir/mysql_proc.py.
"""

from .build import build_mysql_unit
from .parse import MySqlParseResult, MySqlSyntaxIssue, parse_mysql_routine

__all__ = ["MySqlParseResult", "MySqlSyntaxIssue", "build_mysql_unit", "parse_mysql_routine"]
