from sct.rules import Effort, Example, Rule, register


@register
class OR435(Rule):
    """A nested procedure or function becomes a routine of its own, `<unit>__<name>` in the unit's schema, with its calls renamed.

    PL/pgSQL has no nested routines. A procedure or function declared in a routine's (or trigger's, or block's)
    declarations is lifted out when it uses no variable, constant, parameter or cursor of the unit that encloses
    it: it becomes `CREATE FUNCTION|PROCEDURE <schema>.<unit>__<name>`, created after the unit in the same
    target SQL (an anonymous block's in `pg_temp`), and the unit's calls to it are renamed. Types and exceptions
    of the unit may be shared: record types are composite types of the schema (OR430), collections arrays, and
    an exception is the same SQLSTATE in both routines. Forward declarations are dropped; nested routines may
    call each other and themselves.

    A nested routine that uses a variable, parameter or cursor of its unit is MANUAL: the finding names what it
    shares. Pass those values as parameters (IN OUT for the ones it changes), then it converts.
    """

    name = "oracle.nested-routine-lifted"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION area (w NUMBER, h NUMBER) RETURN NUMBER IS\n  FUNCTION times (a NUMBER, b NUMBER) RETURN NUMBER IS\n  BEGIN\n    RETURN a * b;\n  END;\nBEGIN\n  RETURN times(w, h);\nEND;\n/', after='CREATE OR REPLACE FUNCTION area(w numeric, h numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  RETURN AREA__TIMES(w, h);\nEND;\n$$;\nCREATE OR REPLACE FUNCTION area__times(a numeric, b numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  RETURN a * b;\nEND;\n$$;'),
        Example(before='CREATE FUNCTION scaled (w NUMBER) RETURN NUMBER IS\n  factor NUMBER := 2;\n  FUNCTION scale (a NUMBER) RETURN NUMBER IS\n  BEGIN\n    RETURN a * factor;\n  END;\nBEGIN\n  RETURN scale(w);\nEND;\n/'),
    )
