"""Reading Oracle SQL*Plus scripts into statements with exact source locations.

SQL*Plus reads a script line by line. A line that starts a statement with a SQL*Plus command word (SET,
PROMPT, @, ...) is a command that ends at the end of the line (a trailing '-' continues it). Anything else
is SQL, ended by ';' or by a line holding only '/'; a PL/SQL unit (CREATE PROCEDURE ..., DECLARE, BEGIN)
holds ';' everywhere and ends only at a '/' line. Substitution variables (&name) are replaced before the
statement is sent to the server.

This module does the same in one pass over each file: `_scan` cuts the text into pieces (one per statement
or command) without any session state; `_Reader` walks the pieces in order, keeps the SQL*Plus session
state (DEFINE values, SET DEFINE/CONCAT/ESCAPE), follows @ includes, turns EXEC into a PL/SQL block and
records script-level findings (OR001 commands dropped, OR002 substitutions, OR004 includes, OR005 a PL/SQL
unit that runs into the next statement).

Where SQL*Plus behaviour would only hurt a conversion, the reader departs from it, deliberately:
- a blank line does not end a SQL statement (SQL*Plus with SQLBLANKLINES OFF would drop the statement);
- a statement at the end of a file without its terminator is still returned;
- '&' inside comments is not substituted (comments are not converted, and it would only report noise);
- a ';' at the end of a line inside a multi-line string does not end the statement.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sct.converter.findings import Collector
from sct.converter.ir import Effort, Span
from sct.errors import InputError

__all__ = ["SCRIPT_SUFFIXES", "Script", "ScriptStatement", "read_script_text", "read_scripts"]

SCRIPT_SUFFIXES = frozenset({".sql", ".pks", ".pkb", ".pls", ".plb", ".fnc", ".prc", ".trg"})


@dataclass(frozen=True)
class ScriptStatement:
    """One statement of a script, as SQL*Plus would send it to the server.

    `text` has no terminator: SQL loses its ';' or '/' line; a PL/SQL unit keeps its final ';' and loses
    the '/' line. `span` is the first character that is neither blank nor part of a comment.
    """

    text: str
    span: Span
    kind: str                   # "sql", "plsql" or "sqlplus"
    command: str | None = None  # for kind == "sqlplus": the command name, upper case


@dataclass
class Script:
    """The statements of one or more scripts, in the order SQL*Plus would run them."""

    statements: list[ScriptStatement] = field(default_factory=list)
    findings: Collector = field(default_factory=Collector)
    files: list[str] = field(default_factory=list)


# --- SQL*Plus vocabulary --------------------------------------------------------------------------------

# Every SQL*Plus command, with the length of its shortest accepted abbreviation (PRO[MPT] -> 3).
_COMMAND_ABBREVIATIONS = {
    "ACCEPT": 3, "APPEND": 1, "ARCHIVE": 7, "ATTRIBUTE": 4, "BREAK": 3, "BTITLE": 3, "CHANGE": 1,
    "CLEAR": 2, "COLUMN": 3, "COMPUTE": 4, "CONNECT": 4, "COPY": 4, "DEFINE": 3, "DEL": 3,
    "DESCRIBE": 4, "DISCONNECT": 4, "EDIT": 2, "EXECUTE": 4, "EXIT": 4, "GET": 3, "HELP": 4,
    "HISTORY": 4, "HOST": 2, "INPUT": 1, "LIST": 1, "PASSWORD": 5, "PAUSE": 3, "PRINT": 3,
    "PROMPT": 3, "QUIT": 4, "RECOVER": 7, "REMARK": 3, "REPFOOTER": 4, "REPHEADER": 4, "RUN": 1,
    "SAVE": 3, "SET": 3, "SHOW": 3, "SHUTDOWN": 8, "SPOOL": 3, "START": 3, "STARTUP": 7, "STORE": 5,
    "TIMING": 4, "TTITLE": 3, "UNDEFINE": 5, "VARIABLE": 3, "WHENEVER": 8, "XQUERY": 6,
}
# SQLcl (the newer SQL*Plus) adds a few commands, accepted only in full: LOAD table file.csv, ...
_SQLCL_COMMANDS = ("ALIAS", "APEX", "CD", "CTAS", "DDL", "INFO", "INFORMATION", "LB", "LIQUIBASE", "LOAD",
                   "OERR", "SODA", "SSHTUNNEL", "TOSUB", "UNLOAD")
_COMMANDS = {full[:n]: full for full, least in _COMMAND_ABBREVIATIONS.items()
             for n in range(least, len(full) + 1)} | {name: name for name in _SQLCL_COMMANDS}

# SET followed by one of these is SQL (SET TRANSACTION, SET ROLE, SET CONSTRAINTS), not SQL*Plus.
_SQL_SET_STATEMENTS = frozenset({"TRANSACTION", "ROLE", "CONSTRAINT", "CONSTRAINTS"})

# CREATE <modifiers> <object>: the objects whose source is PL/SQL (or Java, or JavaScript) ended by '/'.
_CREATE_MODIFIERS = frozenset({"OR", "REPLACE", "EDITIONABLE", "NONEDITIONABLE", "AND", "RESOLVE",
                               "COMPILE", "NOFORCE"})
_PLSQL_OBJECTS = frozenset({"PROCEDURE", "FUNCTION", "PACKAGE", "TRIGGER", "TYPE", "LIBRARY", "JAVA", "MLE"})
_FOREIGN_CODE_OBJECTS = frozenset({"JAVA", "MLE"})

# SET options the reader acts on, with their shortest abbreviation; all other options are ignored.
_SET_OPTIONS = {"DEFINE": 3, "SCAN": 4, "CONCAT": 3, "ESCAPE": 3}
_NEW_VALUE_OPTIONS = ("NEW_VALUE", "OLD_VALUE")

_IDENT_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$#")
_Q_CLOSERS = {"[": "]", "{": "}", "(": ")", "<": ">"}
_BLANKS = " \t\n\f\v"
_MAX_INCLUDE_DEPTH = 64

# Scanner patterns. Each is used with search(text, pos), so the text is read once from left to right.
_SQL_EVENT = re.compile(r"""['";\n]|--|/\*|-(?=[ \t]*\n)""")   # last: a '-' continuation at end of line
_PLSQL_EVENT = re.compile(r"""['"\n]|--|/\*""")
_CONTINUATION_IN_STRING = re.compile(r"-[ \t]*\n")
_BLANK_RUN = re.compile(r"[ \t\n\f\v]*")
_LEADING_TOKEN = re.compile(r"\s+|--[^\n]*|/\*.*?\*/|([A-Za-z][A-Za-z0-9_$#]*)", re.S)
_WORD = re.compile(r"[A-Za-z]+")
_CODE_AFTER_UNIT = re.compile(r"[ \t]*(create|alter|drop|grant)[ \t]+[a-z]", re.I)
_VARIABLE_NAME = re.compile(r"[A-Za-z0-9_$#]+")
_ARGUMENT = re.compile(r""""([^"]*)"|'([^']*)'|(\S+)""")
_DEFINE_ARGS = re.compile(r"\s*([^\s=]+)\s*(?:=\s*(.*))?\Z", re.S)
_SECRET_NAME = re.compile(r"PASS|PWD|SECRET", re.I)


# --- the scanner: text -> pieces ---------------------------------------------------------------------------

@dataclass
class _Piece:
    """One statement or SQL*Plus command as offsets into the file's text, before any substitution."""

    kind: str                   # "sql", "plsql" or "sqlplus"
    start: int                  # first character (not blank, not comment)
    end: int                    # just past the last character of the text (terminator excluded)
    command: str | None = None  # sqlplus: canonical command name
    args_start: int = 0         # sqlplus: where the command's arguments begin
    edits: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, length, replacement)
    comments: list[tuple[int, int]] = field(default_factory=list)    # comment ranges inside the piece
    runs_on_at: int | None = None  # plsql: offset of a line that looks like the next statement


