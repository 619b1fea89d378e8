from sct.rules import Effort, Example, Rule, register


@register
class OR210(Rule):
    """Bitmap indexes become B-tree indexes; PostgreSQL builds bitmaps at query time.

    PostgreSQL has no stored bitmap indexes but combines B-tree indexes with bitmap scans. Results are the same;
    for low-cardinality columns consider whether the index is worth keeping, or a BRIN or partial index.
    """

    name = "oracle.bitmap-index"
    effort = Effort.AUTO
    category = "indexes"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4));\nCREATE BITMAP INDEX t_bix ON t (a);",
                after="CREATE TABLE t (a smallint); CREATE INDEX t_bix ON t (a);"),
    )
