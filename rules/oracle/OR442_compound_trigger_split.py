from sct.rules import Effort, Example, Rule, register


@register
class OR442(Rule):
    """A compound trigger becomes one trigger function and CREATE TRIGGER per timing point.

    Each section (BEFORE STATEMENT, BEFORE EACH ROW, AFTER EACH ROW, AFTER STATEMENT, INSTEAD OF EACH ROW)
    becomes a trigger `<name>_before_statement`, `<name>_before_row`, ... on the same events, with the
    declarations of the compound trigger that the section uses. PostgreSQL fires the BEFORE STATEMENT, BEFORE
    ROW, AFTER ROW and AFTER STATEMENT triggers of an event in that order, as Oracle fires the timing points.
    Constants are declared in each function that uses them, and a variable that one section alone uses is local
    to it when that keeps its meaning (a statement-level section fires once per statement; a row-level one must
    set it before reading it). Differences to review: PostgreSQL runs the AFTER ROW triggers of a statement once
    all its rows are changed, so with both row-level sections every row's BEFORE EACH ROW part runs before the
    first AFTER EACH ROW part (Oracle alternates them); a constant computed from a non-constant expression is
    computed in each function. Shared variables are OR443 (rows collected for AFTER STATEMENT) or MANUAL (OR419).
    """

    name = "oracle.compound-trigger-split"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));",
                before="CREATE OR REPLACE TRIGGER emp_ct\nFOR INSERT ON emp\nCOMPOUND TRIGGER\n"
                       "  c_rate CONSTANT NUMBER := 1.1;\n"
                       "  BEFORE EACH ROW IS\n  BEGIN\n    :NEW.sal := :NEW.sal * c_rate;\n  END BEFORE EACH ROW;\n"
                       "  AFTER STATEMENT IS\n  BEGIN\n    DBMS_OUTPUT.PUT_LINE('done');\n  END AFTER STATEMENT;\n"
                       "END emp_ct;\n/",
                after="CREATE OR REPLACE FUNCTION emp_ct_before_row_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nDECLARE\n  c_rate CONSTANT numeric := 1.1;\nBEGIN\n"
                      "  new.sal := new.sal * c_rate;\n  RETURN NEW;\nEND;\n$$;\n"
                      "CREATE OR REPLACE TRIGGER emp_ct_before_row\nBEFORE INSERT ON emp\nFOR EACH ROW\n"
                      "EXECUTE FUNCTION emp_ct_before_row_fn();\n"
                      "CREATE OR REPLACE FUNCTION emp_ct_after_statement_fn()\nRETURNS trigger\nLANGUAGE plpgsql\n"
                      "AS $$\n#variable_conflict use_column\nBEGIN\n  RAISE NOTICE '%', 'done';\n  RETURN NULL;\nEND;\n"
                      "$$;\nCREATE OR REPLACE TRIGGER emp_ct_after_statement\nAFTER INSERT ON emp\n"
                      "FOR EACH STATEMENT\nEXECUTE FUNCTION emp_ct_after_statement_fn();"),
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));",
                before="CREATE OR REPLACE TRIGGER emp_biu BEFORE INSERT ON emp FOR EACH ROW\nBEGIN\n"
                       "  :NEW.sal := 0;\nEND;\n/", applies=False),
    )
