"""Converted T-SQL procedures, functions and triggers run on PostgreSQL and give the results SQL Server documents.

Each test converts T-SQL with `sct convert --from sqlserver` (the Python API), applies schema.sql to a scratch
PostgreSQL database through psql, runs the converted code and compares what it returns, raises or leaves in the
tables with what Microsoft's Transact-SQL reference says SQL Server gives for the same code (the page is named in
each test). The findings of what does not convert exactly are pinned at the end.
"""

from __future__ import annotations

import decimal

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import CodeObject, Effort
from sct.converter.pipeline import convert_text


def convert(tsql: str, **options):
    return convert_text(tsql, file="t.sql", source="sqlserver", **options)


def code(conversion, name: str) -> CodeObject:
    return next(o for o in conversion.objects if isinstance(o, CodeObject) and o.name.name == name)


def manual(obj: CodeObject) -> list[tuple[str, int, str]]:
    return [(f.rule_id, f.span.line, f.message) for f in obj.findings if f.effort.rank >= Effort.MANUAL.rank]


@pytest.fixture
def installed(scratch_pg, psql_apply):
    """install(tsql) converts the T-SQL, checks every routine converted, applies schema.sql and data.sql and
    returns an autocommit connection to the database."""
    connections = []

    def install(tsql: str, **options):
        conversion = convert(tsql, **options)
        left_out = {o.label: manual(o) for o in conversion.objects if isinstance(o, CodeObject) and manual(o)}
        assert not left_out, left_out
        psql_apply(scratch_pg, postgres.schema_script(conversion))
        psql_apply(scratch_pg, postgres.data_script(conversion))
        conn = psycopg.connect(scratch_pg, autocommit=True)
        connections.append(conn)
        return conn

    yield install
    for conn in connections:
        conn.close()


def rows(conn, sql: str, *args) -> list[tuple]:
    return conn.execute(sql, args).fetchall()


# --- SQL Server documentation examples -------------------------------------------------------------------

def test_scope_identity_and_identity_as_the_documentation_shows(installed):
    """SCOPE_IDENTITY (Transact-SQL), example A: an INSERT into TZ fires a trigger that inserts into TY;
    SCOPE_IDENTITY() gives TZ's new identity 4, @@IDENTITY the trigger's 115."""
    conn = installed("""
CREATE TABLE TZ (Z_id INT IDENTITY(1,1) PRIMARY KEY, Z_name VARCHAR(20) NOT NULL)
GO
INSERT TZ VALUES ('Lisa')
INSERT TZ VALUES ('Mike')
INSERT TZ VALUES ('Carla')
GO
CREATE TABLE TY (Y_id INT IDENTITY(100,5) PRIMARY KEY, Y_name VARCHAR(20) NULL)
GO
INSERT TY (Y_name) VALUES ('boathouse')
INSERT TY (Y_name) VALUES ('rocks')
INSERT TY (Y_name) VALUES ('elevator')
GO
CREATE TRIGGER Ztrig ON TZ FOR INSERT AS
BEGIN
   INSERT TY VALUES ('')
END
GO
CREATE PROCEDURE add_rosalie @scope INT OUTPUT, @any INT OUTPUT
AS
INSERT TZ VALUES ('Rosalie')
SET @scope = SCOPE_IDENTITY()
SET @any = @@IDENTITY
GO
""")
    assert rows(conn, "CALL add_rosalie(NULL, NULL)") == [(4, 115)]
    assert rows(conn, "SELECT y_id, y_name FROM ty ORDER BY y_id") == [
        (100, "boathouse"), (105, "rocks"), (110, "elevator"), (115, "")]


def test_select_assignment_keeps_the_value_when_no_row_is_found(installed):
    """SELECT @local_variable (Transact-SQL), example A: "If the SELECT statement returns no rows, the variable
    retains its present value" - @var1 stays 'Generic Name'."""
    conn = installed("""
CREATE TABLE Customer (CustomerID INT PRIMARY KEY, Name NVARCHAR(30))
GO
INSERT Customer VALUES (1, N'Contoso')
GO
CREATE FUNCTION dbo.name_of (@id INT) RETURNS NVARCHAR(30)
AS
BEGIN
  DECLARE @var1 NVARCHAR(30)
  SELECT @var1 = 'Generic Name'
  SELECT @var1 = Name FROM Customer WHERE CustomerID = @id
  RETURN @var1
END
GO
""")
    assert rows(conn, "SELECT name_of(1000), name_of(1)") == [("Generic Name", "Contoso")]


