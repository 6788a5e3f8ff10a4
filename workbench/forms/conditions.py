"""The relevance (skip-logic) condition language.

A condition is a small declarative expression over earlier answers, parsed by a
hand-written tokenizer and recursive-descent parser into an AST; nothing is ever
evaluated as Python.  Grammar::

    expr     := and_expr ("or" and_expr)*
    and_expr := not_expr ("and" not_expr)*
    not_expr := "not" not_expr | atom
    atom     := "(" expr ")"
              | "answered" "(" KEY ")"
              | literal "in" KEY                 # "option" in chosen_options
              | KEY op literal                   # op: == != < <= > >=
    literal  := "string" | 'string' | number

An unanswered question makes every comparison (including ``!=``) false.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "And",
    "Answered",
    "Compare",
    "Condition",
    "ConditionError",
    "Contains",
    "Not",
    "Or",
    "is_unanswered",
    "parse",
]

OPERATORS = ("==", "!=", "<=", ">=", "<", ">")
MAX_LENGTH = 4000  # characters of one condition
MAX_NESTING = 32  # levels of 'not' and parentheses
MAX_TERMS = 200  # comparisons joined by 'and' and 'or'
KEYWORDS = {"and", "or", "not", "in", "answered"}


class ConditionError(ValueError):
    """A condition that cannot be parsed; ``column`` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"{message} (column {column})")
        self.message = message
        self.column = column


def is_unanswered(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | dict | tuple) and len(value) == 0)


class Condition:
    """Base class of the AST nodes."""

    def keys(self) -> set[str]:
        raise NotImplementedError

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        raise NotImplementedError


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _fmt_literal(value: str | float) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return repr(int(value)) if float(value).is_integer() else repr(value)


@dataclass(frozen=True)
class Compare(Condition):
    key: str
    op: str
    literal: str | float

    def keys(self) -> set[str]:
        return {self.key}

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        value = values.get(self.key)
        if is_unanswered(value) or isinstance(value, list | dict):
            return False
        if isinstance(self.literal, str) and not isinstance(value, bool):
            left: Any = str(value)
            right: Any = self.literal
            if self.op in ("==", "!="):
                left, right = left.casefold(), right.casefold()
        else:
            left, right = _number(value), self.literal
            if left is None:
                return False
        match self.op:
            case "==":
                return left == right
            case "!=":
                return left != right
            case "<":
                return left < right
            case "<=":
                return left <= right
            case ">":
                return left > right
            case _:
                return left >= right

    def __str__(self) -> str:
        return f"{self.key} {self.op} {_fmt_literal(self.literal)}"


@dataclass(frozen=True)
class Contains(Condition):
    literal: str | float
    key: str

    def keys(self) -> set[str]:
        return {self.key}

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        value = values.get(self.key)
        if is_unanswered(value):
            return False
        wanted = str(
            _fmt_literal(self.literal) if not isinstance(self.literal, str) else self.literal
        )
        if isinstance(value, list | tuple | dict):
            return any(str(v).casefold() == wanted.casefold() for v in value)
        return str(value).casefold() == wanted.casefold()

    def __str__(self) -> str:
        return f"{_fmt_literal(self.literal)} in {self.key}"


@dataclass(frozen=True)
class Answered(Condition):
    key: str

    def keys(self) -> set[str]:
        return {self.key}

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return not is_unanswered(values.get(self.key))

    def __str__(self) -> str:
        return f"answered({self.key})"


@dataclass(frozen=True)
class Not(Condition):
    operand: Condition

    def keys(self) -> set[str]:
        return self.operand.keys()

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return not self.operand.evaluate(values)

    def __str__(self) -> str:
        return f"not ({self.operand})"


@dataclass(frozen=True)
class And(Condition):
    left: Condition
    right: Condition

    def keys(self) -> set[str]:
        return self.left.keys() | self.right.keys()

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return self.left.evaluate(values) and self.right.evaluate(values)

    def __str__(self) -> str:
        return f"({self.left}) and ({self.right})"


@dataclass(frozen=True)
class Or(Condition):
    left: Condition
    right: Condition

    def keys(self) -> set[str]:
        return self.left.keys() | self.right.keys()

    def evaluate(self, values: Mapping[str, Any]) -> bool:
        return self.left.evaluate(values) or self.right.evaluate(values)

    def __str__(self) -> str:
        return f"({self.left}) or ({self.right})"


# --- tokenizer -------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>-?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|<|>)
  | (?P<punct>[(),])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Tok:
    kind: str  # number, string, name, keyword, op, punct, end
    text: str
    value: Any
    column: int


