"""Typed IR for schema objects. Parsing fills it (converter.dialects), rules rewrite it, emitters print it.

SQL inside objects (defaults, CHECK conditions, view queries, index expressions, DML) stays a sqlglot
expression. Every object keeps its source span, its source text and the findings made while converting it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from sqlglot import exp

from .common import Effort, Finding, QName, Span


class Status:
    CONVERTED = "converted"
    REVIEW = "converted_with_review"
    MANUAL = "manual"
    FAILED_VERIFICATION = "failed_verification"


@dataclass
class SchemaObject:
    """Base of every object the report lists."""

    kind: ClassVar[str] = "object"
    name: QName
    span: Span
    source_text: str = ""
    findings: list[Finding] = field(default_factory=list)
    verification_error: str | None = None
    target_sql: str | None = None               # what the emitter wrote for it (None: nothing)

    @property
    def status(self) -> str:
        if self.verification_error is not None:
            return Status.FAILED_VERIFICATION
        worst = max((f.effort.rank for f in self.findings), default=0)
        if worst >= Effort.MANUAL.rank:
            return Status.MANUAL
        if worst == Effort.REVIEW.rank:
            return Status.REVIEW
        return Status.CONVERTED

    @property
    def emitted(self) -> bool:
        """Objects needing manual work are left out of the target script."""
        return self.status not in (Status.MANUAL,)

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}"


@dataclass
class DataType:
    """A column or attribute type: the source spelling and what it became on the target."""

    source: str                      # e.g. "NUMBER(8,2)", as written (upper-cased keywords)
    name: str                        # source base name, upper case: NUMBER, VARCHAR2, TIMESTAMP WITH TIME ZONE
    args: tuple[str, ...] = ()       # raw arguments: ("8", "2"), ("25 CHAR",)
    target: str | None = None        # target SQL type; None when it has no conversion
    user_type: QName | None = None   # the user-defined type (UserType) it names, once resolved


@dataclass
class Identity:
    always: bool = False             # GENERATED ALWAYS vs BY DEFAULT
    on_null: bool = False            # Oracle BY DEFAULT ON NULL
    options: dict[str, str] = field(default_factory=dict)   # start, increment, minvalue, maxvalue, cache, cycle


@dataclass
class Column:
    name: str
    type: DataType
    span: Span
    not_null: bool = False
    default: exp.Expression | None = None
    identity: Identity | None = None
    generated: exp.Expression | None = None     # virtual column expression
    comment: str | None = None


@dataclass
class Constraint:
    kind: str                                   # primary | unique | foreign | check
    span: Span
    name: str | None = None
    columns: list[str] = field(default_factory=list)
    ref_table: QName | None = None
    ref_columns: list[str] = field(default_factory=list)
    on_delete: str | None = None                # CASCADE | SET NULL
    on_update: str | None = None                # CASCADE | SET NULL | ... (MySQL, SQLite; Oracle has none)
    deferrable: bool = False
    initially_deferred: bool = False
    check: exp.Expression | None = None
    enabled: bool = True                        # DISABLE: not created, finding
    validated: bool = True                      # NOVALIDATE: NOT VALID
    index_name: str | None = None               # USING INDEX name


@dataclass
class Table(SchemaObject):
    kind: ClassVar[str] = "table"
    columns: list[Column] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    temporary: str | None = None                # None | "global" (ON COMMIT ... in temporary_on_commit)
    on_commit: str | None = None                # DELETE ROWS | PRESERVE ROWS
    unlogged: bool = False
    comment: str | None = None

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass
class ForeignKey(SchemaObject):
    """A foreign key, emitted as ALTER TABLE after every table exists."""

    kind: ClassVar[str] = "foreign_key"
    table: QName = None  # type: ignore[assignment]
    constraint: Constraint = None  # type: ignore[assignment]


@dataclass
class IndexColumn:
    expression: exp.Expression                  # a Column for plain indexes
    descending: bool = False


@dataclass
class Index(SchemaObject):
    kind: ClassVar[str] = "index"
    table: QName = None  # type: ignore[assignment]
    columns: list[IndexColumn] = field(default_factory=list)
    unique: bool = False
    method: str | None = None                   # None (btree) | gin | ...


@dataclass
class Sequence(SchemaObject):
    kind: ClassVar[str] = "sequence"
    start: int | None = None
    increment: int | None = None
    minvalue: int | None = None
    maxvalue: int | None = None
    cycle: bool = False
    cache: int | None = None


@dataclass
class View(SchemaObject):
    kind: ClassVar[str] = "view"
    query: exp.Expression = None  # type: ignore[assignment]
    columns: list[str] = field(default_factory=list)
    check_option: bool = False
    read_only: bool = False
    comment: str | None = None
    column_comments: dict[str, str] = field(default_factory=dict)


@dataclass
class MaterializedView(View):
    kind: ClassVar[str] = "materialized_view"
    refresh: str | None = None                  # e.g. "FAST ON COMMIT", as written
    build_deferred: bool = False


@dataclass
class Synonym(SchemaObject):
    kind: ClassVar[str] = "synonym"
    target: QName = None  # type: ignore[assignment]
    public: bool = False


@dataclass
class Grant(SchemaObject):
    kind: ClassVar[str] = "grant"
    privileges: list[str] = field(default_factory=list)
    on: QName | None = None
    grantees: list[str] = field(default_factory=list)
    with_grant_option: bool = False


@dataclass
class CodeObject(SchemaObject):
    """A PL/SQL unit (procedure, function, package, trigger, type, anonymous block) kept as source until its
    converter runs. An anonymous block is not a schema object: it becomes a DO block in data.sql."""

    kind: ClassVar[str] = "code"
    code_kind: str = "procedure"                # procedure | function | package | package_body | trigger | type ...
    unit: object = None                         # the PL/SQL IR (converter.ir.plsql.Unit) once parsed
    enabled: bool = True                        # a trigger: ALTER TRIGGER ... DISABLE clears it
    ends_transaction: bool = False              # an anonymous block that runs COMMIT or ROLLBACK (OR427)
    depends_on: list = field(default_factory=list)   # (space, QName): relation | sequence | routine
    context: object = field(default=None, repr=False, compare=False)  # converter.packages.PackageContext
    calls: list = field(default_factory=list)   # converter.overloads.CallSite of each routine call in the body

    @property
    def label(self) -> str:
        return f"{self.code_kind} {self.name}"

    @property
    def is_block(self) -> bool:
        return self.code_kind == "anonymous_block"


@dataclass
class UserType(SchemaObject):
    """A SQL type: CREATE TYPE ... AS OBJECT (a composite type), VARRAY or TABLE OF (a domain over an array)."""

    kind: ClassVar[str] = "type"
    variant: str = "object"                     # object | varray | table
    attributes: list[Column] = field(default_factory=list)     # object attributes
    element: DataType | None = None             # varray / nested table element type
    element_not_null: bool = False              # TABLE OF t NOT NULL
    limit: int | None = None                    # VARRAY(n)
    methods: list[str] = field(default_factory=list)           # member subprograms declared (bodies are PL/SQL)
    supertype: QName | None = None              # CREATE TYPE t UNDER supertype (OR234)
    inherited: int = 0                          # the first `inherited` attributes are the supertypes', once resolved
    overriding: list[str] = field(default_factory=list)        # OVERRIDING methods, by name


@dataclass
class Statement(SchemaObject):
    """A data or session statement (INSERT, UPDATE, DELETE, COMMIT, ...), emitted to data.sql in source order."""

    kind: ClassVar[str] = "statement"
    verb: str = "insert"
    tree: exp.Expression | None = None
    table: QName | None = None
    constraint: Constraint | None = None        # for enable/disable constraint statements


@dataclass
class Unparsed(SchemaObject):
    """A statement that could not be parsed; kept so the report shows it and the rest still converts."""

    kind: ClassVar[str] = "unparsed"


ALL_KINDS = (Table, ForeignKey, Index, Sequence, View, MaterializedView, Synonym, UserType, Grant, CodeObject,
             Statement, Unparsed)
