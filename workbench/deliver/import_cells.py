"""Reading one row of a response sheet against the form: each mapped cell converted and
checked against its question, the respondent's fields read, a composite question's
columns put together, relevance and required questions checked.

:func:`_plan_row` turns a row into a :class:`PlannedRow`: the respondent, the answers, and
every bad cell as a :class:`CellProblem` naming its row and column.  A sheet repeats the
same few ratings and choices in every row: each column's distinct texts are converted and
checked once per plan, and the rows that hold the same text share one value.  The plan
itself (which column goes where, how its dates read) is :mod:`workbench.deliver.importer`'s.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.deliver.importer import ImportPlan


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int  # as the spreadsheet numbers it (1 = the header row)
    column: str  # "C (q_speed)"; "" for a problem of the whole row (its message names it)
    message: str

    def __str__(self) -> str:
        if not self.column:
            return f"{self.sheet}, {self.message}"
        return f"{self.sheet}, row {self.row}, column {self.column}: {self.message}"


@dataclass
class PlannedRow:
    row: int
    respondent: dict[str, Any]
    answers: dict[str, Any]
    problems: list[CellProblem] = field(default_factory=list)
    source_ref: str | None = None  # the platform's submission id ("kobo:<uuid>")
    warnings: list[CellProblem] = field(default_factory=list)  # imported all the same


_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})(?!\d)")


def date_order(raw: Any) -> bool | None:
    """What a date cell's text proves of its column's order: True for day first (22/6/22),
    False for month first (6/22/22), None when it could be either or is no such date."""
    if not isinstance(raw, str):
        return None
    found = _NUMERIC_DATE.match(raw)
    if found is None:
        return None
    first, second = int(found[1]), int(found[2])
    if first > 12 and second <= 12:
        return True
    if second > 12 and first <= 12:
        return False
    return None


def _order_name(dayfirst: bool) -> str:
    return "day first" if dayfirst else "month first"


def _ticked_in_option_columns(plan: ImportPlan, key: str, row: list[Any]) -> list[str] | None:
    """The choices a row's per-option columns of ``key`` tick, in the form's order; None
    unless every one of them reads as ticked or not."""
    from workbench.deliver.survey_exports import option_ticked

    question = plan.question(key)
    ticked = set()
    for index, value in plan.option_columns.get(key, []):
        raw = row[index] if index < len(row) else None
        if raw is None:
            return None
        try:
            if option_ticked(_cell_text(raw), question.choice(value)):
                ticked.add(value)
        except ValueError:
            return None
    return [c.value for c in question.choices if c.value in ticked]


def _plan_row(
    plan: ImportPlan,
    number: int,
    row: list[Any],
    columns: list[Any] | None = None,
    ordinal: int | None = None,
) -> PlannedRow:
    """The row ``number`` (as a spreadsheet shows it) checked; ``ordinal`` (see
    ``importer._data_rows``; the row number when not given) names a plain sheet's row."""
    from workbench.forms.answers import coerce_from_text, validate
    from workbench.store.models import SEGMENTS

    planned = PlannedRow(number, {}, {})
    composite: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}
    where_part: dict[tuple[str, str], str] = {}  # the column of a pair's E or a grid's row
    width = len(row)
    named = len(plan.headers)
    if plan.row_width is None:
        empty_beyond = all(c in (None, "") for c in row[named:])
        plan.row_width = width if width > named and empty_beyond else named
    if width < plan.row_width or any(c not in (None, "") for c in row[named:]):
        # a cell missing or one too many (a broken CSV line): every cell after it sits in
        # the wrong column, so nothing else this row says is worth listing
        usual = (
            f"the header has {named}" if plan.row_width == named
            else f"the rows before it have {plan.row_width} (the header names {named})"
        )  # fmt: skip
        planned.problems.append(CellProblem(plan.sheet, number, "", (
            f"row {number} has {width} cells; {usual}: a cell missing or one too many "
            "puts the cells after it under the wrong columns"
        )))  # fmt: skip
        return planned
    kobo = plan.platform == "kobo"
    if columns is None:
        from workbench.deliver.importer import _columns

        columns = _columns(plan)
    for i, column, key, item, question, memo in _with_memos(plan, columns):
        raw = row[i] if i < width else None
        if raw is None:
            continue
        if type(raw) is str:  # most cells: the text is the cell stripped (_cell_text)
            text = raw.strip()
            if not text or (kobo and raw == "n/a"):  # "n/a": Kobo's mark of a skipped question
                continue
        elif raw == "" or (isinstance(raw, str) and not raw.strip()):
            continue
        else:
            text = ""  # worked out below, for a question's cell
        if question is None:  # a respondent field
            name = item
            value: Any = raw
            if name == "date":
                dayfirst = plan.date_orders.get(i, plan.dayfirst)
                value = _as_date(raw, dayfirst)
                if value is None or date_order(raw) not in (None, dayfirst):
                    planned.problems.append(
                        CellProblem(plan.sheet, number, column, _not_a_date(raw, dayfirst))
                    )
                    continue
            elif name == "segment":
                value = str(raw).strip().lower()
                if value not in SEGMENTS:
                    planned.problems.append(
                        CellProblem(
                            plan.sheet,
                            number,
                            column,
                            f"segment {raw!r} is not one of: {', '.join(SEGMENTS)}",
                        )
                    )
                    continue
            else:
                value = str(raw).strip()
            planned.respondent[name] = value
            continue
        if not text:
            text = _cell_text(raw)
        if key not in where:
            where[key] = column
        known = memo.get(text) if memo is not None else None
        if known is None:
            cell = text  # remembered as the cell says it, before any reading below
            try:
                if item:
                    value = _coerce_part(question, item, text)
                else:  # parsed and validated in one
                    if question.type == "multi":  # Kobo/ODK: "a b"; Google Forms: "A, B"
                        from workbench.deliver.survey_exports import multi_value

                        text = multi_value(text, question)
                    elif question.type == "single":  # a label in another language of the form
                        from workbench.deliver.survey_exports import single_value

                        text = single_value(text, question)
                    elif question.type == "date":  # one order for the whole column
                        dayfirst = plan.date_orders.get(i, plan.dayfirst)
                        if date_order(raw) not in (None, dayfirst):
                            raise ValueError(_not_a_date(raw, dayfirst))
                        parsed = _as_date(raw, dayfirst)
                        text = parsed.isoformat() if parsed is not None else text
                    value = coerce_from_text(question, text)
                known = (True, value)
            except ValueError as exc:
                known = (False, _with_cell(str(exc), cell, question))
            if (
                memo is not None
                and len(cell) <= MEMO_TEXT
                and _flat(known[1])
                and len(memo) < MEMO_CELLS
                and plan._memo_chars < MEMO_CHARS
            ):
                memo[cell] = known
                plan._memo_chars += len(cell) + 1
        ok, value = known
        if not ok and not item and key in plan.option_columns:
            # Kobo writes what the device sent ("none" for nothing chosen) in the whole
            # column and each option ticked or not beside it: the option columns decide
            ticked = _ticked_in_option_columns(plan, key, row)
            if ticked is not None:
                ok, value = True, ticked or None
                planned.warnings.append(
                    CellProblem(
                        plan.sheet,
                        number,
                        column,
                        f"{text!r} is not a choice; read from the option columns as "
                        + (", ".join(ticked) if ticked else "nothing selected"),
                    )
                )
        if not ok:
            planned.problems.append(CellProblem(plan.sheet, number, column, value))
        elif item:
            composite.setdefault(key, {})[item] = value
            where_part[(key, item)] = column
        elif value is not None:
            planned.answers[key] = value  # shared by the rows that hold the same text
    first, last = planned.respondent.pop("first_name", ""), planned.respondent.pop("last_name", "")
    if (first or last) and not planned.respondent.get("name"):
        planned.respondent["name"] = f"{first} {last}".strip()
    for key, parts in composite.items():
        if plan.question(key).type == "multi":  # one ticked-or-not column per option
            ticked = {item for item, on in parts.items() if on}
            parts = [c.value for c in plan.question(key).choices if c.value in ticked]  # type: ignore[assignment]
        if not parts:
            continue
        planned.answers[key] = parts
        question = plan.question(key)
        if question.type in PART_BY_PART:  # each rating in its own column: that cell named
            for item, value in parts.items():
                problem = validate(question, {item: value})
                if problem:
                    column = where_part.get((key, item), where.get(key, key))
                    planned.problems.append(CellProblem(plan.sheet, number, column, problem))
            continue
        problem = validate(question, parts)
        if problem:
            planned.problems.append(CellProblem(plan.sheet, number, where.get(key, key), problem))
    _check_relevance(plan, planned, where, columns)
    if plan.ref_column is not None and plan.platform:
        from workbench.deliver.survey_exports import submission_ref

        raw = row[plan.ref_column] if plan.ref_column < width else None
        planned.source_ref = submission_ref(plan.platform, raw, planned.respondent)
    elif plan.sheet_ref and not planned.respondent.get("interviewer"):
        # a row of a plain sheet that names no interviewer: a response, not an interview
        planned.source_ref = f"{plan.sheet_ref}:{number if ordinal is None else ordinal}"
    if not planned.respondent.get("name") and plan.unnamed:
        if planned.respondent.get("email"):  # Google Forms' "Email address", no name asked
            planned.respondent["name"] = planned.respondent["email"]
        else:  # no name column: named "Respondent <n>" when imported
            return planned
    if not planned.respondent.get("name"):
        planned.problems.append(
            CellProblem(plan.sheet, number, "–", "the respondent's name is empty")
        )
    return planned


