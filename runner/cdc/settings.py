"""What a task says about change data capture (task file `mode:` and `cdc:`; `sct migrate --mode ...`)."""

from __future__ import annotations

from dataclasses import dataclass

MODES = ("full-load", "full-load-and-cdc", "cdc")
DMS_MODES = {"full_load": "full-load", "full_load_and_cdc": "full-load-and-cdc", "cdc": "cdc"}
APPLY_ERROR_POLICIES = ("stop", "log")


@dataclass
class CdcSettings:
    start_position: str | None = None   # --mode cdc: where to start (DMS CdcStartPosition; MySQL FILE:POS, PG LSN)
    stop_position: str | None = None    # stop once applied past this position (DMS CdcStopPosition)
    until_caught_up: bool = False       # stop as soon as everything logged so far is applied
    batch_changes: int = 10_000         # changes per target transaction at most (whole source transactions)
    batch_seconds: float = 0.1          # and a batch is committed at the latest this long after it started
    slot: str | None = None             # PostgreSQL source: the replication slot (default sct_<task id>)
    metrics_port: int | None = None     # serve Prometheus metrics on 127.0.0.1:PORT while capturing
    validate: bool = True               # recheck changed rows once they settle
    settle_seconds: float = 5.0         # how long a changed row must stay unchanged before it is rechecked
    apply_errors: str = "stop"          # stop | log: a change the target refuses stops the task, or is logged
                                        # in apply_exceptions and skipped (DMS ApplyErrorInsertPolicy etc.)


def normalise_mode(mode: str) -> str:
    key = mode.strip().lower().replace(" ", "-")
    if key in MODES:
        return key
    if key.replace("-", "_") in DMS_MODES:
        return DMS_MODES[key.replace("-", "_")]
    from sct.errors import InputError
    raise InputError(f"mode {mode!r}: use full-load, full-load-and-cdc or cdc")
