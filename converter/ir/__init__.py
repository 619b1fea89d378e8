"""The typed intermediate representation: what every dialect parses into and every emitter prints."""

from .common import Effort, Finding, QName, Span
from .objects import (
    ALL_KINDS,
    CodeObject,
    Column,
    Constraint,
    DataType,
    ForeignKey,
    Grant,
    Identity,
    Index,
    IndexColumn,
    MaterializedView,
    SchemaObject,
    Sequence,
    Statement,
    Status,
    Synonym,
    Table,
    Unparsed,
    UserType,
    View,
)

__all__ = [
    "ALL_KINDS", "CodeObject", "Column", "Constraint", "DataType", "Effort", "Finding", "ForeignKey", "Grant",
    "Identity", "Index", "IndexColumn", "MaterializedView", "QName", "SchemaObject", "Sequence", "Span",
    "Statement", "Status", "Synonym", "Table", "Unparsed", "UserType", "View",
]
