from sct.rules import Effort, Example, Rule, register


@register
class OR221(Rule):
    """Partitioned tables are created without partitions.

    PostgreSQL has declarative partitioning, but its rules differ (the primary key and unique indexes must
    contain the partition key; no interval or reference partitioning). The table keeps all its rows in one
    relation; partition it on the target where the volume calls for it.
    """

    name = "oracle.partitioning-dropped"
    effort = Effort.REVIEW
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4), d DATE) PARTITION BY RANGE (d) (PARTITION p1 VALUES LESS THAN (TO_DATE('2000-01-01', 'YYYY-MM-DD')));",
                after="CREATE TABLE t (a smallint, d timestamp(0));"),
    )
