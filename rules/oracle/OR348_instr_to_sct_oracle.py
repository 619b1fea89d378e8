from sct.rules import Effort, Example, Rule, register


@register
class OR348(Rule):
    """INSTR with a start position or an occurrence becomes sct_oracle.instr, which searches as Oracle does.

    PostgreSQL's strpos has neither argument. sct_oracle.instr (in the compatibility schema that schema.sql
    creates when something uses it, docs/sct_oracle.md) counts a negative position from the end and searches
    backwards, returns 0 for position 0, counts overlapping occurrences and reads '' as NULL, as Oracle does.
    INSTR(s, t) and INSTR(s, t, 1, 1) stay strpos(s, t).
    """

    name = "oracle.instr-to-sct-oracle"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT INSTR(path, '/', -1) AS last_slash FROM t;",
                after="CREATE VIEW v AS SELECT sct_oracle.instr(path, '/', -1) AS last_slash FROM t;"),
        Example(before="CREATE VIEW v AS SELECT INSTR(path, '/') AS first_slash FROM t;", applies=False),
    )
