"""The full load: plan units, prepare the target, copy every unit in its own transaction, finish the schema.

Why nothing is copied twice or lost, even after `kill -9` at any moment:
- a unit's rows and its `done` mark in sct_control.units are committed in one target transaction, so after
  a crash a unit is either fully there and marked, or not there at all (its transaction rolled back);
- `--resume` re-runs exactly the units not marked done, over the same key ranges (read back from
  sct_control.units, not re-planned), so no range is loaded twice and none is skipped;
- a row the target refuses is isolated by splitting its batch (savepoints) and written to the rejects table
  with its key and the target's error, inside the same transaction; it is never dropped silently.

Phases with a converted schema (`--schema OUT`, the folder `sct convert` wrote): types, sequences and tables
first (with their primary keys), then the data, then indexes and foreign keys, then sequences and identity
columns moved past the loaded keys, then views. This is the order DMS and pgloader use: secondary indexes and
foreign keys are cheaper to build once than to maintain row by row.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sct.errors import InputError
from sct.runner import control
from sct.runner.model import KeyRange, SqlExpr, TableMapping, Unit

PREP_MODES = {"drop-and-create": "drop-and-create", "drop_and_create": "drop-and-create",
              "truncate": "truncate", "truncate_before_load": "truncate", "do-nothing": "do-nothing",
              "do_nothing": "do-nothing"}


@dataclass
class LoadSettings:
    source: str
    target: str
    task_id: str = "default"
    schema: Path | None = None
    prep_mode: str = "do-nothing"
    mappings: Any = None                   # runner.mappings.Mappings or None (every table as it is)
    parallel: int = 2
    batch_rows: int = 10000
    chunk_rows: int = 1_000_000
    max_errors: int = 0
    zero_dates: str = "null"
    nul_bytes: str = "error"
    invalid_utf8: str = "error"
    validate: bool = True
    cluster: str | None = None
    resume: bool = False
    mode: str = "full-load"                # full-load | full-load-and-cdc | cdc (runner.cdc.engine)
    cdc: Any = None                        # runner.cdc.settings.CdcSettings
    snapshot: str | None = None            # set by the CDC engine: the PostgreSQL snapshot every unit reads
    snapshot_position: str | None = None   # and the log position it matches


@dataclass
class UnitResult:
    unit_id: str
    table: str
    rows: int = 0
    rejects: int = 0
    seconds: float = 0.0
    error: str | None = None
    snapshot_position: str | None = None     # full-load-and-cdc: the source log position of the unit's snapshot


@dataclass
class LoadResult:
    units: list[UnitResult] = field(default_factory=list)
    tables: dict[str, dict] = field(default_factory=dict)
    validation: dict[str, dict] | None = None

    @property
    def ok(self) -> bool:
        clean_validation = self.validation is None or all(v["ok"] for v in self.validation.values())
        return not any(u.error for u in self.units) and not any(u.rejects for u in self.units) and clean_validation


def normalise_prep_mode(mode: str) -> str:
    key = mode.strip().lower().replace(" ", "_")
    if key not in PREP_MODES and key.replace("-", "_") not in PREP_MODES:
        raise InputError(f"prep mode {mode!r}: use drop-and-create, truncate or do-nothing "
                         "(DMS: DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD, DO_NOTHING)")
    return PREP_MODES.get(key) or PREP_MODES[key.replace("-", "_")]


# --- the worker: one unit, one transaction ------------------------------------------------------------------

_ENDPOINTS: dict[str, Any] = {}


def _endpoint(kind: str, dsn: str) -> Any:
    """One source and one target connection per worker process, reused across units."""
    from sct.runner.endpoints import open_source, open_target

    key = f"{kind}:{dsn}"
    if key not in _ENDPOINTS:
        _ENDPOINTS[key] = open_source(dsn) if kind == "source" else open_target(dsn)
    return _ENDPOINTS[key]


def load_unit(spec: dict) -> UnitResult:
    """Copy one unit: read it in batches, convert values, write them, mark it done; all in one transaction."""
    from sct.runner.values import BadValue, Converter, ValuePolicy

    unit: Unit = spec["unit"]
    mapping = unit.mapping
    result = UnitResult(unit.unit_id, mapping.label)
    started = time.perf_counter()
    source, target = _endpoint("source", spec["source"]), _endpoint("target", spec["target"])
    if spec.get("snapshot"):        # PostgreSQL source: every unit reads the replication slot's exported snapshot
        source.snapshot = spec["snapshot"]
    result.snapshot_position = spec.get("snapshot_position")
    on_snapshot = _recorder(result) if spec.get("cdc") and source.dialect == "mysql" else None
    policy = ValuePolicy(zero_dates=spec["zero_dates"], nul_bytes=spec["nul_bytes"], invalid_utf8=spec["invalid_utf8"])
    # a column is read by name, or, for a DMS add-column, computed by its expression on the source
    source_columns = [c if c is not None else SqlExpr(e) for c, _, e in mapping.columns if c is not None or e]
    target_columns = [t for c, t, e in mapping.columns if c is not None or e]
    target_types = spec["target_types"]
    converters = [Converter(mapping.source.column(c) if not isinstance(c, SqlExpr) else None, source.dialect,
                            target_types.get(t), target.dialect, policy)
                  for c, t in zip(source_columns, target_columns, strict=True)]
    key_index = [source_columns.index(k) for k in mapping.source.primary_key if k in source_columns]
    conn = target.connection()
    try:
        if target.dialect == "postgres":
            _try(target, conn, "SET LOCAL session_replication_role = replica")   # no FK triggers while loading
        elif target.dialect == "mysql":
            target.execute(conn, "SET foreign_key_checks = 0")
        if spec.get("fast", True) and _copy_fast(source, target, conn, spec, mapping, unit, source_columns,
                                                  target_columns, target_types, result, on_snapshot):
            pass
        else:
            _copy_rows(source, target, conn, spec, mapping, unit, source_columns, target_columns, converters,
                       key_index, result, BadValue, on_snapshot)
        if spec.get("cdc") and result.snapshot_position is None:
            raise RuntimeError("the source did not report the log position of the unit's snapshot")
        if result.rejects:          # max_errors counts the whole table: its units already loaded, and this one
            earlier = control.table_rejects(target, conn, spec["task_id"], mapping.label)
            if earlier + result.rejects > spec["max_errors"]:
                raise _TooManyErrors(f"{earlier + result.rejects} rejected rows in {mapping.label} exceed "
                                     f"max_errors {spec['max_errors']} (see {control.qualified(target, 'rejects')})")
        result.seconds = time.perf_counter() - started
        control.mark_done(target, conn, spec["task_id"], unit.unit_id, result.rows, result.rejects, result.seconds,
                          result.snapshot_position)
        conn.commit()
    except Exception as error:      # the unit is rolled back as a whole and reported; the run goes on
        _rollback(conn)
        result.error = _describe(error)
        result.rows = 0
        result.seconds = time.perf_counter() - started
        try:
            control.mark_failed(target, spec["task_id"], unit.unit_id, result.error)
        except Exception:           # the target itself is gone: the caller reports the unit's error
            pass
    finally:
        _close(conn)
    return result


def _recorder(result: UnitResult) -> Callable[[str], None]:
    def record(position: str) -> None:
        result.snapshot_position = position
    return record


def _copy_fast(source: Any, target: Any, conn: Any, spec: dict, mapping: TableMapping, unit: Unit,
               source_columns: list, target_columns: list[str], target_types: dict, result: UnitResult,
               on_snapshot: Callable[[str], None] | None = None) -> bool:
    """MySQL to PostgreSQL where every column has an exact COPY-text form: the MySQL client writes the rows as
    COPY text and PostgreSQL reads them, with no Python per value. Any refusal (a value PostgreSQL rejects, a
    zero date under zero_dates=error, a NUL byte) rolls the attempt back; the row-by-row path then loads the
    unit and rejects exactly the bad rows. Returns whether it loaded the unit."""
    if not (hasattr(source, "copy_text") and hasattr(target, "write_copy_text")):
        return False
    extra = {"on_snapshot": on_snapshot} if on_snapshot is not None else {}
    chunks = source.copy_text(mapping.source, source_columns, mapping.where, unit.key_range,
                              [target_types.get(t) for t in target_columns], spec["zero_dates"] == "null", **extra)
    if chunks is None:
        return False
    target.execute(conn, "SAVEPOINT sct_fast")
    try:
        result.rows = target.write_copy_text(conn, mapping.target_schema, mapping.target_name, target_columns,
                                             chunks)
    except Exception:
        target.execute(conn, "ROLLBACK TO SAVEPOINT sct_fast")
        result.rows = 0
        return False
    target.execute(conn, "RELEASE SAVEPOINT sct_fast")
    return True


def _copy_rows(source: Any, target: Any, conn: Any, spec: dict, mapping: TableMapping, unit: Unit,
               source_columns: list, target_columns: list[str], converters: list, key_index: list[int],
               result: UnitResult, BadValue: type, on_snapshot: Callable[[str], None] | None = None) -> None:
    """Row by row: read batches, convert the values that need it, write, isolate refused rows."""
    # only the columns whose values change are converted (most pass through as the driver read them)
    active = [(i, conv) for i, conv in enumerate(converters) if not getattr(conv, "passthrough", False)]
    extra = {"on_snapshot": on_snapshot} if on_snapshot is not None else {}
    for batch in source.read(mapping.source, source_columns, mapping.where, unit.key_range, spec["batch_rows"],
                             **extra):
        good = []
        for row in batch:
            try:
                if active:
                    values = list(row)
                    for i, conv in active:
                        values[i] = conv(values[i])
                    good.append(values)
                else:
                    good.append(row)
            except BadValue as bad:
                _reject(target, conn, spec, mapping, unit, row, key_index, source_columns, str(bad))
                result.rejects += 1
        result.rows += _write_isolating(target, conn, spec, mapping, unit, good, target_columns, key_index,
                                        source_columns, result)
        live = spec.get("live")
        if live is not None:
            live[unit.unit_id] = result.rows
        if result.rejects > spec["max_errors"]:
            raise _TooManyErrors(f"{result.rejects} rejected rows in {unit.unit_id} exceed max_errors "
                                 f"{spec['max_errors']} (see {control.qualified(target, 'rejects')})")


class _TooManyErrors(Exception):
    pass


def _write_isolating(target: Any, conn: Any, spec: dict, mapping: TableMapping, unit: Unit, rows: list[tuple],
                     columns: list[str], key_index: list[int], source_columns: list[str],
                     result: UnitResult) -> int:
    """Write rows under a savepoint; when the target refuses the batch, split it until the refused rows are
    found, reject them, and write the rest. Returns rows written."""
    if not rows:
        return 0
    target.execute(conn, "SAVEPOINT sct_batch")
    try:
        written = target.write(conn, mapping.target_schema, mapping.target_name, columns, rows)
        target.execute(conn, "RELEASE SAVEPOINT sct_batch")
        return written
    except Exception as error:
        target.execute(conn, "ROLLBACK TO SAVEPOINT sct_batch")
        if len(rows) == 1:
            _reject(target, conn, spec, mapping, unit, rows[0], key_index, source_columns, _describe(error))
            result.rejects += 1
            return 0
        half = len(rows) // 2
        return (_write_isolating(target, conn, spec, mapping, unit, rows[:half], columns, key_index,
                                 source_columns, result)
                + _write_isolating(target, conn, spec, mapping, unit, rows[half:], columns, key_index,
                                   source_columns, result))


def _reject(target: Any, conn: Any, spec: dict, mapping: TableMapping, unit: Unit, row: tuple,
            key_index: list[int], columns: list[str], error: str) -> None:
    key = tuple(row[i] for i in key_index) if key_index else None
    key = key[0] if key is not None and len(key) == 1 else key
    control.add_reject(target, conn, spec["task_id"], mapping.label, unit.unit_id, key, error,
                       dict(zip(columns, row, strict=False)))


def _describe(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:2000]


def _try(target: Any, conn: Any, sql: str) -> None:
    try:
        target.execute(conn, "SAVEPOINT sct_try")
        target.execute(conn, sql)
        target.execute(conn, "RELEASE SAVEPOINT sct_try")
    except Exception:
        target.execute(conn, "ROLLBACK TO SAVEPOINT sct_try")


def _rollback(conn: Any) -> None:
    try:
        conn.rollback()
    except Exception:
        pass


def _close(conn: Any) -> None:
    try:
        conn.close()
    except Exception:
        pass


# --- the orchestration -----------------------------------------------------------------------------------

def mask(dsn: str) -> str:
    """A DSN without its password, for logs, reports and sct_control."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(dsn)
    except ValueError:
        return "<dsn>"
    if parts.password is None:
        return dsn
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def run_full_load(settings: LoadSettings, log: Callable[[str], None] = print,
                  progress: Any = None) -> LoadResult:
    from sct.runner.endpoints import open_source, open_target

    source, target = open_source(settings.source), open_target(settings.target)
    try:
        mappings = _mappings(settings, source, target.dialect, log)
        if not mappings:
            raise InputError("no source table is selected (check the selection rules)")
        control.start_task(target, settings.task_id, mask(settings.source), settings.resume)
        done = control.done_units(target, settings.task_id) if settings.resume else set()
        units = _units(settings, source, target, mappings)
        if not settings.resume:
            _prepare_target(settings, source, target, mappings, log)
        control.register_units(target, settings.task_id, units)
        # the largest units first, so the last one to finish is a small one and no worker waits idle at the end
        todo = sorted((u for u in units if u.unit_id not in done), key=lambda u: -(u.expected_rows or 0))
        if settings.resume:
            log(f"migrate: resuming: {len(units) - len(todo)} of {len(units)} units already loaded")
        target_types = _target_types(target, mappings)
        specs = [{"unit": u, "source": settings.source, "target": settings.target, "task_id": settings.task_id,
                  "batch_rows": settings.batch_rows, "max_errors": settings.max_errors,
                  "zero_dates": settings.zero_dates, "nul_bytes": settings.nul_bytes,
                  "invalid_utf8": settings.invalid_utf8, "cdc": settings.mode != "full-load",
                  "snapshot": settings.snapshot, "snapshot_position": settings.snapshot_position,
                  "target_types": target_types[u.mapping.label]} for u in todo]
        result = LoadResult()
        if progress is None and is_terminal() and todo:
            progress = TableProgress(todo)
        try:
            for unit_result in _execute(specs, settings, progress):
                _record(unit_result, result, log, quiet=isinstance(progress, TableProgress))
        finally:
            if isinstance(progress, TableProgress):
                progress.close()
        failed = [u for u in result.units if u.error]
        if not failed and settings.schema is not None:
            _apply_schema(settings, target, ("index", "foreign_key"), log)
            _resync_sequences(target, mappings, log)
            _apply_schema(settings, target, ("view", "materialized_view", "synonym"), log)
        elif not failed and target.dialect == "postgres":
            _resync_sequences(target, mappings, log)
        result.tables = _table_summary(target, settings.task_id)
        # with change data capture the source moves on during the load: validation waits for the cutover
        if settings.validate and not failed and settings.mode == "full-load":
            from sct.runner.validate import validate_mappings

            result.validation = validate_mappings(source, target, mappings, settings)
        control.finish_task(target, settings.task_id, "done" if result.ok else "done_with_errors"
                            if not failed else "failed")
        return result
    finally:
        source.close()
        target.close()


