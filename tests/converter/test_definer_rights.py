"""OR429: a routine the scripts grant to other users, without AUTHID, runs with different rights on PostgreSQL."""

from __future__ import annotations

import pytest

from sct.converter.pipeline import convert_text

ROUTINE = """CREATE TABLE pay (id NUMBER);
CREATE OR REPLACE PROCEDURE add_pay (p NUMBER) {authid} IS
BEGIN
  INSERT INTO pay (id) VALUES (p);
END;
/
CREATE OR REPLACE PACKAGE payroll {authid} AS
  PROCEDURE run;
END payroll;
/
{grants}
"""


def or429(authid: str, grants: str) -> dict[str, list[str]]:
    conversion = convert_text(ROUTINE.format(authid=authid, grants=grants), file="r.sql")
    return {str(o.name): [f.message for f in o.findings if f.rule_id == "OR429"]
            for o in conversion.schema_objects if o.name.name in ("add_pay", "payroll")}


def test_granted_without_authid_is_review():
    found = or429("", "GRANT EXECUTE ON add_pay TO clerk;\nGRANT EXECUTE ON payroll TO clerk, auditor;")
    assert "granted to clerk:" in found["add_pay"][0]
    assert "granted to clerk, auditor:" in found["payroll"][0]


@pytest.mark.parametrize(("authid", "grants"), [
    ("AUTHID CURRENT_USER", "GRANT EXECUTE ON add_pay TO clerk;\nGRANT EXECUTE ON payroll TO clerk;"),
    ("AUTHID DEFINER", "GRANT EXECUTE ON add_pay TO clerk;\nGRANT EXECUTE ON payroll TO clerk;"),
    ("", "GRANT SELECT ON pay TO clerk;"),
])
def test_no_finding_when_rights_match_or_nobody_else_calls(authid: str, grants: str):
    assert or429(authid, grants) == {"add_pay": [], "payroll": []}
