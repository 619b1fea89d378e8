from sct.rules import Effort, Example, Rule, register


@register
class OR313(Rule):
    """A hierarchical query (START WITH / CONNECT BY PRIOR) becomes WITH RECURSIVE.

    The anchor selects the START WITH rows at level 1; the recursive part joins children with PRIOR
    columns read from the parent row. LEVEL, SYS_CONNECT_BY_PATH, CONNECT_BY_ROOT and CONNECT_BY_ISLEAF become
    columns; rows come out depth first (ORDER SIBLINGS BY orders siblings) through a path column.
    CONNECT BY LEVEL <= n over DUAL becomes generate_series. Check: where Oracle raises ORA-01436 on a cycle
    in the data, the converted query stops at the repeated row (as NOCYCLE would).
    """

    name = "oracle.connect-by-to-recursive-cte"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT empno, ename, LEVEL AS lvl FROM emp START WITH mgr IS NULL CONNECT BY PRIOR empno = mgr;', after='CREATE VIEW v AS WITH RECURSIVE hier AS (SELECT emp.*, 1 AS level, ARRAY[emp.empno] AS cb_path FROM emp WHERE mgr IS NULL UNION ALL SELECT emp.*, hier.level + 1 AS level, hier.cb_path || ARRAY[emp.empno] AS cb_path FROM emp JOIN hier ON hier.empno = emp.mgr WHERE NOT (emp.empno = ANY(hier.cb_path)) IS TRUE) SELECT empno, ename, emp.level AS lvl FROM hier AS emp ORDER BY emp.cb_path;'),
        Example(before='CREATE VIEW v AS SELECT LEVEL AS n FROM dual CONNECT BY LEVEL <= 5;', after='CREATE VIEW v AS SELECT g.level AS n FROM GENERATE_SERIES(1, 5) AS g(level);'),
    )
