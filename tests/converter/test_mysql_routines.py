"""What stays out of the MySQL stored-program conversion, and why: the MANUAL and REVIEW findings a user acts on.

The behaviour of what converts is proven against MariaDB in test_mysql_routines_differential.py; these tests pin
the findings for what does not convert exactly (rules MY012, MY401-MY416), and the objects left out.
"""

from __future__ import annotations

import pytest

from sct.converter.ir import CodeObject, Effort
from sct.converter.pipeline import convert_text

TABLE = "CREATE TABLE t (a INT, b VARCHAR(10));\n"


def program(body: str, setup: str = TABLE) -> CodeObject:
    conversion = convert_text(f"{setup}DELIMITER //\n{body} //\nDELIMITER ;\n", file="p.sql", source="mysql")
    return next(o for o in conversion.objects if isinstance(o, CodeObject))


def manual(obj: CodeObject) -> list[tuple[str, int, str]]:
    return [(f.rule_id, f.span.line, f.message) for f in obj.findings if f.effort.rank >= Effort.MANUAL.rank]


@pytest.mark.parametrize("body, rule, line, words", [
    ("CREATE TRIGGER t_b BEFORE INSERT ON t FOR EACH ROW FOLLOWS t_a SET NEW.a = 1", "MY413", 3, "name order"),
    ("CREATE FUNCTION f() RETURNS INT READS SQL DATA\nBEGIN\n  RETURN @x;\nEND", "MY408", 5, "@x is read"),
    ("CREATE PROCEDURE p(OUT n INT)\nBEGIN\n  SELECT a INTO n FROM t LIMIT 1;\n  SET n = ROW_COUNT();\nEND",
     "MY410", 6, "right after"),
    ("CREATE PROCEDURE p()\nBEGIN\n  DECLARE CONTINUE HANDLER FOR SQLWARNING BEGIN END;\n  DELETE FROM t;\nEND",
     "MY403", 5, "SQLWARNING"),
    ("CREATE PROCEDURE p()\nBEGIN\n  DECLARE EXIT HANDLER FOR 9999 BEGIN END;\n  DELETE FROM t;\nEND",
     "MY403", 5, "ERROR 9999"),
    ("CREATE PROCEDURE p()\nBEGIN\n  DELETE FROM t;\n  SELECT a FROM t;\nEND", "MY416", 6, "result set"),
    ("CREATE PROCEDURE p()\nBEGIN\n  RESIGNAL;\nEND", "MY406", 5, "RESIGNAL"),
    ("CREATE PROCEDURE p()\nBEGIN\n  GET DIAGNOSTICS @n = ROW_COUNT;\nEND", "MY415", 5, "GET DIAGNOSTICS"),
    ("CREATE PROCEDURE p()\nBEGIN\n  INSERT IGNORE INTO t (a) VALUES (1);\nEND", "MY415", 5, "INSERT IGNORE"),
    ("CREATE EVENT e ON SCHEDULE EVERY 1 HOUR DO DELETE FROM t", "MY414", 3, "pg_cron"),
    ("CREATE PROCEDURE p() BEGIN IF THEN END IF; END", "MY012", 3, "cannot parse"),
])
def test_a_construct_without_an_exact_conversion_leaves_the_program_out_with_its_line(body, rule, line, words):
    obj = program(body)
    assert obj.target_sql is None
    found = manual(obj)
    assert [(r, n) for r, n, _ in found] == [(rule, line)], found
    assert words in found[0][2]


def test_a_converted_program_loses_the_generic_finding_and_keeps_its_caveats():
    obj = program("CREATE PROCEDURE p(IN x TINYINT UNSIGNED)\nBEGIN\n  INSERT INTO t (a) VALUES (x);\nEND")
    assert obj.target_sql.startswith("CREATE OR REPLACE PROCEDURE p(x smallint)")
    found = {(f.rule_id, f.effort) for f in obj.findings}
    assert not any(rule == "MY012" for rule, _ in found)
    assert ("MY401", Effort.REVIEW) in found        # the unsigned range is not checked
    assert ("MY412", Effort.REVIEW) in found        # one transaction per CALL, not one per statement
    assert ("MY402", Effort.REVIEW) in found        # SQL SECURITY DEFINER by default


def test_a_routine_name_inside_a_string_is_no_dependency():
    setup = TABLE + "DELIMITER //\nCREATE PROCEDURE helper() BEGIN SELECT 1; END //\nDELIMITER ;\n"
    conversion = convert_text(setup + "DELIMITER //\nCREATE FUNCTION usage_text() RETURNS TEXT DETERMINISTIC\n"
                              "RETURN 'CALL helper() to start' //\nDELIMITER ;\n", file="p.sql", source="mysql")
    usage = next(o for o in conversion.objects if isinstance(o, CodeObject) and o.name.name == "usage_text")
    assert usage.target_sql is not None and not manual(usage)


def test_a_view_calling_a_converted_function_is_kept_and_created_after_it():
    conversion = convert_text(TABLE + "DELIMITER //\nCREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC "
                              "RETURN x * 2 //\nDELIMITER ;\nCREATE VIEW v AS SELECT twice(a) AS d FROM t;\n",
                              file="p.sql", source="mysql")
    order = [o.name.name for o in conversion.ordered if o.target_sql]
    assert order.index("twice") < order.index("v")


def test_a_procedure_that_commits_is_security_invoker():
    obj = program("CREATE PROCEDURE p()\nBEGIN\n  DELETE FROM t;\n  COMMIT;\nEND")
    assert "SECURITY INVOKER" in obj.target_sql and "COMMIT;" in obj.target_sql
    assert any(f.rule_id == "MY402" and "cannot COMMIT" in f.message for f in obj.findings)


def test_triggers_of_one_event_whose_names_do_not_give_the_creation_order_are_reviewed():
    conversion = convert_text(TABLE + "DELIMITER //\n"
                              "CREATE TRIGGER t_z BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 //\n"
                              "CREATE TRIGGER t_a BEFORE INSERT ON t FOR EACH ROW SET NEW.a = NEW.a + 1 //\n"
                              "DELIMITER ;\n", file="p.sql", source="mysql")
    triggers = [o for o in conversion.objects if isinstance(o, CodeObject)]
    assert all(o.target_sql for o in triggers)
    assert all(any(f.rule_id == "MY413" and f.effort is Effort.REVIEW and "name order" in f.message
                   for f in o.findings) for o in triggers)