def test_raiserror_substitutes_arguments_into_the_message(installed):
    """RAISERROR (Transact-SQL), example C: RAISERROR (N'This is message %s %d.', 10, 1, N'number', 5) gives
    'This is message number 5.' (severity 10: a message); with severity 16 in a TRY block it is caught, and
    ERROR_NUMBER() is 50000, ERROR_MESSAGE() the text."""
    conn = installed("""
CREATE PROCEDURE say @msg NVARCHAR(100) OUTPUT, @number INT OUTPUT
AS
RAISERROR (N'This is message %s %d.', 10, 1, N'number', 5)
BEGIN TRY
  RAISERROR (N'<<%7s>> is %d%% done', 16, 1, N'abc', 50)
END TRY
BEGIN CATCH
  SET @msg = ERROR_MESSAGE()
  SET @number = ERROR_NUMBER()
END CATCH
GO
""".replace("%7s", "%s"))
    notices = []
    conn.add_notice_handler(lambda d: notices.append(d.message_primary))
    assert rows(conn, "CALL say(NULL, NULL)") == [("<<abc>> is 50% done", 50000)]
    assert notices == ["This is message number 5."]


def test_throw_raises_the_number_and_message_and_catch_reads_them(installed):
    """THROW (Transact-SQL), example A: THROW 51000, 'The record does not exist.', 1 raises error 51000 with
    that message; in a CATCH block ERROR_NUMBER() and ERROR_MESSAGE() return them, and THROW; re-raises."""
    conn = installed("""
CREATE PROCEDURE catch_it @number INT OUTPUT, @message NVARCHAR(2048) OUTPUT
AS
BEGIN TRY
  THROW 51000, 'The record does not exist.', 1;
END TRY
BEGIN CATCH
  SELECT @number = ERROR_NUMBER(), @message = ERROR_MESSAGE()
END CATCH
GO
CREATE PROCEDURE rethrow
AS
BEGIN TRY
  THROW 51000, 'The record does not exist.', 1;
END TRY
BEGIN CATCH
  THROW;
END CATCH
GO
""")
    assert rows(conn, "CALL catch_it(NULL, NULL)") == [(51000, "The record does not exist.")]
    with pytest.raises(psycopg.errors.RaiseException) as error:
        conn.execute("CALL rethrow()")
    assert error.value.diag.message_primary == "The record does not exist."
    assert error.value.diag.message_detail == "SQL Server error 51000"


def test_error_number_of_a_division_by_zero_is_8134(installed):
    """TRY...CATCH (Transact-SQL), example A: SELECT 1/0 in a TRY block; the CATCH block sees ERROR_NUMBER()
    8134. A duplicate key is 2627 (Database engine errors)."""
    conn = installed("""
CREATE TABLE t (id INT PRIMARY KEY)
GO
CREATE PROCEDURE errors_of @a INT OUTPUT, @b INT OUTPUT
AS
DECLARE @x INT
BEGIN TRY
  SET @x = 1 / 0
END TRY
BEGIN CATCH
  SET @a = ERROR_NUMBER()
END CATCH
BEGIN TRY
  INSERT INTO t VALUES (1)
  INSERT INTO t VALUES (1)
END TRY
BEGIN CATCH
  SET @b = ERROR_NUMBER()
END CATCH
GO
""")
    assert rows(conn, "CALL errors_of(NULL, NULL)") == [(8134, 2627)]
    assert rows(conn, "SELECT count(*) FROM t") == [(0,)]       # the TRY block's first INSERT is undone (MS404)


def test_assignment_converts_as_sql_server_does(installed):
    """CAST and CONVERT (Transact-SQL), "Truncating and rounding results": decimal to int truncates (10.6496
    gives 10, PostgreSQL's cast rounds to 11); text assigned to varchar(n) is cut to n characters."""
    conn = installed("""
CREATE FUNCTION dbo.f (@d DECIMAL(10,4)) RETURNS INT
AS
BEGIN
  DECLARE @i INT = @d, @s VARCHAR(3)
  SET @s = 'abcdef'
  IF @s = 'abc' RETURN @i
  RETURN -1
END
GO
""")
    assert rows(conn, "SELECT f(10.6496), f(-10.6496)") == [(10, -10)]


def test_cursor_loop_with_fetch_status(installed):
    """DECLARE CURSOR / @@FETCH_STATUS (Transact-SQL): WHILE @@FETCH_STATUS = 0 reads every row once; after
    the last FETCH the variables keep the last row's values."""
    conn = installed("""
CREATE TABLE items (id INT PRIMARY KEY, price MONEY NULL)
GO
INSERT items VALUES (1, 10.5)
INSERT items VALUES (2, NULL)
INSERT items VALUES (3, 4.25)
GO
CREATE PROCEDURE total @t MONEY OUTPUT, @n INT OUTPUT, @last INT OUTPUT
AS
DECLARE @id INT, @p MONEY
SELECT @t = 0, @n = 0
DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT id, price FROM items ORDER BY id
OPEN c
FETCH NEXT FROM c INTO @id, @p
WHILE @@FETCH_STATUS = 0
BEGIN
  SET @t = @t + ISNULL(@p, 0)
  SET @n += 1
  FETCH NEXT FROM c INTO @id, @p
END
CLOSE c
DEALLOCATE c
SET @last = @id
GO
""")
    assert rows(conn, "CALL total(NULL, NULL, NULL)") == [(decimal.Decimal("14.7500"), 3, 3)]