def _record(unit_result: UnitResult, result: LoadResult, log: Callable[[str], None], quiet: bool) -> None:
    result.units.append(unit_result)
    if unit_result.error:
        log(f"migrate: {unit_result.unit_id}: failed: {unit_result.error}")
    elif not quiet:
        rate = unit_result.rows / unit_result.seconds if unit_result.seconds else 0
        log(f"migrate: {unit_result.unit_id}: {unit_result.rows} rows in {unit_result.seconds:.1f} s "
            f"({rate:,.0f} rows/s){f', {unit_result.rejects} rejected' if unit_result.rejects else ''}")


def _mappings(settings: LoadSettings, source: Any, target_dialect: str = "postgres",
              log: Callable[[str], None] | None = None) -> list[TableMapping]:
    tables = source.tables()
    if settings.mappings is None:
        return [TableMapping(t, None, t.name, [(c.name, c.name, None) for c in t.columns]) for t in tables]
    mappings = settings.mappings.apply(tables, source.quote, source.dialect, target_dialect=target_dialect)
    for warning in getattr(settings.mappings, "warnings", []):
        if log is not None:
            log(f"migrate: mappings: {warning}")
    return mappings


def _units(settings: LoadSettings, source: Any, target: Any, mappings: list[TableMapping]) -> list[Unit]:
    """On resume, the units recorded in sct_control (same ranges as before); else a new plan."""
    from sct.runner.plan import plan_units

    if settings.resume:
        recorded = _recorded_units(target, settings.task_id, mappings)
        if recorded:
            return recorded
    return plan_units(mappings, source, settings.chunk_rows,
                      integer_keys_only=settings.mode != "full-load" and source.dialect == "mysql")


