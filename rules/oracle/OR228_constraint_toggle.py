from sct.rules import Effort, Example, Rule, register


@register
class OR228(Rule):
    """ALTER TABLE ... DISABLE/ENABLE CONSTRAINT in data scripts becomes DROP and ADD CONSTRAINT.

    PostgreSQL cannot disable a constraint; dropping it before the load and adding it back afterwards checks
    the loaded rows exactly as Oracle's ENABLE (VALIDATE) does.
    """

    name = "oracle.constraint-toggle"
    effort = Effort.AUTO
    category = "data"
    examples = (
        Example(before="CREATE TABLE p (a NUMBER(4) PRIMARY KEY);\nCREATE TABLE c (a NUMBER(4), CONSTRAINT c_fk FOREIGN KEY (a) REFERENCES p);\nALTER TABLE c DISABLE CONSTRAINT c_fk;"),
    )
