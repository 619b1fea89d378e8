from sct.rules import Effort, Example, Rule, register


@register
class MY111(Rule):
    """SET becomes text holding 'a,b' with a CHECK that every element is a member."""

    name = "mysql.set-to-text"
    source = "mysql"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (tags SET('a','b'));",
                after="CREATE TABLE t (\n    tags text,\n    CHECK (tags = '' OR STRING_TO_ARRAY(tags, ',') <@ CAST(ARRAY['a', 'b'] AS TEXT[]))\n);"),
    )
