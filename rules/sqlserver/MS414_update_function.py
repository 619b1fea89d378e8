from sct.rules import Effort, Example, Rule, register


@register
class MS414(Rule):
    """UPDATE(column) in a trigger reads a flag that a BEFORE UPDATE OF column trigger sets; COLUMNS_UPDATED() is MANUAL.

    UPDATE(column) is true when the UPDATE statement's SET names the column (changed or not), and always true in an
    INSERT trigger. PostgreSQL's statement triggers with transition tables cannot have a column list, so a second
    trigger, BEFORE UPDATE OF column FOR EACH STATEMENT, calls sct_sqlserver.update_flag, which sets a
    transaction-local setting; the converted trigger reads it and clears it when it ends. COLUMNS_UPDATED() (a
    bitmask of column ordinals) is MANUAL.
    """

    name = "sqlserver.update-function"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "procedural"
    examples = (
        Example(setup="CREATE TABLE dbo.orders (id INT PRIMARY KEY, status TINYINT NOT NULL)\nGO",
                before="CREATE TRIGGER orders_status ON dbo.orders AFTER UPDATE\nAS\nIF UPDATE(status)\n"
                       "  PRINT 'status set'\nGO",
                after="CREATE OR REPLACE FUNCTION orders_status_fn()\nRETURNS trigger\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  IF ((CASE WHEN CURRENT_SETTING('sct.upd_orders_status_fn_status', TRUE) = CAST(PG_TRIGGER_DEPTH() AS TEXT) THEN 1 ELSE 0 END = 1)) THEN\n    RAISE NOTICE '%', 'status set';\n  END IF;\n  PERFORM set_config('sct.upd_orders_status_fn_status', '', true);\n  RETURN NULL;\nEND;\n$$;\nCREATE TRIGGER orders_status AFTER UPDATE ON orders\nREFERENCING OLD TABLE AS deleted NEW TABLE AS inserted\nFOR EACH STATEMENT EXECUTE FUNCTION orders_status_fn();\nCREATE TRIGGER orders_status_status_set BEFORE UPDATE OF status ON orders\nFOR EACH STATEMENT EXECUTE FUNCTION sct_sqlserver.update_flag('upd_orders_status_fn_status');"),
        Example(setup="CREATE TABLE dbo.orders (id INT PRIMARY KEY, status TINYINT NOT NULL)\nGO",
                before="CREATE TRIGGER orders_cols ON dbo.orders AFTER UPDATE\nAS\nIF COLUMNS_UPDATED() & 2 = 2\n"
                       "  PRINT 'status set'\nGO"),
    )
