from sct.rules import Effort, Example, Rule, register


@register
class MY122(Rule):
    """A NUL character in a text value cannot be stored in PostgreSQL text; the row is left out."""

    name = "mysql.nul-in-text"
    source = "mysql"
    effort = Effort.MANUAL
    category = "data"
    examples = (
        Example(before="CREATE TABLE t (a VARCHAR(10));\nINSERT INTO t VALUES ('a\\0b');"),
    )
