"""Oracle DDL to PostgreSQL, written as source -> expected target pairs (whitespace folded)."""

from __future__ import annotations

import re

import pytest

from sct.converter.ir import Status
from sct.converter.pipeline import convert_text


def fold(sql: str) -> str:
    sql = re.sub(r"\s+", " ", sql).strip()
    return re.sub(r"\(\s", "(", re.sub(r"\s\)", ")", sql))


def schema_sql(source: str) -> str:
    conversion = convert_text(source, file="t.sql")
    return "\n".join(o.target_sql for o in conversion.ordered if o.target_sql)


def validate(source: str, expected: str) -> None:
    assert fold(schema_sql(source)) == fold(expected)


def findings(source: str) -> dict[str, list[str]]:
    conversion = convert_text(source, file="t.sql")
    out: dict[str, list[str]] = {}
    for obj in conversion.objects:
        for f in obj.findings:
            out.setdefault(f.rule_id, []).append(f.message)
    for f in conversion.script_findings:
        out.setdefault(f.rule_id, []).append(f.message)
    return out


# --- types ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("oracle, postgres", [
    ("NUMBER(1)", "smallint"), ("NUMBER(4)", "smallint"), ("NUMBER(5)", "integer"), ("NUMBER(9,0)", "integer"),
    ("NUMBER(10)", "bigint"), ("NUMBER(18)", "bigint"), ("NUMBER(19)", "numeric(19)"), ("NUMBER(38)", "numeric(38)"),
    ("NUMBER", "numeric"), ("NUMBER(8,2)", "numeric(8,2)"), ("NUMBER(2,2)", "numeric(2,2)"),
    ("BINARY_FLOAT", "real"), ("BINARY_DOUBLE", "double precision"),
    ("DATE", "timestamp(0)"), ("TIMESTAMP", "timestamp(6)"), ("TIMESTAMP(3)", "timestamp(3)"),
    ("TIMESTAMP WITH TIME ZONE", "timestamptz(6)"), ("TIMESTAMP WITH LOCAL TIME ZONE", "timestamptz(6)"),
    ("VARCHAR2(25)", "varchar(25)"), ("VARCHAR2(25 BYTE)", "varchar(25)"), ("VARCHAR2(10 CHAR)", "varchar(10)"),
    ("NVARCHAR2(30)", "varchar(30)"), ("CHAR(2)", "char(2)"), ("NCHAR(3)", "char(3)"),
    ("CLOB", "text"), ("NCLOB", "text"), ("LONG", "text"), ("BLOB", "bytea"), ("RAW(16)", "bytea"),
    ("LONG RAW", "bytea"),
])
def test_column_types(oracle, postgres):
    validate(f"CREATE TABLE t (c {oracle});", f"CREATE TABLE t (c {postgres});")


@pytest.mark.parametrize("oracle, rule", [
    ("MDSYS.SDO_GEOMETRY", "OR111"), ("SDO_GEOMETRY", "OR111"), ("cust_address_typ", "OR112"),
])
def test_types_without_conversion_leave_the_table_out(oracle, rule):
    conversion = convert_text(f"CREATE TABLE t (c {oracle});")
    (table,) = conversion.objects
    assert table.status == Status.MANUAL and table.target_sql is None
    assert rule in {f.rule_id for f in table.findings}


# --- tables and constraints ----------------------------------------------------------------------------

def test_constraints_inline_and_foreign_keys_after_all_tables():
    validate("""
        CREATE TABLE child (id NUMBER(9) CONSTRAINT child_pk PRIMARY KEY,
                            parent_id NUMBER(9) REFERENCES parent (id) ON DELETE SET NULL,
                            qty NUMBER(4) CHECK (qty > 0),
                            code VARCHAR2(5) CONSTRAINT child_code_nn NOT NULL,
                            CONSTRAINT child_code_uk UNIQUE (code));
        CREATE TABLE parent (id NUMBER(9) PRIMARY KEY);
    """, """
        CREATE TABLE child (id integer, parent_id integer, qty smallint, code varchar(5) NOT NULL,
                            CONSTRAINT child_pk PRIMARY KEY (id), CHECK (qty > 0),
                            CONSTRAINT child_code_uk UNIQUE (code));
        CREATE TABLE parent (id integer, PRIMARY KEY (id));
        ALTER TABLE child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id)
            ON DELETE SET NULL;
    """)


