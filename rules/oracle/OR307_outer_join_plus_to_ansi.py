from sct.rules import Effort, Example, Rule, register


@register
class OR307(Rule):
    """Oracle (+) outer joins become ANSI LEFT JOIN ... ON (RIGHT JOIN when SELECT * fixes the table order).

    sqlglot drops (+) when it writes PostgreSQL, which silently turns an outer join into an inner join. The
    converter moves every condition that marks a table with (+), including constant filters such as
    b.x(+) = 5, into that table's ON clause, orders the joins so each outer-joined table follows the tables
    it joins to, and leaves the other conditions in WHERE (inner joins whose condition is known become
    JOIN ... ON). This is exactly Oracle's meaning: conditions on the outer-joined table without (+) still
    filter after the join.
    """

    name = "oracle.outer-join-plus-to-ansi"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before='CREATE VIEW v AS SELECT e.name, d.name AS dept FROM emp e, dept d WHERE e.dept_id = d.id(+);', after='CREATE VIEW v AS SELECT e.name, d.name AS dept FROM emp AS e LEFT JOIN dept AS d ON e.dept_id = d.id;'),
        Example(before="CREATE VIEW v AS SELECT a.id, b.x FROM a, b WHERE a.id = b.a_id(+) AND a.k = b.k(+) AND b.kind(+) = 'X' AND a.flag = 1;", after="CREATE VIEW v AS SELECT a.id, b.x FROM a LEFT JOIN b ON a.id = b.a_id AND a.k = b.k AND b.kind = 'X' WHERE a.flag = 1;"),
    )
