from sct.rules import Effort, Example, Rule, register


@register
class OR203(Rule):
    """DEFAULT ON NULL becomes a plain DEFAULT: an explicit NULL is not replaced in PostgreSQL.

    Oracle applies a DEFAULT ON NULL value also when an INSERT supplies NULL explicitly. PostgreSQL applies a
    default only when the column is omitted; add NOT NULL or a trigger if the application inserts NULLs.
    """

    name = "oracle.default-on-null"
    effort = Effort.REVIEW
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4) DEFAULT ON NULL 0);",
                after="CREATE TABLE t (a smallint DEFAULT 0);"),
    )
