"""Reading SQL Server (T-SQL) scripts into statements with exact source locations.

sqlcmd and SSMS read a script as batches separated by `GO` lines (a line holding only GO, optionally a count:
`GO 5` sends the batch five times). The server then reads a batch as statements, which need no terminator:
`SET NOCOUNT ON SELECT 1` is two statements. This reader cuts batches at GO lines (outside strings, [names],
"names" and comments; T-SQL block comments nest), then cuts each batch into statements at `;` and at the words
that begin a statement (CREATE, INSERT, SET, IF, EXEC, ...) where they cannot continue the statement before:
SET after UPDATE, SELECT after INSERT or UNION, DELETE/UPDATE after ON, anything inside parentheses or a
BEGIN ... END / CASE ... END. `IF cond stmt [ELSE stmt]` is one statement. CREATE PROCEDURE, FUNCTION, TRIGGER
and VIEW must be alone in their batch, so they take the rest of it.

Files are decoded by their byte-order mark: UTF-16 LE/BE (what SSMS writes by default) and UTF-8 with a BOM;
without one, by the encoding given. A folder (an SSDT project: one object per file) is read file by file, sorted
by path; objects are put in dependency order later (converter.graph), not by file order.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from sct.converter import script as scripts
from sct.converter.ir import Span
from sct.converter.script import Script, ScriptStatement
from sct.errors import InputError

__all__ = ["decode", "read_tsql_script_text", "read_tsql_scripts"]

_GO = re.compile(r"[ \t]*GO(?:[ \t]+(\d+))?[ \t]*(?:--[^\n]*)?(?=\r?\n|\Z)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d][\w@#$]*|[@#][\w@#$]*")        # letters of any script (SQL Server allows them)

# Words that begin a statement; see `_splits` for where they do not.
_STARTERS = frozenset({
    "CREATE", "ALTER", "DROP", "INSERT", "UPDATE", "DELETE", "SET", "USE", "IF", "EXEC", "EXECUTE", "DECLARE",
    "PRINT", "RAISERROR", "GRANT", "REVOKE", "DENY", "CHECKPOINT", "TRUNCATE", "WHILE", "RETURN", "DBCC", "BULK",
    "MERGE", "SELECT", "BEGIN", "COMMIT", "ROLLBACK", "SAVE", "BACKUP", "RESTORE", "RECONFIGURE", "SHUTDOWN",
    "WAITFOR", "THROW", "OPEN", "CLOSE", "FETCH", "DEALLOCATE", "GOTO", "BREAK", "CONTINUE", "READTEXT",
    "WRITETEXT", "UPDATETEXT", "KILL", "ENABLE", "DISABLE",
})
_WHOLE_BATCH = frozenset({"PROCEDURE", "PROC", "FUNCTION", "TRIGGER", "VIEW"})
_TRANSACTION_WORDS = frozenset({"TRAN", "TRANSACTION", "DISTRIBUTED"})


def decode(data: bytes, file: str, encoding: str = "utf-8") -> str:
    """The text of a script file: by its byte-order mark if it has one, else in `encoding`."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as error:
                raise InputError(f"{file}: not valid {codec} after its byte-order mark (byte offset "
                                 f"{error.start + len(bom)})") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(f"{file}:{line}: byte 0x{data[error.start]:02x} is not valid {encoding}; give the file's "
                         "encoding with --encoding (e.g. --encoding cp1252)") from None


@dataclass
class _Word:
    text: str           # upper case
    start: int
    depth: int          # parentheses and BEGIN/CASE ... END around it


def _skip(text: str, k: int) -> int | None:
    """The offset after a string, quoted name or comment starting at `k`; None when none starts there."""
    ch = text[k]
    if ch in "'\"[":
        close = "]" if ch == "[" else ch
        j = k + 1
        while True:
            j = text.find(close, j)
            if j < 0:
                return len(text)
            if text.startswith(close * 2, j):
                j += 2
                continue
            return j + 1
    if text.startswith("--", k):
        j = text.find("\n", k)
        return len(text) if j < 0 else j
    if text.startswith("/*", k):            # T-SQL block comments nest
        depth, j = 1, k + 2
        while depth and j < len(text):
            if text.startswith("/*", j):
                depth, j = depth + 1, j + 2
            elif text.startswith("*/", j):
                depth, j = depth - 1, j + 2
            else:
                j += 1
        return j
    return None


