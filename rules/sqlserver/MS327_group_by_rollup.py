from sct.rules import Effort, Example, Rule, register


@register
class MS327(Rule):
    """GROUP BY ... WITH ROLLUP / WITH CUBE becomes GROUP BY ROLLUP (...) / CUBE (...), the same grouping sets.

    The old T-SQL spelling puts the option after the grouping columns; PostgreSQL writes the grouping sets as a
    function of the columns. GROUPING(col) means the same in both.
    """

    name = "sqlserver.group-by-rollup"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE dbo.titles (pub_id CHAR(4) NULL, price MONEY NULL)\nGO",
                before="CREATE VIEW dbo.avg_price AS\nSELECT CASE WHEN GROUPING(pub_id) = 1 THEN 'ALL' ELSE pub_id END AS pub_id, "
                       "AVG(price) AS avg_price\nFROM dbo.titles GROUP BY pub_id WITH ROLLUP\nGO",
                after="CREATE VIEW avg_price AS SELECT CASE WHEN GROUPING(pub_id) = 1 THEN 'ALL' ELSE pub_id END AS "
                      "pub_id, AVG(price) AS avg_price FROM titles GROUP BY ROLLUP (pub_id);"),
    )
