from sct.rules import Effort, Example, Rule, register


@register
class MY316(Rule):
    """LENGTH counts bytes in MySQL and becomes octet_length; CHAR_LENGTH becomes char_length."""

    name = "mysql.length-in-bytes"
    source = "mysql"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a VARCHAR(10));',
                before='CREATE VIEW v AS SELECT LENGTH(a) AS n FROM t;',
                after='CREATE VIEW v AS SELECT OCTET_LENGTH(a) AS n FROM t;'),
    )
