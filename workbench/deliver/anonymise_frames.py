"""The anonymised workbook's raw data: pseudonyms for names, quasi-identifiers as
generalised, verbatim text scrubbed, the firm's people "Consultant N", and every date
that could date an interview to its month."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from workbench.deliver.anonymise_quasi import QUASI_COLUMNS, WITHHELD

if TYPE_CHECKING:
    from workbench.deliver.anonymise import Anonymiser


#: Raw-data columns that hold verbatim text (what people said or the consultant wrote).
_VERBATIM = frozenset({"text", "body", "example"})


def anonymise_frames(anonymiser: Anonymiser, frames: dict[str, Any]) -> dict[str, Any]:
    """The workbook's raw-data frames anonymised: a respondent's name becomes their
    pseudonym, quasi-identifiers are generalised, verbatim text is scrubbed; keys, codes,
    column headers and labels are left as they are."""
    import pandas as pd

    out = {}
    by_interview: dict[Any, str] = {}
    interviews = frames.get("interviews")
    if interviews is not None and {"interview_id", "respondent"} <= set(interviews.columns):
        by_interview = dict(zip(interviews["interview_id"], interviews["respondent"], strict=True))
    for key, frame in frames.items():
        sheet = f"workbook: {key}"
        if key == "respondents":
            records = []
            for rec in frame.to_dict("records"):
                person = rec.get("name", "")
                quasi = anonymiser.quasi(person)
                new = {"respondent": anonymiser.short_label(person)}
                anonymiser.record("name", str(person), new["respondent"], where=sheet)
                for column in frame.columns:
                    if column in quasi:
                        new[column] = quasi[column]
                    elif column not in ("name", "email", *QUASI_COLUMNS) and not str(
                        column
                    ).startswith("attr:"):
                        new[column] = rec[column]
                records.append(new)
            out[key] = pd.DataFrame(records)
            continue
        frame = frame.copy()
        people = frame["respondent"] if "respondent" in frame.columns else None
        if people is not None and "segment" in frame.columns:
            frame["segment"] = [
                anonymiser.quasi(p).get("segment", WITHHELD) for p in people.fillna("")
            ]
        if people is not None:
            frame["respondent"] = [anonymiser.short_label(p) if p else p for p in people]
        wide = key.startswith("answers_wide")
        if people is None and wide:  # one row per interview, by id
            ids = frame["interview_id"] if "interview_id" in frame.columns else frame.index
            people = pd.Series([by_interview.get(i, "") for i in ids], index=frame.index)
        if people is not None:
            _identifying_cells(anonymiser, frame, people.fillna(""), wide, sheet)
        for column in frame.columns:
            if column == "respondent" or (wide and _base_key(column) in anonymiser.identifying):
                continue
            if not (wide or column in _VERBATIM or (column == "value" and "text" in frame)):
                continue
            values = frame[column]
            if column == "value" and not wide:
                is_text = frame["text"].notna() & (frame["text"].astype(str) != "")
            else:
                is_text = pd.Series(True, index=frame.index)
            with anonymiser.at(f"{sheet}, column {column}"):
                frame[column] = [
                    anonymiser.scrub(v) if flag else v
                    for v, flag in zip(values, is_text, strict=True)
                ]
        out[key] = frame
    return _fieldwork_coarsened(anonymiser, out)


#: Coders that are no person (automatic coding) keep their name.
_MACHINE_CODERS = frozenset({"", "form tags", "rules", "suggester", "import", "imported"})


def consultant_numbers(names: Iterable[Any]) -> dict[str, str]:
    """The firm's people (interviewers, coders) as anonymised deliverables give them: each
    name "Consultant N", numbered in the order of the names, the same person the same
    number on every sheet and in the report; a coder that is no person keeps its name."""
    people = {
        str(v).strip()
        for v in names
        if isinstance(v, str) and v.strip() and v.strip().casefold() not in _MACHINE_CODERS
    }
    return {n: f"Consultant {i}" for i, n in enumerate(sorted(people, key=str.casefold), 1)}


#: The ``attrs`` key under which an anonymised frame keeps the interview ids of its rows,
#: never written to the workbook.
HIDDEN_IDS = "interview_ids"


def _fieldwork_coarsened(anonymiser: Anonymiser, frames: dict[str, Any]) -> dict[str, Any]:
    """As the report: interview dates to the month, the firm's people "Consultant N"
    (the same person the same number), and no interview ids."""

    people: set[str] = set(anonymiser.consultant_names)
    for key, column in (("interviews", "interviewer"), ("segments", "coder")):
        frame = frames.get(key)
        if frame is not None and column in frame.columns:
            people |= set(frame[column].dropna())
    colleague = consultant_numbers(people)
    out = {}
    for key, frame in frames.items():
        sheet = f"workbook: {key}"
        frame = frame.copy()
        if "interview_id" in frame.columns:
            ids = frame["interview_id"].tolist()
            frame = frame.drop(columns=["interview_id"])
            # kept off the sheet, for the evidence columns to name and link the rows by
            # their pseudonym and month (``excel_sheets.interview_ids``)
            frame.attrs[HIDDEN_IDS] = ids
            anonymiser.record("column", "interview ids", "left out", where=sheet)
        for column in ("interviewer", "coder"):
            if column in frame.columns:
                frame[column] = [
                    colleague.get(str(v).strip(), v) if isinstance(v, str) else v
                    for v in frame[column]
                ]
                if colleague:
                    anonymiser.record(
                        "column", f"{column} names", "\u201cConsultant N\u201d", where=sheet
                    )
        if "date" in frame.columns:
            frame["date"] = [month_only(d) for d in frame["date"]]
            anonymiser.record("column", "interview dates", "the month only", where=sheet)
        if _date_answers_coarsened(anonymiser, key, frame):
            anonymiser.record("column", "date answers", "the month only", where=sheet)
        out[key] = frame
    return out


def months_only(anonymiser: Anonymiser, info: Any, where: str) -> Any:
    """The engagement or method summary with its fieldwork dates to the month: the first
    and last day of fieldwork are the days of an interview (a copy)."""
    fields = {"start_date", "end_date", "date_from", "date_to"} & set(vars(info))
    changes: dict[str, Any] = {f: month_only(getattr(info, f)) for f in fields}
    parts = getattr(info, "by_origin", None)
    if parts:
        changes["by_origin"] = {
            k: replace(p, date_from=month_only(p.date_from), date_to=month_only(p.date_to))
            for k, p in parts.items()
        }
    if any(getattr(info, f) is not None for f in fields):
        anonymiser.record("column", "fieldwork dates", "the month only", where=where)
    return replace(info, **changes)


def month_only(value: Any) -> Any:
    """A date as an anonymised deliverable gives it: its month (``"2026-03"``), the one
    rule for interview dates and date answers on every sheet; empty stays empty and text
    that is no date is withheld (it could still be one in another spelling)."""
    import pandas as pd

    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str) and not value.strip():
        return value
    try:
        day = pd.to_datetime(value, errors="coerce")
    except (TypeError, ValueError):
        day = pd.NaT
    if pd.isna(day):
        return value if _MONTH.fullmatch(str(value).strip()) else WITHHELD
    return day.strftime("%Y-%m")


_MONTH = re.compile(r"\d{4}-\d{2}")


def _date_answers_coarsened(anonymiser: Anonymiser, key: str, frame: Any) -> bool:
    """In place: the answers to date questions to the month; whether any column held one."""
    asked = anonymiser.date_questions
    if not asked:
        return False
    if key.startswith("answers_wide_"):
        form = key[len("answers_wide_") :]
        columns = [
            c
            for c in frame.columns
            if (form, _base_key(c).removesuffix(" (answer)")) in asked and c != "date"
        ]
        for column in columns:
            frame[column] = [month_only(v) for v in frame[column]]
        return bool(columns)
    if not {"form_id", "question_key"} <= set(frame.columns):
        return False
    hit = [
        (str(f), str(q)) in asked
        for f, q in zip(frame["form_id"], frame["question_key"], strict=True)
    ]
    if not any(hit):
        return False
    for column in ("value", "text"):
        if column in frame.columns:
            frame[column] = [
                month_only(v) if h else v for v, h in zip(frame[column], hit, strict=True)
            ]
    return True


def _base_key(column: Any) -> str:
    return str(column).split(".", 1)[0]


def _identifying_cells(
    anonymiser: Anonymiser, frame: Any, people: Any, wide: bool, sheet: str
) -> None:
    """In place: the answers to identifying questions as generalised for k (the frame's
    respondent column still holds the names)."""
    keys = anonymiser.identifying
    if not keys:
        return
    if wide:
        for column in frame.columns:
            key = _base_key(column)
            if key in keys:
                frame[column] = [
                    anonymiser.identifying_answer(p, key, v)
                    for p, v in zip(people, frame[column], strict=True)
                ]
        return
    if "question_key" not in frame.columns:
        return
    hit = frame["question_key"].isin(keys)
    if not hit.any():
        return
    for column in ("value", "text"):
        if column in frame.columns:
            frame[column] = frame[column].astype(object)
            frame.loc[hit, column] = [
                anonymiser.identifying_answer(p, k, v)
                for p, k, v in zip(
                    people[hit], frame.loc[hit, "question_key"], frame.loc[hit, column], strict=True
                )
            ]
