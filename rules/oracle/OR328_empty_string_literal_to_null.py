from sct.rules import Effort, Example, Rule, register


@register
class OR328(Rule):
    """An empty string literal '' is NULL in Oracle; the converter writes NULL.

    Oracle stores '' as NULL, so INSERT ... VALUES ('') inserts NULL and functions see NULL. Writing NULL
    keeps that meaning. Note that PostgreSQL functions can still return '' where Oracle returns NULL
    (SUBSTR past the end, LPAD to 0...).
    """

    name = "oracle.empty-string-literal-to-null"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="INSERT INTO t (a) VALUES ('');", after='INSERT INTO t (a) VALUES (NULL);'),
        Example(before="UPDATE t SET a = '' WHERE b = 1;", after='UPDATE t SET a = NULL WHERE b = 1;'),
    )