def _line_end(text: str, pos: int) -> int:
    """Offset of the newline ending the line that holds `pos` (or the end of the text)."""
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _terminator_line_end(text: str, pos: int) -> int | None:
    """If the line starting at `pos` holds only '/' or '.', the offset just past that line, else None."""
    n = len(text)
    while pos < n and text[pos] in " \t":
        pos += 1
    if pos >= n or text[pos] not in "/.":
        return None
    end = _line_end(text, pos)
    if text[pos + 1:end].strip():
        return None
    return min(end + 1, n)


def _skip_to_statement(text: str, pos: int) -> int:
    """Skip blanks, comments, lone ';' and lines holding only '/' or '.'; return where a statement starts."""
    n = len(text)
    while pos < n:
        pos = _BLANK_RUN.match(text, pos).end()
        if pos >= n:
            break
        if text.startswith("--", pos):
            pos = _line_end(text, pos)
        elif text.startswith("/*", pos):
            close = text.find("*/", pos + 2)
            pos = close + 2 if close >= 0 else _line_end(text, pos)
        elif text[pos] == ";":
            pos += 1
        elif text[pos] in "/." and not text[pos + 1:_line_end(text, pos)].strip():
            pos = _line_end(text, pos)    # '/' re-runs the buffer, '.' ends an empty one: nothing new
        else:
            return pos
    return n


