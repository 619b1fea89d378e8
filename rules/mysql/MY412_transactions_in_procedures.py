from sct.rules import Effort, Example, Rule, register


@register
class MY412(Rule):
    """Transactions in procedures: COMMIT and ROLLBACK are kept, START TRANSACTION dropped; a CALL is one transaction.

    PostgreSQL allows COMMIT/ROLLBACK in a procedure CALLed outside a transaction block, not in functions and
    triggers (nor does MySQL), and not inside a block with an EXCEPTION section (MANUAL there). In autocommit mode
    MySQL commits each statement of a procedure; PostgreSQL runs a CALL as one transaction, so an error that no
    handler catches undoes the procedure's earlier statements too: a REVIEW finding on every procedure that writes.
    """

    name = "mysql.transactions-in-procedures"
    source = "mysql"
    effort = Effort.REVIEW
    category = "procedural"
    examples = (
        Example(setup='CREATE TABLE t (a INT);',
                before='DELIMITER //\nCREATE PROCEDURE add_all(IN x INT)\nBEGIN\n  START TRANSACTION;\n  INSERT INTO t (a) VALUES (x);\n  COMMIT;\nEND //\nDELIMITER ;',
                after='CREATE OR REPLACE PROCEDURE add_all(x integer)\nLANGUAGE plpgsql\nSECURITY INVOKER\nAS $$\n#variable_conflict use_variable\nBEGIN\n  INSERT INTO t (a) VALUES (x);\n  COMMIT;\nEND;\n$$;'),
    )
