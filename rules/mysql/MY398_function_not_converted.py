from sct.rules import Effort, Example, Rule, register


@register
class MY398(Rule):
    """A MySQL function with no PostgreSQL conversion that keeps its meaning: the object is left out.

    Every function call of the MySQL source is either rewritten (the MY3xx rules), a function PostgreSQL has
    with the same meaning (UPPER, COALESCE, ROUND, COUNT, ...; the list is `SAME_MEANING` in
    converter/dialects/mysql_sql.py), a stored function of the scripts, or this finding. Examples:
    SUBSTRING_INDEX, FORMAT, HEX/UNHEX, SHA1, WEEK (its modes), DAYOFWEEK (1 is Sunday), MONTHNAME and DAYNAME
    (PostgreSQL pads names), ASCII/ORD (bytes vs code points), UUID, DATABASE(), USER(), and functions the
    scripts call but do not define. Close cousins with their own rules: GREATEST/LEAST (MY328), SUBSTRING /
    LEFT / RIGHT positions (MY329), MOD by zero (MY330), JSON paths (MY331).
    """

    name = "mysql.function-not-converted"
    source = "mysql"
    effort = Effort.MANUAL
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE host (name VARCHAR(100));",
                before="CREATE VIEW domains AS SELECT SUBSTRING_INDEX(name, '.', -2) AS domain FROM host;"),
        Example(setup="CREATE TABLE t (d DATE);",
                before="CREATE VIEW v AS SELECT WEEK(d) AS w FROM t;"),
    )
