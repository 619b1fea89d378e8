from sct.rules import Effort, Example, Rule, register


@register
class OR208(Rule):
    """Disabled constraints are not created; NOVALIDATE foreign keys become NOT VALID.

    A DISABLE constraint is not enforced in Oracle, so creating it in PostgreSQL could reject rows Oracle
    accepted. A NOVALIDATE foreign key is enforced for new rows only, as PostgreSQL NOT VALID is.
    """

    name = "oracle.constraint-state"
    effort = Effort.REVIEW
    category = "constraints"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4), CONSTRAINT t_ck CHECK (a > 0) DISABLE);",
                after="CREATE TABLE t (a smallint);"),
    )
