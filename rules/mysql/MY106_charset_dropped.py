from sct.rules import Effort, Example, Rule, register


@register
class MY106(Rule):
    """A column's CHARACTER SET and COLLATE are dropped: PostgreSQL text uses the database encoding and collation."""

    name = "mysql.charset-dropped"
    source = "mysql"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before='CREATE TABLE t (a VARCHAR(10) CHARACTER SET latin1);',
                after='CREATE TABLE t (\n    a varchar(10)\n);'),
    )
