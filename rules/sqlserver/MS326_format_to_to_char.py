from sct.rules import Effort, Example, Rule, register


@register
class MS326(Rule):
    """FORMAT(value, format) with en-US .NET date/time or N/#,##0.00 numeric formats becomes to_char with the same text.

    Date and time specifiers (yyyy, yy, MMMM, MMM, MM, M, dddd, ddd, dd, d, HH, H, hh, h, mm, m, ss, s, fff,
    ffffff, tt), quoted and other literal text and the standard formats d, D, t, T, f, F, g, G, s, M and Y map to
    to_char patterns (FM where .NET does not pad); N0..N99 and #,##0.00-style formats of integer and decimal
    values map to FM patterns with ',' and '.'. A culture other than en-US, a float value, a value of unknown type
    or any other format stays MS398 with the reason.
    """

    name = "sqlserver.format-to-to-char"
    source = "sqlserver"
    effort = Effort.AUTO
    category = "sql"
    examples = (
        Example(setup='CREATE TABLE t (d DATETIME)\nGO',
                before="CREATE VIEW v AS SELECT FORMAT(d, 'dd/MM/yyyy HH:mm') AS s FROM t\nGO",
                after="""CREATE VIEW v AS SELECT TO_CHAR(CAST(d AS TIMESTAMP), 'DD"/"MM"/"YYYY" "HH24":"MI') AS s FROM t;"""),
    )
