from sct.rules import Effort, Example, Rule, register


@register
class OR434(Rule):
    """FORALL becomes a FOR loop that runs the DML once per index: the same rows, row by row instead of Oracle's bulk bind.

    `FORALL i IN lo .. hi dml` becomes `FOR i IN lo..hi LOOP dml END LOOP`; `INDICES OF v [BETWEEN lo AND hi]`
    loops over the array's bounds (within lo .. hi); `VALUES OF v` is a FOREACH over the array. The statements
    run in the same order with the same values, so the rows written are the same; each iteration is a separate
    statement, as each element of a FORALL is in Oracle. It is a REVIEW finding because the loop sends one
    statement per element where Oracle sends one batch: for large collections write one set-based statement
    (e.g. `INSERT ... SELECT ... FROM unnest(v)`).

    SQL%ROWCOUNT after the loop is the sum of the rows of all iterations, as in Oracle, and
    `SQL%BULK_ROWCOUNT(i)` the rows of iteration i (an integer array kept by the loop). `SAVE EXCEPTIONS` and
    `SQL%BULK_EXCEPTIONS` are MANUAL: catch the error of each element in the loop instead.
    """

    name = "oracle.forall-to-loop"
    effort = Effort.REVIEW
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE drop_ids (n OUT NUMBER) IS\n  TYPE ids IS TABLE OF NUMBER;\n  v ids := ids(1, 2, 3);\nBEGIN\n  FORALL i IN 1 .. v.COUNT\n    DELETE FROM emp WHERE id = v(i);\n  n := SQL%ROWCOUNT;\nEND;\n/', after='CREATE OR REPLACE PROCEDURE drop_ids(OUT n numeric)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  v numeric[] := ARRAY[1, 2, 3];\n  sct_rowcount integer;\n  sct_forall_rowcount integer;\nBEGIN\n  sct_forall_rowcount := 0;\n  FOR i IN 1..COALESCE(ARRAY_LENGTH(v, 1), 0) LOOP\n    DELETE FROM emp WHERE id = v[i];\n    GET DIAGNOSTICS sct_rowcount = ROW_COUNT;\n    sct_forall_rowcount := sct_forall_rowcount + sct_rowcount;\n  END LOOP;\n  sct_rowcount := sct_forall_rowcount;\n  n := sct_rowcount;\nEND;\n$$;', setup='CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30));'),
        Example(before='CREATE PROCEDURE drop_ids IS\n  TYPE ids IS TABLE OF NUMBER;\n  v ids := ids(1, 2, 3);\nBEGIN\n  FORALL i IN 1 .. v.COUNT SAVE EXCEPTIONS\n    DELETE FROM emp WHERE id = v(i);\nEND;\n/', setup='CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30));'),
    )
