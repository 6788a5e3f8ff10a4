"""The workbook's data dictionary: what every column of the raw-data sheets holds.

An answer column of a wide sheet is described from its form definition (the question's
wording, its type, its scale or choices, its form and section); the other columns of the
raw sheets from a fixed list.  :func:`wide_with_identifiers` puts the identifier columns
(respondent, segment, wave, date) before a form's answers, one row per interview.
"""

from __future__ import annotations

from typing import Any

from workbench.coding.counts import MEANING

#: The columns that say whose interview a row belongs to, first on every sheet about one.
IDENTIFIERS = ("respondent", "segment", "wave", "date")
#: What a question column is renamed to when its key is an identifier's name.
ANSWER_SUFFIX = " (answer)"

TYPE_NAMES = {
    "text": "text",
    "longtext": "long text",
    "single": "single choice",
    "multi": "multiple choice",
    "scale": "rating scale",
    "nps": "likelihood to recommend (0–10)",
    "number": "number",
    "date": "date",
    "pair": "expectation and perception pair",
    "checklist": "observation checklist",
    "matrix": "rating grid",
    "allocation": "point allocation",
}

#: The columns of the raw sheets that are not answers.
COLUMNS = {
    "respondent": "The respondent's name (their pseudonym in an anonymised workbook)",
    "segment": "The respondent's segment",
    "wave": "The wave of fieldwork the interview belongs to",
    "date": "The date of the interview",
    "name": "The respondent's name",
    "role": "The respondent's role",
    "org_unit": "The respondent's organisational unit",
    "email": "The respondent's email address",
    "consent_recorded": (
        "TRUE when the respondent's consent to take part is recorded; FALSE when none is "
        "recorded (a refusal and a consent never recorded, as for imported respondents, "
        "both read FALSE)"
    ),
    "form": "The form the interview followed",
    "form_id": "The form's identifier",
    "form_version": "The version of the form the answers were given against",
    "interviewer": "Who conducted the interview",
    "status": "Whether the interview (or coded segment) is complete (accepted)",
    "interview_id": "The interview's identifier (the key linking the raw sheets)",
    "question_key": "The question's key (see the answer columns of its form below)",
    "item": "The part of a composite question (E/P, a grid row, a choice, a checklist part)",
    "value": "The answer as given",
    "num": "The answer as a number, where it has one",
    "text": "Verbatim text",
    "code": "The code's path in the codebook",
    "coder": "Who coded the segment",
    "source_kind": "Where the segment was coded (an answer or a note)",
    "whose_words": "Whose words the segment is: the respondent's (an answer, their "
    "transcript turn, words the notes quote), the consultant's interview notes, the "
    "interviewer's or another speaker's",
    "start": "The segment's first character in its source",
    "end": "The character after the segment's last in its source",
    "path": "The code's path in the codebook",
    "colour": "The code's colour",
    "description": "What the code means, in short",
    "definition": "The code's full definition (a REFI-QDA project's code description)",
    "when to use": "When the code applies",
    "when not to use": "When the code does not apply",
    "example": "An example of the code",
    "origin": "Where the code comes from",
    **MEANING,
}

DICTIONARY_COLUMNS = ("sheet", "column", "form", "section", "question", "wording", "type", "scale")


def wide_with_identifiers(wide: Any, ids: Any, interviews: Any) -> Any:
    """``wide`` (one row per interview, index ``interview_id``) with the identifier
    columns first and ``interview_id`` last, ordered by wave, date and respondent.

    ``ids`` holds the identifiers by interview id; a question whose key is an identifier's
    name (or ``interview_id``) gets :data:`ANSWER_SUFFIX`."""
    import pandas as pd

    taken = set(IDENTIFIERS) | {"interview_id"}
    answers = wide.rename(columns={c: f"{c}{ANSWER_SUFFIX}" for c in wide.columns if c in taken})
    order = interviews.set_index("interview_id")["wave_order"].reindex(answers.index)
    head = ids.reindex(answers.index)
    frame = pd.concat([head, answers], axis=1)
    frame["interview_id"] = answers.index
    frame["_order"] = order.to_numpy()
    frame["_date"] = pd.to_datetime(frame["date"], errors="coerce")
    frame["_who"] = frame["respondent"].fillna("").astype(str)
    frame = frame.sort_values(["_order", "_date", "_who"], kind="stable", na_position="last")
    return frame.drop(columns=["_order", "_date", "_who"]).reset_index(drop=True)


