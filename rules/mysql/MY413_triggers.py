from sct.rules import Effort, Example, Rule, register


@register
class MY413(Rule):
    """Row triggers become a trigger function and CREATE TRIGGER ... FOR EACH ROW EXECUTE FUNCTION.

    NEW and OLD keep their names; SET NEW.col = v becomes NEW.col := v; a BEFORE trigger returns NEW (OLD for
    DELETE), an AFTER trigger NULL. PostgreSQL fires the triggers of one event in name order, MySQL in creation
    order: triggers whose names do not give their creation order are REVIEW, a trigger with FOLLOWS or PRECEDES
    is MANUAL (rename the triggers so that their names give the order).
    """

    name = "mysql.triggers"
    source = "mysql"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT, b VARCHAR(10));',
                before='DELIMITER //\nCREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.b = UPPER(NEW.b);\nEND //\nDELIMITER ;',
                after='CREATE OR REPLACE FUNCTION t_bi_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_variable\nBEGIN\n  NEW.b := UPPER(new.b);\n  RETURN NEW;\nEND;\n$$;\nCREATE TRIGGER t_bi BEFORE INSERT ON t\nFOR EACH ROW EXECUTE FUNCTION t_bi_fn();'),
    )
