from sct.rules import Effort, Example, Rule, register


@register
class MS206(Rule):
    """WITH NOCHECK and ALTER TABLE ... NOCHECK/CHECK CONSTRAINT become NOT VALID and DROP/ADD CONSTRAINT.

    PostgreSQL cannot switch a constraint off: NOCHECK CONSTRAINT drops it for a load and CHECK CONSTRAINT adds
    it back NOT VALID (the rows loaded meanwhile are not checked, as in SQL Server; VALIDATE CONSTRAINT checks
    them); WITH CHECK CHECK CONSTRAINT adds it back checked.
    """

    name = "sqlserver.nocheck-constraints"
    source = "sqlserver"
    effort = Effort.REVIEW
    category = "ddl"
    examples = (
        Example(setup='CREATE TABLE p (id INT PRIMARY KEY)\nGO\nCREATE TABLE c (id INT, p INT CONSTRAINT fk_p REFERENCES p (id))\nGO',
                before='ALTER TABLE c NOCHECK CONSTRAINT ALL\nGO\nINSERT INTO c VALUES (1, 7)\nGO\nALTER TABLE c CHECK CONSTRAINT ALL\nGO',
                after='ALTER TABLE c DROP CONSTRAINT fk_p;\nINSERT INTO c VALUES (1, 7);\nALTER TABLE c ADD CONSTRAINT fk_p FOREIGN KEY (p) REFERENCES p (id) NOT VALID;'),
    )