def test_alter_table_add_constraints_are_merged_and_pk_index_absorbed():
    source = """
        CREATE TABLE regions (region_id NUMBER CONSTRAINT region_id_nn NOT NULL, region_name VARCHAR2(25));
        CREATE UNIQUE INDEX reg_id_pk ON regions (region_id);
        ALTER TABLE regions ADD ( CONSTRAINT reg_id_pk PRIMARY KEY (region_id) ) ;
        CREATE TABLE countries (country_id CHAR(2), region_id NUMBER,
                                CONSTRAINT country_c_id_pk PRIMARY KEY (country_id)) ORGANIZATION INDEX;
        ALTER TABLE countries ADD ( CONSTRAINT countr_reg_fk FOREIGN KEY (region_id) REFERENCES regions(region_id));
    """
    validate(source, """
        CREATE TABLE regions (region_id numeric NOT NULL, region_name varchar(25),
                              CONSTRAINT reg_id_pk PRIMARY KEY (region_id));
        CREATE TABLE countries (country_id char(2), region_id numeric,
                                CONSTRAINT country_c_id_pk PRIMARY KEY (country_id));
        ALTER TABLE countries ADD CONSTRAINT countr_reg_fk FOREIGN KEY (region_id) REFERENCES regions (region_id);
    """)
    found = findings(source)
    assert "OR209" in found and "OR220" in found


def test_deferrable_disabled_and_novalidate_constraints():
    source = """
        CREATE TABLE p (id NUMBER(9) PRIMARY KEY);
        CREATE TABLE c (id NUMBER(9), p_id NUMBER(9),
            CONSTRAINT c_uk UNIQUE (id) DEFERRABLE INITIALLY DEFERRED,
            CONSTRAINT c_ck CHECK (id > 0) DISABLE,
            CONSTRAINT c_fk FOREIGN KEY (p_id) REFERENCES p ENABLE NOVALIDATE);
    """
    validate(source, """
        CREATE TABLE p (id integer, PRIMARY KEY (id));
        CREATE TABLE c (id integer, p_id integer, CONSTRAINT c_uk UNIQUE (id) DEFERRABLE INITIALLY DEFERRED);
        ALTER TABLE c ADD CONSTRAINT c_fk FOREIGN KEY (p_id) REFERENCES p NOT VALID;
    """)
    assert {"OR207", "OR208"} <= set(findings(source))


def test_identity_virtual_and_storage_clauses():
    source = """
        CREATE TABLE t (
            id NUMBER GENERATED BY DEFAULT ON NULL AS IDENTITY (START WITH 5 INCREMENT BY 2 NOCACHE),
            a NUMBER(4),
            b NUMBER(9) GENERATED ALWAYS AS (a * 2) VIRTUAL
        ) TABLESPACE users PCTFREE 10 INITRANS 2 STORAGE (INITIAL 64K NEXT 1M) NOLOGGING COMPRESS PARALLEL 4;
    """
    validate(source, """
        CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 5 INCREMENT BY 2), a smallint,
                        b integer GENERATED ALWAYS AS (a * 2) STORED);
    """)
    found = findings(source)
    assert any("TABLESPACE" in m and "STORAGE" in m for m in found["OR201"])
    assert any("ON NULL" in m for m in found["OR204"])
    assert "OR205" in found


def test_global_temporary_table_and_partitioning():
    source = """
        CREATE GLOBAL TEMPORARY TABLE g (a NUMBER(4)) ON COMMIT PRESERVE ROWS;
        CREATE TABLE s (id NUMBER(9), d DATE)
          PARTITION BY RANGE (d)
          (PARTITION p1 VALUES LESS THAN (TO_DATE('01-01-2000','DD-MM-YYYY')) TABLESPACE t1,
           PARTITION p2 VALUES LESS THAN (MAXVALUE));
    """
    validate(source, """
        CREATE UNLOGGED TABLE g (a smallint);
        CREATE TABLE s (id integer, d timestamp(0));
    """)
    found = findings(source)
    assert "OR206" in found and "OR221" in found


def test_comments_on_tables_columns_and_quotes_in_them():
    validate("""
        CREATE TABLE t (a NUMBER(4));
        COMMENT ON TABLE t IS 'It''s a table';
        COMMENT ON COLUMN t.a IS 'A column';
    """, """
        CREATE TABLE t (a smallint);
        COMMENT ON TABLE t IS 'It''s a table';
        COMMENT ON COLUMN t.a IS 'A column';
    """)


# --- sequences, indexes, views, synonyms --------------------------------------------------------------

def test_sequences():
    validate("CREATE SEQUENCE s START WITH 207 INCREMENT BY 1 NOCACHE NOCYCLE;",
             "CREATE SEQUENCE s INCREMENT BY 1 START WITH 207;")
    validate("CREATE SEQUENCE s MINVALUE 1 MAXVALUE 9999999999999999999999999999 CACHE 20 CYCLE ORDER;",
             "CREATE SEQUENCE s MINVALUE 1 MAXVALUE 9223372036854775807 CACHE 20 CYCLE;")