# composite questions whose parts are checked one by one (a pair's E and P, a grid's
# rows), so that a problem names the column of the part that is wrong
PART_BY_PART = ("pair", "matrix")


def _with_memos(plan: ImportPlan, columns: list[Any]) -> list[tuple[Any, ...]]:
    """(index, column label, key, item, question, memo) of each of ``columns``: the memo
    is the column's text -> value or problem (:attr:`ImportPlan._cells`), None for a
    respondent field and a date question's column (read in its order of day and month).
    Worked out once for the list of columns a plan's rows are read with."""
    known = plan._with_memos
    if known is not None and known[0] is columns:
        return known[1]
    out = []
    for i, _target, column, key, item, question in columns:
        memo = None
        if question is not None and question.type != "date":
            memo = plan._cells.setdefault(i, {})
        out.append((i, column, key, item, question, memo))
    plan._with_memos = (columns, out)
    return out


MEMO_TEXT = 256  # cells up to this long are parsed once per column and text
MEMO_CELLS = 100_000  # distinct (column, text) results a plan remembers
MEMO_CHARS = 4_000_000  # and the characters of their texts, at most


def _flat(value: Any) -> bool:
    """Whether a parsed value holds only plain scalars (so that rows can share it)."""
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return not any(isinstance(v, dict | list) for v in value)
    return True


