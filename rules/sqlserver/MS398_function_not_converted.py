from sct.rules import Effort, Example, Rule, register


@register
class MS398(Rule):
    """A function with no conversion that keeps its meaning (or a routine of the scripts, not converted yet) leaves its object out."""

    name = "sqlserver.function-not-converted"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a VARCHAR(10))\nGO',
                before='CREATE VIEW v AS SELECT SOUNDEX(a) AS s FROM t\nGO'),
    )
