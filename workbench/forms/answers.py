"""Answers: Python values <-> stored cells, validation, and parsing typed-in text.

The encoding is the one in ARCHITECTURE.md ("The answer model"): simple questions have
one cell with item ``""``; composite ones have one cell per part.

Spellings accepted by :func:`coerce_from_text` (spreadsheet import; blank means
unanswered and gives ``None``):

=============  ==========================================================================
type           spelling
=============  ==========================================================================
text           the text as it is
single         the choice's value or its label (case-insensitive)
multi          values or labels separated by ``;`` (or new lines): ``email; phone``
scale          the number (``5``, ``5.0``), a point label, or ``n/a``/``na`` if allowed
nps            a whole number 0–10
number         ``12``, ``12.5``, optionally followed by the unit (``12.5 h``, ``40%``)
date           ISO ``2024-03-01`` (a time part after it is ignored)
pair           ``E=6;P=4`` (either order, ``,`` also separates) or ``6/4`` (E/P)
checklist      ``observed=yes;severity=2;touchpoint=phone;evidence=...`` — evidence
               last, it may contain ``;``; a bare ``yes``/``no`` sets observed only
matrix         ``row=3;other_row=n/a`` with row keys or labels
allocation     ``reliability=40;empathy=60`` with option keys or labels
=============  ==========================================================================
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from workbench.forms.conditions import is_unanswered
from workbench.forms.schema import (
    AllocationQuestion,
    ChecklistQuestion,
    DateQuestion,
    MatrixQuestion,
    MultiQuestion,
    NpsQuestion,
    NumberQuestion,
    PairQuestion,
    QuestionBase,
    ScaleQuestion,
    SingleQuestion,
)

__all__ = ["Cell", "coerce_from_text", "from_cells", "shown_value", "to_cells", "validate"]

NA = "na"
CHECKLIST_PARTS = ("observed", "severity", "touchpoint", "evidence")


@dataclass(frozen=True)
class Cell:
    item: str
    value: Any
    num: float | None = None
    text: str | None = None


def _int(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_cells(question: QuestionBase, value: Any) -> list[Cell]:
    """The cells that store ``value``; ``[]`` for an unanswered question."""
    if is_unanswered(value):
        return []
    match question:
        case SingleQuestion():
            choice = question.choice(str(value))
            return [Cell("", value, choice.score if choice else None)]
        case MultiQuestion():
            return [Cell(str(v), True, 1.0) for v in value]
        case ScaleQuestion() | NpsQuestion():
            value = _int(value)
            return [Cell("", value, None if value == NA else float(value))]
        case NumberQuestion():
            number = _int(value) if question.integer else float(value)
            return [Cell("", number, float(number))]
        case DateQuestion():
            text = value.isoformat() if isinstance(value, dt.date) else str(value)
            return [Cell("", text)]
        case PairQuestion():
            return [
                Cell(part, _int(value[part]), float(value[part]))
                for part in ("E", "P")
                if value.get(part) is not None
            ]
        case ChecklistQuestion():
            cells = []
            for part in CHECKLIST_PARTS:
                v = value.get(part)
                if v is None or v == "":
                    continue
                if part == "observed":
                    cells.append(Cell(part, bool(v), 1.0 if v else 0.0))
                elif part == "severity":
                    cells.append(Cell(part, _int(v), float(v)))
                elif part == "evidence":
                    cells.append(Cell(part, v, None, v))
                else:
                    cells.append(Cell(part, v))
            return cells
        case MatrixQuestion() | AllocationQuestion():
            return [
                Cell(k, _int(v), None if v == NA else float(v))
                for k, v in value.items()
                if v is not None
            ]
        case _:  # text, longtext
            return [Cell("", value, None, str(value))]


def from_cells(question: QuestionBase, cells: Iterable[Cell]) -> Any:
    """The value stored in ``cells`` (the inverse of :func:`to_cells`); None if none."""
    by_item = {c.item: c for c in cells}
    if not by_item:
        return None
    match question:
        case MultiQuestion():
            order = [c.value for c in question.choices]
            chosen = [k for k, c in by_item.items() if c.value not in (False, 0, None)]
            return sorted(chosen, key=lambda k: order.index(k) if k in order else len(order))
        case PairQuestion() | MatrixQuestion() | AllocationQuestion():
            return {k: _int(c.value) for k, c in by_item.items()}
        case ChecklistQuestion():
            return {
                k: (bool(c.value) if k == "observed" else _int(c.value)) for k, c in by_item.items()
            }
        case _:
            cell = by_item.get("")
            if cell is None:
                return None
            if isinstance(question, ScaleQuestion | NpsQuestion):
                return _int(cell.value)
            if isinstance(question, NumberQuestion):
                return _int(cell.value) if question.integer else float(cell.value)
            return cell.value


# --- validation ------------------------------------------------------------------------


def shown_value(value: Any) -> str:
    """An answer as the window shows it in a line of text: "—" when unanswered, yes/no,
    a list's values joined by "; ", a composite answer's parts as ``key=value``."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k}={shown_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _r(value: Any, limit: int = 80) -> str:
    """``repr(value)`` for a message: cut short, and safe for an int too long to print."""
    try:
        text = repr(value)
    except ValueError:  # Python refuses to print an int of more than 4,300 digits
        return "a number of thousands of digits"
    return text if len(text) <= limit else text[:limit] + "…"


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# a pair's two ratings as a message names them: which of the two is wrong
PAIR_PARTS = {"E": "the expectation E", "P": "the perception P"}


