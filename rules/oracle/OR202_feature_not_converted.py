from sct.rules import Effort, Example, Rule, register


@register
class OR202(Rule):
    """An Oracle table feature with no PostgreSQL counterpart (clusters, column encryption, PERIOD FOR) is left out."""

    name = "oracle.feature-not-converted"
    effort = Effort.REVIEW
    category = "tables"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4) ENCRYPT USING 'AES256');"),
    )
