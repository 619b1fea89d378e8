from sct.rules import Effort, Example, Rule, register


@register
class OR418(Rule):
    """INSERTING, UPDATING and DELETING become TG_OP tests; UPDATING('COL') becomes a changed-value test (REVIEW).

    UPDATING('COL') is true in Oracle when the UPDATE statement names the column, even when it sets the same
    value; PostgreSQL cannot see the SET list, so it is converted as NEW.col IS DISTINCT FROM OLD.col.
    """

    name = "oracle.trigger-predicates"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before="CREATE TRIGGER emp_audit AFTER INSERT OR DELETE ON emp FOR EACH ROW\nBEGIN\n  IF INSERTING THEN\n    INSERT INTO audit_log (op) VALUES ('I');\n  END IF;\nEND;\n/",
                after="CREATE OR REPLACE FUNCTION emp_audit_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  IF (tg_op = 'INSERT') THEN\n    INSERT INTO audit_log (op) VALUES ('I');\n  END IF;\n  RETURN NULL;\nEND;\n$$;\nCREATE OR REPLACE TRIGGER emp_audit\nAFTER INSERT OR DELETE ON emp\nFOR EACH ROW\nEXECUTE FUNCTION emp_audit_fn();"),
    )
