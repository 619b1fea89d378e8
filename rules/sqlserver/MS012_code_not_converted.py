from sct.rules import Effort, Example, Rule, register


@register
class MS012(Rule):
    """A T-SQL procedure, function or trigger that cannot be read: not converted, with the first syntax error.

    Routines are parsed with the project's T-SQL grammar (grammars/TSqlProc*.g4) and converted by
    converter.emit.tsql_plpgsql (MS401-MS418). One that does not parse keeps this finding with the file, line and
    column of the first error; the rare routine on which the converter itself fails names the failure.
    """

    name = "sqlserver.code-not-converted"
    source = "sqlserver"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE p AS\nIF BEGIN SELECT 1 END\nGO'),
        Example(before='CREATE PROCEDURE p AS SELECT 1 AS one\nGO', applies=False),
    )
