"""The export shapes of survey platforms, recognised so their columns map onto a form.

* KoboToolbox: group paths (``introduction/recommend``), ``_uuid``, ``_submission_time``,
  ``_index``…; a multi-select as one column of space-separated values or as one 0/1
  (``True``/``False``) column per option (``group/question/option``).
* ODK Central: groups joined by ``-`` (``g1-q2``), ``SubmissionDate``, ``KEY``,
  ``meta-instanceID``.
* Google Forms: ``Timestamp`` such as ``2022/06/22 11:07:29 AM AST``.
* Microsoft Forms: ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``.
* SurveyMonkey: two header rows (``Respondent ID`` … then ``Response`` / option names).

:func:`detect` names the platform, :func:`merge_header_rows` folds SurveyMonkey's second
header row into the first, :func:`propose` maps columns onto questions and respondent
fields, :func:`multi_value` reads a multi-select cell and :func:`parse_date` reads a
date with an explicit day-first choice (python-dateutil).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

__all__ = [
    "PLATFORMS",
    "detect",
    "eight_bit_encoding",
    "merge_header_rows",
    "multi_value",
    "parse_date",
    "propose",
]

PLATFORMS = {
    "kobo": "KoboToolbox",
    "odk": "ODK Central",
    "google": "Google Forms",
    "msforms": "Microsoft Forms",
    "surveymonkey": "SurveyMonkey",
}
_KOBO = {"_uuid", "_submission_time", "_index", "_id", "_validation_status", "_submitted_by"}
_ODK = {"SubmissionDate", "KEY", "meta-instanceID", "SubmitterID", "SubmitterName"}
_MS = {"Start time", "Completion time"}
_SM_FIRST = {"Respondent ID", "Collector ID"}
# columns a platform adds that are no answers: left unmapped
_PLATFORM_DATE = {"_submission_time", "SubmissionDate", "Timestamp", "Completion time", "End Date"}
_TRUE = {"1", "true", "yes", "1.0"}
_FALSE = {"0", "false", "no", "0.0", ""}


def detect(headers: list[str]) -> str | None:
    """The platform whose export has these headers, or None."""
    names = {h.strip() for h in headers}
    if names & _SM_FIRST:
        return "surveymonkey"
    if names & _KOBO or any("/" in h for h in names) and "meta/instanceID" in names:
        return "kobo"
    if names & _ODK:
        return "odk"
    if names >= _MS:
        return "msforms"
    if headers and headers[0].strip() == "Timestamp":
        return "google"
    return None


def merge_header_rows(first: list[Any], second: list[Any]) -> list[str]:
    """SurveyMonkey's two header rows as one: a question heads the columns of its options
    (blank cells to the right of it), the second row names each option."""
    merged: list[str] = []
    current = ""
    for i, top in enumerate(first):
        top_text = str(top).strip() if top is not None else ""
        sub = str(second[i]).strip() if i < len(second) and second[i] is not None else ""
        if top_text:
            current = top_text
        if sub and sub not in ("Response", "Open-Ended Response") and current:
            merged.append(f"{current}/{sub}")
        else:
            merged.append(current if top_text or not sub else sub)
    return merged


def is_second_header(first: list[Any], second: list[Any]) -> bool:
    """Whether ``second`` is SurveyMonkey's second header row rather than data."""
    names = {str(h).strip() for h in first if h is not None}
    cells = [str(c).strip() for c in second if c is not None]
    return bool(names & _SM_FIRST) and ("Response" in cells or "Open-Ended Response" in cells)


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", str(text).lower()).replace("_", " ").strip()


def labels_of(item: Any) -> list[str]:
    """An item's label in each language of its form, the form's own language first: an
    export may be written in any of them (Kobo's "Labels" export in a chosen language)."""
    out = [item.label] if item.label.strip() else []
    for text in (getattr(item, "label_translations", None) or {}).values():
        if text.strip() and text not in out:
            out.append(text)
    return out


