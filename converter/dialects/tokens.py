"""A cursor over sqlglot tokens for the hand-written DDL parsers, with positions mapped to source spans."""

from __future__ import annotations

import bisect

from sqlglot.tokens import Token, TokenType

from sct.converter.ir import Span

_QUOTED = (TokenType.IDENTIFIER,)
_LITERALS = (TokenType.STRING, TokenType.NATIONAL_STRING, TokenType.RAW_STRING, TokenType.NUMBER,
             TokenType.HEX_STRING, TokenType.BIT_STRING, TokenType.BYTE_STRING)


class DdlSyntaxError(Exception):
    """The statement does not have the shape the parser expects; `span` says where."""

    def __init__(self, message: str, span: Span):
        super().__init__(message)
        self.message = message
        self.span = span


def split_words(tokens: list[Token]) -> list[Token]:
    """sqlglot joins some keyword pairs into one token ("PRIMARY KEY", "ORDER BY"); split them into words."""
    if not any(" " in t.text or "\n" in t.text or "\t" in t.text for t in tokens if t.token_type not in
               _QUOTED + _LITERALS):
        return tokens
    out: list[Token] = []
    for token in tokens:
        if token.token_type in _QUOTED + _LITERALS or not any(ch.isspace() for ch in token.text):
            out.append(token)
            continue
        offset = token.start
        for word in token.text.split():
            begin = offset
            while begin <= token.end and not token.text.startswith(word, begin - token.start):
                begin += 1
            out.append(Token(TokenType.VAR, word, token.line, token.col, begin, begin + len(word) - 1,
                             token.comments))
            offset = begin + len(word)
    return out