def _batches(text: str) -> list[tuple[int, int, int]]:
    """(start, end, count) of each batch: the text between GO lines, and the GO line's count (1 by default)."""
    out = []
    start = k = 0
    n = len(text)
    line_start = True
    while k < n:
        if line_start:
            match = _GO.match(text, k)
            if match is not None:
                out.append((start, k, int(match.group(1) or 1)))
                k = start = match.end()
                line_start = False
                continue
        ch = text[k]
        end = _skip(text, k)
        if end is not None:
            line_start = text[end - 1:end] == "\n" if end > k else False
            k = max(end, k + 1)
            continue
        line_start = ch == "\n"
        k += 1
    out.append((start, n, 1))
    return out


def _words(text: str, start: int, end: int) -> list[_Word | int]:
    """The words of text[start:end] outside strings and comments, with their nesting depth (parentheses,
    BEGIN ... END, CASE ... END); a ';' as its offset."""
    raw: list[tuple[str, int, int] | int] = []
    depth = 0
    k = start
    while k < end:
        ch = text[k]
        skipped = _skip(text, k)
        if skipped is not None:
            if ch in "'\"[":                   # a string or quoted name: a word that starts nothing
                raw.append((ch, k, depth))
            k = skipped
        elif ch == "(":
            depth += 1
            k += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
            k += 1
        elif ch == ";":
            raw.append(k)
            k += 1
        elif ch.isalpha() or ch in "_@#":
            match = _WORD.match(text, k)
            raw.append((match.group(0).upper(), k, depth))
            k = match.end()
        else:
            k += 1
    out: list[_Word | int] = []
    blocks = 0
    for n, item in enumerate(raw):
        if isinstance(item, int):
            if blocks == 0:                 # a ';' inside BEGIN ... END ends no statement of the batch
                out.append(item)
            continue
        word, offset, parens = item
        if word == "END":
            blocks = max(blocks - 1, 0)
        out.append(_Word(word, offset, parens + blocks))
        following = next((x[0] for x in raw[n + 1:] if not isinstance(x, int)), "")
        if word == "CASE" or (word == "BEGIN" and following not in _TRANSACTION_WORDS):
            blocks += 1
    return out


def _splits(words: list[_Word | int]) -> list[int]:
    """Offsets where a statement begins; the offset of a ';' that ends one as -offset - 1.

    An IF statement runs through its condition, one statement (or BEGIN ... END block) and an ELSE branch;
    `phase` follows it: "cond" (after IF or ELSE IF), "body" (inside the branch's statement), "else" (after ELSE).
    """
    starts: list[int] = []
    lead: str | None = None             # the first word of the (innermost) statement being read
    seen: set[str] = set()
    previous: _Word | None = None
    phase: str | None = None
    whole_batch = False
    for n, item in enumerate(words):
        if whole_batch:
            continue
        if isinstance(item, int):
            following = next((w for w in words[n + 1:] if isinstance(w, _Word)), None)
            if phase in ("body", None) and not (following is not None and following.text == "ELSE"
                                                and phase == "body"):
                starts.append(-item - 1)
                lead, phase, previous = None, None, None
            continue
        if item.depth > 0:
            previous = item
            continue
        if lead is None and phase is None:
            starts.append(item.start)
            lead, seen, phase = item.text, set(), ("cond" if item.text == "IF" else None)
        elif phase in ("cond", "else") and item.text in _STARTERS and (
                phase == "else" or _begins(item, previous, "IF", seen)):
            if item.text != "IF":
                lead, seen, phase = item.text, set(), "body"
        elif phase == "body" and item.text == "ELSE":
            phase = "else"
        elif item.text in _STARTERS and _begins(item, previous, lead, seen):
            starts.append(item.start)
            lead, seen, phase = item.text, set(), ("cond" if item.text == "IF" else None)
        else:
            if lead in ("CREATE", "ALTER") and len(seen) < 3 and item.text in _WHOLE_BATCH and \
                    (previous is not None and previous.text in ("CREATE", "ALTER", "OR")):
                whole_batch = True
            seen.add(item.text)
        previous = item
    return starts


