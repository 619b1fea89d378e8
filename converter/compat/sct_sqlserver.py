"""The functions of the sct_sqlserver schema, as data: one `CompatFunction` per function (all its overloads).

The same form as sct_oracle.py: each entry is the SQL that creates it (CREATE OR REPLACE FUNCTION and COMMENT ON
FUNCTION), the schema version that last changed it and the functions it calls. `VERSION` is the schema's version:
raise it, and the entry's `since`, whenever a function's SQL changes. docs/sct_sqlserver.md describes every
function; tests/converter/test_compat_sqlserver.py runs each on a real PostgreSQL against the values Microsoft's
documentation gives.

Dates are read as SQL Server reads them under us_english (SET DATEFORMAT mdy, two-digit year cutoff 2049).
"""

from __future__ import annotations

from .functions import CompatFunction, builder, version_function

SCHEMA = "sct_sqlserver"
VERSION = "1"


_function = builder(SCHEMA, VERSION)
_VERSION = version_function(SCHEMA, VERSION)

_TRY_INT = _function(
    "try_int",
    "TRY_CAST(text AS tinyint/smallint/int/bigint): an optional sign and digits between spaces, within lo..hi, "
    "'' is 0; anything else (12.5, 1e3, abc, out of range) is NULL",
    {"try_int(text, bigint, bigint)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.try_int(value text, lo bigint, hi bigint) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    s text := btrim(value, ' ');
    n numeric;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF s = '' THEN                              -- SQL Server converts '' to 0
        n := 0;
    ELSIF s ~ '^[+-]?[0-9]+$' THEN
        n := s::numeric;
    ELSE
        RETURN NULL;
    END IF;
    IF n < lo OR n > hi THEN
        RETURN NULL;
    END IF;
    RETURN n::bigint;
END $$;"""})

_TRY_NUMERIC = _function(
    "try_numeric",
    "TRY_CAST(text AS decimal(p, s)): digits with an optional sign and decimal point between spaces, rounded to "
    "s decimals; NULL for other text ('', 1e3, abc) and for a value with more than p - s integer digits",
    {"try_numeric(text, integer, integer)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.try_numeric(value text, p integer, s integer) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    t text := btrim(value, ' ');
    n numeric;
BEGIN
    IF value IS NULL OR t !~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$' THEN
        RETURN NULL;
    END IF;
    n := round(t::numeric, s);
    IF abs(n) >= 10::numeric ^ (p - s) THEN     -- precision overflow: SQL Server error 8115, NULL for TRY_CAST
        RETURN NULL;
    END IF;
    RETURN n;
END $$;"""})

