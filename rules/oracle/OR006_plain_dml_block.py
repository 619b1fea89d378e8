from sct.rules import Effort, Example, Rule, register


@register
class OR006(Rule):
    """An anonymous block that only runs INSERT/UPDATE/DELETE/MERGE/COMMIT becomes those statements.

    Sample-data scripts often wrap their INSERTs in BEGIN ... END. Such a block has no logic: its statements
    run in data.sql in the same order, inside data.sql's transaction (so, as in Oracle, a failing statement
    leaves none of the block applied). Blocks that declare variables used by the statements, or contain
    anything else, are PL/SQL and go to the PL/SQL converter.
    """

    name = "oracle.plain-dml-block"
    effort = Effort.AUTO
    category = "data"
    examples = (
        Example(setup="CREATE TABLE t (a NUMBER(4), b VARCHAR2(10));",
                before="BEGIN\n  INSERT INTO t VALUES (1, 'x');\n  INSERT INTO t (a) VALUES (2);\nEND;\n/",
                after="INSERT INTO t VALUES (1, 'x'); INSERT INTO t (a) VALUES (2);"),
        Example(setup="CREATE TABLE t (a NUMBER(4));",
                before="DECLARE\n  n NUMBER := 3;\nBEGIN\n  INSERT INTO t VALUES (n);\nEND;\n/", applies=False),
    )
