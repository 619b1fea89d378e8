from sct.rules import Effort, Example, Rule, register


@register
class OR220(Rule):
    """An index-organized table becomes an ordinary table with its primary key.

    PostgreSQL tables are heaps; the primary key index gives the same lookups. CLUSTER on the key orders the
    rows once, if range scans on the key matter.
    """

    name = "oracle.index-organized-table"
    effort = Effort.AUTO
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t (a CHAR(2), CONSTRAINT t_pk PRIMARY KEY (a)) ORGANIZATION INDEX;",
                after="CREATE TABLE t (a char(2), CONSTRAINT t_pk PRIMARY KEY (a));"),
    )
