"""Reading T-SQL scripts: GO batches, statements without terminators, IF and BEGIN ... END, encodings by BOM,
folders of one object per file, and what batch-level statements become (MS001-MS013)."""

from __future__ import annotations

import codecs

import pytest

from sct.converter.ir import Table
from sct.converter.pipeline import convert_paths, convert_text
from sct.converter.tsql_script import decode, read_tsql_script_text, read_tsql_scripts
from sct.errors import InputError


def texts(script_text: str) -> list[str]:
    return [s.text for s in read_tsql_script_text(script_text, "f.sql").statements]


def convert(text: str):
    return convert_text(text, file="t.sql", source="sqlserver")


def script_rules(conversion) -> dict[str, list]:
    out: dict[str, list] = {}
    for finding in conversion.script_findings:
        out.setdefault(finding.rule_id, []).append(finding)
    return out


# --- batches and statements ----------------------------------------------------------------------------------

def test_go_lines_end_batches_but_not_inside_strings_comments_or_names():
    text = ("SELECT 'a\nGO\nb'\nGO\n/* a comment\nGO\n /* nested */ still comment\nGO\n*/ SELECT 2\ngo\n"
            "SELECT [x\nGO\ny] FROM t\nGO")
    assert texts(text) == ["SELECT 'a\nGO\nb'", "SELECT 2", "SELECT [x\nGO\ny] FROM t"]


def test_statements_need_no_terminator_and_keep_their_lines():
    script = read_tsql_script_text("SET NOCOUNT ON SET DATEFORMAT mdy\nUPDATE t SET a = 1 WHERE b IN (SELECT 1) "
                                   "SELECT 2\ninsert t select * from u union select 1;INSERT t VALUES (1)\nGO", "f.sql")
    assert [(s.text, s.span.line, s.span.column) for s in script.statements] == [
        ("SET NOCOUNT ON", 1, 1), ("SET DATEFORMAT mdy", 1, 16), ("UPDATE t SET a = 1 WHERE b IN (SELECT 1)", 2, 1),
        ("SELECT 2", 2, 42), ("insert t select * from u union select 1", 3, 1), ("INSERT t VALUES (1)", 3, 41)]


def test_if_takes_its_condition_statement_and_else_branch():
    text = ("IF OBJECT_ID('t') IS NOT NULL DROP TABLE t ELSE PRINT 'x' INSERT t VALUES (1)\n"
            "IF 1 < 2\nBEGIN\n  ALTER DATABASE x SET OFFLINE; DROP DATABASE x;\nEND\nELSE IF 2 < 3 PRINT 'y'\n"
            "CREATE INDEX i ON t (a)\nGO")
    assert texts(text) == ["IF OBJECT_ID('t') IS NOT NULL DROP TABLE t ELSE PRINT 'x'", "INSERT t VALUES (1)",
                           "IF 1 < 2\nBEGIN\n  ALTER DATABASE x SET OFFLINE; DROP DATABASE x;\nEND\nELSE IF 2 < 3 "
                           "PRINT 'y'", "CREATE INDEX i ON t (a)"]


def test_view_and_routine_definitions_take_the_rest_of_their_batch():
    text = "CREATE VIEW v AS SELECT 1 AS a\nSELECT 2\nGO\nCREATE PROCEDURE p AS\nSET NOCOUNT ON\nSELECT 1\nGO"
    assert texts(text) == ["CREATE VIEW v AS SELECT 1 AS a\nSELECT 2", "CREATE PROCEDURE p AS\nSET NOCOUNT ON\nSELECT 1"]


def test_alter_table_clauses_and_foreign_key_actions_do_not_start_statements():
    text = ("ALTER TABLE a ADD CONSTRAINT fk FOREIGN KEY (x) REFERENCES b (x) ON DELETE NO ACTION ON UPDATE SET NULL\n"
            "ALTER TABLE a DROP CONSTRAINT fk\nGO")
    assert len(texts(text)) == 2


def test_go_with_a_count_repeats_the_batch_and_says_so():
    conversion = convert("CREATE TABLE t (a INT)\nGO\nINSERT INTO t VALUES (1)\nGO 3\n")
    assert [s.target_sql for s in conversion.data_statements] == ["INSERT INTO t VALUES (1);"] * 3
    assert "3 times" in script_rules(conversion)["MS002"][0].message


# --- encodings and folders -----------------------------------------------------------------------------------

