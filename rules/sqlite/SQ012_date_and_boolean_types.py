from sct.rules import Effort, Example, Rule, register


@register
class SQ012(Rule):
    """DATE, DATETIME, TIMESTAMP, TIME and BOOLEAN columns become date, timestamp, time and boolean: values must parse.

    SQLite has no date or boolean type: such a column has NUMERIC affinity and holds what the application
    wrote, usually ISO text ('2024-01-31 12:00:00'), sometimes Julian day numbers or Unix times, and 0/1 for
    booleans. The target keeps the declared meaning (timestamp without time zone, as SQLite's own date
    functions work in UTC without a zone); every value must parse as that type to load.
    """

    name = "sqlite.date-and-boolean-types"
    source = "sqlite"
    effort = Effort.REVIEW
    category = "types"
    examples = (
        Example(before="CREATE TABLE t (born TEXT);", applies=False),
        Example(before="CREATE TABLE t (born DATE, seen DATETIME, active BOOLEAN DEFAULT 1);",
                after="CREATE TABLE t (\n    born date,\n    seen timestamp,\n    active boolean DEFAULT TRUE\n);"),
    )
