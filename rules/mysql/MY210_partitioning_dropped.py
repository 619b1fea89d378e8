from sct.rules import Effort, Example, Rule, register


@register
class MY210(Rule):
    """PARTITION BY is dropped: the table is created unpartitioned (declarative partitioning is a design choice)."""

    name = "mysql.partitioning-dropped"
    source = "mysql"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (id INT NOT NULL, d DATE NOT NULL) PARTITION BY RANGE (YEAR(d)) (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);',
                after='CREATE TABLE t (\n    id integer NOT NULL,\n    d date NOT NULL\n);'),
    )
