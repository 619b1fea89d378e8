from sct.rules import Effort, Example, Rule, register


@register
class OR438(Rule):
    """TABLE(collection) in SQL becomes unnest(collection); TABLE(f(...)) of a PIPELINED function becomes f(...).

    In SQL inside PL/SQL, `TABLE(v)` (also `TABLE(CAST(v AS t))`) of a collection variable or parameter in FROM
    becomes `unnest(v) AS t(column_value)`: Oracle names the element column of a scalar collection COLUMN_VALUE,
    and the alias keeps the name (`sct_t` when the item has none). For a collection of rows (an object type, a
    record), `unnest(v)` gives the attributes as columns, as Oracle does. Rows come in the collection's order.
    `TABLE(f(...))` of a function that these scripts declare PIPELINED is `f(...)`, a set-returning function
    (OR437). Where the converter cannot know that f is PIPELINED (a view: views are converted before the
    routines), it writes `f(...)` too, as a REVIEW: if f returns a collection instead, the FROM item must be
    `unnest(f(...))`. TABLE() of anything else (a nested table column) is OR398.
    """

    name = "oracle.table-collection-in-sql"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(setup="CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30));",
                before="CREATE PROCEDURE pick (n OUT NUMBER) IS\n  TYPE ids IS TABLE OF NUMBER;\n"
                       "  v ids := ids(1, 2);\nBEGIN\n"
                       "  SELECT COUNT(*) INTO n FROM emp WHERE id IN (SELECT column_value FROM TABLE(v));\nEND;\n/",
                after="CREATE OR REPLACE PROCEDURE pick(OUT n numeric)\nLANGUAGE plpgsql\nAS $$\n"
                      "#variable_conflict use_column\nDECLARE\n  v numeric[] := ARRAY[1, 2];\nBEGIN\n"
                      "  SELECT COUNT(*) FROM emp WHERE id IN (SELECT column_value FROM UNNEST(v) AS "
                      "sct_t(column_value)) INTO STRICT n;\nEND;\n$$;"),
        Example(before="CREATE VIEW first_ten AS SELECT * FROM TABLE(gen(10)) g;",
                after="CREATE VIEW first_ten AS SELECT * FROM GEN(10) AS g;"),
    )
