"""Importing survey responses from a spreadsheet (.xlsx, .xls, .ods or .csv).

``plan_import`` reads the sheet, matches its columns to the form's questions (by key and
by label) and to respondent fields, converts and checks every cell against its question,
and returns an :class:`ImportPlan` listing every bad cell with its sheet, row and column.
``apply_import`` writes the plan in ONE transaction: every row lands, or none does.
Nothing is written while any cell is bad unless the caller asks to skip the bad rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

RESPONDENT_FIELDS = {
    "name": ("name", "respondent", "respondent name", "full name"),
    "role": ("role", "job title", "position"),
    "org_unit": (
        "org unit",
        "organisation unit",
        "organization unit",
        "department",
        "unit",
        "team",
    ),
    "segment": ("segment", "stakeholder group", "group"),
    "email": ("email", "e-mail", "email address"),
    "date": ("date", "interview date", "submitted", "submission date"),
    "interviewer": ("interviewer", "consultant"),
}


class ImportFailed(Exception):
    """The file cannot be read or the plan cannot be applied; nothing was imported."""


@dataclass(frozen=True)
class CellProblem:
    sheet: str
    row: int  # as the spreadsheet numbers it (1 = the header row)
    column: str  # "C (q_speed)"
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}, row {self.row}, column {self.column}: {self.message}"


@dataclass
class PlannedRow:
    row: int
    respondent: dict[str, Any]
    answers: dict[str, Any]
    problems: list[CellProblem] = field(default_factory=list)


@dataclass
class ImportPlan:
    source: Path
    sheet: str
    form: Any
    headers: list[str]
    # header -> "respondent.<field>" | "<question key>" | "<question key>.<item>" | "" (ignored)
    mapping: dict[str, str]
    rows: list[PlannedRow]
    problems: list[CellProblem] = field(default_factory=list)  # problems of the file itself

    @property
    def bad_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.problems]

    @property
    def all_problems(self) -> list[CellProblem]:
        return self.problems + [p for r in self.rows for p in r.problems]

    def unmapped(self) -> list[str]:
        return [h for h in self.headers if not self.mapping.get(h)]


@dataclass(frozen=True)
class ImportSummary:
    interviews: int
    respondents_created: int
    respondents_matched: int
    skipped_rows: list[int]


# -- reading ---------------------------------------------------------------------------------
def read_table(path: Path) -> tuple[str, list[list[Any]]]:
    """(sheet name, rows) of the first sheet; raises ImportFailed with the reason."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
            try:
                dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
            except csv.Error:
                dialect = csv.excel
            return path.name, [row for row in csv.reader(io.StringIO(text), dialect)]
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise ImportFailed(f"{path}: the workbook has no sheets")
        name = book.sheet_names[0]
        return name, book.get_sheet_by_index(0).to_python()
    except ImportFailed:
        raise
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ImportFailed(f"{path}: cannot be read as a spreadsheet ({exc})") from None