def label_keys(form: Any) -> dict[str, str]:
    """Question keys by label, normalised, in every language of the form; a label that
    names two questions goes to the first (in the form's own language first)."""
    questions = list(form.iter_questions())
    out: dict[str, str] = {}
    for q in questions:
        out.setdefault(_norm(q.label), q.key)
    for q in questions:
        for label in labels_of(q)[1:]:
            out.setdefault(_norm(label), q.key)
    out.pop("", None)
    return out


def choice_for(question: Any, option: str) -> Any:
    """The choice an option column names, by value or by its label in any language of the
    form; None if none."""
    found = question.choice(option)
    if found is None:
        wanted = option.strip().casefold()
        found = next(
            (
                c
                for c in question.choices
                if any(label.strip().casefold() == wanted for label in labels_of(c))
            ),
            None,
        )
    return found


def single_value(text: str, question: Any) -> str:
    """A single-select cell as its choice's value when it holds the choice's label in
    another language of the form; the cell unchanged otherwise (the answer reader takes
    values and labels in the form's own language, and names what it cannot read)."""
    found = choice_for(question, text.strip()) if text.strip() else None
    return found.value if found is not None else text


def _leaf(header: str, platform: str | None) -> list[str]:
    """The header's last parts: ``a/b/c`` -> ["c", "b/c"]; ODK ``g1-q2`` -> ["q2"]."""
    parts = header.split("/")
    out = [parts[-1]]
    if len(parts) > 1:
        out.append("/".join(parts[-2:]))
    if platform == "odk" and "-" in parts[-1]:
        out.append(parts[-1].rsplit("-", 1)[-1])
    return out


def propose(headers: list[str], form: Any, platform: str | None) -> dict[str, str]:
    """Targets for the columns a plain match by key or label left unmapped: a question by
    its name under a group path, a multi-select option column as ``key.option``, the
    platform's submission time as the respondent's date."""
    keys = {q.key: q for q in form.iter_questions()}
    labels = label_keys(form)
    out: dict[str, str] = {}
    for header in headers:
        if header in _PLATFORM_DATE:
            out[header] = "respondent.date"
            continue
        leaves = _leaf(header, platform)
        target = ""
        for leaf in leaves:
            if "/" in leaf:  # question/option
                key, option = leaf.rsplit("/", 1)
                if platform == "odk":  # g1-q2/x: the option column of q2 in group g1
                    key = key.rsplit("-", 1)[-1]
                q = keys.get(key.lower()) or keys.get(labels.get(_norm(key), ""))
                choice = choice_for(q, option) if q is not None and q.type == "multi" else None
                if choice is not None:
                    target = f"{q.key}.{choice.value}"
                    break
            elif leaf.lower() in keys:
                target = leaf.lower()
                break
            elif _norm(leaf) in labels:
                target = labels[_norm(leaf)]
                break
        if target:
            out[header] = target
    named = any(t == "respondent.name" for t in out.values()) or any(
        _norm(h) in ("name", "respondent", "respondent name", "full name") for h in headers
    )
    if not named:  # Google Forms: the form's own "Your name" question
        asked = next((h for h in headers if _norm(h) in ("your name", "your full name")), None)
        if asked is not None and not out.get(asked):
            out[asked] = "respondent.name"
            named = True
    return out


# the columns that identify a submission, first found wins; Google and Microsoft Forms
# give none, so their time of submission is taken with the respondent
_SUBMISSION = {
    "kobo": ("_uuid", "meta/instanceID", "instanceID"),
    "odk": ("KEY", "meta-instanceID", "instanceID"),
    "surveymonkey": ("Respondent ID",),
    "google": ("Timestamp",),
    "msforms": ("Completion time",),
}


def submission_column(headers: list[str], platform: str | None) -> int | None:
    """The index of the column that identifies a submission in this export, or None."""
    names = [h.strip() for h in headers]
    for name in _SUBMISSION.get(platform or "", ()):
        if name in names:
            return names.index(name)
    return None


