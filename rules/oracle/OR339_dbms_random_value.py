from sct.rules import Effort, Example, Rule, register


@register
class OR339(Rule):
    """DBMS_RANDOM.VALUE becomes random(); DBMS_RANDOM.VALUE(lo, hi) becomes lo + random() * (hi - lo).
    """

    name = "oracle.dbms-random-value"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT DBMS_RANDOM.VALUE AS r FROM dual;', after='CREATE VIEW v AS SELECT RANDOM() AS r;'),
    )
