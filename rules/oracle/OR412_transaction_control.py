from sct.rules import Effort, Example, Rule, register


@register
class OR412(Rule):
    """COMMIT and ROLLBACK are kept in procedures; in functions and triggers they fail in PostgreSQL.

    A PostgreSQL procedure may COMMIT only when it is called by CALL outside an explicit transaction block,
    and not inside a block with an EXCEPTION section; check how it is called. A function or trigger cannot end
    the transaction at all (MANUAL).
    """

    name = "oracle.transaction-control"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE p IS\nBEGIN\n  DELETE FROM logs;\n  COMMIT;\nEND;\n/',
                after='CREATE OR REPLACE PROCEDURE p()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nBEGIN\n  DELETE FROM logs;\n  COMMIT;\nEND;\n$$;'),
    )