def _recorded_units(target: Any, task_id: str, mappings: list[TableMapping]) -> list[Unit]:
    by_name = {m.label: m for m in mappings}
    conn = target.connection()
    try:
        rows = list(target.execute(conn, f"SELECT unit_id, table_name, key_column, key_low, key_high FROM "
                                         f"{control.qualified(target, 'units')} WHERE task_id = %s "
                                         "ORDER BY unit_id", (task_id,)))
    finally:
        _close(conn)
    units = []
    for unit_id, table, column, low, high in rows:
        mapping = by_name.get(table)
        if mapping is None:
            raise InputError(f"cannot resume: table {table} of the recorded run is no longer selected; "
                             "run without --resume to start again")
        key_range = None
        if column is not None:
            parse = _key_parser(mapping, column)
            key_range = KeyRange(column, parse(low), parse(high))
        units.append(Unit(unit_id, mapping, key_range))
    return units


def _key_parser(mapping: TableMapping, column: str) -> Callable[[str | None], Any]:
    info = mapping.source.column(column)
    kind = (info.source_type if info else "").lower()
    integer = any(w in kind for w in ("int", "serial", "integer"))
    return (lambda v: None if v is None else int(v)) if integer else (lambda v: v)


def _target_types(target: Any, mappings: list[TableMapping]) -> dict[str, dict[str, str]]:
    """The target's column types per table (read from the target catalog after the tables exist)."""
    out = {}
    conn = target.connection()
    try:
        for mapping in mappings:
            columns = dict(target.table_columns(conn, mapping.target_schema, mapping.target_name))
            if not columns:
                raise InputError(f"target table {mapping.label} does not exist (prep mode do-nothing "
                                 "or truncate needs the tables; use drop-and-create or --schema)")
            missing = [t for _, t, _ in mapping.columns if t not in columns]
            if missing:
                raise InputError(f"target table {mapping.label} has no column {', '.join(missing)}")
            generated = _generated_columns(target, conn, mapping)
            if generated:           # the target computes them (a converted virtual column): not copied
                mapping.columns = [c for c in mapping.columns if c[1] not in generated]
            out[mapping.label] = columns
        conn.commit()
    finally:
        _close(conn)
    return out


