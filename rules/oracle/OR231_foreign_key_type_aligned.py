from sct.rules import Effort, Example, Rule, register


@register
class OR231(Rule):
    """A foreign key column takes the type of the key it references when PostgreSQL could not compare the two.

    Oracle compares any NUMBER with any NUMBER; PostgreSQL needs both ends of a foreign key in one operator
    family, so numeric(38) cannot reference a bigint identity key. The referencing column takes the referenced
    column's type: every value the enforced foreign key admits fits it.
    """

    name = "oracle.foreign-key-type-aligned"
    effort = Effort.AUTO
    category = "constraints"
    examples = (
        Example(before="CREATE TABLE p (id NUMBER GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n"
                       "CREATE TABLE c (p_id INTEGER REFERENCES p);",
                after="CREATE TABLE p (id bigint GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (id));\n"
                      "CREATE TABLE c (p_id bigint);\nALTER TABLE c ADD CONSTRAINT c_p_id_fkey FOREIGN KEY (p_id) "
                      "REFERENCES p;"),
        Example(before="CREATE TABLE p (id NUMBER(9) PRIMARY KEY);\nCREATE TABLE c (p_id NUMBER(5) REFERENCES p);",
                applies=False),
    )
