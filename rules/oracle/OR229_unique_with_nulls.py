from sct.rules import Effort, Example, Rule, register


@register
class OR229(Rule):
    """Composite unique keys over nullable columns treat partly-NULL rows differently in PostgreSQL.

    Oracle skips a row in a unique index only when every key column is NULL; two rows (1, NULL) and (1, NULL)
    conflict. PostgreSQL treats any NULL as distinct, so both rows are accepted. Make the columns NOT NULL, or
    enforce the Oracle rule with a unique index on COALESCE expressions, where duplicates matter.
    """

    name = "oracle.unique-with-nulls"
    effort = Effort.REVIEW
    category = "constraints"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4), b NUMBER(4), CONSTRAINT t_uk UNIQUE (a, b));"),
        Example(before="CREATE TABLE t (a NUMBER(4) NOT NULL, b NUMBER(4) NOT NULL, CONSTRAINT t_uk UNIQUE (a, b));",
                applies=False),
    )