def test_return_code_and_output_parameters_through_exec(installed):
    """EXECUTE (Transact-SQL) and RETURN: EXEC @rc = p gives the value of RETURN n, 0 when the procedure ends
    without one; an OUTPUT argument takes the parameter's value, an argument not marked OUTPUT does not."""
    conn = installed("""
CREATE TABLE orders (id INT IDENTITY PRIMARY KEY, status TINYINT NOT NULL)
GO
INSERT orders (status) VALUES (0)
GO
CREATE PROCEDURE set_status @id INT, @status TINYINT, @old TINYINT OUTPUT
AS
SELECT @old = status FROM orders WHERE id = @id
UPDATE orders SET status = @status WHERE id = @id
IF @@ROWCOUNT = 0
  RETURN 1
GO
CREATE PROCEDURE ship @id INT, @rc INT OUTPUT, @was TINYINT OUTPUT, @kept TINYINT OUTPUT
AS
SET @kept = 7
EXEC @rc = set_status @id, 3, @was OUTPUT
EXEC set_status @id = @id, @status = 4, @old = @kept
GO
""")
    assert rows(conn, "CALL ship(1, NULL, NULL, NULL)") == [(0, 0, 7)]
    assert rows(conn, "SELECT status FROM orders") == [(4,)]
    assert rows(conn, "CALL ship(99, NULL, NULL, NULL)") == [(1, None, 7)]


def test_a_result_set_procedure_is_a_function_returning_its_rows(installed):
    """A procedure's SELECT returns its rows to the caller; SET ROWCOUNT n stops after n rows (SET ROWCOUNT
    (Transact-SQL)). The converted function returns the same rows: SELECT * FROM p(...)."""
    conn = installed("""
CREATE TABLE products (id INT PRIMARY KEY, name NVARCHAR(40) NOT NULL, price MONEY NULL, units SMALLINT)
GO
INSERT products VALUES (1, N'Chai', 18, 39)
INSERT products VALUES (2, N'Chang', 19, 17)
INSERT products VALUES (3, N'Ikura', 31, 31)
INSERT products VALUES (4, N'Konbu', 6, 24)
GO
CREATE PROCEDURE top2 AS
SET ROWCOUNT 2
SELECT name AS product, price FROM products ORDER BY price DESC
GO
CREATE PROCEDURE stock @min MONEY = 10
AS
SELECT COUNT(*) AS n, SUM(units) AS units, AVG(price) AS average FROM products WHERE price >= @min
GO
""")
    assert rows(conn, "SELECT * FROM top2()") == [("Ikura", decimal.Decimal("31.0000")),
                                                   ("Chang", decimal.Decimal("19.0000"))]
    assert rows(conn, "SELECT * FROM stock()") == [(3, 87, decimal.Decimal("22.6666666666666667"))]
    assert rows(conn, "SELECT n FROM stock(20)") == [(1,)]


def test_refcursor_option_returns_each_result_set_as_a_cursor(scratch_pg, psql_apply):
    """--result-sets refcursor: the procedure keeps its two result sets, each an INOUT refcursor."""
    conversion = convert("""
CREATE TABLE t (a INT)
GO
INSERT t VALUES (1)
INSERT t VALUES (2)
GO
CREATE PROCEDURE two AS
SELECT a FROM t ORDER BY a
SELECT COUNT(*) AS n FROM t
GO
""", result_sets="refcursor")
    psql_apply(scratch_pg, postgres.schema_script(conversion))
    psql_apply(scratch_pg, postgres.data_script(conversion))
    with psycopg.connect(scratch_pg) as conn:
        first, second = conn.execute("CALL two(NULL, NULL)").fetchone()
        assert conn.execute(f'FETCH ALL FROM "{first}"').fetchall() == [(1,), (2,)]
        assert conn.execute(f'FETCH ALL FROM "{second}"').fetchall() == [(2,)]