def _check_relevance(
    plan: ImportPlan, planned: PlannedRow, where: dict[str, str], columns: list[Any]
) -> None:
    """An answer to a question the row's answers make irrelevant is a bad cell (it would
    count in the analyses though never asked); a required question that applies and is
    left empty is a warning, listed by row."""
    if plan._rules is None:
        plan._rules = _Rules(plan, columns)
    rules: _Rules = plan._rules
    if not rules.conditional:  # every question applies: no answer is out of place
        if rules.required:  # only the required ones left blank or half-answered
            answers, seen = planned.answers, rules.seen
            missing = []
            for key in rules.required:
                value = answers.get(key)
                known = seen[key].get(id(value))
                if known is None or known[0] is not value:
                    known = rules.check(key, value)
                if not known[1]:
                    missing.append(key)
            if missing:
                _warn_missing(plan, planned, missing, rules.mapped)
        return
    form = plan.form
    relevant = form.relevant_keys(planned.answers)
    for key in [k for k in planned.answers if k not in relevant]:
        planned.problems.append(
            CellProblem(
                plan.sheet,
                planned.row,
                where.get(key, key),
                f"answered though not asked because {plan.question(key).relevant!r} "
                "does not hold in this row",
            )
        )
    _warn_missing(plan, planned, form.missing_required(planned.answers), rules.mapped)


