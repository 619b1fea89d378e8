"""The functions of the sct_oracle schema, as data: one `CompatFunction` per function (all its overloads).

Each entry is the SQL that creates it (CREATE OR REPLACE FUNCTION and COMMENT ON FUNCTION, so applying a
newer schema.sql over an older one replaces the functions), the schema version that last changed it, and
the functions it calls. `VERSION` is the schema's version: raise it, and the entry's `since`, whenever a
function's SQL changes. docs/sct_oracle.md describes every function; tests/converter/test_compat_oracle.py
runs each on a real PostgreSQL against the values Oracle's documentation gives.

Oracle has no empty string: '' is NULL. The functions read a '' argument as Oracle would read the NULL it
was (a converted value is '' where Oracle had NULL, e.g. SUBSTR past the end), except where an empty LOB
(EMPTY_CLOB(), which is not NULL) is meant.
"""

from __future__ import annotations

from .functions import CompatFunction, builder, version_function

SCHEMA = "sct_oracle"
VERSION = "1"


_function = builder(SCHEMA, VERSION)
_VERSION = version_function(SCHEMA, VERSION)

_INSTR = _function(
    "instr",
    "Oracle INSTR(string, substring, position, occurrence): position counts from 1, a negative position "
    "counts from the end and searches backwards, position 0 gives 0, overlapping occurrences count, '' is NULL",
    {"instr(text, text, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.instr(str text, sub text, pos numeric DEFAULT 1, occurrence numeric DEFAULT 1)
RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p integer := trunc(pos);
    n integer := trunc(occurrence);
    sublen integer := char_length(sub);
    hay text := str;
    needle text := sub;
    i integer;
    found integer;
BEGIN
    IF str = '' OR sub = '' THEN                -- Oracle: '' is NULL
        RETURN NULL;
    END IF;
    IF n < 1 THEN                               -- ORA-01428
        RAISE EXCEPTION 'argument ''%'' is out of range', occurrence USING ERRCODE = '22003';
    END IF;
    IF p = 0 THEN
        RETURN 0;
    END IF;
    IF p > 0 THEN
        i := p;
    ELSE
        -- Backwards from position len + p + 1: a forward search of the reversed string. A match starting at
        -- i in str starts at len - i - sublen + 2 in reverse(str).
        hay := reverse(str);
        needle := reverse(sub);
        i := greatest(1, 1 - p - sublen);
    END IF;
    LOOP
        found := strpos(substr(hay, i), needle);
        IF found = 0 THEN
            RETURN 0;
        END IF;
        i := i + found - 1;
        n := n - 1;
        EXIT WHEN n = 0;
        i := i + 1;                             -- the next comparison starts one character on
    END LOOP;
    RETURN CASE WHEN p > 0 THEN i ELSE char_length(str) - i - sublen + 2 END;
END $$;""",
     "instr(bytea, bytea, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.instr(str bytea, sub bytea, pos numeric DEFAULT 1, occurrence numeric DEFAULT 1)
RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p integer := trunc(pos);
    n integer := trunc(occurrence);
    len integer := length(str);
    sublen integer := length(sub);
    i integer;
    found integer;
BEGIN
    IF len = 0 OR sublen = 0 THEN               -- an empty RAW is NULL
        RETURN NULL;
    END IF;
    IF n < 1 THEN
        RAISE EXCEPTION 'argument ''%'' is out of range', occurrence USING ERRCODE = '22003';
    END IF;
    IF p = 0 THEN
        RETURN 0;
    END IF;
    IF p > 0 THEN
        i := p;
        LOOP
            found := position(sub IN substr(str, i));
            IF found = 0 THEN
                RETURN 0;
            END IF;
            i := i + found - 1;
            n := n - 1;
            IF n = 0 THEN
                RETURN i;
            END IF;
            i := i + 1;
        END LOOP;
    END IF;
    i := least(len + p + 1, len - sublen + 1);
    WHILE i >= 1 LOOP
        IF substr(str, i, sublen) = sub THEN
            n := n - 1;
            IF n = 0 THEN
                RETURN i;
            END IF;
        END IF;
        i := i - 1;
    END LOOP;
    RETURN 0;
END $$;"""})

