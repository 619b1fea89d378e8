from sct.rules import Effort, Example, Rule, register


@register
class OR327(Rule):
    """a || b treats NULL as an empty string in Oracle: the converter writes concat() (NULL-skipping).

    In PostgreSQL 'x' || NULL is NULL; in Oracle it is 'x'. concat(a, b) skips NULLs; when every operand may
    be NULL the result is wrapped in NULLIF(..., '') because an empty result is NULL in Oracle. Operands
    that are non-empty literals need no care. concat() is not immutable, so index expressions use
    COALESCE(a::text, '') || ... instead. Numbers and dates turn into text with PostgreSQL's formatting
    (0.5, not Oracle's .5).
    """

    name = "oracle.concat-null-as-empty"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT first_name || ' ' || last_name AS name FROM emp;", after="CREATE VIEW v AS SELECT CONCAT(first_name, ' ', last_name) AS name FROM emp;"),
        Example(before="CREATE VIEW v AS SELECT 'a' || 'b' AS ab FROM dual;", applies=False),
    )
