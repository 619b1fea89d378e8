"""SQL Server DDL to PostgreSQL: types, identity, defaults, computed columns, keys and indexes, constraints WITH
NOCHECK, alias types, sequences, synonyms, views, names (case folding, dbo) - and the result applied to PostgreSQL."""

from __future__ import annotations

import psycopg
import pytest

from sct.converter.emit import postgres
from sct.converter.ir import Effort, Index, Table
from sct.converter.pipeline import convert_text


def convert(text: str):
    return convert_text(text, file="t.sql", source="sqlserver")


def table_sql(text: str, name: str = "t") -> str:
    conversion = convert(text)
    return next(o.target_sql for o in conversion.objects if isinstance(o, Table) and o.name.name == name)


def findings(conversion) -> dict[str, list]:
    out: dict[str, list] = {}
    for obj in conversion.objects:
        for f in obj.findings:
            out.setdefault(f.rule_id, []).append(f)
    for f in conversion.script_findings:
        out.setdefault(f.rule_id, []).append(f)
    return out


@pytest.mark.parametrize("source, target", [
    ("INT", "integer"), ("BIGINT", "bigint"), ("SMALLINT", "smallint"), ("DECIMAL(10,2)", "numeric(10,2)"),
    ("NUMERIC", "numeric(18,0)"), ("MONEY", "numeric(19,4)"), ("SMALLMONEY", "numeric(10,4)"), ("FLOAT", "double precision"),
    ("FLOAT(24)", "real"), ("REAL", "real"), ("CHAR(3)", "char(3)"), ("NCHAR(3)", "char(3)"),
    ("VARCHAR(10)", "varchar(10)"), ("NVARCHAR(MAX)", "text"), ("VARCHAR(MAX)", "text"), ("TEXT", "text"),
    ("NTEXT", "text"), ("BINARY(4)", "bytea"), ("VARBINARY(MAX)", "bytea"), ("IMAGE", "bytea"), ("DATE", "date"),
    ("TIME", "time(6)"), ("TIME(3)", "time(3)"), ("DATETIME", "timestamp(3)"), ("DATETIME2(3)", "timestamp(3)"),
    ("SMALLDATETIME", "timestamp(0)"), ("DATETIMEOFFSET", "timestamptz(6)"), ("UNIQUEIDENTIFIER", "uuid"),
    ("XML", "xml"), ("SYSNAME", "varchar(128)"), ("[nvarchar] (20)", "varchar(20)"), ("\"int\"", "integer"),
])
def test_types(source, target):
    assert f"    c {target}" in table_sql(f"CREATE TABLE t (c {source})\nGO")


@pytest.mark.parametrize("source, rule, effort", [
    ("BIT", "MS101", Effort.AUTO), ("MONEY", "MS102", Effort.AUTO), ("DATETIME", "MS103", Effort.AUTO),
    ("DATETIME2", "MS104", Effort.AUTO), ("DATETIMEOFFSET(3)", "MS104", Effort.AUTO),
    ("ROWVERSION", "MS105", Effort.AUTO), ("SQL_VARIANT", "MS106", Effort.MANUAL),
    ("GEOGRAPHY", "MS106", Effort.MANUAL), ("HIERARCHYID", "MS106", Effort.MANUAL), ("WIBBLE", "MS199", Effort.MANUAL),
])
def test_types_with_a_difference_are_findings(source, rule, effort):
    conversion = convert(f"CREATE TABLE t (c {source})\nGO")
    found = findings(conversion)[rule]
    assert "column c" in found[0].message
    assert (conversion.objects[0].target_sql is None) == (effort is Effort.MANUAL)


def test_bit_keeps_comparisons_with_numbers_on_postgres(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE t (id INT PRIMARY KEY, flag BIT NOT NULL DEFAULT 1)\nGO\n"
                         "INSERT INTO t VALUES (1, 0), (2, 5), (3, 'TRUE')\nGO\n"
                         "CREATE VIEW v AS SELECT id FROM t WHERE flag = 1\nGO")
    psql_apply(scratch_pg, postgres.schema_script(conversion) + postgres.data_script(conversion))
    with psycopg.connect(scratch_pg) as conn:
        # SQL Server stores any non-zero number as 1 and 'TRUE' as 1
        assert conn.execute("SELECT id, flag FROM t ORDER BY id").fetchall() == [(1, 0), (2, 1), (3, 1)]
        assert conn.execute("SELECT id FROM v ORDER BY id").fetchall() == [(2,), (3,)]
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute("INSERT INTO t VALUES (4, 2)")


