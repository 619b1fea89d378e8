from sct.rules import Effort, Example, Rule, register


@register
class OR430(Rule):
    """TYPE ... IS RECORD becomes a composite type (CREATE TYPE ... AS), created with the unit or the package that declares it.

    A record type declared in a routine, trigger or block becomes `CREATE TYPE <schema>.<unit>__<type> AS (...)`,
    created just before the unit in the same target SQL: the unit's name is part of the type's name, so the local
    types of two units never collide (`hr.raise_pay__pay_rec`; an overloaded package routine adds its place among
    the overloads, `pkg.f_2__r`; an anonymous block's types go to `pg_temp`). A record type of a package spec or
    body becomes `<package schema>.<type>`, created with the spec or the body; routines of other packages that use
    it depend on that spec. Variables, parameters and return values of the type, `r.field` reads and assignments,
    SELECT/FETCH INTO a record and collections of records (`v(i).field`, assignable in PostgreSQL 14+) work as
    in PL/SQL.

    A field typed `table.column%TYPE` is looked up in the catalog when the type is created (PostgreSQL's CREATE
    TYPE takes no %TYPE): the statement becomes a DO block that runs `CREATE TYPE` with `format_type` of the
    column. `cursor%ROWTYPE` becomes the table's row type for `SELECT * FROM t`, a composite type of its own for
    a list of table columns, else `record` (REVIEW: a record variable has no fields until it is assigned).

    A composite type has no field defaults and no NOT NULL: a variable declared without a value starts with the
    fields' defaults (`:= ROW(...)::type`, nested records too); NOT NULL fields are a REVIEW finding, as assigning
    NULL to them no longer raises VALUE_ERROR.
    """

    name = "oracle.record-to-composite-type"
    effort = Effort.AUTO
    category = "code"
    examples = (
        Example(before='CREATE FUNCTION pay (p_base NUMBER) RETURN NUMBER IS\n  TYPE pay_rec IS RECORD (base NUMBER, bonus NUMBER := 10);\n  r pay_rec;\nBEGIN\n  r.base := p_base;\n  RETURN r.base + r.bonus;\nEND;\n/', after='CREATE TYPE pay__pay_rec AS (base numeric, bonus numeric);\nCREATE OR REPLACE FUNCTION pay(p_base numeric)\nRETURNS numeric\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  r pay__pay_rec := ROW(NULL, 10)::pay__pay_rec;\nBEGIN\n  r.base := p_base;\n  RETURN r.base + r.bonus;\nEND;\n$$;'),
        Example(before='CREATE OR REPLACE PACKAGE shapes AS\n  TYPE point IS RECORD (x NUMBER, y NUMBER);\n  FUNCTION origin RETURN point;\nEND shapes;\n/\nCREATE OR REPLACE PACKAGE BODY shapes AS\n  FUNCTION origin RETURN point IS\n    p point;\n  BEGIN\n    p.x := 0;\n    p.y := 0;\n    RETURN p;\n  END;\nEND shapes;\n/', after='CREATE SCHEMA IF NOT EXISTS shapes;\nCREATE TYPE shapes.point AS (x numeric, y numeric);\nCREATE SCHEMA IF NOT EXISTS shapes;\nCREATE OR REPLACE FUNCTION shapes.origin()\nRETURNS shapes.point\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  p shapes.point;\nBEGIN\n  p.x := 0;\n  p.y := 0;\n  RETURN p;\nEND;\n$$;'),
        Example(before="CREATE PROCEDURE show_emp (p_id NUMBER) IS\n  TYPE emp_rec IS RECORD (id emp.id%TYPE, name emp.name%TYPE NOT NULL := 'none');\n  r emp_rec;\nBEGIN\n  SELECT id, name INTO r FROM emp WHERE id = p_id;\nEND;\n/", after="DO $$\nBEGIN\n  EXECUTE format('CREATE TYPE show_emp__emp_rec AS (id %s, name %s)', (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'emp'::regclass AND attname = 'id' AND NOT attisdropped), (SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'emp'::regclass AND attname = 'name' AND NOT attisdropped));\nEND\n$$;\nCREATE OR REPLACE PROCEDURE show_emp(p_id numeric)\nLANGUAGE plpgsql\nAS $$\n#variable_conflict use_column\nDECLARE\n  r show_emp__emp_rec := ROW(NULL, 'none')::show_emp__emp_rec;\nBEGIN\n  SELECT id, name FROM emp WHERE id = p_id INTO STRICT r;\nEND;\n$$;", setup='CREATE TABLE emp (id NUMBER(6) PRIMARY KEY, name VARCHAR2(30));'),
    )
