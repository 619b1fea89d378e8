"""PL/SQL code objects: procedures, functions, packages, triggers, types and anonymous blocks.

`parse_plsql` turns one unit's text into a parse tree of its procedural structure (grammars/*.g4, code
generated into `_generated/` by grammars/build.py, never edited by hand); SQL and expressions stay token
spans for sqlglot. `build_unit` turns that tree into the typed IR of converter/ir/plsql.py.
"""

from .build import build_unit
from .parse import ParseResult, SyntaxIssue, parse_plsql

__all__ = ["ParseResult", "SyntaxIssue", "build_unit", "parse_plsql"]
