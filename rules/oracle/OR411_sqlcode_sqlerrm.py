from sct.rules import Effort, Example, Rule, register


@register
class OR411(Rule):
    """SQLCODE becomes SQLSTATE and SQLERRM stays SQLERRM, with different values.

    SQLCODE is a negative Oracle error number (-1, -1403, -20205); SQLSTATE is a 5-character code
    ('23505', 'P0002', 'U0205'). SQLERRM in PostgreSQL is the message without the 'ORA-nnnnn: ' prefix. Code
    that compares SQLCODE with numbers or parses SQLERRM must be rewritten.
    """

    name = "oracle.sqlcode-sqlerrm"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE p IS\nBEGIN\n  NULL;\nEXCEPTION\n  WHEN OTHERS THEN\n    DBMS_OUTPUT.PUT_LINE(SQLCODE);\nEND;\n/',
                after="CREATE OR REPLACE PROCEDURE p()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  NULL;\nEXCEPTION\n  WHEN OTHERS THEN\n    RAISE NOTICE '%', sqlstate;\nEND;\n$$;"),
    )
