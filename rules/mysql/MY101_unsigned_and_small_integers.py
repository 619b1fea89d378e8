from sct.rules import Effort, Example, Rule, register


@register
class MY101(Rule):
    """An integer type PostgreSQL lacks becomes the narrowest type holding its values, with a CHECK on MySQL's range.

    TINYINT -> smallint, MEDIUMINT -> integer, INT UNSIGNED -> bigint, BIGINT UNSIGNED -> numeric(20)
    (bigint for an AUTO_INCREMENT column, reported). The CHECK keeps out what MySQL's strict mode refuses.
    """

    name = "mysql.integer-widening"
    source = "mysql"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (a INT UNSIGNED NOT NULL);',
                after='CREATE TABLE t (\n    a bigint NOT NULL,\n    CHECK (a BETWEEN 0 AND 4294967295)\n);'),
        Example(before='CREATE TABLE t (a INT NOT NULL);', applies=False),
    )