def _tokenize(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            ch = text[pos]
            if ch in "\"'":
                raise ConditionError("unterminated string", pos + 1)
            if ch == "=":
                raise ConditionError("use '==' to compare, not '='", pos + 1)
            raise ConditionError(f"unexpected character {ch!r}", pos + 1)
        kind = m.lastgroup or ""
        raw = m.group()
        if kind == "number":
            value: Any = float(raw)
        elif kind == "string":
            value = re.sub(r"\\(.)", r"\1", raw[1:-1])
        else:
            value = raw
        if kind == "name" and raw in KEYWORDS:
            kind = "keyword"
        if kind != "space":
            tokens.append(_Tok(kind, raw, value, pos + 1))
        pos = m.end()
    tokens.append(_Tok("end", "", None, len(text) + 1))
    return tokens


# --- parser ----------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise ConditionError(
                f"the condition is {len(text):,} characters long; at most {MAX_LENGTH:,} are allowed",
                1,
            )
        self.tokens = _tokenize(text)
        self.pos = 0
        self.depth = 0
        self.terms = 0

    def nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError(
                f"the condition nests 'not' and brackets more than {MAX_NESTING} levels deep",
                self.tok.column,
            )

    def term(self) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise ConditionError(
                f"the condition joins more than {MAX_TERMS} comparisons; split the question",
                self.tok.column,
            )

    @property
    def tok(self) -> _Tok:
        return self.tokens[self.pos]

    def _describe(self, tok: _Tok) -> str:
        return "the end of the condition" if tok.kind == "end" else repr(tok.text)

    def fail(self, expected: str) -> ConditionError:
        return ConditionError(
            f"expected {expected}, found {self._describe(self.tok)}", self.tok.column
        )

    def advance(self) -> _Tok:
        tok = self.tok
        self.pos += 1
        return tok

    def accept(self, kind: str, text: str | None = None) -> _Tok | None:
        if self.tok.kind == kind and (text is None or self.tok.text == text):
            return self.advance()
        return None

    def expect(self, kind: str, text: str, what: str) -> _Tok:
        tok = self.accept(kind, text)
        if tok is None:
            raise self.fail(what)
        return tok

    def parse(self) -> Condition:
        if self.tok.kind == "end":
            raise ConditionError("the condition is empty", 1)
        node = self.or_expr()
        if self.tok.kind != "end":
            raise self.fail("'and', 'or' or the end of the condition")
        return node

    def or_expr(self) -> Condition:
        node = self.and_expr()
        while self.accept("keyword", "or"):
            node = Or(node, self.and_expr())
        return node

    def and_expr(self) -> Condition:
        node = self.not_expr()
        while self.accept("keyword", "and"):
            node = And(node, self.not_expr())
        return node

    def not_expr(self) -> Condition:
        if self.accept("keyword", "not"):
            self.nest()
            node = Not(self.not_expr())
            self.depth -= 1
            return node
        return self.atom()

    def key(self) -> str:
        tok = self.tok
        if tok.kind != "name":
            raise self.fail("a question key")
        self.advance()
        return tok.text

    def atom(self) -> Condition:
        tok = self.tok
        if self.accept("punct", "("):
            self.nest()
            node = self.or_expr()
            self.expect("punct", ")", "')'")
            self.depth -= 1
            return node
        self.term()
        if self.accept("keyword", "answered"):
            self.expect("punct", "(", "'(' after answered")
            key = self.key()
            self.expect("punct", ")", "')'")
            return Answered(key)
        if tok.kind in ("string", "number"):
            self.advance()
            self.expect("keyword", "in", "'in' after a literal (as in \"option\" in key)")
            return Contains(tok.value, self.key())
        if tok.kind == "name":
            self.advance()
            op = self.accept("op")
            if op is None:
                raise self.fail("a comparison operator (== != < <= > >=) after the key")
            lit = self.tok
            if lit.kind not in ("string", "number"):
                raise self.fail("a string or number")
            self.advance()
            return Compare(tok.text, op.text, lit.value)
        raise self.fail("a comparison, answered(key), '\"option\" in key', 'not' or '('")


@functools.lru_cache(maxsize=1024)
def parse(text: str) -> Condition:
    """Parse a condition; raises :class:`ConditionError` with a 1-based column."""
    if not isinstance(text, str):
        raise ConditionError("a condition must be text", 1)
    return _Parser(text).parse()
