"""SQL Server (T-SQL) procedures, functions and triggers.

`parse_tsql_routine` turns one CREATE statement's text (one GO batch) into a parse tree of its procedural
structure (grammars/TSqlProc*.g4, code generated into `_generated/` by grammars/build.py, never edited by
hand); SQL and expressions stay token spans for sqlglot. `build_tsql_unit` turns that tree into the typed IR of
converter/ir/tsql_proc.py.
"""

from .build import build_tsql_unit
from .parse import TSqlParseResult, TSqlSyntaxIssue, parse_tsql_routine

__all__ = ["TSqlParseResult", "TSqlSyntaxIssue", "build_tsql_unit", "parse_tsql_routine"]
