from sct.rules import Effort, Example, Rule, register


@register
class OR409(Rule):
    """SQL%ROWCOUNT, SQL%FOUND and SQL%NOTFOUND read the row count that GET DIAGNOSTICS stores after each SQL statement.

    After every SQL statement of a routine that reads them, `GET DIAGNOSTICS sct_rowcount = ROW_COUNT;`
    records the count; SQL%ROWCOUNT is sct_rowcount, SQL%FOUND is (sct_rowcount > 0) and SQL%NOTFOUND is
    (sct_rowcount = 0). PL/pgSQL's FOUND is not used: FETCH and loops change it, Oracle's SQL% does not.
    """

    name = "oracle.sql-cursor-attributes"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE purge IS\nBEGIN\n  DELETE FROM logs;\n  IF SQL%ROWCOUNT = 0 THEN\n    NULL;\n  END IF;\nEND;\n/',
                after='CREATE OR REPLACE PROCEDURE purge()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  sct_rowcount integer;\nBEGIN\n  DELETE FROM logs;\n  GET DIAGNOSTICS sct_rowcount = ROW_COUNT;\n  IF sct_rowcount = 0 THEN\n    NULL;\n  END IF;\nEND;\n$$;'),
    )