def _norm(text: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def auto_mapping(headers: list[str], form: Any) -> dict[str, str]:
    """Match columns to respondent fields and questions by key and by label."""
    by_name: dict[str, str] = {}
    for field_name, spellings in RESPONDENT_FIELDS.items():
        for spelling in spellings:
            by_name.setdefault(_norm(spelling), f"respondent.{field_name}")
    for q in form.iter_questions():
        by_name[_norm(q.key)] = q.key
        by_name.setdefault(_norm(q.label), q.key)
        items = [r.key for r in getattr(q, "rows", None) or []]
        items += [o.key for o in getattr(q, "options", None) or []]
        if q.type == "pair":
            items += ["E", "P"]
        if q.type == "checklist":
            items += ["observed", "severity", "touchpoint", "evidence"]
        for item in items:
            by_name[_norm(f"{q.key} {item}")] = f"{q.key}.{item}"
    mapping = {}
    used: set[str] = set()
    for header in headers:
        target = by_name.get(_norm(header), "")
        if target and target not in used:
            mapping[header] = target
            used.add(target)
        else:
            mapping[header] = ""
    return mapping


def load_mapping(path: str | Path) -> dict[str, str]:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImportFailed(f"{path}: cannot read the mapping ({exc})") from None
    columns = (data or {}).get("columns") if isinstance(data, dict) else None
    if not isinstance(columns, dict):
        raise ImportFailed(f"{path}: a mapping file needs a 'columns:' map of header: target")
    return {str(k): str(v or "") for k, v in columns.items()}


def save_mapping(plan: ImportPlan, path: str | Path) -> None:
    import yaml

    body = {"form": plan.form.id, "columns": dict(plan.mapping)}
    Path(path).write_text(
        yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


# -- planning --------------------------------------------------------------------------------
def plan_import(
    store: Any,
    data_path: str | Path,
    form_id: str,
    mapping: dict[str, str] | None = None,
    *,
    remembered: dict[str, str] | None = None,
) -> ImportPlan:
    """``mapping`` must name columns of this sheet; ``remembered`` (the mapping used for the
    last file of this form) applies to whichever of its columns this sheet has."""
    from workbench.forms.library import builtin_forms

    path = Path(data_path)
    forms = {f.id: f for f in store.engagement_forms()}
    form = forms.get(form_id) or builtin_forms().get(form_id)
    if form is None:
        raise ImportFailed(f"there is no form {form_id!r} in the engagement or the library")
    sheet, table = read_table(path)
    table = [row for row in table if any(str(c).strip() for c in row if c is not None)]
    if not table:
        raise ImportFailed(f"{path}: the sheet {sheet!r} is empty")
    headers = [str(h).strip() if h is not None else "" for h in table[0]]
    base = auto_mapping(headers, form)
    base.update({h: t for h, t in (remembered or {}).items() if h in base})
    if mapping:
        unknown = [h for h in mapping if h not in headers]
        if unknown:
            raise ImportFailed(
                f"the mapping names columns the sheet does not have: {', '.join(unknown)}"
            )
        base.update(mapping)
    plan = ImportPlan(path, sheet, form, headers, base, [])
    _check_mapping(plan)
    for offset, row in enumerate(table[1:], start=2):
        plan.rows.append(_plan_row(plan, offset, row))
    return plan


def _check_mapping(plan: ImportPlan) -> None:
    keys = set(plan.form.keys())
    for i, header in enumerate(plan.headers):
        target = plan.mapping.get(header, "")
        if not target or target.startswith("respondent."):
            if target and target.split(".", 1)[1] not in RESPONDENT_FIELDS:
                plan.problems.append(
                    CellProblem(
                        plan.sheet,
                        1,
                        f"{_column_letter(i)} ({header})",
                        f"unknown respondent field {target!r}",
                    )
                )
            continue
        key = target.split(".", 1)[0]
        if key not in keys:
            plan.problems.append(
                CellProblem(
                    plan.sheet,
                    1,
                    f"{_column_letter(i)} ({header})",
                    f"the form {plan.form.id} has no question {key!r}",
                )
            )
    if "respondent.name" not in plan.mapping.values():
        plan.problems.append(
            CellProblem(
                plan.sheet,
                1,
                "–",
                "no column holds the respondent's name (call one 'name' or 'respondent')",
            )
        )


def _plan_row(plan: ImportPlan, number: int, row: list[Any]) -> PlannedRow:
    from workbench.forms.answers import coerce_from_text, validate
    from workbench.store.models import SEGMENTS

    planned = PlannedRow(number, {}, {})
    composite: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}
    for i, header in enumerate(plan.headers):
        target = plan.mapping.get(header, "")
        raw = row[i] if i < len(row) else None
        column = f"{_column_letter(i)} ({header})"
        if not target or raw is None or str(raw).strip() == "":
            continue
        if target.startswith("respondent."):
            name = target.split(".", 1)[1]
            value: Any = raw
            if name == "date":
                value = _as_date(raw)
                if value is None:
                    planned.problems.append(
                        CellProblem(plan.sheet, number, column, f"{raw!r} is not a date")
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
        key, _, item = target.partition(".")
        try:
            question = plan.form.question(key)
        except KeyError:
            continue
        text = _cell_text(raw)
        where.setdefault(key, column)
        try:
            if item:
                item = item.upper() if question.type == "pair" else item
                composite.setdefault(key, {})[item] = _coerce_part(question, item, text)
            else:
                planned.answers[key] = coerce_from_text(question, text)
        except ValueError as exc:
            planned.problems.append(CellProblem(plan.sheet, number, column, str(exc)))
    for key, parts in composite.items():
        planned.answers[key] = parts
    for key, value in list(planned.answers.items()):
        if value is None:
            del planned.answers[key]
            continue
        problem = validate(plan.form.question(key), value)
        if problem:
            planned.problems.append(CellProblem(plan.sheet, number, where.get(key, key), problem))
    if not planned.respondent.get("name"):
        planned.problems.append(
            CellProblem(plan.sheet, number, "–", "the respondent's name is empty")
        )
    return planned


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

    if question.type == "pair":
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a rating") from None
        if not number.is_integer():
            raise ValueError(f"{text!r} is not a whole number")
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


def _as_date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        return None


# -- applying -------------------------------------------------------------------------------
def apply_import(
    store: Any,
    plan: ImportPlan,
    *,
    wave: str | None = None,
    skip_bad_rows: bool = False,
    progress: Callable[[float, str], Any] | None = None,
    interviewer: str = "",
) -> ImportSummary:
    """Write the plan in one transaction; raise ImportFailed (nothing written) on bad cells.

    ``interviewer`` names the consultant for rows whose file gives no interviewer.
    """
    from sqlalchemy import func, select

    from workbench.forms.answers import to_cells
    from workbench.store.interviews import _write_cells
    from workbench.store.models import Engagement, Interview, Respondent, Wave
    from workbench.store.tagcoding import sync_tag_segments

    if plan.problems:
        raise ImportFailed(
            "the columns do not fit the form:\n" + "\n".join(map(str, plan.problems))
        )
    bad = plan.bad_rows
    if bad and not skip_bad_rows:
        lines = "\n".join(str(p) for r in bad for p in r.problems)
        raise ImportFailed(f"{len(bad)} row(s) have bad cells; nothing was imported:\n{lines}")
    rows = [r for r in plan.rows if not r.problems]
    version = store.ensure_form_version(plan.form)
    texty = {k for r in rows for k, v in r.answers.items() if isinstance(v, str | dict)}
    tag_codes = store.tag_codes([q for q in plan.form.iter_questions() if q.key in texty])
    created = matched = 0
    with store.writing() as s:
        wave_row = None
        if wave:
            wave_row = s.execute(select(Wave).where(Wave.name == wave)).scalar_one_or_none()
            if wave_row is None:
                engagement = s.execute(select(Engagement)).scalar_one()
                last = s.execute(select(func.max(Wave.ordinal))).scalar() or 0
                wave_row = Wave(engagement_id=engagement.id, name=wave, ordinal=last + 1)
                s.add(wave_row)
                s.flush()
        else:
            wave_row = s.execute(select(Wave).order_by(Wave.ordinal)).scalars().first()
        people = {
            r.name.strip().lower(): r
            for r in s.execute(select(Respondent).where(Respondent.deleted_at.is_(None))).scalars()
        }
        for i, planned in enumerate(rows):
            if progress and i % 200 == 0:
                progress(i / max(len(rows), 1), f"Importing row {i + 1} of {len(rows)}")
            info = dict(planned.respondent)
            when = info.pop("date", None)
            row_interviewer = info.pop("interviewer", "") or interviewer
            person = people.get(info["name"].lower())
            if person is None:
                person = Respondent(**info)
                s.add(person)
                people[info["name"].lower()] = person
                created += 1
            else:
                matched += 1
            iv = Interview(
                respondent=person,
                form_version_id=version.id,
                wave_id=wave_row.id if wave_row else None,
                interviewer=row_interviewer,
                date=when,
                status="complete",
            )
            s.add(iv)
            s.flush()
            for key, value in planned.answers.items():
                question = plan.form.question(key)
                cells = {c.item: c for c in to_cells(question, value)}
                _write_cells(s, iv.id, question, {}, value, cells)
                if key in tag_codes:
                    sync_tag_segments(s, iv.id, key, tag_codes[key], set())
    if progress:
        progress(1.0, "Imported")
    return ImportSummary(len(rows), created, matched, [r.row for r in bad])
