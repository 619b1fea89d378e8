from sct.rules import Effort, Example, Rule, register


@register
class OR235(Rule):
    """REF attributes and collections of REF have no PostgreSQL counterpart: the type is left out.

    A REF is a pointer to a row of an object table or object view (read with DEREF, constrained with SCOPE
    IS); PostgreSQL has neither object tables nor references. Store the key of the referenced row in an
    attribute of the key's type and read the row with a join. The type is MANUAL, and what uses it (tables,
    types, subtypes, type bodies) waits for it (OR016).
    """

    name = "oracle.object-reference"
    effort = Effort.MANUAL
    category = "types"
    examples = (
        Example(before="CREATE TYPE customer_typ AS OBJECT (id NUMBER(6), name VARCHAR2(40));\n/\n"
                       "CREATE TYPE order_typ AS OBJECT (id NUMBER(12), customer_ref REF customer_typ);\n/"),
        Example(before="CREATE TYPE category_typ AS OBJECT (name VARCHAR2(50));\n/\n"
                       "CREATE TYPE category_refs_typ AS TABLE OF REF category_typ;\n/"),
        Example(before="CREATE TYPE customer_typ AS OBJECT (id NUMBER(6), name VARCHAR2(40));\n/",
                applies=False),
    )