def _command_at(text: str, pos: int) -> tuple[str | None, int]:
    """The SQL*Plus command starting at `pos` (canonical name) and where its word ends; (None, pos) if SQL."""
    first = text[pos]
    if first == "@":
        return ("@@", pos + 2) if text.startswith("@@", pos) else ("@", pos + 1)
    if first in "!$":
        return "HOST", pos + 1
    match = _WORD.match(text, pos)
    if match is None or (match.end() < len(text) and text[match.end()] in _IDENT_CHARS):
        return None, pos
    command = _COMMANDS.get(match.group().upper())
    if command == "SET" and set(_leading_words(text, match.end(), 1)) & _SQL_SET_STATEMENTS:
        return None, pos
    return command, match.end()


def _leading_words(text: str, pos: int, limit: int) -> list[str]:
    """Up to `limit` words from `pos` on, upper case, skipping blanks and comments; stops at anything else."""
    words: list[str] = []
    while len(words) < limit:
        match = _LEADING_TOKEN.match(text, pos)
        if match is None:
            break
        if match.group(1):
            words.append(match.group(1).upper())
        pos = match.end()
    return words


def _classify(text: str, pos: int) -> tuple[str, bool, bool]:
    """How the statement at `pos` is read: (kind, ended only by a '/' line, check for a missing '/')."""
    if text.startswith("<<", pos):
        return "plsql", True, True
    words = _leading_words(text, pos, 8)
    first = words[0] if words else ""
    if first in ("DECLARE", "BEGIN"):
        return "plsql", True, True
    if first == "CREATE":
        k = 1
        while k < len(words) and words[k] in _CREATE_MODIFIERS:
            k += 1
        unit = words[k] if k < len(words) else ""
        if unit in _PLSQL_OBJECTS:
            return "plsql", True, unit not in _FOREIGN_CODE_OBJECTS
    if first == "WITH" and len(words) > 2 and words[1] in ("FUNCTION", "PROCEDURE") and words[2] != "AS":
        return "sql", True, False
    return "sql", False, False


def _is_q_quote(text: str, quote: int) -> bool:
    """Whether the quote at `quote` opens a q'<delimiter>...<delimiter>' literal (q', Q', nq', NQ')."""
    if quote < 1 or text[quote - 1] not in "qQ":
        return False
    before = text[quote - 2] if quote >= 2 else " "
    if before in "nN":
        before = text[quote - 3] if quote >= 3 else " "
    return before not in _IDENT_CHARS


def _string_end(text: str, quote: int) -> int | None:
    """Offset just past the literal whose opening quote is at `quote`; None when it is never closed."""
    if _is_q_quote(text, quote) and quote + 1 < len(text) and text[quote + 1] not in _BLANKS + "'":
        closer = _Q_CLOSERS.get(text[quote + 1], text[quote + 1]) + "'"
        close = text.find(closer, quote + 2)
        return None if close < 0 else close + 2
    pos = quote + 1
    while True:
        close = text.find("'", pos)
        if close < 0:
            return None
        if text.startswith("''", close):
            pos = close + 2
            continue
        return close + 1


@dataclass
class _Body:
    """Where a statement's text ends, where reading resumes, and what was noted on the way."""

    end: int
    resume: int
    edits: list[tuple[int, int, str]]
    comments: list[tuple[int, int]]
    runs_on_at: int | None = None


