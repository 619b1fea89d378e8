from sct.rules import Effort, Example, Rule, register


@register
class MY206(Rule):
    """FULLTEXT and SPATIAL indexes are not created: use a GIN index on to_tsvector(...) (or PostGIS GiST).

    MATCH ... AGAINST queries must be rewritten with @@ and to_tsquery anyway, and the text search
    configuration is a choice to make with them.
    """

    name = "mysql.fulltext-spatial-index"
    source = "mysql"
    effort = Effort.MANUAL
    category = "ddl"
    examples = (
        Example(before='CREATE TABLE t (body TEXT, FULLTEXT KEY ft_body (body));'),
    )