def _generated_columns(target: Any, conn: Any, mapping: TableMapping) -> set[str]:
    if target.dialect != "postgres":
        return set()
    rows = target.execute(conn, "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                                "AND table_name = %s AND is_generated = 'ALWAYS'",
                          (mapping.target_schema or "public", mapping.target_name))
    return {r[0] for r in rows}


def _prepare_target(settings: LoadSettings, source: Any, target: Any, mappings: list[TableMapping],
                    log: Callable[[str], None]) -> None:
    mode = settings.prep_mode
    conn = target.connection()
    try:
        if mode == "drop-and-create":
            for mapping in reversed(mappings):
                target.drop_table(conn, mapping.target_schema, mapping.target_name)
            conn.commit()
            if settings.schema is not None:
                _close(conn)
                _apply_schema(settings, target, ("type", "sequence", "table"), log)
                return
            from sct.runner.ddl import create_table_sql

            for mapping in mappings:
                for sql in create_table_sql(mapping, source.dialect, target):
                    target.execute(conn, sql)
            log(f"migrate: created {len(mappings)} tables from the source catalog")
        elif mode == "truncate" and target.dialect == "postgres":
            # one statement for all tables, so foreign keys among them do not stand in the way; a table outside
            # the task that references one of them makes PostgreSQL refuse, and nothing is emptied
            names = ", ".join(target.quote(m.target_name) if not m.target_schema
                              else f"{target.quote(m.target_schema)}.{target.quote(m.target_name)}" for m in mappings)
            try:
                target.execute(conn, f"TRUNCATE {names}")
            except Exception as error:
                raise InputError(f"prep mode truncate: PostgreSQL refused to empty the tables: {_describe(error)}") \
                    from None
        elif mode == "truncate":
            for mapping in mappings:
                target.truncate(conn, mapping.target_schema, mapping.target_name)
        conn.commit()
    finally:
        _close(conn)


