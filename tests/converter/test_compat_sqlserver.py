"""The sct_sqlserver compatibility schema and the T-SQL built-ins that call it (TRY_CAST/TRY_CONVERT, CONVERT date
styles), with DATEPART(weekday/week) under DATEFIRST 7 and FORMAT to to_char: each converted call run on the real
PostgreSQL and compared with the value Microsoft's documentation gives.

Values cited from the Microsoft Learn Transact-SQL reference: "TRY_CAST (Transact-SQL)", "TRY_CONVERT
(Transact-SQL)", "CAST and CONVERT (Transact-SQL)" (Date and time styles; "Converting character data": '' to int
is 0, to datetime 1900-01-01), "DATEPART (Transact-SQL)" (week and weekday dateparts), "DATENAME
(Transact-SQL)", "FORMAT (Transact-SQL)" (examples A-C) and ".NET custom date and time format strings".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import psycopg
import pytest

from sct.converter import compat
from sct.converter.emit import postgres
from sct.converter.ir import Effort, View
from sct.converter.pipeline import convert_text
from sct.converter.verify import VerifyUnit, verify

SS = "sct_sqlserver"
LIB = compat.LIBRARIES[SS]
TABLE = "CREATE TABLE t (a INT, b VARCHAR(30), d DATETIME, e DATETIME2, n DECIMAL(10, 2), r FLOAT)\nGO\n"


def convert(text: str):
    return convert_text(text, file="t.sql", source="sqlserver")


def view(expression: str) -> View:
    conversion = convert(f"{TABLE}CREATE VIEW v AS SELECT {expression} AS x FROM t\nGO")
    return next(o for o in conversion.objects if isinstance(o, View))


@pytest.fixture(scope="module")
def compat_db(module_pg):
    """A scratch database holding every function of sct_sqlserver (created as schema.sql creates them)."""
    with psycopg.connect(module_pg, autocommit=True) as conn:
        conn.execute(compat.schema_sql(compat.used_in((f"{SS}.{n}(" for n in LIB.functions), SS), SS))
        yield conn


def converted(expression: str) -> str:
    """The PostgreSQL expression of a T-SQL expression (the view's select list)."""
    sql = view(expression).target_sql
    assert sql is not None, [f.message for f in view(expression).findings]
    return sql.removeprefix("CREATE VIEW v AS SELECT ").removesuffix(" AS x FROM t;")


def run(conn: psycopg.Connection, expression: str):
    return conn.execute(f"SELECT {converted(expression)}").fetchone()[0]


# ---------------------------------------------------------------------------------------------------------
# the schema: versioned, only what is used, first in schema.sql and in what --verify applies


def test_every_function_has_its_version_in_a_comment_and_the_schema_has_its_version(compat_db):
    assert compat_db.execute(f"SELECT {SS}.version()").fetchone()[0] == LIB.version == "1"
    rows = compat_db.execute(f"SELECT p.proname, obj_description(p.oid, 'pg_proc') FROM pg_proc p "
                             f"WHERE p.pronamespace = '{SS}'::regnamespace").fetchall()
    assert {name for name, _ in rows} == set(LIB.functions)
    for name, comment in rows:
        assert comment.startswith(f"{SS} {LIB.functions[name].since}: "), (name, comment)


def test_plpgsql_check_finds_no_error_in_the_functions(compat_db):
    compat_db.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check")
    compat_db.execute("CREATE TABLE IF NOT EXISTS sct_check_t (a int)")      # a table for the trigger functions
    errors = compat_db.execute(
        "SELECT p.oid::regprocedure::text, c.message FROM pg_proc p "
        "JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'plpgsql', "
        "LATERAL plpgsql_check_function_tb(p.oid::regprocedure, CASE WHEN p.prorettype = 'trigger'::regtype "
        "THEN 'sct_check_t'::regclass ELSE 0 END) c "
        f"WHERE p.pronamespace = '{SS}'::regnamespace AND c.level = 'error'").fetchall()
    assert errors == []


def test_no_sct_sqlserver_when_nothing_calls_it():
    conversion = convert(f"{TABLE}CREATE VIEW v AS SELECT CONVERT(varchar(10), d, 101) AS x FROM t\nGO")
    assert SS not in postgres.schema_script(conversion)
    assert not any(isinstance(x, compat.CompatSchema) for x in conversion.ordered)


def test_schema_sql_has_sct_sqlserver_first_and_applies(scratch_pg, psql_apply):
    conversion = convert(f"{TABLE}CREATE VIEW v AS SELECT TRY_CAST(b AS INT) AS x FROM t\nGO\n"
                         "INSERT INTO t (b) VALUES ('12'), ('abc')\nGO")
    script = postgres.schema_script(conversion)
    assert f"CREATE SCHEMA IF NOT EXISTS {SS};" in script and f"FUNCTION {SS}.try_int(" in script
    assert "try_datetime" not in script and "sct_oracle" not in script
    assert script.index(f"FUNCTION {SS}.try_int(") < script.index("CREATE TABLE t")
    first = conversion.ordered[0]
    assert isinstance(first, compat.CompatSchema) and first.schema == SS and first.functions == ["version", "try_int"]
    psql_apply(scratch_pg, script)
    psql_apply(scratch_pg, postgres.data_script(conversion))
    with psycopg.connect(scratch_pg) as conn:
        assert conn.execute("SELECT x FROM v ORDER BY x NULLS LAST").fetchall() == [(12,), (None,)]


def test_verify_applies_the_schema_before_the_objects_that_call_it(pg_dsn):
    conversion = convert(f"{TABLE}CREATE VIEW v AS SELECT TRY_CONVERT(date, b) AS x, "
                         "CONVERT(varchar(30), d, 109) AS y FROM t\nGO")
    units = [VerifyUnit(x, x.target_sql) for x in conversion.ordered if x.target_sql]
    assert isinstance(units[0].obj, compat.CompatSchema)
    result = verify(units, pg_dsn)
    assert result.failed == 0, [u.obj.verification_error for u in units if u.obj.verification_error]


def test_oracle_and_sql_server_schemas_are_separate():
    assert compat.used_in([f"SELECT {SS}.try_int('1', 0, 9)"]) == []
    assert compat.used_in([f"SELECT {SS}.try_int('1', 0, 9)"], SS) == ["version", "try_int"]
    with pytest.raises(KeyError):
        compat.call("try_int", schema="sct_oracle")


# ---------------------------------------------------------------------------------------------------------
# TRY_CAST / TRY_CONVERT (MS323)

TRY = [
    # TRY_CAST (Transact-SQL) example A and TRY_CONVERT example A: a string that is no number is NULL
    ("TRY_CAST('test' AS float)", None),
    ("TRY_CONVERT(float, 'test')", None),
    # TRY_CAST example C / TRY_CONVERT example C: mm/dd/yyyy is read (us_english, DATEFORMAT mdy)
    ("TRY_CAST('12/31/2022' AS DATETIME2)", dt.datetime(2022, 12, 31)),
    ("TRY_CONVERT(datetime2, '12/31/2010')", dt.datetime(2010, 12, 31)),
    # CAST and CONVERT: int from character data: sign and digits, spaces around them; '' is 0
    ("TRY_CAST('abc' AS int)", None),
    ("TRY_CAST('12.5' AS int)", None),
    ("TRY_CAST(' 12 ' AS int)", 12),
    ("TRY_CAST('-7' AS int)", -7),
    ("TRY_CAST('' AS int)", 0),
    ("TRY_CAST('1e3' AS int)", None),
    ("TRY_CAST(NULL AS int)", None),
    ("TRY_CAST('256' AS tinyint)", None),           # tinyint is 0 to 255
    ("TRY_CAST('-1' AS tinyint)", None),
    ("TRY_CAST('255' AS tinyint)", 255),
    ("TRY_CAST('2147483648' AS int)", None),        # int range
    ("TRY_CAST('9223372036854775807' AS bigint)", 9223372036854775807),
    ("TRY_CAST(300 AS tinyint)", None),
    # decimal: rounded to the scale; precision overflow (error 8115) is NULL; no exponent, '' fails
    ("TRY_CAST('12.345' AS decimal(5, 2))", Decimal("12.35")),
    ("TRY_CAST('1234.5' AS decimal(5, 2))", None),
    ("TRY_CAST('1e3' AS decimal(10, 2))", None),
    ("TRY_CAST('' AS decimal(10, 2))", None),
    ("TRY_CAST('.5' AS numeric(3, 1))", Decimal("0.5")),
    # float: exponent forms; '' is 0; PostgreSQL's Infinity/NaN are no numbers in SQL Server
    ("TRY_CAST('1.5E3' AS float)", 1500.0),
    ("TRY_CAST('' AS float)", 0.0),
    ("TRY_CAST('Infinity' AS float)", None),
    ("TRY_CAST('NaN' AS float)", None),
    # dates: one that does not exist, out of the type's range, ISO 8601, yyyymmdd, AM/PM, '' is 1900-01-01
    ("TRY_CONVERT(date, '2024-02-30')", None),
    ("TRY_CONVERT(date, '2024-02-29')", dt.date(2024, 2, 29)),
    ("TRY_CAST('20240131' AS date)", dt.date(2024, 1, 31)),
    ("TRY_CAST('2024-13-01' AS date)", None),
    ("TRY_CAST('abc' AS date)", None),
    ("TRY_CAST('today' AS date)", None),
    ("TRY_CAST('' AS datetime)", dt.datetime(1900, 1, 1)),
    ("TRY_CAST('1752-12-31' AS datetime)", None),      # datetime starts on 1753-01-01
    ("TRY_CAST('1752-12-31' AS datetime2)", dt.datetime(1752, 12, 31)),
    ("TRY_CAST('2007-04-30T01:01:01.123' AS datetime)", dt.datetime(2007, 4, 30, 1, 1, 1, 123000)),
    ("TRY_CAST('12/31/2010 10:05 PM' AS datetime)", dt.datetime(2010, 12, 31, 22, 5)),
    ("TRY_CAST('12/31/2010 12:05 AM' AS datetime)", dt.datetime(2010, 12, 31, 0, 5)),
    ("TRY_CAST('2010-12-31 10:05:01:5' AS datetime2)", dt.datetime(2010, 12, 31, 10, 5, 1, 5000)),  # :5 is 5 ms
    ("TRY_CAST('2010-12-31 25:00' AS datetime)", None),
    ("TRY_CAST('2079-06-07' AS smalldatetime)", None),  # smalldatetime ends on 2079-06-06
    ("TRY_CAST('2000-01-01 10:20:40' AS smalldatetime)", dt.datetime(2000, 1, 1, 10, 21)),
    ("TRY_CAST('1/2/30' AS date)", dt.date(2030, 1, 2)),   # two digit year cutoff 2049
    ("TRY_CAST('1/2/50' AS date)", dt.date(1950, 1, 2)),
    ("TRY_CAST('Apr 30 2007' AS date)", dt.date(2007, 4, 30)),
    ("TRY_CAST('abc' AS varchar(2))", "ab"),
]


@pytest.mark.parametrize("expression, expected", TRY, ids=[e for e, _ in TRY])
def test_try_cast_gives_what_sql_server_documents(compat_db, expression, expected):
    got = run(compat_db, expression)
    if isinstance(expected, float) and got is not None:
        got = float(got)
    assert got == expected


@pytest.mark.parametrize("expression", [
    "TRY_CAST(n AS int)",                   # from decimal: SQL Server truncates, not converted
    "TRY_CONVERT(date, b, 103)",            # a style
    "TRY_CAST(b AS money)",                 # $ and , in money text
    "TRY_CAST(b AS bit)",
])
def test_try_cast_left_manual(expression):
    found = view(expression).findings
    assert any(f.rule_id == "MS323" and f.effort is Effort.MANUAL for f in found), found


def test_try_cast_of_a_column_to_a_date_is_for_review():
    found = view("TRY_CONVERT(date, b)").findings
    assert [f.effort for f in found if f.rule_id == "MS323"] == [Effort.REVIEW]


# ---------------------------------------------------------------------------------------------------------
# CONVERT date styles (MS324). CAST and CONVERT example G: GETDATE() 2022-04-18 09:58:04.570 gives
# 'Apr 18 2022  9:58AM' as text (no style) and '2022-04-18T09:58:04.570' with style 126.

D = "CAST('2022-04-18 09:58:04.570' AS datetime)"
STYLES = [
    (f"CAST({D} AS nvarchar(30))", "Apr 18 2022  9:58AM"),
    (f"CONVERT(nvarchar(30), {D}, 126)", "2022-04-18T09:58:04.570"),
    (f"CONVERT(varchar(30), {D})", "Apr 18 2022  9:58AM"),
    (f"CONVERT(varchar(30), {D}, 0)", "Apr 18 2022  9:58AM"),
    (f"CONVERT(varchar(30), {D}, 100)", "Apr 18 2022  9:58AM"),
    (f"CONVERT(varchar(30), {D}, 109)", "Apr 18 2022  9:58:04:570AM"),
    (f"CONVERT(varchar(30), {D}, 9)", "Apr 18 2022  9:58:04:570AM"),
    (f"CONVERT(varchar(30), {D}, 113)", "18 Apr 2022 09:58:04:570"),
    (f"CONVERT(varchar(30), {D}, 13)", "18 Apr 2022 09:58:04:570"),
    # the day padded with a space, PM, noon and midnight
    ("CONVERT(varchar(30), CAST('2008-01-05 17:44:09.953' AS datetime), 100)", "Jan  5 2008  5:44PM"),
    ("CONVERT(varchar(30), CAST('2008-01-05 12:00' AS datetime), 100)", "Jan  5 2008 12:00PM"),
    ("CONVERT(varchar(30), CAST('2008-01-05 00:00' AS datetime), 109)", "Jan  5 2008 12:00:00:000AM"),
    ("CONVERT(varchar(30), CAST('2008-01-15 17:37:13.163' AS datetime), 113)", "15 Jan 2008 17:37:13:163"),
    # 126 without .mmm when the milliseconds are 0; varchar(n) cuts as SQL Server does
    ("CONVERT(varchar(30), CAST('2022-11-07 00:00:00' AS datetime), 126)", "2022-11-07T00:00:00"),
    ("CONVERT(varchar(11), CAST('2008-01-05 17:44:09.953' AS datetime), 100)", "Jan  5 2008"),
    ("CONVERT(varchar(30), CAST(NULL AS datetime), 109)", None),
]


@pytest.mark.parametrize("expression, expected", STYLES, ids=[e for e, _ in STYLES])
def test_convert_styles_give_what_sql_server_documents(compat_db, expression, expected):
    assert run(compat_db, expression) == expected


@pytest.mark.parametrize("expression", [
    "CONVERT(varchar(30), e, 109)",         # datetime2: 7 fraction digits
    "CONVERT(varchar(30), e, 126)",
    "CONVERT(varchar(30), d, 127)",
])
def test_convert_styles_left_manual(expression):
    found = view(expression).findings
    assert any(f.rule_id in ("MS303", "MS324") and f.effort is Effort.MANUAL for f in found), found


# ---------------------------------------------------------------------------------------------------------
# DATEPART(weekday/week), DATENAME(week) under SET DATEFIRST 7 (MS325). DATEPART, "week and weekday datepart
# arguments": 2007-04-21 (a Saturday) is week 16, weekday 7 under DATEFIRST 7; DATENAME example:
# '2007-10-30 12:15:32.1234567' is week 44.

WEEKS = [
    ("DATEPART(weekday, '2007-04-21')", 7),
    ("DATEPART(week, '2007-04-21')", 16),
    ("DATEPART(dw, '2007-04-22')", 1),               # Sunday
    ("DATEPART(wk, '2007-01-01')", 1),
    ("DATEPART(ww, '2005-01-01')", 1),               # a Saturday: week 1 is one day long
    ("DATEPART(ww, '2005-01-02')", 2),               # the next Sunday starts week 2
    ("DATEPART(week, '2005-12-31')", 53),
    ("DATEPART(week, '2000-12-31')", 54),            # leap year starting on Saturday: 54 weeks
    ("DATENAME(week, '2007-10-30 12:15:32.123456')", "44"),
    ("DATENAME(weekday, '2007-10-30 12:15:32.123456')", "Tuesday"),
    ("DATEPART(weekday, NULL)", None),
]


@pytest.mark.parametrize("expression, expected", WEEKS, ids=[e for e, _ in WEEKS])
def test_weekday_and_week_under_datefirst_7(compat_db, expression, expected):
    assert run(compat_db, expression) == expected


def test_datefirst_7_is_said_in_the_finding():
    found = view("DATEPART(weekday, d)").findings
    assert any(f.rule_id == "MS325" and "DATEFIRST 7" in f.message for f in found)


# ---------------------------------------------------------------------------------------------------------
# FORMAT (MS326). FORMAT (Transact-SQL) example A: 2020-11-22 with 'd' is 11/22/2020 and with 'D' Sunday,
# November 22, 2020 (en-US); example C: custom format 'dd/MM/yyyy' is 22/11/2020; .NET custom formats.

DAY = "CAST('2020-11-22 09:05:07.123' AS datetime)"
FORMATS = [
    (f"FORMAT({DAY}, 'd', 'en-US')", "11/22/2020"),
    (f"FORMAT({DAY}, 'D', 'en-US')", "Sunday, November 22, 2020"),
    (f"FORMAT({DAY}, 'dd/MM/yyyy', 'en-US')", "22/11/2020"),
    (f"FORMAT({DAY}, 'yyyy-MM-dd')", "2020-11-22"),
    (f"FORMAT({DAY}, 'MMM d, yy')", "Nov 22, 20"),
    (f"FORMAT({DAY}, 'ddd M/d H:mm:ss.fff')", "Sun 11/22 9:05:07.123"),
    (f"FORMAT({DAY}, 'hh:mm tt')", "09:05 AM"),
    (f"FORMAT({DAY}, 'h \"o''clock\" dddd')", "9 o'clock Sunday"),
    (f"FORMAT({DAY}, 'yyyyMMddTHHmmss')", "20201122T090507"),
    (f"FORMAT({DAY}, 'T')", "9:05:07 AM"),
    (f"FORMAT({DAY}, 's')", "2020-11-22T09:05:07"),
    ("FORMAT(CAST('2020-03-01 15:00' AS datetime), 'MMMM d')", "March 1"),
    ("FORMAT(CAST(NULL AS datetime), 'yyyy')", None),
    # standard numeric N: group separators, n decimals rounded half away from zero
    ("FORMAT(1234567.891, 'N')", "1,234,567.89"),
    ("FORMAT(1234567.891, 'N0')", "1,234,568"),
    ("FORMAT(CAST(-1234.5 AS decimal(10, 2)), 'N2', 'en-US')", "-1,234.50"),
    ("FORMAT(0.125, 'N2')", "0.13"),
    ("FORMAT(7, 'N1')", "7.0"),
    ("FORMAT(1234567, '#,##0.00')", "1,234,567.00"),
    ("FORMAT(5, '000')", "005"),
    ("FORMAT(12.5, '0.0')", "12.5"),
]


@pytest.mark.parametrize("expression, expected", FORMATS, ids=[e for e, _ in FORMATS])
def test_format_gives_what_dotnet_gives(compat_db, expression, expected):
    assert run(compat_db, expression) == expected


@pytest.mark.parametrize("expression", [
    "FORMAT(d, 'dd.MM.yyyy', 'de-DE')",     # another culture
    "FORMAT(r, 'N2')",                      # float: .NET's own rounding
    "FORMAT(d, 'yyyy-MM-dd zzz')",          # a time zone offset
    "FORMAT(a, '###-##-####')",             # FORMAT example: a custom digit pattern
    "FORMAT(a, 'C')",                       # currency
    "FORMAT(d, b)",                         # not a literal
])
def test_format_left_manual_with_the_reason(expression):
    found = view(expression).findings
    assert any(f.rule_id == "MS398" and f.effort is Effort.MANUAL and "not converted: " in f.message
               for f in found), found
