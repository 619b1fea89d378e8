from sct.rules import Effort, Example, Rule, register


@register
class OR398(Rule):
    """A call to an Oracle built-in function (or supplied package) that the converter does not convert.

    The statement is not converted rather than passed through with a function PostgreSQL lacks or defines
    differently. Names that are not Oracle built-ins are taken for user functions and kept.
    """

    name = "oracle.unknown-builtin-function"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT SOUNDEX(name) AS s FROM t;'),
        Example(before='CREATE VIEW v AS SELECT my_func(a) AS b FROM t;', applies=False),
    )