def test_identity_seed_and_step_and_identity_insert(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE t (id INT IDENTITY(10, 5) NOT NULL PRIMARY KEY, a INT)\nGO\n"
                         "SET IDENTITY_INSERT t ON\nGO\nINSERT INTO t (id, a) VALUES (100, 1)\nGO\n"
                         "SET IDENTITY_INSERT t OFF\nGO\nINSERT t VALUES (2)\nGO")
    sql = conversion.objects[0].target_sql
    assert "id integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) NOT NULL" in sql
    data = postgres.data_script(conversion)
    assert "INSERT INTO t (id, a) OVERRIDING SYSTEM VALUE VALUES (100, 1);" in data
    assert "INSERT INTO t (a) VALUES (2);" in data        # T-SQL INSERT without a column list skips the identity
    psql_apply(scratch_pg, postgres.schema_script(conversion) + data)
    with psycopg.connect(scratch_pg) as conn:
        # after the load the identity continues past the loaded keys: setval(max) then + step
        assert conn.execute("SELECT id FROM t ORDER BY id").fetchall() == [(10,), (100,)]
        assert conn.execute("INSERT INTO t (a) VALUES (3) RETURNING id").fetchone() == (105,)


def test_defaults_computed_columns_and_named_default_constraints():
    sql = table_sql("CREATE TABLE t (a INT NOT NULL CONSTRAINT df_a DEFAULT ((0)), b AS a * 2, "
                    "c AS (a + 1) PERSISTED, d VARCHAR(5) DEFAULT (0), e DATETIME DEFAULT getdate(), "
                    "g UNIQUEIDENTIFIER DEFAULT NEWSEQUENTIALID())\nGO")
    assert "a integer DEFAULT 0 NOT NULL" in sql
    assert "b integer GENERATED ALWAYS AS (a * 2) STORED" in sql
    assert "c integer GENERATED ALWAYS AS (a + 1) STORED" in sql
    assert "d varchar(5) DEFAULT '0'" in sql
    assert "e timestamp(3) DEFAULT CAST(STATEMENT_TIMESTAMP() AS TIMESTAMP)" in sql
    conversion = convert("CREATE TABLE t (a INT, b AS a * 2, g UNIQUEIDENTIFIER DEFAULT NEWSEQUENTIALID())\nGO")
    assert findings(conversion)["MS203"][0].effort is Effort.REVIEW            # not persisted: stored anyway
    assert findings(conversion)["MS311"][0].effort is Effort.REVIEW            # random, not sequential


