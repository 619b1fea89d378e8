from sct.rules import Effort, Example, Rule, register


@register
class OR410(Rule):
    """cursor%FOUND, %NOTFOUND, %ROWCOUNT and %ISOPEN of an explicit cursor read state variables kept by OPEN, FETCH and CLOSE.

    PostgreSQL cursors have no attributes. For a cursor whose attributes the routine reads, the converter
    declares sct_<cursor>_found, _rowcount and _isopen and sets them after OPEN, FETCH (from FOUND) and CLOSE,
    with Oracle's values (NULL before the first fetch).
    """

    name = "oracle.explicit-cursor-attributes"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE PROCEDURE walk IS\n  CURSOR c IS SELECT id FROM emp;\n  v NUMBER;\nBEGIN\n  OPEN c;\n  LOOP\n    FETCH c INTO v;\n    EXIT WHEN c%NOTFOUND;\n  END LOOP;\n  CLOSE c;\nEND;\n/',
                after='CREATE OR REPLACE PROCEDURE walk()\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  c CURSOR FOR SELECT id FROM emp;\n  v numeric;\n  sct_c_found boolean;\n  sct_c_rowcount integer;\n  sct_c_isopen boolean := FALSE;\nBEGIN\n  OPEN c;\n  sct_c_isopen := TRUE;\n  sct_c_rowcount := 0;\n  sct_c_found := NULL;\n  LOOP\n    FETCH c INTO v;\n    sct_c_found := FOUND;\n    IF FOUND THEN sct_c_rowcount := sct_c_rowcount + 1; END IF;\n    EXIT WHEN (NOT sct_c_found);\n  END LOOP;\n  CLOSE c;\n  sct_c_isopen := FALSE;\nEND;\n$$;'),
    )