_DBMS_LOB_INSTR = _function(
    "dbms_lob_instr",
    "Oracle DBMS_LOB.INSTR(lob, pattern, offset, nth): NULL when offset or nth is below 1 or the pattern is "
    "empty, 0 in an empty LOB; CLOB (text) and BLOB (bytea)",
    {"dbms_lob_instr(text, text, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.dbms_lob_instr(lob text, pattern text, lob_offset numeric DEFAULT 1,
                                                   nth numeric DEFAULT 1)
RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN round(lob_offset) < 1 OR round(nth) < 1 OR pattern = '' THEN NULL
                WHEN lob = '' THEN 0
                ELSE {SCHEMA}.instr(lob, pattern, round(lob_offset), round(nth)) END
$$;""",
     "dbms_lob_instr(bytea, bytea, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.dbms_lob_instr(lob bytea, pattern bytea, lob_offset numeric DEFAULT 1,
                                                   nth numeric DEFAULT 1)
RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN round(lob_offset) < 1 OR round(nth) < 1 OR length(pattern) = 0 THEN NULL
                WHEN length(lob) = 0 THEN 0
                ELSE {SCHEMA}.instr(lob, pattern, round(lob_offset), round(nth)) END
$$;"""},
    requires=("instr",))

_DBMS_LOB_SUBSTR = _function(
    "dbms_lob_substr",
    "Oracle DBMS_LOB.SUBSTR(lob, amount, offset) (note the argument order): NULL when amount is below 1 or "
    "above 32767, offset below 1, or nothing is left; a CLOB result holds at most 32767 bytes",
    {"dbms_lob_substr(text, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.dbms_lob_substr(lob text, amount numeric DEFAULT 32767,
                                                    lob_offset numeric DEFAULT 1)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    a numeric := round(amount);                 -- INTEGER parameters round
    o numeric := round(lob_offset);
    r text;
BEGIN
    IF a < 1 OR a > 32767 OR o < 1 OR o > 2147483647 THEN
        RETURN NULL;
    END IF;
    r := substr(lob, o::integer, a::integer);
    -- The result is a VARCHAR2 of at most 32767 bytes: Oracle returns the characters that fit.
    WHILE octet_length(r) > 32767 LOOP
        r := left(r, char_length(r) - (octet_length(r) - 32767 + 3) / 4);
    END LOOP;
    RETURN nullif(r, '');
END $$;""",
     "dbms_lob_substr(bytea, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.dbms_lob_substr(lob bytea, amount numeric DEFAULT 32767,
                                                    lob_offset numeric DEFAULT 1)
RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN round(amount) < 1 OR round(amount) > 32767 OR round(lob_offset) < 1
                     OR round(lob_offset) > 2147483647 THEN NULL
                ELSE nullif(substr(lob, round(lob_offset)::integer, round(amount)::integer), ''::bytea) END
$$;"""})

_DBMS_LOB_COMPARE = _function(
    "dbms_lob_compare",
    "Oracle DBMS_LOB.COMPARE(lob_1, lob_2, amount, offset_1, offset_2): 0 when the ranges match, -1 or 1 "
    "by byte (BLOB) or code point (CLOB) order, NULL when amount or an offset is below 1",
    {"dbms_lob_compare(text, text, numeric, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.dbms_lob_compare(lob_1 text, lob_2 text,
                                                     amount numeric DEFAULT 18446744073709551615,
                                                     offset_1 numeric DEFAULT 1, offset_2 numeric DEFAULT 1)
RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    a numeric := round(amount);
    o1 numeric := round(offset_1);
    o2 numeric := round(offset_2);
    x text;
    y text;
BEGIN
    IF a < 1 OR o1 < 1 OR o2 < 1 THEN
        RETURN NULL;
    END IF;
    x := CASE WHEN o1 > 2147483647 THEN '' WHEN a > 2147483647 THEN substr(lob_1, o1::integer)
              ELSE substr(lob_1, o1::integer, a::integer) END;
    y := CASE WHEN o2 > 2147483647 THEN '' WHEN a > 2147483647 THEN substr(lob_2, o2::integer)
              ELSE substr(lob_2, o2::integer, a::integer) END;
    IF x = y THEN
        RETURN 0;
    END IF;
    RETURN CASE WHEN x COLLATE "C" < y COLLATE "C" THEN -1 ELSE 1 END;
END $$;""",
     "dbms_lob_compare(bytea, bytea, numeric, numeric, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.dbms_lob_compare(lob_1 bytea, lob_2 bytea,
                                                     amount numeric DEFAULT 18446744073709551615,
                                                     offset_1 numeric DEFAULT 1, offset_2 numeric DEFAULT 1)
RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    a numeric := round(amount);
    o1 numeric := round(offset_1);
    o2 numeric := round(offset_2);
    x bytea;
    y bytea;
BEGIN
    IF a < 1 OR o1 < 1 OR o2 < 1 THEN
        RETURN NULL;
    END IF;
    x := CASE WHEN o1 > 2147483647 THEN ''::bytea WHEN a > 2147483647 THEN substr(lob_1, o1::integer)
              ELSE substr(lob_1, o1::integer, a::integer) END;
    y := CASE WHEN o2 > 2147483647 THEN ''::bytea WHEN a > 2147483647 THEN substr(lob_2, o2::integer)
              ELSE substr(lob_2, o2::integer, a::integer) END;
    RETURN CASE WHEN x = y THEN 0 WHEN x < y THEN -1 ELSE 1 END;
END $$;"""})

