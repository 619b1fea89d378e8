from sct.rules import Effort, Example, Rule, register


@register
class OR224(Rule):
    """WITH READ ONLY is dropped: a simple PostgreSQL view accepts INSERT, UPDATE and DELETE.

    Revoke INSERT, UPDATE and DELETE on the view from the application roles to keep it read-only.
    """

    name = "oracle.read-only-view"
    effort = Effort.REVIEW
    category = "views"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4));\nCREATE VIEW v AS SELECT a FROM t WITH READ ONLY;",
                after="CREATE TABLE t (a smallint); CREATE VIEW v AS SELECT a FROM t;"),
    )