def _scan_body(text: str, start: int, slash_only: bool, check_run_on: bool) -> _Body:
    """Read a statement from `start` to its terminator, skipping over strings, identifiers and comments.

    SQL ends at ';' or a '/' line; with `slash_only` (PL/SQL) only a '/' line ends it. A '.' line ends
    either (SQL*Plus's block terminator). In SQL, a '-' at the end of a line is SQL*Plus's continuation:
    outside strings it becomes a blank, inside a string it is removed with the line break.
    """
    n = len(text)
    events = _PLSQL_EVENT if slash_only else _SQL_EVENT
    edits: list[tuple[int, int, str]] = []
    comments: list[tuple[int, int]] = []
    runs_on_at: int | None = None
    pos = start
    while True:
        match = events.search(text, pos)
        if match is None:
            return _Body(n, n, edits, comments, runs_on_at)
        pos = match.start()
        token = match.group()
        if token == "\n":
            resume = _terminator_line_end(text, pos + 1)
            if resume is not None:
                return _Body(pos, resume, edits, comments, runs_on_at)
            if check_run_on and runs_on_at is None and _CODE_AFTER_UNIT.match(text, pos + 1):
                runs_on_at = _BLANK_RUN.match(text, pos + 1).end()
            pos += 1
        elif token == ";":
            return _Body(pos, pos + 1, edits, comments, runs_on_at)
        elif token == "--":
            end = _line_end(text, pos)
            comments.append((pos, end))
            pos = end
        elif token == "/*":
            close = text.find("*/", pos + 2)
            if close < 0:
                pos += 2              # never closed: not a comment after all
            else:
                comments.append((pos, close + 2))
                pos = close + 2
        elif token == "'":
            end = _string_end(text, pos)
            if end is None:
                pos += 1              # never closed: a stray quote, not the start of a literal
            else:
                if not slash_only and text.find("\n", pos, end) >= 0:
                    edits.extend((m.start(), m.end() - m.start(), "")
                                 for m in _CONTINUATION_IN_STRING.finditer(text, pos, end))
                pos = end
        elif token == '"':
            close = text.find('"', pos + 1)
            pos = pos + 1 if close < 0 else close + 1
        else:                         # '-' continuing the line
            edits.append((pos, 1, " "))
            pos += 1


def _scan_command(text: str, start: int, command: str, word_end: int) -> tuple[_Piece, int]:
    """A SQL*Plus command: to the end of its line, and on while a line ends with the '-' continuation."""
    edits: list[tuple[int, int, str]] = []
    line_start = start
    while True:
        end = _line_end(text, line_start)
        last = len(text[line_start:end].rstrip()) + line_start
        if last > line_start and text[last - 1] == "-" and end < len(text):
            edits.append((last - 1, 1, ""))
            line_start = end + 1
            continue
        args_start = word_end
        while args_start < last and text[args_start] in " \t":
            args_start += 1
        piece = _Piece("sqlplus", start, max(last, args_start), command=command, args_start=args_start,
                       edits=edits)
        return piece, min(end + 1, len(text))


def _scan(text: str) -> Iterator[_Piece]:
    """Cut a script's text into pieces, in order. REM lines and comments between statements are skipped."""
    pos = 0
    while True:
        pos = _skip_to_statement(text, pos)
        if pos >= len(text):
            return
        command, word_end = _command_at(text, pos)
        if command == "REMARK":
            pos = _line_end(text, pos)
            continue
        if command is not None:
            piece, pos = _scan_command(text, pos, command, word_end)
            yield piece
            continue
        kind, slash_only, check_run_on = _classify(text, pos)
        body = _scan_body(text, pos, slash_only, check_run_on)
        yield _Piece(kind, pos, body.end, edits=body.edits, comments=body.comments,
                     runs_on_at=body.runs_on_at)
        pos = body.resume


# --- files and their text -----------------------------------------------------------------------------

class _Source:
    """One file's text with line breaks made uniform, and offsets turned into spans."""

    def __init__(self, text: str, file: str) -> None:
        if text.startswith("\ufeff"):
            text = text[1:]
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.file = file
        self.line_starts = [0]
        pos = self.text.find("\n")
        while pos >= 0:
            self.line_starts.append(pos + 1)
            pos = self.text.find("\n", pos + 1)

    def span(self, offset: int) -> Span:
        line = bisect.bisect_right(self.line_starts, offset)
        return Span(self.file, line, offset - self.line_starts[line - 1] + 1)


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}; use e.g. utf-8, latin-1 or cp1252") from None
    try:
        b"-".decode(encoding, "ignore")   # base64, rot13 and such are codecs, but not bytes-to-text ones
    except LookupError:
        raise InputError(f"{encoding!r} is not a text encoding; use e.g. utf-8, latin-1 or cp1252") from None