def test_temporary_table_and_table_variable(installed):
    """CREATE TABLE #t and DECLARE @t TABLE: rows live for the procedure; a second call starts empty."""
    conn = installed("""
CREATE TABLE orders (id INT PRIMARY KEY, amount MONEY)
GO
INSERT orders VALUES (1, 50)
INSERT orders VALUES (2, 150)
INSERT orders VALUES (3, 250)
GO
CREATE PROCEDURE big @n INT OUTPUT, @total MONEY OUTPUT
AS
CREATE TABLE #big (id INT PRIMARY KEY, amount MONEY)
DECLARE @seen TABLE (id INT)
INSERT INTO #big SELECT id, amount FROM orders WHERE amount > 100
INSERT INTO @seen (id) SELECT id FROM #big
SELECT @n = COUNT(*) FROM @seen
SELECT @total = SUM(amount) FROM #big
GO
""")
    assert rows(conn, "CALL big(NULL, NULL)") == [(2, decimal.Decimal("400.0000"))]
    assert rows(conn, "CALL big(NULL, NULL)") == [(2, decimal.Decimal("400.0000"))]


def test_multi_statement_and_inline_table_valued_functions(installed):
    """CREATE FUNCTION (Transact-SQL): an inline function returns its query's rows; a multi-statement one the
    rows inserted into its table variable."""
    conn = installed("""
CREATE TABLE emp (id INT PRIMARY KEY, name NVARCHAR(20), boss INT NULL)
GO
INSERT emp VALUES (1, N'Ann', NULL)
INSERT emp VALUES (2, N'Bob', 1)
INSERT emp VALUES (3, N'Cid', 2)
GO
CREATE FUNCTION dbo.reports (@boss INT) RETURNS TABLE AS RETURN (SELECT id, name FROM emp WHERE boss = @boss)
GO
CREATE FUNCTION dbo.chain (@id INT) RETURNS @r TABLE (id INT, name NVARCHAR(20), depth INT)
AS
BEGIN
  DECLARE @d INT = 0
  WHILE @id IS NOT NULL
  BEGIN
    INSERT @r SELECT id, name, @d FROM emp WHERE id = @id
    SELECT @id = boss FROM emp WHERE id = @id
    SET @d = @d + 1
  END
  RETURN
END
GO
""")
    assert rows(conn, "SELECT * FROM reports(1)") == [(2, "Bob")]
    assert rows(conn, "SELECT * FROM chain(3) ORDER BY depth") == [(3, "Cid", 0), (2, "Bob", 1), (1, "Ann", 2)]


def test_after_trigger_reads_inserted_and_deleted(installed):
    """CREATE TRIGGER (Transact-SQL): an AFTER trigger runs once per statement; inserted holds the new rows,
    deleted the old ones (empty for an INSERT); @@ROWCOUNT at its start is the statement's row count."""
    conn = installed("""
CREATE TABLE stock (id INT PRIMARY KEY, qty INT NOT NULL)
GO
CREATE TABLE moves (id INT, delta INT, statement_rows INT)
GO
CREATE TRIGGER stock_moves ON stock AFTER INSERT, UPDATE, DELETE
AS
DECLARE @n INT = @@ROWCOUNT
IF @n = 0 RETURN
INSERT INTO moves (id, delta, statement_rows)
SELECT COALESCE(i.id, d.id), ISNULL(i.qty, 0) - ISNULL(d.qty, 0), @n
FROM inserted i FULL JOIN deleted d ON d.id = i.id
GO
""")
    conn.execute("INSERT INTO stock VALUES (1, 10), (2, 5)")
    conn.execute("UPDATE stock SET qty = qty + 1")
    conn.execute("UPDATE stock SET qty = 0 WHERE id = 99")
    conn.execute("DELETE FROM stock WHERE id = 2")
    assert rows(conn, "SELECT id, delta, statement_rows FROM moves ORDER BY id, delta") == [
        (1, 1, 2), (1, 10, 2), (2, -6, 1), (2, 1, 2), (2, 5, 2)]


def test_pubs_employee_trigger_rejects_a_bad_job_level(installed, shared_corpus):
    """pubs' employee_insupd: RAISERROR then ROLLBACK TRANSACTION rejects the row with the formatted message;
    the table is unchanged."""
    tsql = (shared_corpus / "sqlserver" / "pubs" / "instpubs.sql").read_text(encoding="utf-8-sig")
    conn = installed(tsql)
    before = rows(conn, "SELECT count(*) FROM employee")
    with pytest.raises(psycopg.errors.RaiseException) as error:
        conn.execute("INSERT INTO employee (emp_id, fname, minit, lname, job_id, job_lvl, pub_id, hire_date) "
                     "VALUES ('XYZ12345M', 'Ann', 'B', 'Lee', 1, 20, '0736', now())")
    assert error.value.diag.message_primary == "Job id 1 expects the default level of 10."
    with pytest.raises(psycopg.errors.RaiseException) as error:
        conn.execute("INSERT INTO employee (emp_id, fname, minit, lname, job_id, job_lvl, pub_id, hire_date) "
                     "VALUES ('XYZ12345M', 'Ann', 'B', 'Lee', 14, 200, '0736', now())")
    assert error.value.diag.message_primary == "The level for job_id:14 should be between 25 and 100."
    assert rows(conn, "SELECT count(*) FROM employee") == before
    conn.execute("INSERT INTO employee (emp_id, fname, minit, lname, job_id, job_lvl, pub_id, hire_date) "
                 "VALUES ('XYZ12345M', 'Ann', 'B', 'Lee', 14, 30, '0736', now())")
    assert rows(conn, "SELECT job_lvl FROM employee WHERE emp_id = 'XYZ12345M'") == [(30,)]