def _rating_problem(
    value: Any, low: int, high: int, allow_na: bool, what: str = "the answer"
) -> str | None:
    if allow_na and value == NA:
        return None
    if not _is_int(value):
        na = " or n/a" if allow_na else ""
        return f"{what} must be a whole number from {low} to {high}{na}, not {_r(value)}"
    if not low <= value <= high:
        return f"{what} ({_r(value)}) is outside the scale {low}–{high}"
    return None


def validate(question: QuestionBase, value: Any, *, constraint: bool = True) -> str | None:
    """A message a consultant understands, or None when the value is acceptable.

    An unanswered value is acceptable here; required questions are checked by
    :meth:`FormDefinition.missing_required`.  A question's ``constraint`` is checked
    after its type, with its ``constraint_message`` as the message (``constraint=False``
    checks the type only: an answer that breaks the form's rule is still an answer, kept
    as given, see :func:`constraint_problem`).
    """
    if is_unanswered(value):
        return None
    problem = _type_problem(question, value)
    if problem is None and constraint:
        return constraint_problem(question, value)
    return problem


def constraint_problem(question: QuestionBase, value: Any) -> str | None:
    """The question's ``constraint_message`` (or a plain one) when ``value``, of the right
    type, breaks the question's ``constraint``; None when it meets it or there is none."""
    if is_unanswered(value) or not question.constraint:
        return None
    from workbench.forms.conditions import parse

    if parse(question.constraint).evaluate({question.key: value}):
        return None
    return question.constraint_message or (
        f"{_r(value)} does not meet the condition {question.constraint}"
    )


def not_offered(question: QuestionBase, value: Any, values: Mapping[str, Any]) -> list[str]:
    """The chosen values of ``value`` that the question's choice filter does not offer
    given the earlier answers ``values`` (none without a filter)."""
    if is_unanswered(value) or not getattr(question, "choice_filter", None):
        return []
    offered = {c.value for c in question.offered(values)}  # type: ignore[attr-defined]
    chosen = value if isinstance(value, list) else [value]
    return [str(v) for v in chosen if str(v) not in offered]