def test_keys_indexes_include_filter_and_clustered(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE [dbo].[T] ([Id] INT NOT NULL, [Name] NVARCHAR(20), [Age] INT,\n"
                         " CONSTRAINT [PK_T] PRIMARY KEY CLUSTERED ([Id] ASC) WITH (PAD_INDEX = OFF) ON [PRIMARY],\n"
                         " CONSTRAINT UQ_Name UNIQUE NONCLUSTERED (Name)) ON [PRIMARY]\nGO\n"
                         "CREATE NONCLUSTERED INDEX IX_T_Age ON dbo.T (Age DESC) INCLUDE (Name) WHERE Age IS NOT NULL "
                         "WITH (FILLFACTOR = 80) ON [PRIMARY]\nGO\nCREATE CLUSTERED INDEX ix_name ON t (name)\nGO")
    table = conversion.objects[0].target_sql
    assert "CONSTRAINT pk_t PRIMARY KEY (id)" in table and "CONSTRAINT uq_name UNIQUE (name)" in table
    index = next(o for o in conversion.objects if isinstance(o, Index) and o.name.name == "ix_t_age")
    assert index.target_sql == "CREATE INDEX ix_t_age ON t (age DESC) INCLUDE (name) WHERE NOT age IS NULL;"
    assert {"MS204", "MS205", "MS210"} <= set(findings(conversion))
    psql_apply(scratch_pg, postgres.schema_script(conversion))


def test_index_names_are_made_unique_per_schema():
    conversion = convert("CREATE TABLE a (x INT)\nGO\nCREATE TABLE b (x INT)\nGO\nCREATE INDEX ix ON a (x)\nGO\n"
                         "CREATE INDEX ix ON b (x)\nGO\nCREATE INDEX a ON b (x)\nGO")
    assert [o.name.name for o in conversion.objects if isinstance(o, Index)] == ["ix", "b_ix", "b_a"]


def test_foreign_keys_with_nocheck_and_constraint_toggles_in_data(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE p (id INT PRIMARY KEY)\nGO\nCREATE TABLE c (id INT, p INT)\nGO\n"
                         "ALTER TABLE [dbo].[c] WITH NOCHECK ADD CONSTRAINT [FK_c_p] FOREIGN KEY ([p]) "
                         "REFERENCES [dbo].[p] ([id]) ON DELETE CASCADE ON UPDATE NO ACTION\nGO\n"
                         "ALTER TABLE c NOCHECK CONSTRAINT ALL\nGO\nINSERT c VALUES (1, 7)\nGO\n"
                         "ALTER TABLE c CHECK CONSTRAINT FK_c_p\nGO")
    schema = postgres.schema_script(conversion)
    assert "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p) REFERENCES p (id) ON DELETE CASCADE NOT VALID;" \
        in schema
    data = postgres.data_script(conversion)
    assert "ALTER TABLE c DROP CONSTRAINT fk_c_p;" in data
    assert "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p) REFERENCES p (id) ON DELETE CASCADE NOT VALID;" in data
    psql_apply(scratch_pg, schema + data)          # the orphan row loads, as under NOCHECK in SQL Server
    with psycopg.connect(scratch_pg) as conn:
        assert conn.execute("SELECT convalidated FROM pg_constraint WHERE conname = 'fk_c_p'").fetchone() == (False,)
        with pytest.raises(psycopg.errors.ForeignKeyViolation):      # and new rows are checked again
            conn.execute("INSERT INTO c VALUES (2, 8)")


def test_alias_types_are_inlined_with_their_nullability():
    conversion = convert("EXEC sp_addtype id, 'varchar(11)', 'NOT NULL'\nGO\n"
                         "CREATE TYPE dbo.tid FROM varchar(6) NULL\nGO\n"
                         "CREATE TABLE t (a id, b id NULL, c tid)\nGO")
    sql = conversion.objects[0].target_sql
    assert "a varchar(11) NOT NULL" in sql and "    b varchar(11),\n" in sql and "c varchar(6)\n" in sql
    assert len(findings(conversion)["MS107"]) == 2


def test_table_types_and_temporary_tables_are_left_out():
    conversion = convert("CREATE TYPE dbo.ids AS TABLE (id INT)\nGO\nCREATE TABLE #tmp (a INT)\nGO")
    assert [o.target_sql for o in conversion.objects] == [None, None]
    assert {"MS108", "MS212"} <= set(findings(conversion))


def test_sequences_start_where_sql_server_starts_them():
    conversion = convert("CREATE SEQUENCE dbo.s AS INT\nGO\nCREATE SEQUENCE s2 START WITH 5 INCREMENT BY -1\nGO")
    first, second = (o.target_sql for o in conversion.objects)
    assert "START WITH -2147483648" in first and "MINVALUE -2147483648" in first
    assert "START WITH 5" in second and "INCREMENT BY -1" in second


def test_synonyms_become_views_or_findings():
    conversion = convert("CREATE TABLE t (a INT)\nGO\nCREATE SYNONYM s FOR dbo.t\nGO\n"
                         "CREATE SYNONYM r FOR otherdb.dbo.t\nGO")
    sql = [o.target_sql for o in conversion.objects]
    assert sql[1] == "CREATE VIEW s AS SELECT * FROM t;" and sql[2] is None


def test_views_schemabinding_top_and_check_option():
    conversion = convert("CREATE TABLE t (a INT)\nGO\nCREATE VIEW dbo.v WITH SCHEMABINDING AS SELECT TOP 100 PERCENT a "
                         "FROM dbo.t ORDER BY a\nGO\nCREATE VIEW w AS SELECT a FROM t WHERE a > 0 WITH CHECK OPTION\nGO")
    assert conversion.objects[1].target_sql == "CREATE VIEW v AS SELECT a FROM t ORDER BY a NULLS FIRST;"
    assert conversion.objects[2].target_sql.endswith("WHERE a > 0 WITH CASCADED CHECK OPTION;")


def test_names_fold_to_lower_case_and_dbo_is_the_default_schema(scratch_pg, psql_apply):
    conversion = convert("CREATE TABLE [dbo].[Order Details] ([OrderID] INT, \"Qty\" INT)\nGO\n"
                         "CREATE TABLE Sales.Orders (OrderID INT)\nGO\n"
                         "CREATE VIEW v AS SELECT \"Order Details\".OrderID, [order details].qty FROM [Order Details]\n"
                         "GO\nCREATE TABLE ORDERS (a INT)\nGO\nCREATE TABLE orders (b INT)\nGO")
    sql = [o.target_sql for o in conversion.objects]
    assert sql[0].startswith('CREATE TABLE "order details" (\n    orderid integer,\n    qty integer')
    assert sql[1].startswith("CREATE TABLE sales.orders")
    assert sql[2] == 'CREATE VIEW v AS SELECT "order details".orderid, "order details".qty FROM "order details";'
    assert sql[4] is None and "already defined" in conversion.objects[4].findings[0].message   # same name in SQL Server
    psql_apply(scratch_pg, postgres.schema_script(conversion))


def test_collations_are_dropped_with_a_finding():
    conversion = convert("CREATE TABLE t (a VARCHAR(10) COLLATE Latin1_General_CS_AS)\nGO")
    assert "a varchar(10)" in conversion.objects[0].target_sql
    assert findings(conversion)["MS110"][0].effort is Effort.REVIEW


def test_unparsable_statement_is_left_out_with_its_place():
    conversion = convert("CREATE TABLE t (a INT)\nGO\nCREATE TABLE u (a INT WIBBLE)\nGO")
    bad = conversion.objects[1]
    assert bad.target_sql is None and bad.findings[0].rule_id == "MS010" and bad.findings[0].span.line == 3