class TokenCursor:
    """Walks the tokens of one statement. Words are matched case-insensitively; quoted names never match."""

    def __init__(self, text: str, tokens: list[Token], span: Span):
        self.text = text
        self.tokens = split_words(tokens)
        self.span = span
        self.i = 0
        self._line_starts = [0] + [n + 1 for n, ch in enumerate(text) if ch == "\n"]

    # --- positions -------------------------------------------------------------------------------------
    def span_at(self, index: int | None = None) -> Span:
        """Source span of token `index` (default: the current one; past the end: the last one)."""
        if not self.tokens:
            return self.span
        index = self.i if index is None else index
        token = self.tokens[min(index, len(self.tokens) - 1)]
        return self.span_of_offset(token.start)

    def span_of_offset(self, offset: int) -> Span:
        row = bisect.bisect_right(self._line_starts, offset) - 1
        column = offset - self._line_starts[row] + 1
        return self.span.offset(row, column)

    def source(self, first: int, last: int) -> str:
        """The source text from token `first` to token `last` inclusive (comments between them kept)."""
        if first > last:
            return ""
        return self.text[self.tokens[first].start:self.tokens[last].end + 1]

    # --- looking ---------------------------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.i >= len(self.tokens)

    def token(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.tokens[j] if 0 <= j < len(self.tokens) else None

    def word(self, k: int = 0) -> str:
        """Upper-case text of an unquoted word or symbol at offset k; '' for quoted names, literals, the end."""
        token = self.token(k)
        if token is None or token.token_type in _QUOTED or token.token_type in _LITERALS:
            return ""
        return token.text.upper()

    def at(self, *words: str) -> bool:
        return all(self.word(k) == w for k, w in enumerate(words))

    def at_any(self, *words: str) -> bool:
        return self.word() in words

    # --- consuming -------------------------------------------------------------------------------------
    def accept(self, *words: str) -> bool:
        if self.at(*words):
            self.i += len(words)
            return True
        return False

    def expect(self, *words: str) -> None:
        if not self.accept(*words):
            found = self.token()
            self.fail(f"expected {' '.join(words)}, found {found.text if found else 'end of statement'}")

    def fail(self, message: str) -> None:
        raise DdlSyntaxError(message, self.span_at())

    def advance(self) -> Token:
        token = self.token()
        if token is None:
            self.fail("unexpected end of statement")
        self.i += 1
        return token

    def is_name(self, k: int = 0) -> bool:
        token = self.token(k)
        if token is None:
            return False
        if token.token_type in _QUOTED:
            return True
        return token.token_type not in _LITERALS and (token.text[:1].isalpha() or token.text[:1] == "_")

    def name(self) -> tuple[str, bool]:
        """An identifier: (text as written, was it quoted)."""
        if not self.is_name():
            found = self.token()
            self.fail(f"expected a name, found {found.text if found else 'end of statement'}")
        token = self.advance()
        return token.text, token.token_type in _QUOTED

    def number(self) -> int:
        negative = self.accept("-")
        token = self.advance()
        if token.token_type != TokenType.NUMBER:
            self.i -= 1
            self.fail(f"expected a number, found {token.text}")
        return -int(token.text) if negative else int(token.text)

    def literal_string(self) -> str:
        token = self.advance()
        if token.token_type not in (TokenType.STRING, TokenType.NATIONAL_STRING, TokenType.RAW_STRING):
            self.i -= 1
            self.fail(f"expected a string literal, found {token.text}")
        return token.text

    def skip_group(self) -> tuple[int, int]:
        """Skip a parenthesised group at the cursor; returns the indexes of its first and last inner tokens."""
        if self.word() != "(":
            self.fail("expected (")
        depth = 0
        start = self.i + 1
        while not self.done:
            w = self.word()
            if w == "(":
                depth += 1
            elif w == ")":
                depth -= 1
                if depth == 0:
                    self.i += 1
                    return start, self.i - 2
            self.i += 1
        self.fail("unbalanced parentheses")
        raise AssertionError  # unreachable

    def split_group(self) -> list[tuple[int, int]]:
        """Skip a parenthesised group and return the (first, last) token ranges of its comma-separated items."""
        first, last = self.skip_group()
        items: list[tuple[int, int]] = []
        depth, start = 0, first
        for j in range(first, last + 1):
            text = self.tokens[j].text if self.tokens[j].token_type not in _LITERALS + _QUOTED else ""
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif text == "," and depth == 0:
                items.append((start, j - 1))
                start = j + 1
        if start <= last:
            items.append((start, last))
        return items

    def until(self, *words: str) -> int:
        """Advance to the next top-level token among `words` (or the end); returns the index stopped at."""
        depth = 0
        while not self.done:
            w = self.word()
            if depth == 0 and w in words:
                break
            if w == "(":
                depth += 1
            elif w == ")":
                depth -= 1
            self.i += 1
        return self.i

    def sub(self, first: int, last: int) -> TokenCursor:
        """A cursor over tokens first..last of this statement (same text, same positions)."""
        cursor = TokenCursor(self.text, [], self.span)
        cursor.tokens = self.tokens[first:last + 1]
        cursor._line_starts = self._line_starts
        return cursor


# Referential actions as PostgreSQL writes them; NO ACTION is the default and is not written.
REFERENTIAL_ACTIONS = {"CASCADE": "CASCADE", "SET NULL": "SET NULL", "RESTRICT": "RESTRICT", "NO ACTION": None,
                       "SET DEFAULT": "SET DEFAULT"}


def referential_actions(c: TokenCursor, constraint, other_clause=None) -> None:
    """ON DELETE / ON UPDATE actions of a REFERENCES clause into `constraint` (on_delete, on_update), in any
    order; `other_clause(c)` accepts a dialect's other clauses there (MySQL MATCH x, SQL Server NOT FOR
    REPLICATION) and says whether it did. Stops at the first word that is neither."""
    while not c.done:
        if c.accept("ON", "DELETE") or c.accept("ON", "UPDATE"):
            which = c.word(-1)
            action = c.advance().text.upper()
            if action in ("SET", "NO"):
                action += " " + c.advance().text.upper()
            setattr(constraint, "on_delete" if which == "DELETE" else "on_update", REFERENTIAL_ACTIONS.get(action))
        elif other_clause is None or not other_clause(c):
            break