def submission_ref(platform: str, raw: Any, respondent: dict[str, Any]) -> str | None:
    """The text kept with an imported interview to recognise its submission again:
    ``kobo:<uuid>``; for Google and Microsoft Forms the time with the respondent."""
    if raw is None or not str(raw).strip():
        return None
    value = raw.isoformat() if isinstance(raw, datetime | date) else str(raw).strip()
    if isinstance(raw, float) and raw.is_integer():
        value = str(int(raw))
    if platform in ("google", "msforms"):
        who = respondent.get("email") or respondent.get("name") or ""
        value = f"{value}|{str(who).strip().lower()}"
    return f"{platform}:{value}"[:300]


def without_redundant_options(mapping: dict[str, str], form: Any) -> dict[str, str]:
    """ODK Central and Kobo may give a multi-select twice: as one column of chosen values
    and as one column per option.  The whole column is kept; the option columns are left
    unmapped (they would repeat it, and name only the options the server knew)."""
    whole = {t for t in mapping.values() if t and "." not in t}
    multi = {q.key for q in form.iter_questions() if q.type == "multi"}
    return {
        h: ("" if t.partition(".")[0] in whole & multi and "." in t else t)
        for h, t in mapping.items()
    }


def multi_value(text: str, question: Any) -> str:
    """A multi-select cell as the ``;``-separated text the answer reader takes: Kobo and
    ODK write the chosen values separated by spaces; Google Forms the labels by ``, ``;
    Kobo's labels export the labels (in any language of the form) by spaces."""
    raw = text.strip()
    if question.choice(raw) is not None:
        return raw
    if ";" in raw or "\n" in raw:
        parts = [p.strip() for p in re.split(r"[;\n]", raw) if p.strip()]
        found = [choice_for(question, p) for p in parts]
        if all(c is not None for c in found):
            return ";".join(c.value for c in found)  # type: ignore[union-attr]
        return raw
    for separator in (" ", ", "):
        parts = [p for p in raw.split(separator) if p.strip()]
        if len(parts) > 1 and all(question.choice(p.strip()) is not None for p in parts):
            return ";".join(p.strip() for p in parts)
    chosen = _labels_greedily(raw, question)
    return ";".join(chosen) if chosen else raw


def _labels_greedily(raw: str, question: Any) -> list[str] | None:
    """The values of the option labels that make up ``raw`` ("London, Nairobi, Kenya"
    with the options "London" and "Nairobi, Kenya"; "Taxi Autre" in a labels export),
    labels in every language of the form, the longest first at each place; None unless
    the whole cell is read."""
    labels = sorted(
        (
            (label.strip().casefold(), c.value)
            for c in question.choices
            for label in labels_of(c)
            if label.strip()
        ),
        key=lambda pair: -len(pair[0]),
    )
    text, at, out = raw.casefold(), 0, []
    while at < len(text):
        for label, value in labels:
            end = at + len(label)
            if text.startswith(label, at) and (end == len(text) or text[end] in ", "):
                out.append(value)
                at = end
                while at < len(text) and text[at] in ", ":
                    at += 1
                break
        else:
            return None
    return list(dict.fromkeys(out)) or None


def option_ticked(text: str, choice: Any = None) -> bool:
    """A per-option column's cell: ticked or not (SurveyMonkey writes the option's label
    in a ticked cell); ValueError for anything else."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if choice is not None and value in (choice.value.casefold(), choice.label.casefold()):
        return True
    if value in _FALSE or value == "n/a":
        return False
    raise ValueError(f"{text!r} is neither ticked (1, True) nor not (0, False)")


def parse_date(raw: Any, dayfirst: bool = False) -> date | None:
    """A date from a cell: a spreadsheet date, ISO text, or what python-dateutil reads
    (``2022/06/22 11:07:29 AM AST``, ``22/06/2022`` with ``dayfirst``); None if not a date."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    import warnings

    from dateutil import parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an unknown zone name ("AST") is not the date
        try:
            return parser.parse(text, dayfirst=dayfirst).date()
        except (ValueError, OverflowError):
            return None


