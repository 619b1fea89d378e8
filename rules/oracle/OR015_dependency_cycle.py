from sct.rules import Effort, Example, Rule, register


@register
class OR015(Rule):
    """Objects that depend on each other in a cycle are ordered by cutting one dependency.

    Valid Oracle schemas cannot have such cycles among tables and views, but FORCE views can be created over
    each other in a broken state. The cycle is reported with its members; the target script creates the objects
    in source order and PostgreSQL will reject the one whose dependency is still missing.
    """

    name = "oracle.dependency-cycle"
    effort = Effort.REVIEW
    category = "order"
    examples = (
        Example(before="CREATE FORCE VIEW a AS SELECT x FROM b;\nCREATE FORCE VIEW b AS SELECT x FROM a;"),
    )