def _warn_missing(
    plan: ImportPlan, planned: PlannedRow, missing: list[str], mapped: dict[str, str]
) -> None:
    """A warning for each required question ``missing`` in the row that has a column."""
    bad = {p.column for p in planned.problems}
    for key in missing:
        # a question the file has no column for is not its fault; a bad cell is named already
        if key in mapped and mapped[key] not in bad:
            planned.warnings.append(
                CellProblem(plan.sheet, planned.row, mapped[key], "a required question is empty")
            )


class _Rules:
    """What :func:`_check_relevance` needs of a plan's form, worked out once: whether any
    question depends on others' answers, the required questions that have a column (in
    the form's order), each question's column, and whether an answer is whole."""

    def __init__(self, plan: ImportPlan, columns: list[Any]) -> None:
        questions = plan._questions or {q.key: q for q in plan.form.iter_questions()}
        self.questions = questions
        self.conditional = any(q.relevant for q in questions.values())
        self.mapped = {c[3]: c[2] for c in columns if c[5] is not None}
        self.required = [k for k, q in questions.items() if q.required and k in self.mapped]
        # key -> id of a value -> (the value, whether it answers the question in full): the
        # rows share the values of cells with the same text (see _plan_row), each checked
        # once; the value is held so that its id stays its own
        self.seen: dict[str, dict[int, tuple[Any, bool]]] = {k: {} for k in self.required}
        self._count = 0

    def check(self, key: str, value: Any) -> tuple[Any, bool]:
        """(``value``, whether it answers the question ``key`` in full), remembered."""
        from workbench.forms.schema import is_answered

        known = (value, is_answered(self.questions[key], value))
        if self._count < MEMO_CELLS:
            self.seen[key][id(value)] = known
            self._count += 1
        return known


def _cell_text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime | date):
        return raw.isoformat()[:10]
    return str(raw).strip()


def _coerce_part(question: Any, item: str, text: str) -> Any:
    """One column of a composite question: a pair's E or P, a matrix row, an allocation
    option or a checklist part.  Range checks happen when the whole value is validated."""
    from workbench.forms.answers import coerce_from_text

    if question.type == "multi":
        from workbench.deliver.survey_exports import option_ticked

        return option_ticked(text, question.choice(item))
    if question.type == "pair":
        from workbench.forms.answers import PAIR_PARTS

        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not number.is_integer():
            raise ValueError(
                f"{PAIR_PARTS.get(item, item)} must be a whole number from {question.min} to "
                f"{question.max}, not {text!r}"
            )
        return int(number)
    if question.type == "allocation":
        # One column per option: the cell is that option's points; the row's total is
        # checked once the whole allocation is assembled (in _plan_row), not per cell.
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number of points") from None
        if not number.is_integer() or number < 0:
            raise ValueError(f"points must be whole numbers of 0 or more, not {text!r}")
        return int(number)
    value = coerce_from_text(question, f"{item}={text}")
    return value.get(item) if isinstance(value, dict) else value


def _not_a_date(raw: Any, dayfirst: bool) -> str:
    order = date_order(raw)
    if order is None or order == dayfirst:
        return f"{raw!r} is not a date"
    return (
        f"{str(raw).strip()!r} reads only {_order_name(order)}, but the column's dates are "
        f"read {_order_name(dayfirst)}: correct the cell, or the order the dates are read in"
    )


def _as_date(raw: Any, dayfirst: bool = False) -> date | None:
    from workbench.deliver.survey_exports import parse_date

    return parse_date(raw, dayfirst)


def _with_cell(message: str, cell: str, question: Any) -> str:
    """A refusal by the form's own rule message (XLSForm's constraint message, such as
    "Between 1 and 10") names what the cell holds: the message says only what is wanted."""
    if not cell or message != (getattr(question, "constraint_message", "") or None):
        return message
    shown = cell if len(cell) <= 40 else cell[:39] + "…"
    return f"{message} (the cell holds {shown!r})"