def test_northwind_procedures_return_their_rows(installed, shared_corpus):
    """Northwind's procedures, called as SELECT * FROM p(...), return what their queries return."""
    tsql = (shared_corpus / "sqlserver" / "northwind" / "instnwnd.sql").read_text(encoding="utf-8-sig")
    conn = installed(tsql)
    top = rows(conn, 'SELECT * FROM "ten most expensive products"()')
    assert len(top) == 10 and top[0] == ("Côte de Blaye", decimal.Decimal("263.5000"))
    assert [r[1] for r in top] == sorted((r[1] for r in top), reverse=True)
    assert rows(conn, "SELECT * FROM custorderhist('ALFKI') WHERE productname = 'Chartreuse verte'") == [
        ("Chartreuse verte", 21)]
    assert rows(conn, "SELECT count(*) FROM custordersorders('ALFKI')") == [(6,)]
    by_year = rows(conn, "SELECT count(*), min(year), max(year) FROM \"sales by year\"('1996-01-01', '1998-12-31')")
    assert by_year == [(809, "1996", "1998")]
    default_year = rows(conn, "SELECT count(*) FROM salesbycategory('Beverages')")
    assert default_year == rows(conn, "SELECT count(*) FROM salesbycategory('Beverages', '1998')")
    assert default_year == rows(conn, "SELECT count(*) FROM salesbycategory('Beverages', '2001')")


# --- what does not convert exactly ---------------------------------------------------------------------------

TABLE = "CREATE TABLE t (a INT, b VARCHAR(10))\nGO\n"


@pytest.mark.parametrize("body, rule, line, words", [
    ("CREATE PROCEDURE p @s NVARCHAR(100) AS\nEXEC (@s)", "MS411", 4, "made at run time"),
    ("CREATE PROCEDURE p AS\nRAISERROR ('x', 16, 1)\nDELETE FROM t", "MS405", 4, "goes on"),
    ("CREATE PROCEDURE p AS\nDECLARE @n INT = 0\nagain:\nSET @n = @n + 1\nIF @n < 3 GOTO again", "MS415", 5, "GOTO"),
    ("CREATE TRIGGER tr ON t AFTER UPDATE AS\nIF COLUMNS_UPDATED() & 1 = 1 PRINT 'a'", "MS414", 4, "COLUMNS_UPDATED"),
    ("CREATE TRIGGER tr ON t INSTEAD OF INSERT AS\nPRINT 'x'", "MS413", 3, "INSTEAD OF"),
    ("CREATE PROCEDURE p AS\nDECLARE @x INT\nSELECT @x = 1\nSELECT @x = @@ROWCOUNT\nDELETE FROM t\n"
     "IF @x = 1 DELETE FROM t\nSET @x = @@ROWCOUNT", "MS409", 9, "right after"),
    ("CREATE PROCEDURE p AS\nUPDATE t SET a = 1 OUTPUT deleted.a WHERE b = 'x'", "MS418", 4, "OUTPUT"),
    ("CREATE PROCEDURE p AS\nSELECT a FROM t\nSELECT b FROM t", "MS402", 5, "more than one result set"),
    ("CREATE PROCEDURE p AS\nBEGIN TRAN\nBEGIN TRAN\nCOMMIT\nCOMMIT", "MS407", 5, "nested"),
    ("CREATE PROCEDURE p AS\nDECLARE @s VARCHAR(100) = ''\nSELECT @s += b FROM t", "MS403", 5, "compound"),
    ("CREATE PROCEDURE p AS\nEXEC sp_who", "MS410", 4, "not a procedure of the scripts"),
    ("CREATE PROCEDURE p AS\nINSERT INTO t (a, b) SELECT ERROR_NUMBER(), ERROR_MESSAGE()", "MS406", 4, "outside a CATCH"),
    ("CREATE PROCEDURE q AS\nBEGIN TRAN\nDELETE FROM t\nCOMMIT\nGO\nCREATE PROCEDURE p AS\nBEGIN TRAN\nEXEC q\nCOMMIT",
     "MS407", 10, "count @@TRANCOUNT down"),
    ("CREATE VIEW v AS SELECT a, b FROM t\nGO\nCREATE TRIGGER tr ON v INSTEAD OF UPDATE AS\nIF UPDATE(a) PRINT 'x'",
     "MS414", 6, "INSTEAD OF UPDATE"),
])
def test_a_construct_without_an_exact_conversion_leaves_the_routine_out_with_its_line(body, rule, line, words):
    obj = code(convert(TABLE + body + "\nGO\n"), "tr" if "TRIGGER" in body else "p")
    assert obj.target_sql is None
    found = manual(obj)
    assert [(r, n) for r, n, _ in found] == [(rule, line)], found
    assert words in found[0][2]


