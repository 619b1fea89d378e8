from sct.rules import Effort, Example, Rule, register


@register
class OR413(Rule):
    """EXECUTE IMMEDIATE becomes EXECUTE (INTO STRICT, USING); the dynamic SQL text itself is not converted.

    The statement text is built at run time and is still Oracle SQL: bind placeholders :1 / :name must become
    $1, $2, and Oracle functions in it need the same conversion as static SQL. OPEN ... FOR dynamic text
    becomes OPEN ... FOR EXECUTE.
    """

    name = "oracle.execute-immediate"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before="CREATE PROCEDURE p (t VARCHAR2) IS\nBEGIN\n  EXECUTE IMMEDIATE 'TRUNCATE TABLE ' || t;\nEND;\n/",
                after="CREATE OR REPLACE PROCEDURE p(t varchar)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  EXECUTE CONCAT('TRUNCATE TABLE ', t);\nEND;\n$$;"),
    )