def data_dictionary(frames: dict[str, Any], forms: dict[str, Any]) -> Any:
    """One row per column of every raw frame (a wide answer sheet's name is
    ``answers_wide_<form id>``): its sheet (the frame's key), column, form, section,
    question key, wording, type and scale."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for key, frame in frames.items():
        form = forms.get(key[len("answers_wide_") :]) if key.startswith("answers_wide_") else None
        described = _form_columns(form) if form is not None else {}
        for column in frame.columns:
            column = str(column)
            plain = column.removesuffix(ANSWER_SUFFIX)
            if column in described or (column != plain and plain in described):
                rows.append({"sheet": key, "column": column, **described[plain]})
            else:
                rows.append({"sheet": key, "column": column, **_other(column)})
    return pd.DataFrame(rows, columns=list(DICTIONARY_COLUMNS))


def _other(column: str) -> dict[str, Any]:
    if column.startswith("attr:"):
        wording = f"The respondent's attribute '{column[5:]}'"
    else:
        wording = COLUMNS.get(column, column.replace("_", " ").capitalize())
    kind = "identifier" if column in IDENTIFIERS or column.endswith("_id") else ""
    return {"wording": wording, "type": kind or ("date" if column == "date" else "")}


def _form_columns(form: Any) -> dict[str, dict[str, Any]]:
    """The wide columns a form's answers take (``key`` or ``key.item``), described."""
    out: dict[str, dict[str, Any]] = {}
    for section in form.sections:
        for q in section.questions:
            base = {
                "form": form.title,
                "section": section.title,
                "question": q.key,
                "type": TYPE_NAMES.get(q.type, q.type),
            }
            for item, wording, scale in _parts(q):
                column = f"{q.key}.{item}" if item else q.key
                full = f"{q.label} — {wording}" if wording else q.label
                out[column] = {**base, "wording": full, "scale": scale}
    return out


def _parts(q: Any) -> list[tuple[str, str, str]]:
    """(item, what the item is, scale) for each cell a question's answer takes."""
    match q.type:
        case "pair":
            scale = _scale(q)
            return [("E", q.expectation_label, scale), ("P", q.perception_label, scale)]
        case "matrix":
            return [(r.key, r.label, _scale(q)) for r in q.rows]
        case "allocation":
            return [(o.key, o.label, f"points, {q.total} in all") for o in q.options]
        case "multi":
            return [(c.value, c.label, "1 = chosen") for c in q.choices]
        case "checklist":
            severity = ", ".join(f"{i} = {label}" for i, label in enumerate(q.severity_labels))
            touchpoints = "; ".join(q.touchpoints) or "free text"
            return [
                ("observed", "observed", "TRUE = observed, FALSE = not observed"),
                ("severity", "severity", severity),
                ("touchpoint", "touchpoint", touchpoints),
                ("evidence", "evidence", "free text"),
            ]
        case "single":
            choices = "; ".join(
                f"{c.value} = {c.label}" + (f" (score {c.score:g})" if c.score is not None else "")
                for c in q.choices
            )
            return [("", "", choices)]
        case "scale" | "nps":
            return [("", "", _scale(q))]
        case "number":
            low = "" if q.minimum is None else f"{q.minimum:g}"
            high = "" if q.maximum is None else f"{q.maximum:g}"
            scale = f"{low}–{high}" if low or high else "any number"
            if q.integer:
                scale += ", whole numbers"
            return [("", "", f"{scale} {q.unit}".strip())]
        case "date":
            return [("", "", "a date")]
        case _:
            return [("", "", "free text")]


def _scale(q: Any) -> str:
    low, high = q.min, q.max
    label = getattr(q, "point_label", None)
    if label is None:  # a likelihood question labels its ends only
        ends = [f"{low} = {q.min_label}", f"{high} = {q.max_label}"]
    else:
        ends = [f"{p} = {label(p)}" for p in range(low, high + 1) if label(p) != str(p)]
    text = f"{low}–{high}" + (f" ({', '.join(ends)})" if ends else "")
    if getattr(q, "allow_na", False):
        text += "; na = not applicable"
    return text
