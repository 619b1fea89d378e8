from sct.rules import Effort, Rule, register


@register
class OR090(Rule):
    """PostgreSQL rejected the converted statement when it was applied to a scratch database.

    With verification on, every converted object is applied, in dependency order, to a scratch database
    on a real PostgreSQL server, which is dropped afterwards. The finding carries PostgreSQL's SQLSTATE and
    message (with the line of the target SQL, DETAIL and HINT when the server gives them). An object that
    depends on a rejected one is usually rejected too; fix the first failure and verify again.

    There is no source example: whether the server accepts a statement depends on the server (its version,
    its extensions), not on the source alone.
    """

    name = "oracle.rejected-by-postgres"
    effort = Effort.MANUAL
    category = "verification"
    examples = ()
