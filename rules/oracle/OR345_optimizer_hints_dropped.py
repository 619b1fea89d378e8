from sct.rules import Effort, Example, Rule, register


@register
class OR345(Rule):
    """Optimizer hints (/*+ ... */) are dropped: they do not change results and PostgreSQL has none.
    """

    name = "oracle.optimizer-hints-dropped"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT /*+ INDEX(t t_ix) */ a FROM t;', after='CREATE VIEW v AS SELECT a FROM t;'),
    )
