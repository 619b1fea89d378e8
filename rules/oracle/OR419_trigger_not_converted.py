from sct.rules import Effort, Example, Rule, register


@register
class OR419(Rule):
    """DDL and database-event triggers, triggers on a view's nested table, and compound triggers whose timing points share state have no PostgreSQL form.

    A DDL trigger (BEFORE DROP ON SCHEMA, AFTER CREATE ON DATABASE, ...) becomes an event trigger by hand
    (CREATE EVENT TRIGGER ... ON ddl_command_start, ddl_command_end or sql_drop). LOGON, LOGOFF, STARTUP,
    SHUTDOWN and SERVERERROR have no PostgreSQL trigger (PostgreSQL 17 adds a login event trigger); the message
    names what to use instead. An INSTEAD OF trigger ON NESTED TABLE column OF view has nothing to intercept:
    PostgreSQL views have no nested table columns. A compound trigger is split into one trigger per timing
    point (OR442); it stays MANUAL when its timing points share variables other than rows collected for AFTER
    STATEMENT (OR443), naming them, or when it has a WHEN condition.
    """

    name = "oracle.trigger-not-converted"
    effort = Effort.MANUAL
    category = "code"
    examples = (
        Example(before='CREATE TRIGGER no_drop BEFORE DROP ON SCHEMA\nBEGIN\n  NULL;\nEND;\n/'),
        Example(before='CREATE TRIGGER on_logon AFTER LOGON ON DATABASE\nBEGIN\n  NULL;\nEND;\n/'),
        Example(setup="CREATE TABLE emp (id NUMBER(6), sal NUMBER(8,2));",
                before="CREATE OR REPLACE TRIGGER emp_ct\nFOR UPDATE ON emp\nCOMPOUND TRIGGER\n  g_rows NUMBER := 0;\n"
                       "  AFTER EACH ROW IS\n  BEGIN\n    g_rows := g_rows + 1;\n  END AFTER EACH ROW;\n"
                       "  AFTER STATEMENT IS\n  BEGIN\n    DBMS_OUTPUT.PUT_LINE(g_rows);\n  END AFTER STATEMENT;\n"
                       "END emp_ct;\n/"),
    )
