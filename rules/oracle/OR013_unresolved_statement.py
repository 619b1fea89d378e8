from sct.rules import Effort, Example, Rule, register


@register
class OR013(Rule):
    """A statement names an object the scripts do not create, or creates an object a second time.

    ALTER TABLE and COMMENT ON are applied to the table they name; when that table is not defined in the
    converted scripts (it lives in another schema, or the script order is wrong), the statement cannot be placed.
    A second CREATE of the same name fails in Oracle too and is left out. Check the script order (`--install-order`)
    or add the missing script.
    """

    name = "oracle.unresolved-statement"
    effort = Effort.MANUAL
    category = "script"
    examples = (
        Example(before="ALTER TABLE nosuch ADD CONSTRAINT c CHECK (a > 0);"),
        Example(before="CREATE TABLE t (a NUMBER);\nCREATE TABLE t (b NUMBER);"),
    )
