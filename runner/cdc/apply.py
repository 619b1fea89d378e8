"""Applying captured changes to the target, in source order, inside the caller's transaction.

A batch is a list of whole source transactions. It is applied optimistically: runs of consecutive changes to
one table with one operation go to the target as one `executemany` (psycopg pipelines them; PyMySQL turns
inserts into multi-row INSERTs), and every UPDATE and DELETE run must touch exactly as many rows as it has
changes. When the target refuses something or a count is off, the caller rolls the batch back and applies it
again `carefully`: one change at a time under a savepoint, so the exact change, table and key are known; under
the `stop` policy that change stops the task (nothing of its batch is committed), under `log` it is written to
sct_control.apply_exceptions and skipped.

Changes go through the table mappings like loaded rows: renamed tables and columns, removed columns, source
filters (runner.cdc.filters: the source judges each new row image; an update becomes an update-or-insert or
a delete-if-present as the row stays in, enters or leaves the filter), and values through
`runner.values.Converter` with the same policy. An UPDATE or DELETE finds its row by the primary
key's values from the before image (an UPDATE may change the key). A table without a primary key is matched on
every column (full-row match: `IS NOT DISTINCT FROM`, one row at a time, so of two identical rows one is
changed, as on the source); that needs the source to log whole before images (MySQL binlog_row_image=FULL,
PostgreSQL REPLICA IDENTITY FULL) and is exact only for columns whose values compare equal after conversion.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sct.runner.cdc.model import RowChange, SchemaMismatch
from sct.runner.endpoints import percent_escaped
from sct.runner.model import TableMapping

OPS = {"insert": "inserts", "update": "updates", "delete": "deletes", "truncate": "truncates"}


class ApplyError(Exception):
    """A change the target refused or could not find (stop policy)."""

    def __init__(self, table: str, operation: str, key: Any, reason: str):
        self.table, self.operation, self.key, self.reason = table, operation, key, reason
        super().__init__(f"{table}: {operation} of key {key}: {reason}")


class _Mismatch(Exception):
    """Optimistic apply found a count that is off: the caller re-applies the batch carefully."""


@dataclass
class TablePlan:
    mapping: TableMapping
    source_columns: list[str]
    target_columns: list[str]
    converters: list[Any]
    key: list[str]                      # source key columns (primary key, or every column: full-row match)
    full_row: bool
    sql: dict[str, str] = field(default_factory=dict)
    positions: dict[tuple[str, ...], list[int]] = field(default_factory=dict)
    filter: Any = None                  # runner.cdc.filters.SourceFilter when the mapping filters rows

    @property
    def label(self) -> str:
        return self.mapping.label


class Applier:
    def __init__(self, target: Any, source_dialect: str, mappings: list[TableMapping],
                 target_types: dict[str, dict[str, str]], policy: Any, source: Any = None):
        self.target = target
        self.source_dialect = source_dialect
        self.policy = policy
        self.source = source                # judges rows of filtered tables (runner.cdc.filters)
        self.plans: dict[tuple[str | None, str], TablePlan] = {}
        for mapping in mappings:
            self.add(mapping, target_types[mapping.label])

    def add(self, mapping: TableMapping, target_types: dict[str, str]) -> None:
        """(Re)build the plan of one table (after a mapping or a table changed)."""
        from sct.runner.values import Converter

        pairs = [(s, t) for s, t, e in mapping.columns if s is not None]
        expressions = [t for s, t, e in mapping.columns if s is None and e]
        if expressions:
            raise SchemaMismatch(f"{mapping.label}: add-column expressions ({', '.join(expressions)}) are computed "
                                 "by the source during a full load and cannot be applied to captured changes")
        source_columns = [s for s, _ in pairs]
        key = [k for k in mapping.source.primary_key if k in source_columns]
        full_row = not key or len(key) < len(mapping.source.primary_key)
        plan = TablePlan(mapping, source_columns, [t for _, t in pairs],
                         [Converter(mapping.source.column(s), self.source_dialect, target_types.get(t),
                                    self.target.dialect, self.policy) for s, t in pairs],
                         source_columns if full_row else key, full_row)
        plan.sql = self._statements(plan)
        if mapping.where:
            from sct.runner.cdc.filters import SourceFilter

            if self.source is None:
                raise SchemaMismatch(f"{mapping.label}: a filtered table needs the source to judge its changes")
            plan.filter = SourceFilter(self.source, mapping)
        self.plans[(mapping.source.schema, mapping.source.name)] = plan

    def plan(self, change: RowChange) -> TablePlan | None:
        return self.plans.get((change.schema, change.table))

    # --- SQL ---------------------------------------------------------------------------------------------

    def _statements(self, plan: TablePlan) -> dict[str, str]:
        t = self.target
        q = lambda name: percent_escaped(t.quote(name))           # noqa: E731 (one-line helper)
        m = plan.mapping
        ref = f"{q(m.target_schema)}.{q(m.target_name)}" if m.target_schema else q(m.target_name)
        target_of = dict(zip(plan.source_columns, plan.target_columns, strict=True))
        columns = ", ".join(q(c) for c in plan.target_columns)
        marks = ", ".join(["%s"] * len(plan.target_columns))
        sets = ", ".join(f"{q(c)} = %s" for c in plan.target_columns)
        if plan.full_row:
            same = " IS NOT DISTINCT FROM " if t.dialect == "postgres" else " <=> " if t.dialect == "mysql" else " IS "
        else:
            same = " = "
        match = " AND ".join(f"{q(target_of[k])}{same}%s" for k in plan.key)
        if plan.full_row and t.dialect == "postgres":      # one row of possibly several identical ones
            where = f"ctid = (SELECT ctid FROM {ref} WHERE {match} LIMIT 1)"
            limit = ""
        elif plan.full_row and t.dialect == "sqlite":
            where = f"rowid = (SELECT rowid FROM {ref} WHERE {match} LIMIT 1)"
            limit = ""
        else:
            where = match
            limit = " LIMIT 1" if plan.full_row else ""
        truncate = f"TRUNCATE {ref}" if t.dialect == "postgres" else f"DELETE FROM {ref}"
        update = f"UPDATE {ref} SET {sets} WHERE {where}{limit}"
        delete = f"DELETE FROM {ref} WHERE {where}{limit}"
        return {"insert": f"INSERT INTO {ref} ({columns}) VALUES ({marks})", "update": update, "delete": delete,
                "truncate": truncate, "upsert": update, "delete?": delete}

    # --- values ------------------------------------------------------------------------------------------

    def _positions(self, plan: TablePlan, columns: tuple[str, ...]) -> list[int]:
        found = plan.positions.get(columns)
        if found is None:
            index = {c: i for i, c in enumerate(columns)}
            missing = [c for c in plan.source_columns if c not in index]
            if missing:
                raise SchemaMismatch(f"{plan.label}: the logged row has no column {', '.join(missing)} (the source "
                                     "table changed: the task stops; reload the table)")
            found = plan.positions[columns] = [index[c] for c in plan.source_columns]
        return found

    def row(self, plan: TablePlan, columns: tuple[str, ...], values: tuple) -> list[Any]:
        """The target values of a logged row (converted, in plan.target_columns order)."""
        positions = self._positions(plan, columns)
        return [conv(values[i]) for conv, i in zip(plan.converters, positions, strict=True)]

    def key_values(self, plan: TablePlan, change: RowChange) -> list[Any]:
        """The converted values that find the changed row on the target (before image; after, when the source
        logged no before image because the key did not change)."""
        old = change.key_image()
        out = []
        for k in plan.key:
            if k not in old:
                raise SchemaMismatch(f"{plan.label}: the logged {change.op} has no value for key column {k}")
            out.append(plan.converters[plan.source_columns.index(k)](old[k]))
        return out

    def params(self, plan: TablePlan, change: RowChange) -> list[Any]:
        if change.op == "insert":
            return self.row(plan, change.columns, change.after)
        if change.op in ("update", "upsert"):
            return self.row(plan, change.columns, change.after) + self.key_values(plan, change)
        if change.op in ("delete", "delete?"):
            return self.key_values(plan, change)
        return []

    # --- filtered tables ---------------------------------------------------------------------------------

    def route(self, changes: list[RowChange]) -> list[RowChange]:
        """Changes of filtered tables judged by the source (see runner.cdc.filters): inserts of rows the filter
        does not select are dropped, updates become "upsert" (update, or insert when the target lacks the old
        row) or "delete?" (delete the old row if the target has it), deletes become "delete?"."""
        judged: dict[int, bool] = {}
        by_plan: dict[int, tuple[TablePlan, list[int]]] = {}
        for n, change in enumerate(changes):
            plan = self.plans.get((change.schema, change.table))
            if plan is not None and plan.filter is not None and change.op in ("insert", "update"):
                by_plan.setdefault(id(plan), (plan, []))[1].append(n)
        if not by_plan:
            return changes
        for plan, positions in by_plan.values():
            images = [dict(zip(changes[n].columns, changes[n].after, strict=True)) for n in positions]
            for n, verdict in zip(positions, plan.filter.passes(images), strict=True):
                judged[n] = verdict
        out = []
        for n, change in enumerate(changes):
            plan = self.plans.get((change.schema, change.table))
            if plan is None or plan.filter is None or change.op == "truncate":
                out.append(change)
            elif change.op == "insert":
                if judged[n]:
                    out.append(change)
            elif change.op == "update":
                out.append(RowChange("upsert" if judged[n] else "delete?", change.schema, change.table,
                                     change.columns, change.before, change.after, change.before_columns))
            else:
                out.append(RowChange("delete?", change.schema, change.table, change.columns, change.before,
                                     change.after, change.before_columns))
        return out

    def _conditional(self, cur: Any, plan: TablePlan, change: RowChange, params: list[Any],
                     counts: dict[str, Counter]) -> None:
        """An "upsert" or "delete?" of a filtered table: the target's answer decides."""
        cur.execute(plan.sql[change.op], params)
        if change.op == "upsert" and cur.rowcount == 0:
            cur.execute(plan.sql["insert"], self.row(plan, change.columns, change.after))
            counts.setdefault(plan.label, Counter())["inserts"] += 1
        elif cur.rowcount:
            counts.setdefault(plan.label, Counter())["updates" if change.op == "upsert" else "deletes"] += 1

    # --- applying ----------------------------------------------------------------------------------------

    def apply(self, conn: Any, changes: list[RowChange], counts: dict[str, Counter]) -> None:
        """Optimistic: runs of (table, operation) with executemany; raises _Mismatch or the driver's error when
        something is off (roll back, then `apply_carefully`). On PostgreSQL the whole batch goes through one
        pipeline (no wait for an answer between statements: the round trips were most of the apply time), and
        the row counts are checked when it has been sent."""
        raw = getattr(conn, "raw", conn)
        changes = self.route(changes)
        conditional = any(c.op in ("upsert", "delete?") for c in changes)
        pipelined = self.target.dialect == "postgres" and not conditional   # those need each answer at once
        checks: list[tuple[Any, TablePlan, str, int]] | None = [] if pipelined else None
        run: list[list[Any]] = []
        run_key: tuple | None = None
        run_plan: TablePlan | None = None
        with raw.pipeline() if pipelined else contextlib.nullcontext():
            for change in changes:
                plan = self.plans.get((change.schema, change.table))
                if plan is None:
                    continue
                key = (id(plan), change.op)
                if key != run_key and run:
                    self._run(raw, run_plan, run_key[1], run, counts, checks)
                    run = []
                if change.op in ("upsert", "delete?"):
                    self._conditional(raw.cursor(), plan, change, self.params(plan, change), counts)
                    run_key = None
                    continue
                run_key, run_plan = key, plan
                run.append(self.params(plan, change))
            if run:
                self._run(raw, run_plan, run_key[1], run, counts, checks)
        for cur, plan, op, n in checks or ():
            if cur.rowcount != n:
                raise _Mismatch(f"{plan.label}: {op} of {n} rows touched {cur.rowcount}")

    def _run(self, raw: Any, plan: TablePlan, op: str, params: list[list[Any]], counts: dict[str, Counter],
             checks: list | None) -> None:
        sql = plan.sql[op]
        cur = raw.cursor()
        if op == "truncate":
            for _ in params:
                cur.execute(sql)
        elif len(params) == 1:
            cur.execute(sql, params[0])
        else:
            cur.executemany(sql, params)
        if op in ("update", "delete"):
            if checks is not None:          # pipelined: the count is known once the pipeline is synced
                checks.append((cur, plan, op, len(params)))
            elif cur.rowcount != len(params):
                raise _Mismatch(f"{plan.label}: {op} of {len(params)} rows touched {cur.rowcount}")
        counts.setdefault(plan.label, Counter())[OPS[op]] += len(params)

    def apply_carefully(self, conn: Any, changes: list[RowChange], counts: dict[str, Counter], stop: bool,
                        on_exception: Any) -> None:
        """One change at a time under a savepoint; a refused or unmatched change raises ApplyError (stop) or is
        passed to on_exception(plan, change, key, reason) and skipped (log)."""
        raw = getattr(conn, "raw", conn)
        cur = raw.cursor()
        try:
            for change in self.route(changes):
                plan = self.plans.get((change.schema, change.table))
                if plan is None:
                    continue
                key = None
                try:
                    params = self.params(plan, change)
                    key = self._key_text(plan, change)
                    cur.execute("SAVEPOINT sct_change")
                    if change.op in ("upsert", "delete?"):
                        self._conditional(cur, plan, change, params, counts)
                        cur.execute("RELEASE SAVEPOINT sct_change")
                        continue
                    cur.execute(plan.sql[change.op], params) if params else cur.execute(plan.sql[change.op])
                    if change.op in ("update", "delete") and cur.rowcount != 1:
                        raise _Mismatch("no row with this key on the target: the target has diverged from the "
                                        "source (changed or deleted there)")
                    cur.execute("RELEASE SAVEPOINT sct_change")
                    counts.setdefault(plan.label, Counter())[OPS[change.op]] += 1
                except SchemaMismatch:
                    raise
                except Exception as error:  # the target's refusal, a value the policy refused, or a count
                    cur.execute("ROLLBACK TO SAVEPOINT sct_change")
                    reason = " ".join(str(error).split()) or type(error).__name__
                    if stop:
                        raise ApplyError(plan.label, change.op, key, reason) from None
                    on_exception(plan, change, key, reason)
        finally:
            cur.close()

    def _key_text(self, plan: TablePlan, change: RowChange) -> Any:
        image = change.key_image()
        values = [image.get(k) for k in plan.key]
        return values[0] if len(values) == 1 else tuple(values)