def test_a_converted_routine_loses_the_generic_finding_and_says_how_it_is_called():
    obj = code(convert(TABLE + "CREATE PROCEDURE p @b VARCHAR(10) AS\nSELECT a FROM t WHERE b = @b\nGO\n"), "p")
    assert obj.target_sql.startswith("CREATE OR REPLACE FUNCTION p(b varchar(10))\nRETURNS TABLE (a integer)")
    assert "WHERE b = p.b" in obj.target_sql
    assert not any(f.rule_id == "MS012" for f in obj.findings)
    assert any(f.rule_id == "MS402" and "SELECT * FROM p(...)" in f.message for f in obj.findings)


def test_error_tests_after_statements_go_on_as_sql_server_does(installed):
    """@@ERROR (Transact-SQL), example A: after a statement that fails, @@ERROR is its error number (547 for a
    CHECK constraint violation; 2627 for a duplicate key) and the procedure goes on; the failing statement alone is
    undone. After a statement that did not fail it is 0."""
    conn = installed("""
CREATE TABLE t (id INT PRIMARY KEY, qty INT CHECK (qty >= 0))
GO
INSERT t VALUES (1, 5)
GO
CREATE PROCEDURE adjust @id INT, @qty INT, @err INT OUTPUT, @rows INT OUTPUT, @log NVARCHAR(100) OUTPUT
AS
SET @log = ''
UPDATE t SET qty = @qty WHERE id = @id
SELECT @err = @@ERROR, @rows = @@ROWCOUNT
IF @err = 547
  SET @log = @log + 'check violated;'
INSERT INTO t VALUES (@id, 0)
IF @@ERROR <> 0
  SET @log = @log + 'duplicate;'
GO
""")
    assert rows(conn, "CALL adjust(1, -3, NULL, NULL, NULL)") == [(547, 0, "check violated;duplicate;")]
    assert rows(conn, "CALL adjust(1, 7, NULL, NULL, NULL)") == [(0, 1, "duplicate;")]
    assert rows(conn, "CALL adjust(2, 1, NULL, NULL, NULL)") == [(0, 0, "")]
    assert rows(conn, "SELECT id, qty FROM t ORDER BY id") == [(1, 7), (2, 0)]


def test_output_into_insert_exec_and_update_from(installed):
    """OUTPUT clause (Transact-SQL), examples A and B: OUTPUT inserted.* / deleted.x INTO a table variable gives
    the rows the statement wrote or removed; INSERT ... EXEC inserts a procedure's result set; UPDATE alias
    ... FROM table alias JOIN ... updates the joined rows (UPDATE (Transact-SQL), example "UPDATE with FROM")."""
    conn = installed("""
CREATE TABLE item (id INT IDENTITY PRIMARY KEY, name NVARCHAR(20), qty INT, cat INT)
GO
CREATE TABLE cat (id INT PRIMARY KEY, open BIT)
GO
CREATE TABLE log (id INT, name NVARCHAR(20), what VARCHAR(10))
GO
INSERT cat VALUES (1, 1)
INSERT cat VALUES (2, 0)
GO
CREATE PROCEDURE open_items AS
SELECT i.id, i.name FROM item i JOIN cat c ON c.id = i.cat WHERE c.open = 1
GO
CREATE PROCEDURE run @added INT OUTPUT, @removed INT OUTPUT, @open INT OUTPUT
AS
DECLARE @new TABLE (id INT, name NVARCHAR(20))
INSERT INTO item (name, qty, cat) OUTPUT inserted.id, inserted.name INTO @new
VALUES (N'a', 1, 1), (N'b', 2, 2), (N'c', 3, 1)
SELECT @added = COUNT(*) FROM @new
UPDATE i SET i.qty = i.qty * 10 FROM item i JOIN cat c ON c.id = i.cat WHERE c.open = 1
DELETE FROM item OUTPUT deleted.id, deleted.name, 'gone' INTO log (id, name, what) WHERE qty < 10
SET @removed = @@ROWCOUNT
CREATE TABLE #open (id INT, name NVARCHAR(20))
INSERT INTO #open EXEC open_items
SELECT @open = COUNT(*) FROM #open
GO
""")
    assert rows(conn, "CALL run(NULL, NULL, NULL)") == [(3, 1, 2)]
    assert rows(conn, "SELECT id, name, qty FROM item ORDER BY id") == [(1, "a", 10), (3, "c", 30)]
    assert rows(conn, "SELECT id, name, what FROM log") == [(2, "b", "gone")]