def filter_problem(
    form: Any, question: QuestionBase, value: Any, values: Mapping[str, Any]
) -> str | None:
    """Why ``value`` is a problem when the question's choice filter does not offer it
    given the earlier answers ``values`` of ``form`` (kept as given, like an answer that
    breaks the form's rule): "'Pierce' is not offered for Texas", "'Tacoma' is not
    offered without an answer to 'county'"; None when every chosen value is on offer."""
    gone = not_offered(question, value, values)
    if not gone:
        return None
    labels = [repr(c.label) if (c := question.choice(v)) else repr(v) for v in gone]  # type: ignore[attr-defined]
    verb = "is" if len(labels) == 1 else "are"
    given, blank = [], []
    for key in dict.fromkeys(question.choice_filter.values()):  # type: ignore[attr-defined]
        try:
            earlier = form.question(key)
        except KeyError:
            earlier = None
        answer = values.get(key)
        if is_unanswered(answer):
            blank.append(repr(earlier.label if earlier is not None else key))
            continue
        find = getattr(earlier, "choice", None)
        chosen = answer if isinstance(answer, list) else [answer]
        given.append(", ".join(c.label if find and (c := find(str(v))) else str(v) for v in chosen))
    where = f"for {' and '.join(given)}" if given else ""
    if blank:
        where += f"{' and ' if given else ''}without an answer to {' and '.join(blank)}"
    return f"{', '.join(labels)} {verb} not offered {where}"


def _type_problem(question: QuestionBase, value: Any) -> str | None:
    label = question.label
    match question:
        case SingleQuestion():
            if question.choice(str(value)) is None:
                known = ", ".join(c.value for c in question.choices)
                return f"{_r(value)} is not one of the choices for {label!r} ({known})"
        case MultiQuestion():
            if not isinstance(value, list):
                return f"{label!r} takes a list of choices, not {_r(value)}"
            unknown = [v for v in value if question.choice(str(v)) is None]
            if unknown:
                known = ", ".join(c.value for c in question.choices)
                return (
                    f"{', '.join(map(repr, unknown))} not among the choices for {label!r} ({known})"
                )
            if len(set(value)) != len(value):
                return f"a choice is ticked twice for {label!r}"
        case ScaleQuestion():
            return _rating_problem(value, question.min, question.max, question.allow_na)
        case NpsQuestion():
            return _rating_problem(value, 0, 10, False)
        case NumberQuestion():
            return _number_problem(question, value)
        case DateQuestion():
            try:
                dt.date.fromisoformat(value if isinstance(value, str) else value.isoformat())
            except (ValueError, TypeError, AttributeError):
                return f"{_r(value)} is not a date (use YYYY-MM-DD)"
        case PairQuestion():
            if not isinstance(value, dict) or set(value) - {"E", "P"}:
                return f"a pair answer has an expectation E and a perception P, not {_r(value)}"
            for part, what in PAIR_PARTS.items():
                if value.get(part) is not None:
                    problem = _rating_problem(value[part], question.min, question.max, False, what)
                    if problem:
                        return problem
        case ChecklistQuestion():
            return _checklist_problem(question, value)
        case MatrixQuestion():
            if not isinstance(value, dict):
                return f"a grid answer maps rows to ratings, not {_r(value)}"
            rows = {r.key: r.label for r in question.rows}
            for key, rating in value.items():
                if key not in rows:
                    return f"{key!r} is not a row of {label!r}"
                problem = _rating_problem(
                    rating,
                    question.min,
                    question.max,
                    question.allow_na,
                    f"the rating of {rows[key]!r}",
                )
                if problem:
                    return problem
        case AllocationQuestion():
            return _allocation_problem(question, value)
        case _:
            if not isinstance(value, str):
                return f"{label!r} takes text, not {_r(value)}"
            if getattr(question, "numbers", False) and not _NUMBERS.fullmatch(value.strip()):
                return f"{label!r} takes digits only (0–9, - . ,), not {_r(value)}"
    return None


#: What ODK's ``numbers`` appearance lets a text answer hold: digits, hyphens and decimal
#: separators (its number keypad has nothing else), at least one digit.
_NUMBERS = re.compile(r"[-.,]*[0-9][0-9.,-]*", re.ASCII)


