from sct.rules import Effort, Example, Rule, register


@register
class OR209(Rule):
    """A unique index created for a PRIMARY KEY or UNIQUE constraint is left to the constraint.

    Oracle scripts often create the unique index first and then the constraint that uses it. PostgreSQL creates
    the index with the constraint (named after the constraint), and a second index of the same name would fail.
    """

    name = "oracle.constraint-index"
    effort = Effort.AUTO
    category = "indexes"
    examples = (
        Example(before="CREATE TABLE t (a NUMBER(4));\nCREATE UNIQUE INDEX t_pk ON t (a);\nALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY (a);",
                after="CREATE TABLE t (a smallint, CONSTRAINT t_pk PRIMARY KEY (a));"),
    )
