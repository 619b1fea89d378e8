from sct.rules import Effort, Example, Rule, register


@register
class OR214(Rule):
    """Names that clash in PostgreSQL's shared relation namespace, or exceed 63 bytes, are reported.

    Oracle keeps index names apart from table names and allows 128-byte names. PostgreSQL puts tables, views,
    sequences, indexes and the indexes behind PRIMARY KEY/UNIQUE constraints in one namespace per schema, and
    truncates names at 63 bytes, which can make two names equal.
    """

    name = "oracle.relation-name"
    effort = Effort.REVIEW
    category = "names"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4));\nCREATE INDEX t ON t (a);"),
    )
