from sct.rules import Effort, Example, Rule, register


@register
class OR233(Rule):
    """SQL object types become composite types; VARRAY and nested table types become domains over arrays.

    CREATE TYPE t AS OBJECT (a ..., b ...) becomes CREATE TYPE t AS (a ..., b ...); VARRAY(n) OF x becomes a
    domain over x[] with CHECK (cardinality(VALUE) <= n); TABLE OF x a domain over x[]. Columns of these
    types keep the type's name, and constructor calls t(a, b) become CAST(ROW(a, b) AS t) or
    CAST(ARRAY[a, b] AS t). Member subprograms are converted with the type body (OR428). Subtypes (UNDER) are
    OR234; REF attributes and collections of REF OR235.
    """

    name = "oracle.sql-object-type"
    effort = Effort.AUTO
    category = "types"
    examples = (
        Example(before="CREATE TYPE addr_typ AS OBJECT (street VARCHAR2(40), city VARCHAR2(30));\n/\n"
                       "CREATE TYPE phones_typ AS VARRAY(3) OF VARCHAR2(20);\n/\n"
                       "CREATE TABLE c (id NUMBER(6), addr addr_typ, phones phones_typ);\n"
                       "INSERT INTO c VALUES (1, addr_typ('1 Main St', 'Ely'), phones_typ('555-1234'));",
                after="CREATE TYPE addr_typ AS (street varchar(40), city varchar(30));\n"
                      "CREATE DOMAIN phones_typ AS varchar(20)[] CHECK (cardinality(VALUE) <= 3);\n"
                      "CREATE TABLE c (id integer, addr addr_typ, phones phones_typ);\n"
                      "INSERT INTO c VALUES (1, CAST(ROW('1 Main St', 'Ely') AS addr_typ), "
                      "CAST(ARRAY['555-1234'] AS phones_typ));"),
        Example(before="CREATE TYPE num_tab AS TABLE OF NUMBER INDEX BY PLS_INTEGER;\n/", applies=False),
    )
