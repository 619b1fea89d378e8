from sct.rules import Effort, Example, Rule, register


@register
class OR227(Rule):
    """GRANT statements are listed, not applied: roles and users are created on the target separately."""

    name = "oracle.grants-not-migrated"
    effort = Effort.REVIEW
    category = "security"
    examples = (
        Example(before="GRANT SELECT ON t TO reporting;"),
    )