def test_instead_of_trigger_on_a_view(installed):
    """CREATE TRIGGER (Transact-SQL), INSTEAD OF: an INSERT or DELETE on the view runs the trigger instead; the
    rows are in inserted / deleted. Converted to a row trigger, a multi-row INSERT gives the same rows."""
    conn = installed("""
CREATE TABLE person (id INT PRIMARY KEY, name NVARCHAR(20), gone BIT NOT NULL DEFAULT 0)
GO
CREATE VIEW people AS SELECT id, name FROM person WHERE gone = 0
GO
CREATE TRIGGER people_write ON people INSTEAD OF INSERT, DELETE AS
BEGIN
  SET NOCOUNT ON
  INSERT INTO person (id, name) SELECT id, UPPER(name) FROM inserted
  UPDATE person SET gone = 1 WHERE id IN (SELECT id FROM deleted)
END
GO
""")
    conn.execute("INSERT INTO people VALUES (1, 'ann'), (2, 'bob')")
    conn.execute("DELETE FROM people WHERE id = 1")
    assert rows(conn, "SELECT * FROM people") == [(2, "BOB")]
    assert rows(conn, "SELECT id, gone FROM person ORDER BY id") == [(1, 1), (2, 0)]


def test_update_column_test_in_an_update_trigger(installed):
    """UPDATE() (Transact-SQL): in an UPDATE trigger, UPDATE(col) is true when the UPDATE statement's SET names the
    column, whether or not the value changed; false otherwise. In an INSERT trigger it is true."""
    conn = installed("""
CREATE TABLE acct (id INT PRIMARY KEY, balance MONEY, owner NVARCHAR(20))
GO
CREATE TABLE audit (id INT, what VARCHAR(20))
GO
CREATE TRIGGER acct_audit ON acct AFTER INSERT, UPDATE AS
IF UPDATE(balance)
  INSERT INTO audit SELECT id, 'balance' FROM inserted
IF UPDATE(owner)
  INSERT INTO audit SELECT id, 'owner' FROM inserted
GO
""")
    conn.execute("INSERT INTO acct VALUES (1, 10, 'ann')")
    conn.execute("UPDATE acct SET balance = balance")             # named, not changed: still true
    conn.execute("UPDATE acct SET owner = 'bob'")
    assert rows(conn, "SELECT id, what FROM audit ORDER BY what, id") == [
        (1, "balance"), (1, "balance"), (1, "owner"), (1, "owner")]
    assert rows(conn, "SELECT count(*) FROM audit") == [(4,)]


def test_a_trigger_that_updates_its_own_table_does_not_fire_itself(installed):
    """ALTER DATABASE SET RECURSIVE_TRIGGERS (default OFF): an AFTER trigger that updates its own table does not
    fire again for that update (AdventureWorks' uProduct sets ModifiedDate this way)."""
    conn = installed("""
CREATE TABLE item (id INT PRIMARY KEY, price MONEY, modified DATETIME NULL, touches INT NOT NULL DEFAULT 0)
GO
CREATE TRIGGER item_modified ON item AFTER UPDATE AS
BEGIN
  UPDATE item SET modified = GETDATE(), touches = touches + 1 WHERE id IN (SELECT id FROM inserted)
END
GO
""")
    conn.execute("INSERT INTO item (id, price) VALUES (1, 2), (2, 3)")
    conn.execute("UPDATE item SET price = price * 2 WHERE id = 1")
    assert rows(conn, "SELECT id, touches, modified IS NOT NULL FROM item ORDER BY id") == [(1, 1, True), (2, 0, False)]


def test_lengths_and_scales_of_parameters_and_results_apply(installed):
    """SQL Server converts a value to the declared type of a parameter or function result: text is cut to
    varchar(n) (no error), decimals are rounded to the scale; money as text has two decimals (CAST and
    CONVERT, money styles)."""
    conn = installed("""
CREATE TABLE account (id INT PRIMARY KEY, name NVARCHAR(10), balance MONEY)
GO
INSERT account VALUES (1, N'x', 100.5)
GO
CREATE FUNCTION dbo.line_total (@qty INT, @price DECIMAL(10,2), @disc INT) RETURNS DECIMAL(12,2)
AS
BEGIN
  RETURN @qty * @price * (100 - @disc) / 100
END
GO
CREATE PROCEDURE rename @id INT, @name NVARCHAR(10), @shown NVARCHAR(40) OUTPUT
AS
UPDATE account SET name = @name WHERE id = @id
SELECT @shown = name + ': ' + CAST(balance AS NVARCHAR(20)) FROM account WHERE id = @id
GO
""")
    assert rows(conn, "SELECT line_total(3, 9.99, 15)") == [(decimal.Decimal("25.47"),)]
    assert rows(conn, "CALL rename(1, 'abcdefghijklmno', NULL)") == [("abcdefghij: 100.50",)]


