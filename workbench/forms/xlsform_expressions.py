"""XLSForm (XPath) expressions in Workbench's condition language.

Expressions are split into tokens by pyxform's own expression lexer
(:func:`pyxform.parsing.expression.parse_expression`), so ``${name}`` references, paths
(``../name``, ``/data/group/name``), ``.`` (the question itself), literals and function
calls are recognised exactly as pyxform recognises them.  What the condition language can
say is then translated:

* ``${q} = 'x'``, ``!=``, ``<``, ``<=``, ``>``, ``>=`` against a literal (either side);
* ``selected(${q}, 'x')``;
* ``${q} = ''`` / ``${q} != ''`` and ``string-length(${q}) > 0`` / ``= 0`` (answered or not);
* ``and``, ``or``, ``not(...)`` and parentheses.

Anything else raises :class:`ValueError` naming the part that cannot be carried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.forms.conditions import ConditionError, parse

__all__ = ["choice_matches", "translate_expression", "translate_filter"]

_FLIP = {"=": "=", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


@dataclass
class _T:
    kind: str  # ref, self, lit, num, op, and, or, call, open, close, comma
    text: str


def _tokens(expr: str) -> list[_T]:
    from pyxform.parsing.expression import parse_expression

    out: list[_T] = []
    path: list[str] = []
    raw = [t for t in parse_expression(expr) if t.type != "WHITESPACE"]

    def end_path() -> None:
        if path:
            names = [p for p in path if p not in ("/", "..", ".")]
            if not names:
                raise ValueError(f"cannot read the path {''.join(path)!r}")
            out.append(_T("ref", names[-1]))
            path.clear()

    for i, tok in enumerate(raw):
        kind, text = tok.type, str(tok.value)
        following = raw[i + 1].type if i + 1 < len(raw) else ""
        if kind in ("PARENT_REF", "PATH_SEP") or (kind == "NAME" and path):
            path.append(text)
            continue
        if kind == "SELF_REF" and following == "PATH_SEP":
            path.append(text)
            continue
        if kind == "NAME" and following == "PATH_SEP":
            path.append(text)
            continue
        end_path()
        if kind == "PYXFORM_REF":
            name = text[2:-1]
            if name.startswith("last-saved#"):
                raise ValueError(f"{text} (the last saved form) has no counterpart")
            out.append(_T("ref", name))
        elif kind == "SELF_REF":
            out.append(_T("self", "."))
        elif kind == "SYSTEM_LITERAL":
            out.append(_T("lit", text[1:-1]))
        elif kind == "NUMBER":
            out.append(_T("num", text))
        elif kind == "OPS_COMP":
            if out and out[-1].kind == "op" and out[-1].text in ("<", ">", "!") and text == "=":
                out[-1].text += "="
            else:
                out.append(_T("op", text))
        elif kind == "OPS_BOOL":
            out.append(_T(text.strip(), text.strip()))
        elif kind == "FUNC_CALL":
            out.append(_T("call", text[:-1]))
        elif kind == "OPEN_PAREN":
            out.append(_T("open", "("))
        elif kind == "CLOSE_PAREN":
            out.append(_T("close", ")"))
        elif kind == "COMMA":
            out.append(_T("comma", ","))
        elif kind == "NAME" and text in ("and", "or"):
            out.append(_T(text, text))
        elif kind == "NAME":
            out.append(_T("name", text))  # a bare name: a choice's column in a choice filter
        else:
            raise ValueError(f"{text!r} is not supported")
    end_path()
    return out


def _literal(tok: _T) -> str:
    if tok.kind == "lit":
        return '"' + tok.text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return tok.text


class _Translator:
    def __init__(self, tokens: list[_T], key: Callable[[str], str], own: str | None) -> None:
        self.t = tokens
        self.i = 0
        self.key = key
        self.own = own

    def peek(self, offset: int = 0) -> _T | None:
        j = self.i + offset
        return self.t[j] if j < len(self.t) else None

    def take(self, kind: str) -> _T:
        tok = self.peek()
        if tok is None or tok.kind != kind:
            found = "the end" if tok is None else repr(tok.text)
            raise ValueError(f"expected {kind} but found {found}")
        self.i += 1
        return tok

    def ref(self, tok: _T) -> str:
        if tok.kind == "self":
            if self.own is None:
                raise ValueError("'.' (the question itself) only makes sense in a constraint")
            return self.own
        return self.key(tok.text)

    def or_expr(self) -> str:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            parts.append(self.and_expr())
        return " or ".join(parts)

    def and_expr(self) -> str:
        parts = [self.atom()]
        while (tok := self.peek()) is not None and tok.kind == "and":
            self.i += 1
            parts.append(self.atom())
        return " and ".join(f"({p})" if " or " in p and not p.startswith("(") else p for p in parts)

    def atom(self) -> str:
        tok = self.peek()
        if tok is None:
            raise ValueError("the expression ends too early")
        if tok.kind == "open":
            self.i += 1
            inner = self.or_expr()
            self.take("close")
            return f"({inner})"
        if tok.kind == "call":
            return self.call(tok.text)
        if tok.kind in ("ref", "self"):
            self.i += 1
            op = self.take("op").text
            lit = self.peek()
            if lit is not None and lit.kind == "call":
                raise ValueError(f"the function {lit.text}() is not supported")
            if lit is None or lit.kind not in ("lit", "num"):
                raise ValueError("a question can only be compared with a value")
            self.i += 1
            return self.compare(self.ref(tok), op, lit)
        if tok.kind in ("lit", "num"):
            self.i += 1
            op = self.take("op").text
            ref = self.peek()
            if ref is None or ref.kind not in ("ref", "self"):
                raise ValueError("a value can only be compared with a question")
            self.i += 1
            return self.compare(self.ref(ref), _FLIP[op], tok)
        raise ValueError(f"{tok.text!r} is not supported")

    def compare(self, key: str, op: str, lit: _T) -> str:
        if op not in _FLIP:
            raise ValueError(f"operator {op!r} is not supported")
        if lit.kind == "lit" and lit.text == "" and op in ("=", "!="):
            return f"{'not ' if op == '=' else ''}answered({key})"
        return f"{key} {'==' if op == '=' else op} {_literal(lit)}"

    def call(self, name: str) -> str:
        self.i += 1
        if name == "not":
            inner = self.or_expr()
            self.take("close")
            return f"not ({inner})"
        if name == "selected":
            ref = self.peek()
            if ref is None or ref.kind not in ("ref", "self"):
                raise ValueError("selected() needs a question first")
            self.i += 1
            self.take("comma")
            value = self.peek()
            if value is None or value.kind not in ("lit", "num"):
                raise ValueError("selected() needs a choice value second")
            self.i += 1
            self.take("close")
            return f"{_literal(_T('lit', value.text))} in {self.ref(ref)}"
        if name == "string-length":
            ref = self.peek()
            if ref is None or ref.kind not in ("ref", "self"):
                raise ValueError("string-length() is only carried over for a question")
            self.i += 1
            self.take("close")
            op = self.take("op").text
            num = self.take("num").text
            key = self.ref(ref)
            if (op, num) in ((">", "0"), ("!=", "0"), (">=", "1")):
                return f"answered({key})"
            if (op, num) in (("=", "0"), ("<", "1"), ("<=", "0")):
                return f"not answered({key})"
            raise ValueError("string-length() is only carried over compared with 0")
        raise ValueError(f"the function {name}() is not supported")


def translate_expression(expr: str, key: Callable[[str], str], own: str | None = None) -> str:
    """``expr`` in the condition language; ``key`` maps an XLSForm name to a question key
    (raising ValueError for an unknown one); ``own`` is the key ``.`` stands for."""
    tokens = _tokens(expr.strip())
    if not tokens:
        raise ValueError("the expression is empty")
    tr = _Translator(tokens, key, own)
    text = tr.or_expr()
    if tr.i != len(tokens):
        raise ValueError(f"{tokens[tr.i].text!r} is not supported here")
    try:
        parse(text)
    except ConditionError as exc:
        raise ValueError(exc.message) from None
    return text


# A condition on the choice's own columns: (column, "=" or "!=", operand, operand is a column)
Static = tuple[str, str, str, bool]


def translate_filter(
    expr: str, key: Callable[[str], str], columns: set[str] | frozenset[str] = frozenset()
) -> tuple[dict[str, str], list[Static]]:
    """A ``choice_filter`` made of conditions joined by ``and``: ``attr = ${q}`` (the
    choice's column equals an earlier answer) as ``{attr: key}``, and conditions on the
    choice alone (``pastel = 'yes'``, ``pastel = yes``, ``size != 2``, ``a = b`` between two
    of its ``columns``) as :data:`Static`; ValueError for any other shape.  A bare word
    that is not one of ``columns`` is read as the text it spells."""
    tokens = _tokens(expr.strip())
    refs: dict[str, str] = {}
    static: list[Static] = []
    i = 0
    while i < len(tokens):
        part = tokens[i : i + 3]
        kinds = [t.kind for t in part]
        if len(part) < 3 or part[1].kind != "op":
            raise ValueError("only conditions like state=${state} or pastel='yes' are carried")
        if kinds in (["name", "op", "ref"], ["ref", "op", "name"]):
            if part[1].text != "=":
                raise ValueError("a choice can follow an answer only with '='")
            attr, target = (part[0], part[2]) if kinds[0] == "name" else (part[2], part[0])
            refs[attr.text] = key(target.text)
        else:
            left, op, right = part
            if left.kind != "name" and right.kind == "name":
                left, right = right, left
            constant = ("lit", "num", "name")
            if left.kind != "name" or right.kind not in constant or op.text not in ("=", "!="):
                raise ValueError(
                    "only conditions like state=${state} or pastel='yes' are carried over"
                )
            is_column = right.kind == "name" and right.text in columns
            static.append((left.text, op.text, right.text, is_column))
        i += 3
        if i < len(tokens):
            if tokens[i].kind != "and":
                raise ValueError("only conditions joined by 'and' are carried over")
            i += 1
    if not refs and not static:
        raise ValueError("the filter is empty")
    return refs, static


def choice_matches(choice: dict, static: list[Static]) -> bool:
    """Whether a choice (``{"value", "attributes"}``) meets every condition on its columns."""

    def column(name: str) -> str:
        if name == "name":
            return str(choice.get("value", ""))
        return str((choice.get("attributes") or {}).get(name, ""))

    for attr, op, operand, is_column in static:
        other = column(operand) if is_column else operand
        if (column(attr) == other) != (op == "="):  # as the form's XPath compares: exactly
            return False
    return True
