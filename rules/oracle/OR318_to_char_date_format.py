from sct.rules import Effort, Example, Rule, register


@register
class OR318(Rule):
    """TO_CHAR(date, fmt) keeps to_char with the format model translated to PostgreSQL's spelling.

    Elements PostgreSQL lacks (SYYYY, YEAR, SP, TZR, DL, DS, TS) are reported for review; RR prints like YY
    and RRRR like YYYY. Month and day names follow lc_time only with the TM prefix in PostgreSQL and are
    English otherwise, like Oracle with NLS_DATE_LANGUAGE = AMERICAN.
    """

    name = "oracle.to-char-date-format"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(before="CREATE VIEW v AS SELECT TO_CHAR(hired, 'DD.MM.RRRR HH24:MI') AS h FROM emp;", after="CREATE VIEW v AS SELECT TO_CHAR(hired, 'DD.MM.YYYY HH24:MI') AS h FROM emp;"),
    )