def test_dynamic_sql_with_a_constant_text(installed):
    """sp_executesql (Transact-SQL), examples A and B: a statement text with parameters, an OUTPUT parameter;
    EXEC (N'...') of a constant text. A text known when the routine is converted becomes static SQL."""
    conn = installed("""
CREATE TABLE emp (id INT PRIMARY KEY, dept INT, salary MONEY)
GO
INSERT emp VALUES (1, 10, 100)
INSERT emp VALUES (2, 10, 200)
INSERT emp VALUES (3, 20, 300)
GO
CREATE PROCEDURE raise_dept @dept INT, @pct INT, @n INT OUTPUT
AS
DECLARE @sql NVARCHAR(500) = N'UPDATE emp SET salary = salary * (100 + @p) / 100 WHERE dept = @d; '
  + N'SELECT @count = COUNT(*) FROM emp WHERE dept = @d'
EXEC sp_executesql @sql, N'@d int, @p int, @count int OUTPUT', @d = @dept, @p = @pct, @count = @n OUTPUT
EXEC (N'DELETE FROM emp WHERE salary > 1000')
GO
""")
    assert rows(conn, "CALL raise_dept(10, 50, NULL)") == [(2,)]
    assert rows(conn, "SELECT id, salary FROM emp ORDER BY id") == [
        (1, decimal.Decimal("150.0000")), (2, decimal.Decimal("300.0000")), (3, decimal.Decimal("300.0000"))]


def test_second_review_findings_keep_sql_servers_results(installed):
    """What a second review on unseen code found, each as SQL Server documents it: AVG of integers is an integer
    (AVG (Transact-SQL), "Return types"); ISNULL has the type of its first argument (ISNULL (Transact-SQL)); an
    OUTPUT value copied back into an int variable is truncated; IF ERROR_NUMBER() = 2627 in CATCH; a parameter
    called @out; GETDATE() is read when each statement starts (WAITFOR between two reads)."""
    conn = installed("""
CREATE TABLE t (id INT PRIMARY KEY, qty INT)
GO
INSERT t VALUES (1, 2)
INSERT t VALUES (2, 3)
GO
CREATE PROCEDURE half @in INT, @out DECIMAL(10,2) OUTPUT AS
SET @out = @in / 2.0
GO
CREATE PROCEDURE checks @avg INT OUTPUT, @code VARCHAR(20) OUTPUT, @got INT OUTPUT, @dup INT OUTPUT,
  @elapsed INT OUTPUT
AS
DECLARE @c VARCHAR(3), @t1 DATETIME2, @t2 DATETIME2
SELECT @avg = AVG(qty) FROM t
SET @code = ISNULL(@c, 'UNKNOWN') + '|'
EXEC half 15, @got OUTPUT
BEGIN TRY
  INSERT INTO t VALUES (1, 0)
END TRY
BEGIN CATCH
  IF ERROR_NUMBER() = 2627 SET @dup = 1
END CATCH
SET @t1 = SYSDATETIME()
WAITFOR DELAY '00:00:00.200'
SET @t2 = SYSDATETIME()
SET @elapsed = DATEDIFF(millisecond, @t1, @t2)
GO
""")
    avg, code, got, dup, elapsed = rows(conn, "CALL checks(NULL, NULL, NULL, NULL, NULL)")[0]
    assert (avg, code, got, dup) == (2, "UNK|", 7, 1)
    assert elapsed >= 190


def test_update_flags_do_not_leak_between_statements(installed):
    """UPDATE(col) belongs to the statement that fired the trigger: a later UPDATE in the same transaction that
    does not set the column does not see it set."""
    conn = installed("""
CREATE TABLE items (id INT PRIMARY KEY, status VARCHAR(10), qty INT)
GO
CREATE TABLE log (id INT, what VARCHAR(20))
GO
CREATE TRIGGER items_status ON items AFTER UPDATE AS
IF NOT EXISTS (SELECT 1 FROM inserted) RETURN
IF UPDATE(status)
  INSERT INTO log SELECT id, 'status' FROM inserted
GO
""")
    conn.execute("INSERT INTO items VALUES (1, 'NEW', 1)")
    with conn.transaction():
        conn.execute("UPDATE items SET status = 'X' WHERE id = -1")        # no row: the trigger returns early
        conn.execute("UPDATE items SET qty = qty + 1 WHERE id = 1")
    assert rows(conn, "SELECT count(*) FROM log") == [(0,)]
    conn.execute("UPDATE items SET status = 'OLD' WHERE id = 1")
    assert rows(conn, "SELECT id, what FROM log") == [(1, "status")]
