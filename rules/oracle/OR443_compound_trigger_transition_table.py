from sct.rules import Effort, Example, Rule, register


@register
class OR443(Rule):
    """Rows a compound trigger collects in AFTER EACH ROW for its AFTER STATEMENT section are read from a transition table.

    The usual way around Oracle's mutating-table error: AFTER EACH ROW appends `:NEW.col` (or `:OLD.col`) to a
    collection (`c.EXTEND; c(c.LAST) := :NEW.col;` or `c(c.COUNT + 1) := :NEW.col;`), and AFTER STATEMENT
    loops over it (`FOR i IN 1 .. c.COUNT LOOP ... c(i) ... END LOOP;` or `FORALL i IN 1 .. c.COUNT dml`). In
    PostgreSQL an AFTER STATEMENT trigger can read the rows the statement changed from a transition table
    (REFERENCING NEW TABLE AS sct_new_rows), so the collection goes: AFTER EACH ROW drops the appending (and
    BEFORE STATEMENT the emptying), and the loop becomes `FOR sct_row IN (SELECT col AS c FROM sct_new_rows)
    LOOP ... sct_row.c ...`, `c.COUNT` elsewhere `(SELECT COUNT(*) FROM sct_new_rows)`. PostgreSQL allows a
    transition table on a single-event trigger only, so there is one AFTER STATEMENT trigger per event, sharing
    one function. To review: the loop visits the rows in the order PostgreSQL changed them, as Oracle's
    collection holds them in the order Oracle changed them (neither is defined by SQL). Not converted (OR419):
    any other use of the collection, a collection of :NEW on a trigger that fires on DELETE (or of :OLD on
    INSERT), collections of :NEW and :OLD together, and UPDATE OF columns (no transition table then).
    """

    name = "oracle.compound-trigger-transition-table"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));\nCREATE TABLE audit_log (id NUMBER(6));",
                before="CREATE OR REPLACE TRIGGER emp_audit\nFOR INSERT OR UPDATE ON emp\nCOMPOUND TRIGGER\n"
                       "  TYPE id_list IS TABLE OF emp.id%TYPE;\n  g_ids id_list := id_list();\n"
                       "  AFTER EACH ROW IS\n  BEGIN\n    g_ids.EXTEND;\n    g_ids(g_ids.LAST) := :NEW.id;\n"
                       "  END AFTER EACH ROW;\n  AFTER STATEMENT IS\n  BEGIN\n    FOR i IN 1 .. g_ids.COUNT LOOP\n"
                       "      INSERT INTO audit_log (id) VALUES (g_ids(i));\n    END LOOP;\n  END AFTER STATEMENT;\n"
                       "END emp_audit;\n/",
                after="CREATE OR REPLACE FUNCTION emp_audit_after_statement_fn()\nRETURNS trigger\nLANGUAGE plpgsql\n"
                      "AS $$\n#variable_conflict use_column\nDECLARE\n  sct_row record;\nBEGIN\n"
                      "  FOR sct_row IN SELECT id AS g_ids FROM sct_new_rows LOOP\n"
                      "    INSERT INTO audit_log (id) VALUES (sct_row.g_ids);\n  END LOOP;\n  RETURN NULL;\nEND;\n$$;\n"
                      "CREATE OR REPLACE TRIGGER emp_audit_after_statement_insert\nAFTER INSERT ON emp\n"
                      "REFERENCING NEW TABLE AS sct_new_rows\nFOR EACH STATEMENT\n"
                      "EXECUTE FUNCTION emp_audit_after_statement_fn();\n"
                      "CREATE OR REPLACE TRIGGER emp_audit_after_statement_update\nAFTER UPDATE ON emp\n"
                      "REFERENCING NEW TABLE AS sct_new_rows\nFOR EACH STATEMENT\n"
                      "EXECUTE FUNCTION emp_audit_after_statement_fn();"),
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));",
                before="CREATE OR REPLACE TRIGGER emp_ct\nFOR INSERT ON emp\nCOMPOUND TRIGGER\n"
                       "  BEFORE EACH ROW IS\n  BEGIN\n    :NEW.sal := 0;\n  END BEFORE EACH ROW;\nEND emp_ct;\n/",
                applies=False),
    )
