from sct.rules import Effort, Example, Rule, register


@register
class OR401(Rule):
    """A PL/SQL procedure becomes a PL/pgSQL procedure (CREATE OR REPLACE PROCEDURE ... LANGUAGE plpgsql).

    Parameters keep their modes (IN OUT becomes INOUT; PostgreSQL 14+ procedures take OUT parameters), their
    defaults and their types by the table mapping (NUMBER -> numeric, VARCHAR2 -> varchar, DATE -> timestamp(0));
    `%TYPE` and `%ROWTYPE` are kept, PostgreSQL has them. The body starts with `#variable_conflict use_column`:
    in Oracle, a column name inside SQL wins over a PL/SQL variable of the same name. An Oracle routine runs with
    its owner's rights unless it says AUTHID CURRENT_USER; a PostgreSQL routine runs with the caller's rights
    unless it is SECURITY DEFINER, which is written only where the source says AUTHID DEFINER: the two differ
    only when another role calls the routine.
    """

    name = "oracle.procedure-to-plpgsql"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE OR REPLACE PROCEDURE raise_pay (p_id IN NUMBER, p_pct NUMBER DEFAULT 10, p_new OUT NUMBER) IS\nBEGIN\n  p_new := p_pct * 2;\nEND;\n/',
                after='CREATE OR REPLACE PROCEDURE raise_pay(p_id numeric, p_pct numeric DEFAULT 10, OUT p_new numeric)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  p_new := p_pct * 2;\nEND;\n$$;'),
    )
