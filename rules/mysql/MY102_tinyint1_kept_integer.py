from sct.rules import Effort, Example, Rule, register


@register
class MY102(Rule):
    """TINYINT(1) and BOOLEAN stay smallint: MySQL stores any integer in them.

    Dumps write them as 0/1 integers that a PostgreSQL boolean column refuses; make the column boolean
    only where it holds just 0 and 1 and the code treats it as a truth value.
    """

    name = "mysql.tinyint1-kept-integer"
    source = "mysql"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (active TINYINT(1) NOT NULL DEFAULT 1);',
                after='CREATE TABLE t (\n    active smallint DEFAULT 1 NOT NULL,\n    CHECK (active BETWEEN -128 AND 127)\n);'),
    )