_EXTRACTVALUE = _function(
    "extractvalue",
    "Oracle EXTRACTVALUE(xml, xpath): the text of the one leaf element or attribute the path selects, "
    "entities resolved; NULL when empty or nothing matches; an error for several nodes or a non-leaf",
    {"extractvalue(xml, text)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.extractvalue(doc xml, xpath text)
RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    nodes integer;
    children integer;
    result text;
BEGIN
    SELECT count(*), max(x.c), max(x.v) INTO nodes, children, result
    FROM XMLTABLE(xpath PASSING doc COLUMNS v text PATH '.', c integer PATH 'count(*)') AS x;
    IF nodes > 1 THEN                           -- ORA-19025
        RAISE EXCEPTION 'EXTRACTVALUE returns value of only one node (% nodes match %)', nodes, xpath
            USING ERRCODE = '22000';
    END IF;
    IF children > 0 THEN                        -- ORA-19026
        RAISE EXCEPTION 'EXTRACTVALUE can only retrieve value of leaf node (% has child elements)', xpath
            USING ERRCODE = '22000';
    END IF;
    RETURN nullif(result, '');
END $$;"""})

_REGEXP_FLAGS = _function(
    "regexp_flags",
    "an Oracle REGEXP match parameter (i c n m x) as PostgreSQL regular expression flags; NULL is the default "
    "(flag p: '.' does not match a newline, ^ and $ only at the ends)",
    {"regexp_flags(text)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.regexp_flags(match_parameter text)
RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    letters text := coalesce(match_parameter, '');
    case_flag text := '';
    expanded text := '';
    ch text;
BEGIN
    FOR n IN 1 .. char_length(letters) LOOP
        ch := substr(letters, n, 1);
        IF ch IN ('i', 'c') THEN
            case_flag := ch;                    -- the last of i and c wins
        ELSIF ch = 'x' THEN
            expanded := 'x';
        ELSIF ch NOT IN ('n', 'm') THEN         -- ORA-01760
            RAISE EXCEPTION 'illegal match parameter %', quote_nullable(match_parameter)
                USING ERRCODE = '22023';
        END IF;
    END LOOP;
    RETURN case_flag || expanded || CASE WHEN strpos(letters, 'n') > 0 AND strpos(letters, 'm') > 0 THEN 'w'
                                         WHEN strpos(letters, 'n') > 0 THEN 's'
                                         WHEN strpos(letters, 'm') > 0 THEN 'n'
                                         ELSE 'p' END;
END $$;"""})

_NEXT_DAY = _function(
    "next_day",
    "Oracle NEXT_DAY(date, day): the first such weekday after the date, same time of day; the day is an "
    "English name or its first three letters (what follows them is ignored)",
    {"next_day(timestamp without time zone, text)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.next_day(d timestamp, day_name text)
RETURNS timestamp LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    target integer := array_position(ARRAY['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
                                     upper(left(day_name, 3))) - 1;
BEGIN
    IF target IS NULL OR char_length(day_name) < 3 THEN   -- ORA-01846
        RAISE EXCEPTION 'not a valid day of the week: %', quote_literal(day_name) USING ERRCODE = '22007';
    END IF;
    RETURN d + make_interval(days => (target + 6 - extract(dow FROM d)::integer) % 7 + 1);
END $$;"""})

_TO_NUMBER_DEFAULT = _function(
    "to_number_default",
    "Oracle TO_NUMBER(text DEFAULT value ON CONVERSION ERROR): the number, or the default when the text is "
    "not one (NaN and Infinity are not numbers in Oracle)",
    {"to_number_default(text, numeric)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.to_number_default(value text, default_value numeric)
RETURNS numeric LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF value IS NULL OR value = '' THEN
        RETURN NULL;
    END IF;
    IF lower(btrim(value)) IN ('nan', 'infinity', '+infinity', '-infinity', 'inf', '+inf', '-inf') THEN
        RETURN default_value;
    END IF;
    RETURN value::numeric;
EXCEPTION WHEN invalid_text_representation THEN
    RETURN default_value;
END $$;"""})

FUNCTIONS: dict[str, CompatFunction] = {f.name: f for f in (
    _VERSION, _INSTR, _DBMS_LOB_INSTR, _DBMS_LOB_SUBSTR, _DBMS_LOB_COMPARE, _EXTRACTVALUE, _REGEXP_FLAGS,
    _NEXT_DAY, _TO_NUMBER_DEFAULT)}