@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                                        (codecs.BOM_UTF8, "utf-8")])
def test_files_are_decoded_by_their_byte_order_mark(tmp_path, bom, codec):
    path = tmp_path / "s.sql"
    path.write_bytes(bom + "CREATE TABLE [Größe] (a NVARCHAR(10))\r\nGO\r\n".encode(codec))
    conversion = convert_paths([path], source="sqlserver")
    assert [o.name.name for o in conversion.objects if isinstance(o, Table)] == ["größe"]


def test_a_file_without_bom_in_another_encoding_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="--encoding"):
        decode("SELECT 'é'".encode("latin-1"), "x.sql")


def test_an_ssdt_folder_is_read_file_by_file_and_ordered_by_dependencies(tmp_path):
    (tmp_path / "dbo" / "Tables").mkdir(parents=True)
    (tmp_path / "dbo" / "Views").mkdir(parents=True)
    (tmp_path / "dbo" / "Views" / "A_View.sql").write_text("CREATE VIEW dbo.a_view AS SELECT x FROM dbo.z_table\n")
    (tmp_path / "dbo" / "Tables" / "Z_Table.sql").write_text("CREATE TABLE [dbo].[Z_Table] ([x] INT NOT NULL)\n")
    script = read_tsql_scripts([tmp_path])
    assert [s.span.file.split("/")[-1] for s in script.statements] == ["Z_Table.sql", "A_View.sql"]
    conversion = convert_paths([tmp_path], source="sqlserver")
    assert [o.name.name for o in conversion.ordered] == ["z_table", "a_view"]


# --- batch-level statements ----------------------------------------------------------------------------------

def test_existence_guards_are_dropped_and_the_create_after_them_converted():
    conversion = convert("if exists (select * from sysobjects where id = object_id('dbo.T') and sysstat & 0xf = 3)\n"
                         "\tdrop table \"dbo\".\"T\"\nGO\nIF OBJECT_ID(N'dbo.T', N'U') IS NOT NULL DROP TABLE dbo.T;\n"
                         "GO\nCREATE TABLE dbo.T (a INT)\nGO")
    assert [o.kind for o in conversion.objects] == ["table"]
    assert "2 existence guards" in script_rules(conversion)["MS004"][0].message


def test_use_set_print_and_exec_are_findings_with_their_line():
    conversion = convert("USE pubs\nGO\nSET NOCOUNT ON\nPRINT 'x'\nGO\nEXEC sp_dboption 'pubs', 'x', 'true'\nGO\n"
                         "SET QUOTED_IDENTIFIER OFF\nGO")
    found = script_rules(conversion)
    assert found["MS003"][0].span.line == 1
    assert {f.message.split(" is")[0] for f in found["MS011"]} == {"SET NOCOUNT", "PRINT"}
    assert found["MS001"][0].effort.value == "review" and "string literal" in found["MS001"][0].message
    exec_stmt = next(o for o in conversion.objects if o.name.name.startswith("exec"))
    assert exec_stmt.findings[0].rule_id == "MS006" and exec_stmt.span.line == 6


def test_a_batch_level_if_is_reported_not_run():
    conversion = convert("IF DB_NAME() <> 'pubs' RAISERROR('wrong', 16, 1)\nGO")
    assert conversion.objects == [] and "RAISERROR" in script_rules(conversion)["MS013"][0].message


def test_routines_are_read_from_their_batches():
    conversion = convert("CREATE TABLE t (a INT)\nGO\nCREATE PROCEDURE dbo.p @x INT AS SELECT a FROM t WHERE a = @x\n"
                         "GO\nCREATE TRIGGER tr ON t FOR INSERT AS PRINT 'x'\nGO\nCREATE PROC q AS IF BEGIN END\nGO")
    code = [o for o in conversion.objects if o.kind == "code"]
    assert [(o.code_kind, o.name.name, o.span.line) for o in code] == [
        ("procedure", "p", 3), ("trigger", "tr", 5), ("procedure", "q", 7)]
    assert [o.target_sql is not None for o in code] == [True, True, False]
    assert [f.rule_id for f in code[2].findings] == ["MS012"]       # cannot be parsed: the error is the reason


def test_extended_property_descriptions_become_comments():
    conversion = convert("CREATE TABLE t (a INT)\nGO\n"
                         "EXEC sp_addextendedproperty @name = N'MS_Description', @value = N'Key of t',\n"
                         "  @level0type = N'SCHEMA', @level0name = N'dbo', @level1type = N'TABLE', @level1name = N't',"
                         "\n  @level2type = N'COLUMN', @level2name = N'a'\nGO")
    assert "COMMENT ON COLUMN t.a IS 'Key of t';" in conversion.objects[0].target_sql
