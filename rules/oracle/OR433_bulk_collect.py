from sct.rules import Effort, Example, Rule, register


@register
class OR433(Rule):
    """BULK COLLECT INTO fills arrays in one statement (SELECT, RETURNING, EXECUTE IMMEDIATE) or a FETCH loop.

    - `SELECT a BULK COLLECT INTO v FROM ...` becomes `v := ARRAY(SELECT a FROM ...)`: the rows in the query's
      order, an empty array (not NULL) when no row comes back, as Oracle's COUNT = 0. Into a collection of
      records (a record type, `t%ROWTYPE`): `ARRAY(SELECT ROW(q.*)::type FROM (...) q)`. Into several
      collections: one `SELECT COALESCE(ARRAY_AGG(c1 ORDER BY n), '{}'), ... INTO a, b` over the query numbered
      in its row order.
    - `... RETURNING a BULK COLLECT INTO v` becomes `WITH sct_rows AS (... RETURNING a) SELECT ARRAY_AGG(...)
      INTO v FROM sct_rows`.
    - `EXECUTE IMMEDIATE q BULK COLLECT INTO v` wraps the statement text at run time in the same ARRAY(...) /
      ARRAY_AGG query.
    - `FETCH c BULK COLLECT INTO v [LIMIT n]` becomes `v := '{}'` and a loop of at most n single FETCHes that
      append to the arrays. `c%ROWCOUNT` counts every row fetched so far; `c%FOUND` is TRUE when the batch was
      full, so `c%NOTFOUND` is TRUE after a partial (or empty) batch and after a FETCH without LIMIT, as in
      Oracle: both `EXIT WHEN v.COUNT = 0` and `EXIT WHEN c%NOTFOUND` loops behave the same.

    SQL%ROWCOUNT after a BULK COLLECT is the number of rows collected.
    """

    name = "oracle.bulk-collect"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION top_ids RETURN NUMBER IS\n  TYPE ids IS TABLE OF NUMBER;\n  v ids;\nBEGIN\n  SELECT id BULK COLLECT INTO v FROM emp ORDER BY id;\n  RETURN v.COUNT;\nEND;\n/', after='CREATE OR REPLACE FUNCTION top_ids()\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  v numeric[];\nBEGIN\n  v := ARRAY(SELECT id FROM emp ORDER BY id);\n  RETURN COALESCE(ARRAY_LENGTH(v, 1), 0);\nEND;\n$$;', setup='CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30));'),
        Example(before='CREATE PROCEDURE walk IS\n  CURSOR c IS SELECT * FROM emp;\n  TYPE rows_t IS TABLE OF c%ROWTYPE;\n  v rows_t;\nBEGIN\n  OPEN c;\n  LOOP\n    FETCH c BULK COLLECT INTO v LIMIT 100;\n    EXIT WHEN v.COUNT = 0;\n  END LOOP;\n  CLOSE c;\nEND;\n/', after="CREATE OR REPLACE PROCEDURE walk()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  c CURSOR FOR SELECT * FROM emp;\n  v emp[];\n  sct_v_row emp;\nBEGIN\n  OPEN c;\n  LOOP\n    v := '{}';\n    FOR sct_i IN 1..100 LOOP\n      FETCH c INTO sct_v_row;\n      EXIT WHEN NOT FOUND;\n      v := ARRAY_APPEND(v, sct_v_row);\n    END LOOP;\n    EXIT WHEN COALESCE(ARRAY_LENGTH(v, 1), 0) = 0;\n  END LOOP;\n  CLOSE c;\nEND;\n$$;", setup='CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30));'),
    )
