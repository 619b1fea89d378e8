from sct.rules import Effort, Example, Rule, register


@register
class OR223(Rule):
    """Constraints declared on views (RELY DISABLE NOVALIDATE) are dropped; PostgreSQL views have none."""

    name = "oracle.view-constraint"
    effort = Effort.AUTO
    category = "views"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4));\nCREATE VIEW v (a, CONSTRAINT v_pk PRIMARY KEY (a) RELY DISABLE NOVALIDATE) AS SELECT a FROM t;",
                after="CREATE TABLE t (a smallint); CREATE VIEW v (a) AS SELECT a FROM t;"),
    )
