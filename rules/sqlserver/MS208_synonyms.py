from sct.rules import Effort, Example, Rule, register


@register
class MS208(Rule):
    """A synonym for a table or view becomes a view SELECT * FROM the target; one for another database is not converted."""

    name = "sqlserver.synonyms"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "ddl"
    examples = (
        Example(setup='CREATE TABLE t (a INT)\nGO',
                before='CREATE SYNONYM s FOR dbo.t\nGO',
                after='CREATE VIEW s AS SELECT * FROM t;'),
    )
