"""T-SQL expressions to PostgreSQL: each rewrite run on the real PostgreSQL and compared with the value SQL Server
documents for the same call (the Microsoft Learn T-SQL reference page of each function, cited per case), and
what stays a finding."""

from __future__ import annotations

import datetime
from decimal import Decimal

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import Effort, View
from sct.converter.pipeline import convert_text


def convert(text: str):
    return convert_text(text, file="t.sql", source="sqlserver")


def view_sql(expression: str, setup: str = "") -> str:
    conversion = convert(f"{setup}CREATE VIEW v AS SELECT {expression} AS x\nGO")
    return next(o for o in conversion.objects if isinstance(o, View)).target_sql


def view_findings(expression: str, setup: str = "") -> list:
    conversion = convert(f"{setup}CREATE VIEW v AS SELECT {expression} AS x\nGO")
    return next(o for o in conversion.objects if isinstance(o, View)).findings


# (T-SQL expression, the value SQL Server documents, where it is documented)
DOCUMENTED = [
    # DATEDIFF (Transact-SQL), "Examples": every part counts one boundary between these two values. The
    # documented values have 7 decimals (datetime2); PostgreSQL keeps 6, so 6 are used.
    *[(f"DATEDIFF({part}, '2005-12-31 23:59:59.999999', '2006-01-01 00:00:00.000000')", 1, "DATEDIFF example")
      for part in ("year", "quarter", "month", "dayofyear", "day", "week", "hour", "minute", "second",
                   "millisecond", "microsecond")],
    ("DATEDIFF(day, '2007-05-07 09:53:01.0376635', '2007-05-08 09:53:01.0376635')", 1, "DATEDIFF remarks"),
    ("DATEDIFF(year, '2020-01-01', '2020-12-31')", 0, "DATEDIFF: no year boundary crossed"),
    ("DATEDIFF(month, '2020-01-31', '2020-02-01')", 1, "DATEDIFF: one month boundary"),
    ("DATEDIFF(hour, '2020-01-01 10:59', '2020-01-01 11:00')", 1, "DATEDIFF: one hour boundary"),
    ("DATEDIFF(day, '2020-01-02', '2020-01-01')", -1, "DATEDIFF: end before start is negative"),
    # DATEADD (Transact-SQL), "datepart argument": month addition keeps the end of the month
    ("DATEADD(month, 1, '20060830')", datetime.datetime(2006, 9, 30), "DATEADD month example"),
    ("DATEADD(month, 1, '20060831')", datetime.datetime(2006, 9, 30), "DATEADD month example"),
    ("DATEADD(day, -1, '2007-01-01')", datetime.datetime(2006, 12, 31), "DATEADD"),
    # DATEPART / DATENAME / YEAR: "Examples"
    ("DATEPART(year, '2007-04-30 01:01:01.1234567')", 2007, "DATEPART"),
    ("DATEPART(dayofyear, '2007-04-30')", 120, "DATEPART dayofyear"),
    # the documented argument is the time '00:00:01.1234567'; DATEPART reads a string as a datetime here
    ("DATEPART(millisecond, '2007-04-30 00:00:01.1234567')", 123, "DATEPART millisecond"),
    ("YEAR('2010-04-30T01:01:01.1234567-07:00')", 2010, "YEAR example"),
    ("DATENAME(month, '2007-10-30 12:15:32.123456')", "October", "DATENAME example"),
    ("DATENAME(weekday, '2007-10-30 12:15:32.123456')", "Tuesday", "DATENAME example"),
    # EOMONTH (Transact-SQL), examples A-C
    ("EOMONTH('12/1/2011')", datetime.date(2011, 12, 31), "EOMONTH example A"),
    ("EOMONTH('12/1/2011', 1)", datetime.date(2012, 1, 31), "EOMONTH example C"),
    ("EOMONTH('12/1/2011', -1)", datetime.date(2011, 11, 30), "EOMONTH example C"),
    # LEN (Transact-SQL): trailing spaces are not counted
    ("LEN('abc   ')", 3, "LEN remarks"),
    ("LEN('  abc')", 5, "LEN: leading spaces count"),
    # CHARINDEX (Transact-SQL), examples A and B
    ("CHARINDEX('bicycle', 'Reflectors are vital safety components of your bicycle.')", 48, "CHARINDEX example A"),
    ("CHARINDEX('vital', 'Reflectors are vital safety components of your bicycle.', 5)", 16, "CHARINDEX example B"),
    ("CHARINDEX('bike', 'Reflectors are vital safety components of your bicycle.')", 0, "CHARINDEX example C"),
    # STUFF (Transact-SQL) example; REPLICATE; ISNULL; IIF; CHOOSE
    ("STUFF('abcdef', 2, 3, 'ijklmn')", "aijklmnef", "STUFF example"),
    ("REPLICATE('0', 4) + '12'", "000012", "REPLICATE"),
    ("ISNULL(NULL, 'x')", "x", "ISNULL"),
    ("IIF(45 > 30, 'TRUE', 'FALSE')", "TRUE", "IIF example A"),
    ("CHOOSE(3, 'Manager', 'Director', 'Developer', 'Tester')", "Developer", "CHOOSE example A"),
    ("CHOOSE(5, 'a', 'b')", None, "CHOOSE: out of range is NULL"),
    # CAST and CONVERT (Transact-SQL), "Date and time styles"
    ("CONVERT(varchar(10), CAST('2006-12-30 00:38:54.840' AS datetime), 101)", "12/30/2006", "CONVERT style 101"),
    ("CONVERT(varchar(10), CAST('2006-12-30 00:38:54.840' AS datetime), 103)", "30/12/2006", "CONVERT style 103"),
    ("CONVERT(varchar(8), CAST('2006-12-30 00:38:54.840' AS datetime), 112)", "20061230", "CONVERT style 112"),
    ("CONVERT(varchar(19), CAST('2006-12-30 00:38:54.840' AS datetime), 120)", "2006-12-30 00:38:54",
     "CONVERT style 120"),
    ("CONVERT(varchar(23), CAST('2006-12-30 00:38:54.840' AS datetime), 121)", "2006-12-30 00:38:54.840",
     "CONVERT style 121"),
    ("CONVERT(money, 10.123456)", "10.1235", "CONVERT to money rounds to 4 decimals"),
    # + concatenation: NULL + 'x' is NULL (CONCAT_NULL_YIELDS_NULL ON, the only setting in current versions)
    ("'a' + NULL", None, "+ (String Concatenation)"),
    ("N'abc' + 'def'", "abcdef", "+ (String Concatenation)"),
    # ROUND example A gives 123.9990 and C 150.00: SQL Server keeps the argument's scale, PostgreSQL gives the
    # rounded scale (123.999, 150): the same numbers
    ("ROUND(123.9994, 3)", Decimal("123.9990"), "ROUND example A"),
    ("ROUND(150.75, 0, 1)", Decimal("150.00"), "ROUND example C (truncation)"),
    # CAST and CONVERT (Transact-SQL), "Truncating and rounding results": decimal and float to int truncate
    # (example: CAST(10.6496 AS int) is 10), money to int rounds
    ("CAST(10.6496 AS int)", 10, "CAST: decimal to int truncates"),
    ("CAST(-10.6496 AS int)", -10, "CAST: decimal to int truncates toward zero"),
    ("CONVERT(int, CAST(2.9 AS float))", 2, "CAST: float to int truncates"),
    ("CAST(CAST(10.6 AS money) AS int)", 11, "CAST: money to int rounds"),
    # POWER (Transact-SQL), example B: the result has the type of the first argument
    ("POWER(CAST(2.0 AS float), -2)", 0.25, "POWER example B, float"),
    ("POWER(2, 10)", 1024, "POWER of integers is an integer"),
    # the first-of-month idiom: 0 is the datetime 1900-01-01 (datetime, "Converting other date and time types")
    ("DATEADD(month, DATEDIFF(month, 0, '2024-05-17 13:45'), 0)", datetime.datetime(2024, 5, 1), "day 0 idiom"),
    ("DATEADD(day, DATEDIFF(day, 0, '2024-05-17 13:45'), 0)", datetime.datetime(2024, 5, 17), "day 0 idiom"),
]


