"""Reading MySQL/MariaDB scripts (mysqldump output, client scripts) into statements with exact source locations.

The mysql client reads a script as a stream: statements end at the current delimiter (';' until a
`DELIMITER //` line changes it), strings may hold the delimiter and backslash escapes, and three comment
forms are skipped (`-- ` to the end of the line, `#` to the end of the line, `/* ... */`). Client commands
(`DELIMITER`, `SOURCE`/`\\.`) are line commands the server never sees.

Conditional comments `/*!NNNNN ... */` hold code that a server runs when its version is at least NNNNN;
`/*M!NNNNNN ... */` the same for MariaDB only. The reader decides as the target MySQL-family server would,
and that server is MariaDB 10.11 (version 101100): so `/*!40101 SET ... */` and also `/*!80000 ... */` are
read (MariaDB 10.11 runs MySQL 8 comments too, being "newer" by number), `/*M!100100 ... */` is read and
`/*M!110000 ... */` is not. The markers of a comment that is read are blanked in place, so offsets, lines and
columns of everything else stay those of the file; a comment that is not read is blanked whole.

Statements are classified later (converter.dialects.mysql_ddl); the reader only records DELIMITER changes
(MY001 when a stored program needs them) and `SOURCE` includes, which it does not follow (MY004).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from sct.converter import script as scripts
from sct.converter.ir import Span
from sct.converter.script import Script, ScriptStatement

__all__ = ["TARGET_VERSION", "read_mysql_script_text", "read_mysql_scripts"]

TARGET_VERSION = 101100         # MariaDB 10.11: the version conditional comments are judged against

_VERSIONED = re.compile(r"/\*(M?)!(\d{5,6})?")
_DELIMITER_LINE = re.compile(r"delimiter[ \t]+(\S+)[^\n]*", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"(?:source|\\\.)[ \t]+(\S[^\n]*)", re.IGNORECASE)
_BLANK = re.compile(r"[ \t\r\n\f\v]*")


@dataclass
class _Piece:
    start: int
    end: int
    kind: str = "sql"           # "sql" or "client" (DELIMITER, SOURCE)
    command: str | None = None
    in_delimiter_block: bool = False


def _blank(chars: list[str], start: int, end: int) -> None:
    """Replace text[start:end] by spaces, keeping newlines (so lines and columns do not move)."""
    for k in range(start, end):
        if chars[k] != "\n":
            chars[k] = " "


def _quoted_end(text: str, pos: int) -> int:
    """Offset just past the string or quoted name opening at `pos` (backslash escapes in strings)."""
    quote = text[pos]
    n = len(text)
    k = pos + 1
    while k < n:
        ch = text[k]
        if ch == "\\" and quote != "`":
            k += 2
            continue
        if ch == quote:
            if k + 1 < n and text[k + 1] == quote:
                k += 2
                continue
            return k + 1
        k += 1
    return n


def _line_comment_at(text: str, k: int) -> bool:
    if text[k] == "#":
        return True
    return text.startswith("--", k) and (k + 2 >= len(text) or text[k + 2] in " \t\r\n")


def preprocess(text: str, version: int = TARGET_VERSION) -> str:
    """The text with conditional comments resolved for `version` (same length; see the module docstring)."""
    if "/*" not in text:
        return text
    chars = list(text)
    n = len(text)
    k = 0
    open_conditionals = 0
    while k < n:
        ch = text[k]
        if ch in "'\"`":
            k = _quoted_end(text, k)
        elif _line_comment_at(text, k):
            end = text.find("\n", k)
            k = n if end < 0 else end
        elif ch == "*" and open_conditionals and text.startswith("*/", k):
            _blank(chars, k, k + 2)
            open_conditionals -= 1
            k += 2
        elif text.startswith("/*", k):
            match = _VERSIONED.match(text, k)
            if match is None:
                end = text.find("*/", k + 2)
                k = n if end < 0 else end + 2
                continue
            number = match.group(2)
            if number is None or int(number) <= version:
                _blank(chars, k, match.end())
                open_conditionals += 1
                k = match.end()
            else:
                end = text.find("*/", k + 2)
                end = n if end < 0 else end + 2
                _blank(chars, k, end)
                k = end
        else:
            k += 1
    return "".join(chars)


def _skip_blank_and_comments(text: str, k: int) -> int:
    n = len(text)
    while k < n:
        k = _BLANK.match(text, k).end()
        if k >= n:
            break
        if _line_comment_at(text, k):
            end = text.find("\n", k)
            k = n if end < 0 else end
        elif text.startswith("/*", k):
            end = text.find("*/", k + 2)
            k = n if end < 0 else end + 2
        else:
            break
    return k


def _scan(text: str) -> list[_Piece]:
    """Cut preprocessed text into statements and client commands."""
    pieces: list[_Piece] = []
    delimiter = ";"
    n = len(text)
    k = 0
    while True:
        k = _skip_blank_and_comments(text, k)
        while k < n and text.startswith(delimiter, k):
            k = _skip_blank_and_comments(text, k + len(delimiter))
        if k >= n:
            break
        line_end = text.find("\n", k)
        line_end = n if line_end < 0 else line_end
        match = _DELIMITER_LINE.match(text, k, line_end)
        if match is not None:
            delimiter = match.group(1)
            pieces.append(_Piece(k, match.end(), "client", "DELIMITER"))
            k = match.end()
            continue
        match = _SOURCE_LINE.match(text, k, line_end)
        if match is not None:
            end = match.end()
            if text[k:end].rstrip().endswith(delimiter):
                end = k + len(text[k:end].rstrip()) - len(delimiter)
            pieces.append(_Piece(k, end, "client", "SOURCE"))
            k = match.end()
            continue
        start = k
        while k < n:
            ch = text[k]
            if ch in "'\"`":
                k = _quoted_end(text, k)
            elif _line_comment_at(text, k):
                end = text.find("\n", k)
                k = n if end < 0 else end
            elif text.startswith("/*", k):
                end = text.find("*/", k + 2)
                k = n if end < 0 else end + 2
            elif text.startswith(delimiter, k):
                break
            else:
                k += 1
        end = min(k, n)
        while end > start and text[end - 1] in " \t\r\n":
            end -= 1
        pieces.append(_Piece(start, end, in_delimiter_block=delimiter != ";"))
        k += len(delimiter)
    return pieces


class _Lines:
    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(self, offset: int) -> Span:
        line = bisect.bisect_right(self.starts, offset)
        return Span(self.file, line, offset - self.starts[line - 1] + 1)


def read_mysql_script_text(text: str, file: str = "<string>", script: Script | None = None) -> Script:
    """Read one MySQL script given as a string into `script` (a new one by default)."""
    script = script if script is not None else Script()
    script.files.append(file)
    text = text.removeprefix("\ufeff")
    clean = preprocess(text)
    lines = _Lines(clean, file)
    for piece in _scan(clean):
        span = lines.span(piece.start)
        body = clean[piece.start:piece.end]
        if piece.kind == "client":
            if piece.command == "SOURCE":
                script.findings.fire("MY004", span, f"{body.strip()}: the included file is not read; convert it "
                                                    "with this one (give both files)")
            script.statements.append(ScriptStatement(body, span, "client", piece.command))
            continue
        kind = "program" if piece.in_delimiter_block else "sql"
        script.statements.append(ScriptStatement(body, span, kind))
    return script


def read_mysql_scripts(paths: list[Path], encoding: str = "utf-8") -> Script:
    """Read MySQL script files (folders: their .sql files, sorted) into one `Script`, in order."""
    scripts._check_encoding(encoding)
    script = Script()
    for path in paths:
        path = Path(path)
        files = scripts._script_files(path) if path.is_dir() else [str(path)]
        for file in files:
            read_mysql_script_text(scripts._decode(Path(file), file, encoding), file, script)
    return script