# -- sheets a workbook export holds beside its first ----------------------------------------
_REPEAT_COLUMNS = {"_parent_index", "_parent_table_name", "_submission__uuid"}


def sheets_not_imported(path: Any) -> list[tuple[str, int, str]]:
    """(sheet, data rows, why) for every sheet after the first of a workbook: the import
    reads the first sheet only.  Kobo's .xlsx export puts each repeat group on a sheet of
    its own, one row per repetition tied to its submission by ``_parent_index``."""
    from pathlib import Path

    if Path(path).suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
        return []
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # the import's own reading names what is wrong with the file
        return []
    out = []
    for name in book.sheet_names[1:]:
        try:
            rows = [
                r
                for r in book.get_sheet_by_name(name).to_python()
                if any(str(c).strip() for c in r if c is not None)
            ]
        except Exception as exc:  # calamine raises its own error types
            out.append((name, 0, f"the sheet cannot be read ({exc})"))
            continue
        headers = {str(h).strip() for h in rows[0]} if rows else set()
        why = (
            "a repeat group (one row per repetition, tied to its submission by "
            "_parent_index): an interview holds one answer per question, so the "
            "repeated answers cannot be carried"
            if headers & _REPEAT_COLUMNS
            else "only the first sheet of a workbook is imported"
        )
        out.append((name, max(len(rows) - 1, 0), why))
    return out


# -- the encoding of a CSV that is neither UTF-8 nor UTF-16 ---------------------------------
_ENCODING_SAMPLE = 1 << 20


def _misread(text: str) -> bool:
    """Whether a decoding puts a symbol inside a word (``£ukasz ¯ó³æ``: Polish read as
    Windows-1252), the mark of a wrong 8-bit encoding."""
    import unicodedata

    for token in text.split():
        inner = token.strip("".join(c for c in token if not c.isalnum()))[1:-1]
        for c in inner:
            if ord(c) > 127 and unicodedata.category(c)[0] in "SNC":
                return True
    return False


def _western(text: str) -> bool:
    """Text Windows-1252 reads as Western European: most letters plain ASCII, the others
    accented Latin ones, no symbol inside a word."""
    letters = [c for c in text if c.isalpha()]
    accented = [c for c in letters if ord(c) > 127]
    return len(accented) <= 0.3 * len(letters) and not _misread(text)


def eight_bit_encoding(path: Any) -> str:
    """The encoding of a text file that is neither UTF-8 nor UTF-16, from its first
    megabyte.  Windows-1252 (Excel's "CSV" on Windows in Western Europe) when it reads the
    file as Western European text; otherwise what charset-normalizer recognises
    (Windows-1250, Windows-1251, KOI8-R, Shift JIS…), passing over a reading that puts
    symbols inside words, which it may rank first on a short file.  ValueError naming the
    reason when no encoding reads the file as text."""
    from charset_normalizer import from_bytes

    with open(path, "rb") as fh:
        data = fh.read(_ENCODING_SAMPLE)
    if len(data) == _ENCODING_SAMPLE and b"\n" in data:
        data = data[: data.rindex(b"\n") + 1]  # no character cut in two at the end
    try:
        if _western(data.decode("cp1252")):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise ValueError(
            "its encoding cannot be recognised: it is neither UTF-8 nor UTF-16 and reads "
            'as no other text encoding; save it as "CSV UTF-8"'
        )
    readable = [m for m in matches if not _misread(str(m))] or matches
    # of readings about as clean as the best, the most coherent language: a short
    # Windows-1251 file is as clean read as Mac Cyrillic, whose capitals are symbols
    best = min(m.chaos for m in readable)
    return max(
        (m for m in readable if m.chaos <= best + 0.05), key=lambda m: m.coherence
    ).encoding