def test_rewrites_give_the_values_sql_server_documents(scratch_pg, psql_apply):
    setup = ""
    views = []
    for n, (expression, _expected, _where) in enumerate(DOCUMENTED):
        setup += f"CREATE VIEW v{n} AS SELECT {expression} AS x\nGO\n"
        views.append(f"v{n}")
    conversion = convert(setup)
    left_out = [(o.name.name, [f.message for f in o.findings]) for o in conversion.objects if o.target_sql is None]
    assert not left_out
    psql_apply(scratch_pg, postgres.schema_script(conversion))
    wrong = []
    with psycopg.connect(scratch_pg) as conn:
        for view, (expression, expected, where) in zip(views, DOCUMENTED, strict=True):
            got = conn.execute(f"SELECT x FROM {view}").fetchone()[0]
            got = str(got) if got is not None and isinstance(expected, str) else got
            if got != expected:
                wrong.append(f"{expression}: {got!r}, SQL Server documents {expected!r} ({where})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("expression, expected", [
    ("ISNULL(a, 0)", "COALESCE(a, 0)"),
    ("IIF(a > 1, 1, 2)", "CASE WHEN a > 1 THEN 1 ELSE 2 END"),
    ("LEN(b)", "LENGTH(RTRIM(CAST(b AS TEXT)))"),
    ("b + 'x'", "b || 'x'"),
    ("GETDATE()", "CAST(STATEMENT_TIMESTAMP() AS TIMESTAMP)"),
    ("CURRENT_TIMESTAMP", "CAST(STATEMENT_TIMESTAMP() AS TIMESTAMP)"),
    ("SYSUTCDATETIME()", "STATEMENT_TIMESTAMP() AT TIME ZONE 'UTC'"),
    ("NEWID()", "GEN_RANDOM_UUID()"),
    ("N'x'", "'x'"),
    ("0x0A", "CAST('\\x0a' AS BYTEA)"),
    ("UPPER(b)", "UPPER(b)"),
    ("CAST(a AS NVARCHAR(MAX))", "CAST(a AS TEXT)"),
    ("TRY_CAST('5' AS INT)", "CAST(sct_sqlserver.try_int('5', -2147483648, 2147483647) AS INT)"),
    ("TRY_CAST('5' AS TINYINT)", "CAST(sct_sqlserver.try_int('5', 0, 255) AS SMALLINT)"),
    ("TRY_CONVERT(DECIMAL(5, 2), '5')", "CAST(sct_sqlserver.try_numeric('5', 5, 2) AS DECIMAL(5, 2))"),
    ("DATEPART(weekday, a)", "CAST(EXTRACT(DOW FROM CAST(a AS TIMESTAMP)) + 1 AS INT)"),
    ("FORMAT(12, 'N0')", "TO_CHAR(12, 'FM999,999,999,999,999,999,999,999,999,990')"),
])
def test_rewrites(expression, expected):
    sql = view_sql(expression, "CREATE TABLE t (a INT, b VARCHAR(10))\nGO\n").replace(" FROM t", "")
    assert sql == f"CREATE VIEW v AS SELECT {expected} AS x;"


