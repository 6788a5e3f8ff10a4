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
    return re.sub(r"[^a-z0-9]+", " ", str(text).lower()).strip()


def choice_for(question: Any, option: str) -> Any:
    """The choice an option column names, by value or by label; None if none."""
    found = question.choice(option)
    if found is None:
        wanted = option.strip().casefold()
        found = next((c for c in question.choices if c.label.strip().casefold() == wanted), None)
    return found


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
    labels = {_norm(q.label): q.key for q in form.iter_questions()}
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
    ODK write the chosen values separated by spaces; Google Forms by ``, ``."""
    raw = text.strip()
    if ";" in raw or "\n" in raw or question.choice(raw) is not None:
        return raw
    for separator in (" ", ", "):
        parts = [p for p in raw.split(separator) if p.strip()]
        if len(parts) > 1 and all(question.choice(p.strip()) is not None for p in parts):
            return ";".join(p.strip() for p in parts)
    chosen = _labels_greedily(raw, question)
    return ";".join(chosen) if chosen else raw


def _labels_greedily(raw: str, question: Any) -> list[str] | None:
    """The values of the option labels that make up ``raw`` ("London, Nairobi, Kenya"
    with the options "London" and "Nairobi, Kenya"), the longest label first at each
    place; None unless the whole cell is read."""
    labels = sorted(
        ((c.label.strip().casefold(), c.value) for c in question.choices if c.label.strip()),
        key=lambda pair: -len(pair[0]),
    )
    text, at, out = raw.casefold(), 0, []
    while at < len(text):
        for label, value in labels:
            end = at + len(label)
            if text.startswith(label, at) and (end == len(text) or text.startswith(",", end)):
                out.append(value)
                at = end + 1
                while at < len(text) and text[at] == " ":
                    at += 1
                break
        else:
            return None
    return out or None


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
