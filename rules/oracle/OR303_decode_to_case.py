from sct.rules import Effort, Example, Rule, register


@register
class OR303(Rule):
    """DECODE(x, s1, r1, ..., default) becomes a CASE expression that matches NULL like DECODE does.

    DECODE treats two NULLs as equal, CASE x WHEN NULL never matches. Literal search values use
    CASE x WHEN lit (x evaluated once), a NULL search value becomes x IS NULL, and any other search value
    x IS NOT DISTINCT FROM s. Check: DECODE takes the type of its first result (a first result of NULL makes
    it VARCHAR2), CASE resolves a common type; and a volatile x (DBMS_RANDOM) is evaluated once per WHEN.
    """

    name = "oracle.decode-to-case"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT DECODE(status, 'A', 'active', 'I', 'inactive', 'other') AS s FROM t;", after="CREATE VIEW v AS SELECT CASE status WHEN 'A' THEN 'active' WHEN 'I' THEN 'inactive' ELSE 'other' END AS s FROM t;"),
        Example(before="CREATE VIEW v AS SELECT DECODE(a, NULL, 'none', b, 'same', 'different') AS s FROM t;", after="CREATE VIEW v AS SELECT CASE WHEN a IS NULL THEN 'none' WHEN a IS NOT DISTINCT FROM b THEN 'same' ELSE 'different' END AS s FROM t;"),
    )
