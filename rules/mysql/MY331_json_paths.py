from sct.rules import Effort, Example, Rule, register


@register
class MY331(Rule):
    """JSON_EXTRACT and ->/->> become PostgreSQL's json path functions: wildcard and range paths and result types differ.

    sqlglot writes `JSON_EXTRACT(doc, '$.a.b')` as `JSON_EXTRACT_PATH(doc, 'a', 'b')`, which is the same for
    plain member and index paths. MySQL paths with `[*]`, `**`, `[last]` or ranges have no such form, and MySQL
    returns JSON where a PostgreSQL operator may return text: check each path.
    """

    name = "mysql.json-paths"
    source = "mysql"
    effort = Effort.REVIEW
    category = "sql"
    examples = (
        Example(setup="CREATE TABLE t (doc JSON);",
                before="CREATE VIEW v AS SELECT JSON_EXTRACT(doc, '$.name') AS n FROM t;",
                after="CREATE VIEW v AS SELECT JSON_EXTRACT_PATH(doc, 'name') AS n FROM t;"),
    )
