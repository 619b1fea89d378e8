from sct.rules import Effort, Example, Rule, register


@register
class OR405(Rule):
    """RAISE_APPLICATION_ERROR(-20nnn, msg) becomes RAISE EXCEPTION USING ERRCODE = 'U0nnn', MESSAGE = msg.

    The SQLSTATE is derived from the error number: class U0 (unused by PostgreSQL) and the last three digits,
    so ORA-20205 is SQLSTATE U0205 and a caller can test it (`WHEN SQLSTATE 'U0205'`); PRAGMA EXCEPTION_INIT
    with -20nnn maps to the same SQLSTATE. SQLERRM is the message without the 'ORA-20205: ' prefix.
    """

    name = "oracle.raise-application-error"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE PROCEDURE check_pay (p NUMBER) IS\nBEGIN\n  IF p < 0 THEN\n    RAISE_APPLICATION_ERROR(-20205, 'negative pay');\n  END IF;\nEND;\n/",
                after="CREATE OR REPLACE PROCEDURE check_pay(p numeric)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  IF p < 0 THEN\n    RAISE EXCEPTION USING ERRCODE = 'U0205', MESSAGE = 'negative pay';\n  END IF;\nEND;\n$$;"),
    )