@pytest.mark.parametrize("expression, rule", [
    ("'5' + a", "MS304"),                          # SQL Server adds: '5' + 1 is 6
    ("SOUNDEX(b)", "MS398"),
    ("TRY_CAST(a * 1.5 AS INT)", "MS323"),         # from a decimal: not converted (sct_sqlserver reads text)
    ("CONVERT(varchar(30), d, 127)", "MS303"),     # style 127: Z for datetimeoffset only
    ("CONVERT(varchar(30), e, 109)", "MS324"),     # datetime2: 7 fraction digits
    ("CONVERT(varchar(30), e)", "MS303"),          # datetime2 as text without a style
    ("DATEPART(nanosecond, d)", "MS308"),
    ("FORMAT(d, 'dd.MM.yyyy', 'de-DE')", "MS398"),  # a culture other than en-US
    ("dbo.my_function(a)", "MS398"),
])
def test_what_has_no_exact_conversion_is_left_out(expression, rule):
    found = view_findings(expression + " FROM t",
                          "CREATE TABLE t (a INT, b VARCHAR(10), d DATETIME, e DATETIME2)\nGO\n")
    assert any(f.rule_id == rule and f.effort is Effort.MANUAL for f in found), found


def test_call_of_a_routine_of_the_scripts_names_it():
    conversion = convert("CREATE FUNCTION dbo.tax (@x money) RETURNS money AS BEGIN RETURN @x * 0.2 END\nGO\n"
                         "CREATE VIEW v AS SELECT dbo.tax(1) AS x\nGO\n"
                         "CREATE FUNCTION dbo.bad (@x money) RETURNS money AS BEGIN GOTO x END\nGO\n"
                         "CREATE VIEW w AS SELECT dbo.bad(1) AS x\nGO")
    v, w = conversion.objects[1], conversion.objects[3]
    assert v.target_sql == "CREATE VIEW v AS SELECT tax(1) AS x;"
    assert [o.name.name for o in conversion.ordered] == ["tax", "v"]      # the function first
    assert w.target_sql is None and "function bad" in w.findings[0].message