def _schema_objects(settings: LoadSettings) -> list[dict]:
    report = settings.schema / "report.json"
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"{report}: cannot read the converted schema's report ({e.strerror}); --schema takes "
                         "the folder `sct convert -o` wrote") from None
    return [o for o in data["objects"] if o.get("in_target") and o.get("target_sql")]


def _apply_schema(settings: LoadSettings, target: Any, kinds: tuple[str, ...], log: Callable[[str], None]) -> None:
    """Apply the converted schema's objects of these kinds, in the converted order, in one transaction."""
    if target.dialect != "postgres":
        raise InputError("--schema applies `sct convert` output, which is PostgreSQL: the target must be PostgreSQL")
    objects = [o for o in _schema_objects(settings) if o["kind"] in kinds]
    order = _schema_order(settings)
    objects.sort(key=lambda o: order.get(o["id"], 0))
    conn = target.connection()
    try:
        for obj in objects:
            try:
                target.execute(conn, obj["target_sql"])
            except Exception as error:
                raise InputError(f"{obj['kind']} {obj['name']} from {settings.schema}: PostgreSQL refused it: "
                                 f"{_describe(error)}") from None
        conn.commit()
    finally:
        _close(conn)
    if objects:
        log(f"migrate: applied {len(objects)} {', '.join(sorted({o['kind'] for o in objects}))} objects")