def _begins(word: _Word, previous: _Word | None, lead: str | None, seen: set[str]) -> bool:
    """Whether a statement word at depth 0 begins a new statement after the current one (which began `lead`)."""
    before = previous.text if previous is not None else ""
    if word.text == "SET":
        return lead not in ("UPDATE", "MERGE", "ALTER")
    if before == "ON":
        return word.text not in ("DELETE", "UPDATE", "INSERT")
    if before in ("BULK", "FOR", "AFTER", "OF", "NOT", "WITH", "TO", "AS", "OR", "DEFAULT", "CONSTRAINT", "THEN"):
        return False
    if word.text == "SELECT":
        if before in ("UNION", "ALL", "EXCEPT", "INTERSECT", "DISTINCT"):
            return False
        return not (lead == "INSERT" and "SELECT" not in seen and "VALUES" not in seen)
    if lead == "ALTER" and word.text in ("DROP", "ENABLE", "DISABLE", "SET"):
        return False
    if lead == "MERGE" and word.text in ("INSERT", "UPDATE", "DELETE"):
        return False
    if lead == "INSERT" and word.text in ("EXEC", "EXECUTE") and "VALUES" not in seen and "SELECT" not in seen:
        return False
    return True


@dataclass
class _Lines:
    file: str
    starts: list[int]

    @classmethod
    def of(cls, text: str, file: str) -> _Lines:
        return cls(file, [0] + [m.end() for m in re.finditer("\n", text)])

    def span(self, offset: int) -> Span:
        line = bisect.bisect_right(self.starts, offset)
        return Span(self.file, line, offset - self.starts[line - 1] + 1)


def _statements(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each statement of one batch."""
    words = _words(text, start, end)
    marks = _splits(words)
    out: list[tuple[int, int, str]] = []
    begins = [m for m in marks if m >= 0]
    semis = {-m - 1 for m in marks if m < 0}
    for n, begin in enumerate(begins):
        stop = begins[n + 1] if n + 1 < len(begins) else end
        cut = min([s for s in semis if begin <= s < stop], default=stop)
        body = text[begin:cut].rstrip()
        out.append((begin, begin + len(body), "sql"))
    return out


def read_tsql_script_text(text: str, file: str = "<string>", script: Script | None = None) -> Script:
    """Read one T-SQL script given as a string into `script` (a new one by default)."""
    script = script if script is not None else Script()
    script.files.append(file)
    text = text.removeprefix("\ufeff")
    lines = _Lines.of(text, file)
    for start, end, count in _batches(text):
        pieces = _statements(text, start, end)
        if count > 1 and pieces:
            script.findings.fire("MS002", lines.span(end), f"GO {count} runs the batch above {count} times: its "
                                                           f"{len(pieces)} statements are repeated {count} times")
        for _ in range(count):
            for begin, stop, kind in pieces:
                script.statements.append(ScriptStatement(text[begin:stop], lines.span(begin), kind))
    return script


def read_tsql_scripts(paths: list[Path], encoding: str = "utf-8") -> Script:
    """Read T-SQL script files (folders: their .sql files, sorted by path) into one `Script`, in order."""
    scripts._check_encoding(encoding)
    script = Script()
    for path in paths:
        path = Path(path)
        files = scripts._script_files(path) if path.is_dir() else [str(path)]
        for file in files:
            try:
                data = Path(file).read_bytes()
            except OSError as error:
                raise InputError(f"{file}: cannot read ({error.strerror or error})") from None
            read_tsql_script_text(decode(data, file, encoding), file, script)
    return script