def test_indexes_unique_composite_function_based_bitmap():
    validate("""
        CREATE TABLE t (a NUMBER(4), b VARCHAR2(10));
        CREATE INDEX t_ab ON t (a, b DESC) TABLESPACE idx COMPUTE STATISTICS;
        CREATE UNIQUE INDEX t_b_uk ON t (b);
        CREATE INDEX t_upper ON t (UPPER(b));
        CREATE BITMAP INDEX t_bix ON t (a);
    """, """
        CREATE TABLE t (a smallint, b varchar(10));
        CREATE INDEX t_ab ON t (a, b DESC);
        CREATE UNIQUE INDEX t_b_uk ON t (b);
        CREATE INDEX t_upper ON t ((UPPER(b)));
        CREATE INDEX t_bix ON t (a);
    """)


def test_views_come_after_what_they_read_even_when_written_first():
    validate("""
        CREATE OR REPLACE FORCE VIEW v2 AS SELECT a FROM v1;
        CREATE OR REPLACE VIEW v1 (a) AS SELECT a FROM t;
        CREATE TABLE t (a NUMBER(4));
    """, """
        CREATE TABLE t (a smallint);
        CREATE VIEW v1 (a) AS SELECT a FROM t;
        CREATE VIEW v2 AS SELECT a FROM v1;
    """)


def test_create_or_replace_view_keeps_the_last_definition():
    validate("""
        CREATE TABLE t (a NUMBER(4), b NUMBER(4));
        CREATE OR REPLACE VIEW v AS SELECT a FROM t;
        CREATE OR REPLACE VIEW v AS SELECT b FROM t;
    """, """
        CREATE TABLE t (a smallint, b smallint);
        CREATE VIEW v AS SELECT b FROM t;
    """)


def test_materialized_view_and_synonym():
    source = """
        CREATE TABLE t (a NUMBER(4));
        CREATE MATERIALIZED VIEW mv PCTFREE 5 BUILD IMMEDIATE REFRESH COMPLETE ON DEMAND ENABLE QUERY REWRITE
          AS SELECT a, COUNT(*) AS n FROM t GROUP BY a;
        CREATE SYNONYM t_syn FOR t;
        CREATE PUBLIC SYNONYM elsewhere FOR other_schema.thing;
    """
    validate(source, """
        CREATE TABLE t (a smallint);
        CREATE MATERIALIZED VIEW mv AS SELECT a, COUNT(*) AS n FROM t GROUP BY a;
        CREATE VIEW t_syn AS SELECT * FROM t;
    """)
    found = findings(source)
    assert {"OR213", "OR225", "OR226"} <= set(found)


# --- names ---------------------------------------------------------------------------------------------

def test_names_fold_quote_and_never_inject():
    validate("""
        CREATE TABLE "MixedCase" ("Id" NUMBER(4), "UPPER" NUMBER(4), "user" NUMBER(4), "order" NUMBER(4));
        CREATE TABLE "a""; drop table x; --" (c NUMBER(4));
    """, """
        CREATE TABLE "MixedCase" ("Id" smallint, upper smallint, "user" smallint, "order" smallint);
        CREATE TABLE "a""; drop table x; --" (c smallint);
    """)


def test_dependent_of_a_manual_object_is_left_out_with_the_reason():
    conversion = convert_text("""
        CREATE TABLE t (g SDO_GEOMETRY, a NUMBER(4));
        CREATE INDEX t_a ON t (a);
        CREATE VIEW v AS SELECT a FROM t;
        CREATE TABLE u (a NUMBER(4));
    """)
    by_name = {o.name.name: o for o in conversion.objects}
    assert by_name["t"].status == Status.MANUAL
    for name in ("t_a", "v"):
        assert by_name[name].target_sql is None
        assert any(f.rule_id == "OR016" and "table t" in f.message for f in by_name[name].findings)
    assert by_name["u"].target_sql is not None


# --- robustness ----------------------------------------------------------------------------------------

def test_unparsable_statement_is_a_finding_and_the_rest_converts():
    conversion = convert_text("CREATE TABLE a (x NUMBER(4));\nCREATE TABLE b (x NUMBER,, y);\n"
                              "CREATE TABLE c (x NUMBER(4));\n", file="bad.sql")
    names = [o.name.name for o in conversion.ordered]
    assert names == ["a", "c"]
    (bad,) = [o for o in conversion.objects if o.status == Status.MANUAL]
    (finding,) = bad.findings
    assert finding.rule_id == "OR010" and finding.span.file == "bad.sql" and finding.span.line == 2


def test_same_input_gives_byte_identical_output():
    from sct.converter.emit.postgres import schema_script

    source = """
        CREATE TABLE b (id NUMBER(9) PRIMARY KEY, a_id NUMBER(9) REFERENCES a);
        CREATE TABLE a (id NUMBER(9) PRIMARY KEY, b_id NUMBER(9) REFERENCES b);
        CREATE VIEW v AS SELECT a.id FROM a JOIN b ON a.b_id = b.id;
        CREATE INDEX i1 ON a (b_id);
    """
    first = schema_script(convert_text(source))
    assert all(schema_script(convert_text(source)) == first for _ in range(3))