def _schema_order(settings: LoadSettings) -> dict[str, int]:
    """Objects' positions in schema.sql (dependency order), by report id."""
    schema_sql = (settings.schema / "schema.sql").read_text(encoding="utf-8")
    positions = {}
    for obj in _schema_objects(settings):
        where = schema_sql.find(obj["target_sql"])
        positions[obj["id"]] = where if where >= 0 else len(schema_sql)
    return positions


def _resync_sequences(target: Any, mappings: list[TableMapping], log: Callable[[str], None]) -> None:
    """Sequences behind column defaults and identity columns continue after the loaded keys."""
    if target.dialect != "postgres":
        return
    conn = target.connection()
    moved = 0
    try:
        for mapping in mappings:
            schema = mapping.target_schema or "public"
            rows = list(target.execute(conn, """
                SELECT a.attname, pg_get_serial_sequence(format('%%I.%%I', n.nspname, c.relname), a.attname)
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped
                """, (schema, mapping.target_name)))
            defaults = list(target.execute(conn, """
                SELECT a.attname, substring(pg_get_expr(d.adbin, d.adrelid) from 'nextval\\(''([^'']+)''')
                FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relname = %s
                """, (schema, mapping.target_name)))
            for column, sequence in [r for r in rows if r[1]] + [r for r in defaults if r[1]]:
                table = f"{target.quote(schema)}.{target.quote(mapping.target_name)}"
                target.execute(conn, f"SELECT setval(%s::regclass, max({target.quote(column)})) FROM {table} "
                                     f"HAVING max({target.quote(column)}) IS NOT NULL", (sequence,))
                moved += 1
        conn.commit()
    finally:
        _close(conn)
    if moved:
        log(f"migrate: moved {moved} sequences past the loaded keys")


