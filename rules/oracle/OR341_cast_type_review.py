from sct.rules import Effort, Example, Rule, register


@register
class OR341(Rule):
    """CAST to an Oracle type whose PostgreSQL mapping loses something (precision, time zone, row ids).

    The CAST uses the same type mapping as table columns; the finding repeats the mapping's note.
    """

    name = "oracle.cast-type-review"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT CAST(ts AS TIMESTAMP(9)) AS t9 FROM t;', after='CREATE VIEW v AS SELECT CAST(ts AS TIMESTAMP(6)) AS t9 FROM t;'),
    )
