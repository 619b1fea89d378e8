from sct.rules import Effort, Example, Rule, register


@register
class OR338(Rule):
    """REGEXP_LIKE/SUBSTR/INSTR/REPLACE/COUNT map to PostgreSQL 15's functions with the match flags translated.

    Oracle's default match ('.' does not match a newline) is PostgreSQL flag 'p'; Oracle 'n' is 's', 'm' is
    'n' (with 'n': 'w'). REGEXP_REPLACE replaces every occurrence in Oracle, so occurrence 0 is passed. A
    pattern computed at run time is reported for review: the two regular expression dialects differ in
    details (e.g. backslashes inside brackets). A match parameter computed at run time is translated when it
    runs, by sct_oracle.regexp_flags (docs/sct_oracle.md).
    """

    name = "oracle.regexp-functions"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT REGEXP_REPLACE(s, '[0-9]+', '#') AS r FROM t;", after="CREATE VIEW v AS SELECT REGEXP_REPLACE(s, '[0-9]+', '#', 1, 0) AS r FROM t;"),
        Example(before="CREATE VIEW v AS SELECT s FROM t WHERE REGEXP_LIKE(s, '^a', t.flags);",
                after="CREATE VIEW v AS SELECT s FROM t WHERE REGEXP_LIKE(s, '^a', sct_oracle.regexp_flags(t.flags));"),
    )
