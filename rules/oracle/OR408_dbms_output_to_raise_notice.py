from sct.rules import Effort, Example, Rule, register


@register
class OR408(Rule):
    """DBMS_OUTPUT.PUT_LINE(x) becomes RAISE NOTICE '%', x.

    The client receives notices as they are raised instead of reading a buffer after the call.
    DBMS_OUTPUT.ENABLE and DISABLE do nothing.
    """

    name = "oracle.dbms-output-to-raise-notice"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE PROCEDURE hello (n NUMBER) IS\nBEGIN\n  DBMS_OUTPUT.PUT_LINE('n=' || n);\nEND;\n/",
                after="CREATE OR REPLACE PROCEDURE hello(n numeric)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  RAISE NOTICE '%', CONCAT('n=', n);\nEND;\n$$;"),
    )
