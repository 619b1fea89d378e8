"""Errors a user can act on. The CLI prints them as one line and exits 2; never a traceback."""

from __future__ import annotations


class SctError(Exception):
    """Base for errors the CLI reports as `sct: error: <message>` with exit code 2."""

    exit_code = 2


class InputError(SctError):
    """Bad input: a missing file, a wrong encoding, an empty folder, an unknown option value."""


class ConnectionFailed(SctError):
    """A database could not be reached; the message names the host and port, never the password."""