def test_top_offset_fetch_and_apply(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE t (a INT)\nGO\nCREATE TABLE u (a INT, b INT)\nGO\n"
                         "INSERT t VALUES (1), (2), (2), (3)\nGO\nINSERT u VALUES (1, 10), (1, 11), (3, 30)\nGO\n"
                         "CREATE VIEW top2 AS SELECT TOP 2 WITH TIES a FROM t ORDER BY a DESC\nGO\n"
                         "CREATE VIEW page AS SELECT a FROM t ORDER BY a OFFSET 1 ROWS FETCH NEXT 2 ROWS ONLY\nGO\n"
                         "CREATE VIEW cross_apply AS SELECT t.a, x.b FROM t CROSS APPLY "
                         "(SELECT TOP 1 b FROM u WHERE u.a = t.a ORDER BY b DESC) x\nGO\n"
                         "CREATE VIEW outer_apply AS SELECT t.a, x.b FROM t OUTER APPLY "
                         "(SELECT MIN(b) AS b FROM u WHERE u.a = t.a) x\nGO\n"
                         "CREATE VIEW pct AS SELECT TOP 10 PERCENT a FROM t ORDER BY a\nGO")
    pct = conversion.objects[-1]
    assert pct.target_sql is None and pct.findings[-1].rule_id == "MS309"
    psql_apply(scratch_pg, postgres.schema_script(conversion) + postgres.data_script(conversion))
    with psycopg.connect(scratch_pg) as conn:
        assert conn.execute("SELECT a FROM top2").fetchall() == [(3,), (2,), (2,)]      # ties kept
        assert conn.execute("SELECT a FROM page").fetchall() == [(2,), (2,)]
        assert sorted(conn.execute("SELECT a, b FROM cross_apply").fetchall()) == [(1, 11), (3, 30)]
        assert sorted(conn.execute("SELECT a, b FROM outer_apply").fetchall(), key=str) == [
            (1, 10), (2, None), (2, None), (3, 30)]


def test_like_character_classes_become_similar_to(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE t (s VARCHAR(10))\nGO\nINSERT t VALUES ('a1'), ('d1'), ('a+'), ('b|')\nGO\n"
                         "CREATE VIEW classes AS SELECT s FROM t WHERE s LIKE '[a-c][0-9]'\nGO\n"
                         "CREATE VIEW literal_plus AS SELECT s FROM t WHERE s LIKE '[a]+'\nGO\n"
                         "CREATE VIEW negated AS SELECT s FROM t WHERE s LIKE '[^a]%'\nGO")
    psql_apply(scratch_pg, postgres.schema_script(conversion) + postgres.data_script(conversion))
    with psycopg.connect(scratch_pg) as conn:
        assert conn.execute("SELECT s FROM classes").fetchall() == [("a1",)]
        assert conn.execute("SELECT s FROM literal_plus").fetchall() == [("a+",)]     # + is not a metacharacter
        assert sorted(conn.execute("SELECT s FROM negated").fetchall()) == [("b|",), ("d1",)]


def test_equals_null_under_ansi_nulls_off():
    conversion = convert("CREATE TABLE t (a INT)\nGO\nSET ANSI_NULLS OFF\nGO\n"
                         "CREATE VIEW v AS SELECT a FROM t WHERE a = NULL OR a <> NULL\nGO\nSET ANSI_NULLS ON\nGO\n"
                         "CREATE VIEW w AS SELECT a FROM t WHERE a = NULL\nGO")
    assert conversion.objects[1].target_sql == "CREATE VIEW v AS SELECT a FROM t WHERE a IS NULL OR NOT a IS NULL;"
    assert conversion.objects[2].target_sql == "CREATE VIEW w AS SELECT a FROM t WHERE a = NULL;"


def test_data_money_binary_and_national_literals(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE t (p MONEY, b VARBINARY(4), s NVARCHAR(5), d DATETIME)\nGO\n"
                         "SET DATEFORMAT dmy\nGO\nINSERT t VALUES ($19.99, 0xCAFE, N'x  ', '31/12/2006')\nGO")
    data = postgres.data_script(conversion)
    assert "SET datestyle = 'ISO, DMY';" in data
    psql_apply(scratch_pg, postgres.schema_script(conversion) + data)
    with psycopg.connect(scratch_pg) as conn:
        row = conn.execute("SELECT p::text, b, s, d FROM t").fetchone()
    assert row == ("19.9900", b"\xca\xfe", "x  ", datetime.datetime(2006, 12, 31))


def test_identity_functions_and_bulk_insert_in_data_are_left_out():
    conversion = convert("CREATE TABLE t (a INT)\nGO\nINSERT t VALUES (SCOPE_IDENTITY())\nGO\n"
                         "BULK INSERT t FROM 'c:\\t.csv'\nGO")
    first, second = conversion.data_statements
    assert first.target_sql is None and first.findings[0].rule_id == "MS316"
    assert second.target_sql is None and second.findings[0].rule_id == "MS321"
