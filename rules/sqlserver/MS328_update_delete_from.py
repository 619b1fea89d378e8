from sct.rules import Effort, Example, Rule, register


@register
class MS328(Rule):
    """UPDATE/DELETE alias ... FROM table alias JOIN ...: the FROM clause's table is the target, as in T-SQL.

    In T-SQL `UPDATE o SET ... FROM orders o JOIN customers c ON ...` updates the rows of `orders o` that the join
    finds. PostgreSQL's UPDATE ... FROM joins the target with the FROM list, so the same text would update a table
    named o, or join a second copy of orders. The target becomes UPDATE orders AS o SET ... FROM customers c WHERE
    <the join conditions> AND <the WHERE> (DELETE FROM orders AS o USING ...). Outer joins of the target and a
    target that is not the first table of FROM are MANUAL.
    """

    name = "sqlserver.update-delete-from"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE orders (id INT, cid INT, status INT)\nGO\nCREATE TABLE c (id INT, vip BIT)\nGO",
                before="UPDATE o SET status = 1 FROM orders o JOIN c ON c.id = o.cid WHERE c.vip = 1\nGO",
                after="UPDATE orders AS o SET status = 1 FROM c WHERE c.id = o.cid AND c.vip = 1;"),
        Example(setup="CREATE TABLE orders (id INT, cid INT, status INT)\nGO\nCREATE TABLE c (id INT, vip BIT)\nGO",
                before="DELETE o FROM orders o INNER JOIN c ON c.id = o.cid WHERE c.vip = 0\nGO",
                after="DELETE FROM orders AS o USING c WHERE c.id = o.cid AND c.vip = 0;"),
    )
