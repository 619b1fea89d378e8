from sct.rules import Effort, Example, Rule, register


@register
class OR316(Rule):
    """TO_DATE(s, fmt) becomes CAST(to_timestamp(s, fmt) AS timestamp(0)), with the format model translated.

    An Oracle DATE carries a time of day; PostgreSQL to_date drops it, so the converter uses to_timestamp.
    Most format elements are spelled the same; differences are translated (FF -> FF6) or reported: two-digit
    years (RR, YY) read differently, a format without month takes the current month in Oracle and January
    in PostgreSQL, and SYYYY, YEAR, SP, TZR... have no equivalent. to_timestamp reads the text in the
    session time zone, so a local time inside a daylight-saving gap moves by an hour. A literal read by a
    format of four-digit years, months, days, times and fractions is read at conversion time instead and
    becomes a timestamp literal: exact, with no time zone involved (fractions beyond 6 digits round).
    """

    name = "oracle.to-date-to-to-timestamp"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT TO_DATE(s, 'YYYY-MM-DD HH24:MI:SS') AS d FROM t;",
                after="CREATE VIEW v AS SELECT CAST(TO_TIMESTAMP(s, 'YYYY-MM-DD HH24:MI:SS') AS TIMESTAMP(0)) AS d FROM t;"),
        Example(before="CREATE VIEW v AS SELECT TO_DATE('31-JAN-2024 01:45 PM', 'DD-MON-YYYY HH:MI AM') AS d FROM dual;",
                after="CREATE VIEW v AS SELECT CAST('2024-01-31 13:45:00' AS TIMESTAMP(0)) AS d;"),
        Example(before="CREATE VIEW v AS SELECT TO_DATE(s, 'DD-MON-RR') AS d FROM t;"),
    )