def _execute(specs: list[dict], settings: LoadSettings, progress: Any) -> Iterable[UnitResult]:
    """Run the units: in local processes (default), or on a Dask cluster (--cluster dask://host:port)."""
    if not specs:
        return
    if settings.cluster:
        yield from _execute_dask(specs, settings.cluster, progress)
        return
    workers = max(1, min(settings.parallel, len(specs)))
    if workers == 1:
        live: dict = {}
        for spec in specs:
            spec["live"] = live if progress is not None else None
            result = load_unit(spec)
            _advance(progress, result)
            yield result
        return
    import multiprocessing

    with multiprocessing.Manager() as manager, ProcessPoolExecutor(max_workers=workers) as pool:
        live = manager.dict() if progress is not None else None
        for spec in specs:
            spec["live"] = live
        pending = {pool.submit(load_unit, spec) for spec in specs}
        while pending:
            finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if live is not None and hasattr(progress, "rows"):
                progress.rows(dict(live))
            for future in finished:
                result = future.result()
                _advance(progress, result)
                yield result


def _execute_dask(specs: list[dict], cluster: str, progress: Any) -> Iterable[UnitResult]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError("--cluster dask://... needs the distributed package (pip install 'dask[distributed]')") \
            from None
    address = cluster.replace("dask://", "tcp://", 1) if cluster.startswith("dask://") else cluster
    try:
        client = Client(address, timeout=10)
    except OSError as error:
        raise InputError(f"cannot reach the Dask scheduler at {cluster}: {error}") from None
    try:
        futures = client.map(load_unit, specs, pure=False)
        for future in as_completed(futures):
            result = future.result()
            _advance(progress, result)
            yield result
    finally:
        client.close()


def _advance(progress: Any, result: UnitResult) -> None:
    if progress is not None:
        progress.unit_done(result)


class TableProgress:
    """A progress bar per table on a terminal (rows, rows/s, time left), from rows the workers report."""

    def __init__(self, units: list[Unit]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("{task.fields[rate]} rows/s"), TimeElapsedColumn(), TimeRemainingColumn(),
                            transient=False, console=Console(stderr=True))
        self.table_of = {u.unit_id: u.mapping.label for u in units}
        totals: dict[str, int] = defaultdict(int)
        for unit in units:
            totals[self.table_of[unit.unit_id]] += unit.expected_rows or 0
        self.tasks = {t: self.bar.add_task(t, total=n or None, rate="-") for t, n in sorted(totals.items())}
        self.done: dict[str, int] = {}
        self.live: dict[str, int] = {}
        self.started = time.perf_counter()
        self.bar.start()

    def rows(self, live: dict[str, int]) -> None:
        self.live = live
        self._refresh()

    def unit_done(self, result: UnitResult) -> None:
        self.done[result.unit_id] = result.rows
        self.live.pop(result.unit_id, None)
        self._refresh()

    def _refresh(self) -> None:
        per_table: dict[str, int] = defaultdict(int)
        for unit_id, rows in {**self.live, **self.done}.items():
            per_table[self.table_of.get(unit_id, unit_id)] += rows
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        for table, task in self.tasks.items():
            rows = per_table.get(table, 0)
            self.bar.update(task, completed=rows, rate=f"{rows / elapsed:,.0f}")

    def close(self) -> None:
        self.bar.stop()


def _table_summary(target: Any, task_id: str) -> dict[str, dict]:
    state = control.read_state(target, task_id)
    tables: dict[str, dict] = defaultdict(lambda: {"rows": 0, "rejects": 0, "seconds": 0.0, "units": 0,
                                                   "failed": 0})
    for unit in state["units"]:
        entry = tables[unit.table_name]
        entry["units"] += 1
        entry["rows"] += unit.rows or 0
        entry["rejects"] += unit.rejects or 0
        entry["seconds"] += unit.seconds or 0.0
        entry["failed"] += unit.status != "done"
    return dict(tables)


def is_terminal() -> bool:
    """Progress bars go to standard error, when it is a terminal; otherwise plain log lines."""
    return sys.stderr.isatty() and os.environ.get("TERM", "") != "dumb"
