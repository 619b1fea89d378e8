"""Counters and latencies of a capture, named after DMS's CloudWatch metrics, served as Prometheus text.

    CDCIncomingChanges        changes read from the source log and not yet committed on the target
    CDCLatencySource          seconds between the newest change read and now (0 when the reader is caught up)
    CDCLatencyTarget          seconds between the source commit of the oldest change not yet applied and now
                              (0 when nothing waits); `lag_p50`/`lag_p99`: source commit -> target commit of
                              recently applied transactions
    CDCThroughputRowsTarget   changes applied per second (over the last 10 seconds)
    per table: inserts, updates, deletes, truncates, ddls applied

`sct status --json` shows them (the capture writes them to sct_control.cdc_state every second);
`--metrics-port N` serves them at http://127.0.0.1:N/metrics while the capture runs.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WINDOW_SECONDS = 10.0
LAG_SAMPLES = 2000


class Metrics:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.read_changes = 0              # changes read from the source (of captured tables, after the handoff)
        self.applied_changes = 0
        self.applied_transactions = 0
        self.pending: deque[tuple[float, int]] = deque()     # (source commit time, changes) read, not applied
        self.newest_read_commit: float | None = None
        self.caught_up = False
        self.tables: dict[str, Counter] = {}
        self.applied_window: deque[tuple[float, int]] = deque()
        self.lags: deque[float] = deque(maxlen=LAG_SAMPLES)
        self.position: str | None = None
        self.started = time.time()

    def read(self, commit_time: float, changes: int) -> None:
        with self.lock:
            self.read_changes += changes
            self.pending.append((commit_time, changes))
            self.newest_read_commit = commit_time
            self.caught_up = False

    def applied(self, position: str, per_table: dict[str, Counter], transactions: int) -> None:
        """A batch committed on the target: its transactions leave `pending`, their lag is sampled."""
        now = time.time()
        with self.lock:
            n = 0
            for _ in range(transactions):
                if not self.pending:
                    break
                commit_time, changes = self.pending.popleft()
                n += changes
                self.lags.append(max(0.0, now - commit_time))
            self.applied_changes += n
            self.applied_transactions += transactions
            self.applied_window.append((now, n))
            for table, counts in per_table.items():
                self.tables.setdefault(table, Counter()).update(counts)
            self.position = position

    def idle(self, position: str | None) -> None:
        with self.lock:
            self.caught_up = not self.pending
            if position is not None and not self.pending:
                self.position = position

    def snapshot(self) -> dict[str, Any]:
        now = time.time()
        with self.lock:
            while self.applied_window and self.applied_window[0][0] < now - WINDOW_SECONDS:
                self.applied_window.popleft()
            window = min(WINDOW_SECONDS, max(now - self.started, 1e-3))
            lags = sorted(self.lags)
            return {
                "CDCIncomingChanges": sum(c for _, c in self.pending),
                "CDCLatencySource": 0.0 if self.caught_up or self.newest_read_commit is None
                else round(max(0.0, now - self.newest_read_commit), 3),
                "CDCLatencyTarget": round(max(0.0, now - self.pending[0][0]), 3) if self.pending else 0.0,
                "CDCThroughputRowsTarget": round(sum(c for _, c in self.applied_window) / window, 1),
                "lag_p50": _quantile(lags, 0.50),
                "lag_p99": _quantile(lags, 0.99),
                "changes_read": self.read_changes,
                "changes_applied": self.applied_changes,
                "transactions_applied": self.applied_transactions,
                "position": self.position,
                "tables": {t: dict(c) for t, c in sorted(self.tables.items())},
            }


def _quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    return round(values[min(len(values) - 1, int(q * len(values)))], 3)


def prometheus_text(snapshot: dict[str, Any], task_id: str) -> str:
    """The metrics in the Prometheus text exposition format."""
    task = _label(task_id)
    lines = []

    def gauge(name: str, help_text: str, value: Any, kind: str = "gauge") -> None:
        lines.append(f"# HELP {name} {help_text}")
        lines.append(f"# TYPE {name} {kind}")
        lines.append(f'{name}{{task="{task}"}} {0 if value is None else value}')

    gauge("sct_cdc_incoming_changes", "Changes read from the source and not yet applied (CDCIncomingChanges).",
          snapshot["CDCIncomingChanges"])
    gauge("sct_cdc_latency_source_seconds", "Seconds behind the source log (CDCLatencySource).",
          snapshot["CDCLatencySource"])
    gauge("sct_cdc_latency_target_seconds", "Age of the oldest change waiting for the target (CDCLatencyTarget).",
          snapshot["CDCLatencyTarget"])
    gauge("sct_cdc_throughput_rows_target", "Changes applied per second, last 10 s (CDCThroughputRowsTarget).",
          snapshot["CDCThroughputRowsTarget"])
    gauge("sct_cdc_changes_applied_total", "Changes applied since the capture started.",
          snapshot["changes_applied"], "counter")
    lines.append("# HELP sct_cdc_table_changes_total Changes applied per table and operation.")
    lines.append("# TYPE sct_cdc_table_changes_total counter")
    for table, counts in snapshot["tables"].items():
        for op, n in sorted(counts.items()):
            lines.append(f'sct_cdc_table_changes_total{{task="{task}",table="{_label(table)}",op="{op}"}} {n}')
    return "\n".join(lines) + "\n"


def _label(value: str) -> str:
    return str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def serve(port: int, metrics: Metrics, task_id: str) -> ThreadingHTTPServer:
    """Serve /metrics on 127.0.0.1:port in a daemon thread; call .shutdown() when done."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:       # noqa: N802 (the http.server name)
            if self.path.split("?")[0] not in ("/metrics", "/"):
                self.send_error(404)
                return
            body = prometheus_text(metrics.snapshot(), task_id).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:     # no access log on stderr
            pass

    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as error:
        from sct.errors import InputError
        raise InputError(f"--metrics-port {port}: cannot listen on 127.0.0.1:{port} ({error.strerror})") from None
    threading.Thread(target=server.serve_forever, name="sct-metrics", daemon=True).start()
    return server
