from sct.rules import Effort, Example, Rule, register


@register
class OR234(Rule):
    """An object subtype (CREATE TYPE t UNDER s) becomes a composite type of its supertypes' attributes and its own.

    The composite type lists the attributes of the supertype chain first (root first, in declaration order),
    then the subtype's, so ROW(...) values and constructor calls keep Oracle's attribute order. What inheritance
    gives in Oracle is lost: a subtype value is not a value of its supertype (no substitutability: a column or
    parameter of the supertype cannot hold it, and TREAT, IS OF and SYS_TYPEID have no counterpart), and an
    OVERRIDING method is not dispatched dynamically: a call on a value of the supertype runs the supertype's
    method. The methods of the subtype's TYPE BODY become routines of its own schema (OR428). A subtype whose
    supertype is not in the scripts is MANUAL (its inherited attributes are unknown); one whose supertype is
    left out waits for it (OR016).
    """

    name = "oracle.object-subtype"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before="CREATE TYPE shape_typ AS OBJECT (name VARCHAR2(20)) NOT FINAL;\n/\n"
                       "CREATE TYPE circle_typ UNDER shape_typ (radius NUMBER(6,2));\n/",
                after="CREATE TYPE shape_typ AS (name varchar(20));\n"
                      "CREATE TYPE circle_typ AS (name varchar(20), radius numeric(6,2));"),
        Example(before="CREATE TYPE circle_typ UNDER shape_typ (radius NUMBER(6,2));\n/"),
        Example(before="CREATE TYPE shape_typ AS OBJECT (name VARCHAR2(20)) NOT FINAL;\n/", applies=False),
    )
