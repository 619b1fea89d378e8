from sct.rules import Effort, Example, Rule, register


@register
class OR427(Rule):
    """An anonymous PL/SQL block becomes a DO block in data.sql, at its place in source order.

    The body is converted like a routine body without parameters (same statements, declarations and
    expressions, OR404-OR421). A DO block returns nothing and takes no parameters: SQL*Plus bind variables
    (:name) and substitution variables (&name) left in the block are MANUAL. A block that runs COMMIT or
    ROLLBACK is written between data.sql's transactions (PostgreSQL allows COMMIT in DO only outside a
    transaction block): data.sql commits what came before it, as Oracle's COMMIT would, and what the block
    does after its last COMMIT is committed when the DO ends (in Oracle it stays open until the next COMMIT);
    do not run such a data.sql with `psql --single-transaction`. A COMMIT inside a block with an EXCEPTION
    section fails in PostgreSQL (MANUAL). A block that runs DDL through EXECUTE IMMEDIATE ('CREATE ...',
    'DROP ...') is MANUAL: its DDL is Oracle text that is not converted, and data.sql runs after schema.sql.
    A block with a construct that is not converted is left out of data.sql with that finding.
    """

    name = "oracle.anonymous-block-to-do"
    effort = Effort.AUTO
    category = "data"
    examples = (
        Example(setup="CREATE TABLE t (a NUMBER(4), b VARCHAR2(10));",
                before="DECLARE\n  n NUMBER := 3;\nBEGIN\n  FOR i IN 1 .. n LOOP\n    INSERT INTO t VALUES (i, 'x' || i);\n"
                       "  END LOOP;\n  DBMS_OUTPUT.PUT_LINE('done');\nEND;\n/",
                after="DO $$\n#variable_conflict use_column\nDECLARE\n  n numeric := 3;\nBEGIN\n  FOR i IN 1..n LOOP\n"
                      "    INSERT INTO t VALUES (i, CONCAT('x', i));\n  END LOOP;\n  RAISE NOTICE '%', 'done';\nEND;\n$$;"),
        Example(before="BEGIN\n  EXECUTE IMMEDIATE 'CREATE TABLE t2 (a NUMBER)';\nEND;\n/"),
        Example(setup="CREATE TABLE t (a NUMBER(4));",
                before="BEGIN\n  INSERT INTO t VALUES (1);\nEND;\n/", applies=False),
    )