def _decode(path: Path, file: str, encoding: str) -> str:
    """The file's text; a byte that is not valid in `encoding` is an error naming file and line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{file}: cannot read ({error.strerror or error})") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode(encoding, errors="replace")) + 1
        suggestion = "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "latin-1"
        raise InputError(f"{file}:{line}: byte 0x{data[error.start]:02x} is not valid {encoding}; it is at column "
                         f"{column} (byte offset {error.start}); give the file's encoding with --encoding "
                         f"(e.g. --encoding {suggestion})") from None


def _script_files(folder: Path) -> list[str]:
    """The script files under `folder`, sorted by their path relative to it."""
    files = [p for p in folder.rglob("*") if p.suffix.lower() in SCRIPT_SUFFIXES and p.is_file()]
    files.sort(key=lambda p: p.relative_to(folder).as_posix())
    return [str(p) for p in files]


def _find_include(target: str, including_file: str) -> tuple[str | None, bool]:
    """Where `@target` is: beside the including script, then in the current directory.

    Without an extension, '.sql' is added, as SQL*Plus does. As a last resort the file of the same name
    beside the including script is taken (install scripts often prefix paths with a placeholder such as
    __SUB__CWD__); the second value says so.
    """
    name = target if Path(target).suffix else target + ".sql"
    here = Path(including_file).parent
    candidates = [Path(name)] if Path(name).is_absolute() else [here / name, Path(name)]
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate), False
    beside = here / Path(name).name
    if beside.is_file():
        return str(beside), True
    return None, False


def _occurrences(count: int) -> str:
    return "1 occurrence" if count == 1 else f"{count} occurrences"


# --- the reader: pieces -> statements, with the SQL*Plus session state ---------------------------------

@dataclass
class _Variable:
    """A substitution variable: its value, where the value came from, or why there is none."""

    value: str | None
    origin: str | None = None       # where a value that is not DEFINE's comes from ("argument 1 of @x")
    missing: str | None = None      # why there is no value (ACCEPT, COLUMN NEW_VALUE, depends on ...)


@dataclass
class _Tally:
    """What happened in one file, reported once per kind at the end of the file (so findings do not flood)."""

    commands: dict[str, list] = field(default_factory=dict)     # command -> [first span, count]
    variables: dict[tuple, list] = field(default_factory=dict)  # (NAME, value, missing) -> [span, count,
                                                                #   name as written, _Variable or None]

    def count_command(self, command: str, span: Span) -> None:
        self.commands.setdefault(command, [span, 0])[1] += 1

    def count_variable(self, name: str, variable: _Variable | None, span: Span) -> None:
        value = variable.value if variable is not None else None
        missing = variable.missing if variable is not None and value is None else None
        self.variables.setdefault((name.upper(), value, missing), [span, 0, name, variable])[1] += 1


class _Reader:
    """Reads files in order the way one SQL*Plus session would, collecting statements and findings."""

    def __init__(self, encoding: str = "utf-8", defines: dict[str, str] | None = None) -> None:
        self.encoding = encoding
        self.defines = {k.upper(): v for k, v in (defines or {}).items()}   # --define NAME=VALUE
        self.script = Script()
        self.reading: list[Path] = []       # resolved paths of the files open now (include cycles)
        self.listed: set[Path] = set()      # files read in their own right (includes of them are skipped)
        self.reset()

    def reset(self) -> None:
        """A fresh session: no variables, default SET DEFINE, CONCAT and ESCAPE."""
        self.variables: dict[str, _Variable] = {
            name: _Variable(value, origin="--define") for name, value in self.defines.items()}
        self.define_char, self.define_on = "&", True
        self.concat_char, self.concat_on = ".", True
        self.escape_char, self.escape_on = "\\", False

    # -- files

    def read_top(self, file: str) -> None:
        """Read a file given by the user, in a session of its own."""
        self.reset()
        self.read_file(file)

    def read_file(self, file: str) -> None:
        text = _decode(Path(file), file, self.encoding)
        self.reading.append(Path(file).resolve())
        try:
            self.read_text(text, file)
        finally:
            self.reading.pop()

    def read_text(self, text: str, file: str) -> None:
        """Run the pieces of one file in order; EXIT or QUIT stops the file."""
        if file not in self.script.files:
            self.script.files.append(file)
        source = _Source(text, file)
        tally = _Tally()
        pieces = _scan(source.text)
        for piece in pieces:
            if piece.kind != "sqlplus":
                self.add_statement(piece, source, tally)
            elif self.run_command(piece, source, tally):
                self.report_rest_skipped(next(pieces, None), source, piece)
                break
        self.report(tally)

    # -- statements

    def add_statement(self, piece: _Piece, source: _Source, tally: _Tally) -> None:
        text = self.render(source, piece.start, piece.end, piece.edits, piece.comments, tally)[0].rstrip()
        if not text:
            return
        self.script.statements.append(ScriptStatement(text, source.span(piece.start), piece.kind))
        if piece.runs_on_at is not None:
            at = source.span(piece.runs_on_at)
            self.script.findings.fire(
                "OR005", at, f"the PL/SQL unit starting at line {source.span(piece.start).line} runs on into "
                f"what looks like the next statement at line {at.line}; a line holding only '/' is probably "
                f"missing before it")

    def render(self, source: _Source, start: int, end: int, edits: list, comments: list,
               tally: _Tally | None) -> tuple[str, list[str]]:
        """The text from `start` to `end` with continuation edits and substitutions applied.

        Substitutions are reported in `tally` (None: not reported). Also returns the names of the
        variables left as-is because they have no value.
        """
        text = source.text
        replacements = [e for e in edits if start <= e[0] and e[0] + e[1] <= end]
        missing: list[str] = []
        if self.define_on and text.find(self.define_char, start, end) >= 0:
            replacements += self.substitutions(source, start, end, comments, tally, missing)
            replacements.sort()
        if not replacements:
            return text[start:end], missing
        parts, pos = [], start
        for offset, length, new in replacements:
            if offset < pos:
                continue
            parts += [text[pos:offset], new]
            pos = offset + length
        parts.append(text[pos:end])
        return "".join(parts), missing

    def substitutions(self, source: _Source, start: int, end: int, comments: list, tally: _Tally | None,
                      missing: list[str]) -> list[tuple[int, int, str]]:
        """Replacements for &name, &&name and &name. between `start` and `end` (comments excluded)."""
        text, prefix = source.text, self.define_char
        out: list[tuple[int, int, str]] = []
        comment = 0
        pos = text.find(prefix, start, end)
        while pos >= 0:
            while comment < len(comments) and comments[comment][1] <= pos:
                comment += 1
            if comment < len(comments) and comments[comment][0] <= pos:
                pos = text.find(prefix, comments[comment][1], end)
                continue
            if self.escape_on and pos > start and text[pos - 1] == self.escape_char:
                out.append((pos - 1, 1, ""))
                pos = text.find(prefix, pos + 1, end)
                continue
            name_at = pos + 2 if text.startswith(prefix * 2, pos) else pos + 1
            match = _VARIABLE_NAME.match(text, name_at, end)
            if match is None:
                pos = text.find(prefix, name_at, end)
                continue
            stop = match.end()
            if self.concat_on and stop < end and text[stop] == self.concat_char:
                stop += 1
            value = self.lookup(match.group(), source.span(pos), tally, missing)
            if value is not None:
                out.append((pos, stop - pos, value))
            pos = text.find(prefix, stop, end)
        return out

    def lookup(self, name: str, span: Span, tally: _Tally | None, missing: list[str]) -> str | None:
        """The value of variable `name`, or None (recorded in `missing`) when it has none."""
        variable = self.variables.get(name.upper())
        if tally is not None:
            tally.count_variable(name, variable, span)
        if variable is not None and variable.value is not None:
            return variable.value
        missing.append(name)
        return None

    # -- SQL*Plus commands

    def run_command(self, piece: _Piece, source: _Source, tally: _Tally) -> bool:
        """Act on a SQL*Plus command; True when it ends the file (EXIT, QUIT)."""
        command = piece.command
        span = source.span(piece.start)
        if command in ("@", "@@", "START"):
            self.include(piece, source, tally)
            return False
        if command == "EXECUTE" and self.execute(piece, source, tally):
            return False
        tally.count_command(command, span)
        handler = {"DEFINE": self.define, "UNDEFINE": self.undefine, "SET": self.set_options,
                   "ACCEPT": self.accept, "COLUMN": self.column}.get(command)
        if handler is not None:
            args, missing = self.render(source, piece.args_start, piece.end, piece.edits, [], None)
            handler(args, missing)
        return command in ("EXIT", "QUIT")

    def execute(self, piece: _Piece, source: _Source, tally: _Tally) -> bool:
        """EXEC[UTE] call -> the PL/SQL block SQL*Plus sends: BEGIN call; END;"""
        body = self.render(source, piece.args_start, piece.end, piece.edits, [], tally)[0]
        body = body.strip().rstrip(";").rstrip()
        if not body:
            return False
        statement = ScriptStatement(f"BEGIN {body}; END;", source.span(piece.start), "plsql")
        self.script.statements.append(statement)
        return True

    def define(self, args: str, missing: list[str]) -> None:
        """DEFINE name = value records a value; DEFINE alone or with a name only lists, and is ignored."""
        match = _DEFINE_ARGS.match(args)
        if match is None or match.group(2) is None:
            return
        name, raw = match.group(1), match.group(2).strip()
        if missing:
            depends = f"{self.define_char}{missing[0]}"
            self.variables[name.upper()] = _Variable(
                None, missing=f"its DEFINE value depends on {depends}, which has no value here")
            return
        quoted = _ARGUMENT.match(raw)
        value = "" if quoted is None else next(g for g in quoted.groups() if g is not None)
        self.variables[name.upper()] = _Variable(value)

    def undefine(self, args: str, missing: list[str]) -> None:
        for name in args.replace(";", " ").split():
            self.variables.pop(name.upper(), None)

    def accept(self, args: str, missing: list[str]) -> None:
        """ACCEPT name ... asks the user for a value when the script runs: no value at conversion time."""
        words = args.split()
        if words:
            self.variables[words[0].upper()] = _Variable(
                None, missing="its value is typed in when the script runs (ACCEPT)")

    def column(self, args: str, missing: list[str]) -> None:
        """COLUMN c NEW_VALUE name sets `name` from a query result: no value at conversion time."""
        words = args.split()
        for option, name in zip(words, words[1:], strict=False):
            if len(option) >= 5 and any(full.startswith(option.upper()) for full in _NEW_VALUE_OPTIONS):
                self.variables[name.upper()] = _Variable(
                    None, missing="its value comes from a query result (COLUMN ... NEW_VALUE)")

    def set_options(self, args: str, missing: list[str]) -> None:
        """SET DEFINE, SCAN, CONCAT and ESCAPE change substitution; every other option is ignored."""
        words = args.replace(";", " ").split()
        for option, value in zip(words, words[1:], strict=False):
            name = next((full for full, least in _SET_OPTIONS.items()
                         if len(option) >= least and full.startswith(option.upper())), None)
            if name is not None:
                self.set_option(name, value.strip("'\""))

    def set_option(self, name: str, value: str) -> None:
        """ON or OFF switches the feature; a single character switches it on with that character."""
        switch = {"ON": True, "OFF": False}.get(value.upper())
        char = value if switch is None and len(value) == 1 else None
        if name == "SCAN":              # obsolete synonym of SET DEFINE ON/OFF
            name, char = "DEFINE", None
        if switch is None and char is None:
            return
        feature = name.lower()
        setattr(self, f"{feature}_on", True if char else switch)
        if char:
            setattr(self, f"{feature}_char", char)

    # -- includes

    def include(self, piece: _Piece, source: _Source, tally: _Tally) -> None:
        """@file, @@file, START file: read the file in place, with its arguments as &1, &2, ..."""
        span = source.span(piece.start)
        args, missing = self.render(source, piece.args_start, piece.end, piece.edits, [], None)
        words = [next(g for g in m.groups() if g is not None) for m in _ARGUMENT.finditer(args)]
        if "--" in words:
            words = words[:words.index("--")]
        if not words:
            return
        target = words[0]
        written = f"{piece.command if piece.command != 'START' else 'START '}{target}"
        found, by_name = _find_include(target, source.file)
        if found is None:
            self.report_missing_include(written, missing, span)
            return
        resolved = Path(found).resolve()
        if resolved in self.reading:
            self.script.findings.fire(
                "OR004", span, f"include cycle cut: {written} names {found}, which is already being read")
            return
        if resolved in self.listed:
            return
        if len(self.reading) >= _MAX_INCLUDE_DEPTH:
            self.script.findings.fire(
                "OR004", span, f"include cycle cut: {written} is nested {_MAX_INCLUDE_DEPTH} includes deep")
            return
        if by_name:
            self.script.findings.fire(
                "OR004", span, f"included script {written} not found as written; read {found}, the file "
                f"of that name beside the including script", effort=Effort.REVIEW)
        self.set_arguments(words[1:], written, missing)
        self.read_file(found)

    def set_arguments(self, values: list[str], written: str, missing: list[str]) -> None:
        """Arguments of @file become the variables 1, 2, ... (as SQL*Plus defines them)."""
        for number, value in enumerate(values, 1):
            unresolved = next((m for m in missing if self.define_char + m in value), None)
            if unresolved is None:
                self.variables[str(number)] = _Variable(value, f"argument {number} of {written}")
            else:
                self.variables[str(number)] = _Variable(
                    None, missing=f"argument {number} of {written} depends on &{unresolved}, "
                    f"which has no value here")

    def report_missing_include(self, written: str, missing: list[str], span: Span) -> None:
        if missing and self.define_char + missing[0] in written:
            variable = self.variables.get(missing[0].upper())
            why = f" ({variable.missing})" if variable is not None and variable.missing else ""
            message = (f"included script {written} not read: substitution variable &{missing[0]} in its "
                       f"name has no value here{why}")
        else:
            message = (f"included script {written} not found (looked beside {span.file} and in the current "
                       f"directory); its statements are missing")
        self.script.findings.fire("OR004", span, message)

    # -- findings

    def report_rest_skipped(self, following: _Piece | None, source: _Source, exit_piece: _Piece) -> None:
        if following is not None:
            start = source.span(following.start)
            self.script.findings.fire(
                "OR001", start, f"{exit_piece.command} at line {source.span(exit_piece.start).line} ends the "
                f"script: the rest of the file (from line {start.line}) is not read")

    def report(self, tally: _Tally) -> None:
        """The per-file summaries: one OR001 per command, one OR002 per variable and value."""
        fire = self.script.findings.fire
        for command, (span, count) in tally.commands.items():
            fire("OR001", span, f"SQL*Plus command {command} ignored ({_occurrences(count)} in this file)")
        for (key, value, reason), (span, count, name, variable) in tally.variables.items():
            times = "" if count == 1 else f" ({_occurrences(count)} in this file)"
            if value is not None:
                shown = "(hidden)" if _SECRET_NAME.search(key) else repr(value)
                source = f"{shown} ({variable.origin})" if variable.origin else f"its DEFINE value {shown}"
                fire("OR002", span, f"substitution variable &{name} replaced by {source}{times}")
            elif reason is not None:
                fire("OR002", span, f"substitution variable &{name} has no value here: {reason}; left "
                     f"as-is{times}", effort=Effort.MANUAL)
            elif key.isdigit():
                fire("OR002", span, f"substitution variable &{name} is not defined (script argument {key} "
                     f"is not given); left as-is{times}", effort=Effort.MANUAL)
            else:
                fire("OR002", span, f"substitution variable &{name} is not defined; left as-is{times}",
                     effort=Effort.MANUAL)


# --- entry points ---------------------------------------------------------------------------------------

def _install_script(install_order: Path, paths: list[Path]) -> str:
    """The install script as given, or else relative to one of the folders given."""
    if install_order.is_file():
        return str(install_order)
    for folder in (p for p in paths if p.is_dir()):
        if (folder / install_order).is_file():
            return str(folder / install_order)
    raise InputError(f"{install_order}: install script not found")


def _top_level_files(paths: list[Path], install_order: Path | None) -> list[str]:
    """The files to read in order: files as given, folders as their sorted listing (or the install script)."""
    if not paths and install_order is None:
        raise InputError("no script files or folders given")
    for path in paths:
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
    order = _install_script(install_order, paths) if install_order is not None else None
    files: list[str] = []
    for path in paths:
        if not path.is_dir():
            files.append(str(path))
        elif order is not None:
            if order not in files:
                files.append(order)
        else:
            listing = _script_files(path)
            if not listing:
                raise InputError(f"{path}: folder holds no script files "
                                 f"({', '.join('*' + s for s in sorted(SCRIPT_SUFFIXES))})")
            files.extend(listing)
    if order is not None and order not in files:
        files.insert(0, order)
    return files


def read_scripts(paths: list[Path], encoding: str = "utf-8", install_order: Path | None = None,
                 defines: dict[str, str] | None = None) -> Script:
    """Read script files and folders (or an install script and its includes) into one `Script`.

    Each file given (or listed from a folder) starts a fresh SQL*Plus session; its @ includes share it.
    An include of a file that is read in its own right anyway is not followed, so nothing is read twice.
    `defines` are substitution variables every session starts with, as if DEFINEd (`--define vrs=v3`).
    """
    _check_encoding(encoding)
    files = _top_level_files([Path(p) for p in paths], Path(install_order) if install_order else None)
    reader = _Reader(encoding, defines)
    if install_order is None:
        reader.listed = {Path(f).resolve() for f in files}
    for file in files:
        reader.read_top(file)
    return reader.script


def read_script_text(text: str, file: str = "<string>") -> Script:
    """Read one script given as a string; `file` names it in spans (and locates its includes)."""
    reader = _Reader()
    reader.read_text(text, file)
    return reader.script