_TRY_FLOAT = _function(
    "try_float",
    "TRY_CAST(text AS float/real): a decimal or exponent number between spaces, '' is 0; NULL for other text "
    "(Infinity, NaN, abc) and out of range (real: beyond 3.40E+38)",
    {"try_float(text, boolean)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.try_float(value text, single boolean DEFAULT false) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    t text := btrim(value, ' ');
    f double precision;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF t = '' THEN
        RETURN 0;
    END IF;
    IF t !~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN
        RETURN NULL;
    END IF;
    BEGIN
        f := t::double precision;
    EXCEPTION WHEN numeric_value_out_of_range THEN
        RETURN NULL;
    END;
    IF single AND abs(f) > 3.40282347e38 THEN
        RETURN NULL;
    END IF;
    RETURN f;
END $$;"""})

_TRY_DATETIME = _function(
    "try_datetime",
    "TRY_CAST(text AS date/datetime/smalldatetime/datetime2) as SQL Server reads text under us_english "
    "(yyyy-mm-dd, yyyymmdd, m/d/yyyy, ISO 8601 with T, time with AM/PM and :mmm or .fraction): NULL for a "
    "date that does not exist or is outside the type's range; '' is 1900-01-01",
    {"try_datetime(text, text)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.try_datetime(value text, kind text DEFAULT 'datetime2') RETURNS timestamp
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    s text := btrim(value, ' ');
    m text[];
    y integer;
    mo integer;
    d integer;
    rest text;
    h integer := 0;
    mi integer := 0;
    sec numeric := 0;
    ts timestamp;
BEGIN
    IF value IS NULL THEN
        RETURN NULL;
    END IF;
    IF s = '' THEN
        RETURN timestamp '1900-01-01';
    END IF;
    m := regexp_match(s, '^([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}})(?:(?:T| +)(.*))?$');
    IF m IS NULL THEN
        m := regexp_match(s, '^([0-9]{{4}})[/.]([0-9]{{1,2}})[/.]([0-9]{{1,2}})(?: +(.*))?$');
    END IF;
    IF m IS NOT NULL THEN
        y := m[1]; mo := m[2]; d := m[3]; rest := m[4];
    ELSE
        m := regexp_match(s, '^([0-9]{{4}})([0-9]{{2}})([0-9]{{2}})(?:(?:T| +)(.*))?$');
        IF m IS NOT NULL THEN
            y := m[1]; mo := m[2]; d := m[3]; rest := m[4];
        ELSE                                    -- mdy: SET DATEFORMAT mdy, the us_english default
            m := regexp_match(s, '^([0-9]{{1,2}})([/.-])([0-9]{{1,2}})\\2([0-9]{{4}}|[0-9]{{2}})(?: +(.*))?$');
            IF m IS NOT NULL THEN
                mo := m[1]; d := m[3]; y := m[4]; rest := m[5];
                IF length(m[4]) = 2 THEN        -- two digit year cutoff 2049
                    y := CASE WHEN y <= 49 THEN 2000 + y ELSE 1900 + y END;
                END IF;
            ELSIF s ~ '^[0-9]{{1,2}}:' THEN     -- a time alone is on 1900-01-01
                y := 1900; mo := 1; d := 1; rest := s;
            ELSIF s ~* '(epoch|infinity|now|today|tomorrow|yesterday|allballs|^j[0-9])' THEN
                RETURN NULL;                    -- PostgreSQL's special values: not dates in SQL Server
            ELSE                                -- month names ('Apr 30 2007'): PostgreSQL's reading
                BEGIN
                    ts := s::timestamp;
                EXCEPTION WHEN OTHERS THEN
                    RETURN NULL;
                END;
                y := extract(year FROM ts); mo := extract(month FROM ts); d := extract(day FROM ts);
                h := extract(hour FROM ts); mi := extract(minute FROM ts); sec := extract(second FROM ts);
            END IF;
        END IF;
    END IF;
    IF rest IS NOT NULL THEN
        m := regexp_match(rest, '^([0-9]{{1,2}}):([0-9]{{1,2}})(?::([0-9]{{1,2}})(?:([.:])([0-9]{{1,9}}))?)? *([AaPp][Mm])?$');
        IF m IS NULL THEN
            RETURN NULL;
        END IF;
        h := m[1]; mi := m[2]; sec := coalesce(m[3], '0')::numeric;
        IF m[4] = '.' THEN
            sec := sec + ('0.' || m[5])::numeric;       -- .5 is half a second
        ELSIF m[4] = ':' THEN
            sec := sec + m[5]::numeric / 1000;          -- :5 is 5 milliseconds
        END IF;
        IF m[6] IS NOT NULL THEN
            IF h > 12 OR h = 0 THEN
                RETURN NULL;
            END IF;
            h := CASE WHEN upper(m[6]) = 'AM' THEN h % 12 ELSE h % 12 + 12 END;
        END IF;
        IF h > 23 OR mi > 59 OR sec >= 60 THEN
            RETURN NULL;
        END IF;
    END IF;
    IF kind = 'datetime' THEN                   -- 1/300 second ticks
        sec := round(sec * 300) / 300;
    END IF;
    BEGIN
        ts := make_timestamp(y, mo, d, h, mi, 0) + sec * interval '1 second';
        IF make_date(y, mo, d) IS NULL THEN
            RETURN NULL;
        END IF;
    EXCEPTION WHEN OTHERS THEN                  -- 2024-02-30, month 13
        RETURN NULL;
    END;
    IF kind = 'smalldatetime' THEN              -- to the minute: 29.998 s down, 29.999 s up
        ts := date_trunc('minute', ts + interval '30.001 seconds');
        IF ts < timestamp '1900-01-01' OR ts > timestamp '2079-06-06 23:59' THEN
            RETURN NULL;
        END IF;
    ELSIF kind = 'datetime' AND (ts < timestamp '1753-01-01' OR ts >= timestamp '10000-01-01') THEN
        RETURN NULL;
    ELSIF kind = 'date' THEN
        ts := date_trunc('day', ts);
    END IF;
    RETURN ts;
END $$;"""})

_DATETIME_STYLE = _function(
    "datetime_style",
    "CONVERT(varchar, datetime, style) for styles 0/100 (mon dd yyyy hh:miAM), 9/109 (mon dd yyyy "
    "hh:mi:ss:mmmAM), 13/113 (dd mon yyyy hh:mi:ss:mmm) and 126 (yyyy-mm-ddThh:mi:ss.mmm, no .mmm when 0), "
    "day and hour padded with a space as SQL Server pads them",
    {"datetime_style(timestamp without time zone, integer)": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.datetime_style(ts timestamp, style integer) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
SELECT CASE
    WHEN style IN (0, 100) THEN to_char(ts, 'Mon ') || lpad(to_char(ts, 'FMDD'), 2) || to_char(ts, ' YYYY ')
        || lpad(to_char(ts, 'FMHH12'), 2) || to_char(ts, ':MIAM')
    WHEN style IN (9, 109) THEN to_char(ts, 'Mon ') || lpad(to_char(ts, 'FMDD'), 2) || to_char(ts, ' YYYY ')
        || lpad(to_char(ts, 'FMHH12'), 2) || to_char(ts, ':MI:SS:MSAM')
    WHEN style IN (13, 113) THEN to_char(ts, 'DD Mon YYYY HH24:MI:SS:MS')
    WHEN style = 126 THEN to_char(ts, 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN to_char(ts, 'MS') = '000' THEN '' ELSE to_char(ts, '.MS') END
END $$;"""})

_UPDATE_FLAG = _function(
    "update_flag",
    "UPDATE(column) in a trigger: a BEFORE UPDATE OF column statement trigger sets the transaction-local setting "
    "sct.<TG_ARGV[0]> to its trigger depth, which the same statement's converted AFTER trigger compares and clears",
    {"update_flag()": f"""
CREATE OR REPLACE FUNCTION {SCHEMA}.update_flag() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- the depth of the statement's triggers: its AFTER trigger compares it with pg_trigger_depth()
    PERFORM set_config('sct.' || TG_ARGV[0], pg_trigger_depth()::text, true);
    RETURN NULL;
END $$;"""})

FUNCTIONS: dict[str, CompatFunction] = {f.name: f for f in (
    _VERSION, _TRY_INT, _TRY_NUMERIC, _TRY_FLOAT, _TRY_DATETIME, _DATETIME_STYLE, _UPDATE_FLAG)}