def _number_problem(question: NumberQuestion, value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{question.label!r} takes a number, not {_r(value)}"
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an int too large for a float
        finite = False
    if not finite:
        return f"{question.label!r} takes a finite number, not {_r(value)}"
    unit = f" {question.unit}" if question.unit else ""
    if question.integer and not float(value).is_integer():
        return f"{question.label!r} takes a whole number, not {value:g}"
    if question.minimum is not None and value < question.minimum:
        return f"{value:g}{unit} is below the minimum of {question.minimum:g}{unit}"
    if question.maximum is not None and value > question.maximum:
        return f"{value:g}{unit} is above the maximum of {question.maximum:g}{unit}"
    return None


def _checklist_problem(question: ChecklistQuestion, value: Any) -> str | None:
    if not isinstance(value, dict):
        return (
            f"a checklist answer is a set of parts ({', '.join(CHECKLIST_PARTS)}), not {_r(value)}"
        )
    extra = set(value) - set(CHECKLIST_PARTS)
    if extra:
        return f"unknown checklist part(s): {', '.join(sorted(extra))}"
    if value.get("observed") is not None and not isinstance(value["observed"], bool):
        return f"'observed' is yes or no, not {_r(value['observed'])}"
    if value.get("severity") is not None:
        problem = _rating_problem(value["severity"], 0, 3, False, "the severity")
        if problem:
            return problem
    touchpoint = value.get("touchpoint")
    if touchpoint and question.touchpoints and touchpoint not in question.touchpoints:
        return f"{touchpoint!r} is not a touchpoint of this checklist ({', '.join(question.touchpoints)})"
    if value.get("evidence") is not None and not isinstance(value["evidence"], str):
        return "the evidence must be text"
    return None


def _allocation_problem(question: AllocationQuestion, value: Any) -> str | None:
    if not isinstance(value, dict):
        return f"an allocation maps options to points, not {_r(value)}"
    options = {o.key for o in question.options}
    for key, points in value.items():
        if key not in options:
            return f"{key!r} is not an option of {question.label!r}"
        if not _is_int(points) or points < 0:
            return f"points must be whole numbers of 0 or more; {key!r} has {_r(points)}"
    total = sum(value.values())
    if total != question.total:
        return f"allocation must total {question.total} points; these total {total}"
    return None


# --- text import -----------------------------------------------------------------------

_TRUE = {"yes", "y", "true", "1", "x", "observed", "ja", "oui"}
_FALSE = {"no", "n", "false", "0", "not observed", "nein", "non"}
_NA = {"na", "n/a", "n.a.", "not applicable", "don't know", "dont know", "-"}


def _shown(raw: Any, limit: int = 60) -> str:
    """``raw`` quoted for a message, cut short when it is long."""
    text = str(raw).strip()
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _match(raw: str, options: list[tuple[str, str]], what: str) -> str:
    needle = raw.strip().casefold()
    for key, label in options:
        if needle in (str(key).casefold(), label.casefold()):
            return key
    known = ", ".join(k for k, _ in options)
    raise ValueError(f"{raw.strip()!r} is not a known {what} (expected one of: {known})")


def _parse_int(raw: str, what: str) -> int:
    try:
        number = float(raw.strip())
    except ValueError:
        raise ValueError(f"{what} must be a whole number, not {_shown(raw)}") from None
    if not number.is_integer():
        raise ValueError(f"{what} must be a whole number, not {_shown(raw)}")
    return int(number)


def _parse_rating(raw: str, q: Any, allow_na: bool, what: str = "the rating") -> Any:
    text = raw.strip()
    if allow_na and text.casefold() in _NA:
        return NA
    labels = (
        [(str(p), q.point_label(p)) for p in range(q.min, q.max + 1)]
        if hasattr(q, "point_label")
        else []
    )
    try:
        return _parse_int(text, what)
    except ValueError:
        if labels:
            return int(_match(text, labels, "scale point"))
        raise


def _pairs(raw: str, last_free: str | None = None) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    rest = raw
    while rest.strip():
        head, sep, tail = rest.partition(";")
        name, eq, val = head.partition("=")
        if not eq:
            raise ValueError(f"expected name=value, found {head.strip()!r}")
        if last_free and name.strip().casefold() == last_free:
            out.append((name.strip(), (val + sep + tail).strip()))
            break
        out.append((name.strip(), val.strip()))
        rest = tail
    return out


def coerce_from_text(question: QuestionBase, raw: str) -> Any:
    """Parse a typed-in or spreadsheet answer (see the module docstring); None if blank.

    Raises ValueError with a message naming what was wrong.
    """
    if raw is None or str(raw).strip() == "":
        return None
    raw = str(raw)
    value: Any
    match question:
        case SingleQuestion():
            value = _match(raw, [(c.value, c.label) for c in question.choices], "choice")
        case MultiQuestion():
            parts = [p for p in re.split(r"[;\n]", raw) if p.strip()]
            opts = [(c.value, c.label) for c in question.choices]
            value = list(dict.fromkeys(_match(p, opts, "choice") for p in parts))
        case ScaleQuestion():
            value = _parse_rating(raw, question, question.allow_na)
        case NpsQuestion():
            value = _parse_int(raw, "the score")
        case NumberQuestion():
            text = raw.strip().removesuffix(question.unit).strip() if question.unit else raw.strip()
            text = text.removesuffix("%").strip() if question.unit == "%" else text
            try:
                value = float(text)
            except ValueError:
                raise ValueError(f"{_shown(raw)} is not a number") from None
            if not math.isfinite(value):
                raise ValueError(f"{_shown(raw)} is not a finite number")
            value = _int(value) if question.integer else value
        case DateQuestion():
            text = raw.strip()[:10]
            try:
                value = dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise ValueError(f"{raw.strip()!r} is not a date; use YYYY-MM-DD") from None
        case PairQuestion():
            value = _coerce_pair(question, raw)
        case ChecklistQuestion():
            value = _coerce_checklist(question, raw)
        case MatrixQuestion():
            rows = [(r.key, r.label) for r in question.rows]
            value = {
                _match(k, rows, "row"): _parse_rating(v, question, question.allow_na)
                for k, v in _pairs(raw)
            }
        case AllocationQuestion():
            opts = [(o.key, o.label) for o in question.options]
            value = {_match(k, opts, "option"): _parse_int(v, "points") for k, v in _pairs(raw)}
        case _:
            value = raw.strip() if question.type == "text" else raw  # type: ignore[attr-defined]
    problem = validate(question, value)
    if problem:
        raise ValueError(problem)
    return value


def _coerce_pair(question: PairQuestion, raw: str) -> dict[str, int]:
    text = raw.strip()
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if m:
        return {"E": int(m.group(1)), "P": int(m.group(2))}
    value = {}
    for name, val in _pairs(text.replace(",", ";")):
        part = name.upper()[:1]
        if part not in ("E", "P"):
            raise ValueError(f"a pair is written E=6;P=4 or 6/4, not {raw.strip()!r}")
        value[part] = _parse_rating(val, question, False, PAIR_PARTS[part])
    return value


def _coerce_checklist(question: ChecklistQuestion, raw: str) -> dict[str, Any]:
    text = raw.strip()
    if "=" not in text:
        return {"observed": _bool(text)}
    value: dict[str, Any] = {}
    for name, val in _pairs(text, last_free="evidence"):
        part = name.casefold()
        if part not in CHECKLIST_PARTS:
            raise ValueError(f"unknown checklist part {name!r} (use {', '.join(CHECKLIST_PARTS)})")
        if part == "observed":
            value[part] = _bool(val)
        elif part == "severity":
            labels = [(str(i), label) for i, label in enumerate(question.severity_labels)]
            try:
                value[part] = _parse_int(val, "the severity")
            except ValueError:
                value[part] = int(_match(val, labels, "severity"))
        elif part == "touchpoint" and question.touchpoints:
            tps = [(t, t) for t in question.touchpoints]
            value[part] = _match(val, tps, "touchpoint")
        else:
            value[part] = val
    return value


def _bool(raw: str) -> bool:
    text = raw.strip().casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"expected yes or no, not {raw.strip()!r}")
