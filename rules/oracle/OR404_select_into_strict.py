from sct.rules import Effort, Example, Rule, register


@register
class OR404(Rule):
    """SELECT ... INTO v becomes SELECT ... INTO STRICT v: Oracle raises NO_DATA_FOUND and TOO_MANY_ROWS, and so does STRICT.

    Without STRICT, PL/pgSQL sets the variables to NULL when no row is found and takes the first of several
    rows silently. DML with RETURNING ... INTO needs no STRICT: PostgreSQL raises on more than one row, and
    leaves the variables NULL when no row is changed, as Oracle does.
    """

    name = "oracle.select-into-strict"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION name_of (p_id NUMBER) RETURN VARCHAR2 IS\n  v VARCHAR2(50);\nBEGIN\n  SELECT name INTO v FROM emp WHERE id = p_id;\n  RETURN v;\nEND;\n/',
                after='CREATE OR REPLACE FUNCTION name_of(p_id numeric)\nRETURNS varchar\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  v varchar(50);\nBEGIN\n  SELECT name FROM emp WHERE id = p_id INTO STRICT v;\n  RETURN v;\nEND;\n$$;'),
    )
