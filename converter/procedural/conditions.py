"""Oracle exceptions and error codes as PostgreSQL conditions: tables, and the two SQLSTATE derivations.

- A predefined exception name (`WHEN NO_DATA_FOUND`, `RAISE ZERO_DIVIDE`) maps to a PostgreSQL condition
  name (`PREDEFINED`); some have no exact counterpart and carry a note that makes their finding a REVIEW.
- `RAISE_APPLICATION_ERROR(-20nnn, msg)` raises SQLSTATE 'U0nnn' (`application_error_sqlstate`): class U0 is
  not used by PostgreSQL, and the last three digits are Oracle's, so ORA-20205 is SQLSTATE U0205.
- A user-defined exception `e EXCEPTION;` has no PostgreSQL declaration: `RAISE e` raises, and `WHEN e`
  catches, SQLSTATE 'U1' + three base-36 characters of a hash of the upper-case name
  (`user_exception_sqlstate`), the same in every routine, so an exception raised in one routine is caught by
  name in another. A package's exception hashes its qualified name (PKG.E), so two packages' exceptions of
  the same name stay apart, as in Oracle.
- `PRAGMA EXCEPTION_INIT(e, -nnnn)` gives `e` the condition of Oracle error -nnnn (`ERROR_CODES`).
"""

from __future__ import annotations

import hashlib

__all__ = ["ERROR_CODES", "PREDEFINED", "application_error_sqlstate", "user_exception_sqlstate"]

# Oracle predefined exception -> (PostgreSQL condition(s) for WHEN, condition for RAISE, note when not exact)
PREDEFINED: dict[str, tuple[str, str, str | None]] = {
    "NO_DATA_FOUND": ("no_data_found", "no_data_found", None),
    "TOO_MANY_ROWS": ("too_many_rows", "too_many_rows", None),
    "DUP_VAL_ON_INDEX": ("unique_violation", "unique_violation", None),
    "ZERO_DIVIDE": ("division_by_zero", "division_by_zero", None),
    "CASE_NOT_FOUND": ("case_not_found", "case_not_found", None),
    "INVALID_CURSOR": ("invalid_cursor_state", "invalid_cursor_state", None),
    "CURSOR_ALREADY_OPEN": ("duplicate_cursor", "duplicate_cursor", None),
    "OTHERS": ("OTHERS", "", "PostgreSQL OTHERS does not catch query_canceled and assert_failure"),
    "VALUE_ERROR": ("string_data_right_truncation OR numeric_value_out_of_range OR invalid_text_representation"
                    " OR null_value_not_allowed", "numeric_value_out_of_range",
                    "VALUE_ERROR (ORA-06502) is one Oracle error; PostgreSQL raises one of four conditions"),
    "INVALID_NUMBER": ("invalid_text_representation", "invalid_text_representation",
                       "INVALID_NUMBER (ORA-01722) is invalid_text_representation when text becomes a number"),
    "TIMEOUT_ON_RESOURCE": ("lock_not_available", "lock_not_available",
                            "a lock wait that times out is lock_not_available only with lock_timeout set"),
}

# Oracle error number -> PostgreSQL condition (for PRAGMA EXCEPTION_INIT)
ERROR_CODES: dict[int, str] = {
    -1: "unique_violation", 100: "no_data_found", -1403: "no_data_found", -1422: "too_many_rows",
    -1476: "division_by_zero", -1400: "not_null_violation", -1407: "not_null_violation",
    -2290: "check_violation", -2291: "foreign_key_violation", -2292: "foreign_key_violation",
    -54: "lock_not_available", -30006: "lock_not_available", -60: "deadlock_detected",
    -1722: "invalid_text_representation", -1001: "invalid_cursor_state", -6511: "duplicate_cursor",
    -6592: "case_not_found", -1031: "insufficient_privilege", -942: "undefined_table",
}

_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def application_error_sqlstate(code: int) -> str | None:
    """SQLSTATE of RAISE_APPLICATION_ERROR(code, ...): -20205 -> 'U0205'; None outside -20999..-20000.

    >>> application_error_sqlstate(-20205), application_error_sqlstate(-1)
    ('U0205', None)
    """
    if not -20999 <= code <= -20000:
        return None
    return f"U0{-code - 20000:03d}"


def user_exception_sqlstate(name: str) -> str:
    """SQLSTATE of a user-defined exception: 'U1' and three base-36 characters of a hash of the name."""
    value = int(hashlib.sha1(name.upper().encode()).hexdigest(), 16) % 36**3
    chars = ""
    for _ in range(3):
        value, digit = divmod(value, 36)
        chars = _BASE36[digit] + chars
    return "U1" + chars
