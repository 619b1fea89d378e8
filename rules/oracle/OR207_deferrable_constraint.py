from sct.rules import Effort, Example, Rule, register


@register
class OR207(Rule):
    """DEFERRABLE [INITIALLY DEFERRED] constraints keep their timing in PostgreSQL (NOT NULL and CHECK are always immediate there)."""

    name = "oracle.deferrable-constraint"
    effort = Effort.AUTO
    category = "constraints"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4), CONSTRAINT t_uk UNIQUE (a) DEFERRABLE INITIALLY DEFERRED);",
                after="CREATE TABLE t (a smallint, CONSTRAINT t_uk UNIQUE (a) DEFERRABLE INITIALLY DEFERRED);"),
    )
