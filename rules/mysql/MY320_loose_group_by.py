from sct.rules import Effort, Example, Rule, register


@register
class MY320(Rule):
    """A query selects columns that are neither grouped nor aggregated: PostgreSQL accepts it only when they depend on a grouped primary key."""

    name = "mysql.loose-group-by"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (a INT, b INT);',
                before='CREATE VIEW v AS SELECT a, b, COUNT(*) AS n FROM t GROUP BY a;',
                after='CREATE VIEW v AS SELECT a, b, COUNT(*) AS n FROM t GROUP BY a;'),
    )
