"""Build an EngagementData snapshot from an open engagement file.

This is the one place where analysis data meets the store: a few SELECTs, each turned
into a DataFrame.  Items in the trash are left out.
"""

from __future__ import annotations

import json
from typing import Any

from workbench.analysis.data import EngagementData


def load_engagement_data(store: Any, progress: Any = None) -> EngagementData:
    import pandas as pd

    def step(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    step(0.0, "Reading respondents")
    with store.session() as s:
        conn = s.connection()
        respondents = _frame(
            conn,
            """SELECT id AS respondent_id, name, role, org_unit, NULLIF(segment, '') AS segment,
                      consent_given AS consent,
                      attributes
               FROM respondent WHERE deleted_at IS NULL ORDER BY name""",
        )
        interviews = _frame(
            conn,
            """SELECT i.id AS interview_id, i.respondent_id, fv.form_id, fv.version AS form_version,
                      w.name AS wave, w.ordinal AS wave_order, i.date, i.interviewer, i.status,
                      i.form_version_id
               FROM interview i
               JOIN respondent r ON r.id = i.respondent_id
               JOIN form_version fv ON fv.id = i.form_version_id
               LEFT JOIN wave w ON w.id = i.wave_id
               WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL""",
        )
        step(0.2, "Reading answers")
        answers = _frame(
            conn,
            """SELECT a.interview_id, a.question_key, a.item, a.value, a.num, a.text,
                      a.id AS answer_id
               FROM answer a JOIN interview i ON i.id = a.interview_id
               JOIN respondent r ON r.id = i.respondent_id
               WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL""",
        )
        step(0.6, "Reading notes and codes")
        notes = _frame(
            conn,
            """SELECT n.id AS note_id, n.interview_id, i.respondent_id, n.body, n.speaker
               FROM note n JOIN interview i ON i.id = n.interview_id
               JOIN respondent r ON r.id = i.respondent_id
               WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL ORDER BY n.position""",
        )
        segments = _frame(
            conn,
            """SELECT cs.id AS segment_id, cs.code_id, cs.interview_id, i.respondent_id,
                      cs.source_kind, cs.source_id, cs.start, cs."end", cs.text, cs.coder,
                      cs.status, COALESCE(n.speaker, '') AS speaker
               FROM coded_segment cs JOIN interview i ON i.id = cs.interview_id
               LEFT JOIN note n ON cs.source_kind = 'note' AND n.id = cs.source_id
               JOIN respondent r ON r.id = i.respondent_id
               JOIN code c ON c.id = cs.code_id
               WHERE cs.deleted_at IS NULL AND i.deleted_at IS NULL AND r.deleted_at IS NULL
                 AND c.deleted_at IS NULL""",
        )
    paths = store.code_paths()
    codes = pd.DataFrame(
        [
            {
                "code_id": c.id,
                "parent_id": c.parent_id,
                "name": c.name,
                "path": paths[c.id],
                "colour": c.colour,
            }
            for c in store.codes()
            if c.id in paths
        ]
    )

    step(0.8, "Preparing tables")
    # Respondent attributes become attr:<name> columns.
    attrs = (
        respondents.pop("attributes").map(_json) if len(respondents) else pd.Series(dtype=object)
    )
    names = sorted({k for a in attrs if isinstance(a, dict) for k in a})
    for name in names:
        respondents[f"attr:{name}"] = attrs.map(lambda a, n=name: (a or {}).get(n))
    if len(respondents):
        respondents["consent"] = respondents["consent"].astype(bool)

    forms: dict[str, Any] = {}
    newest: dict[str, int] = {}
    for version_id, form_id, version in (
        interviews[["form_version_id", "form_id", "form_version"]]
        .drop_duplicates()
        .itertuples(index=False)
    ):
        if version >= newest.get(form_id, 0):
            newest[form_id] = version
            forms[form_id] = store.form_definition(version_id)
    interviews = interviews.drop(columns=["form_version_id"])
    if len(interviews):
        dates = pd.to_datetime(interviews["date"])
        interviews["date"] = [None if pd.isna(d) else d.date() for d in dates]

    if len(answers):
        answers["value"] = decode_values(answers["value"])
        info = interviews.set_index("interview_id")
        answers["respondent_id"] = answers["interview_id"].map(info["respondent_id"])
        answers["form_id"] = answers["interview_id"].map(info["form_id"])
        answers["wave"] = answers["interview_id"].map(info["wave"])
        answers["status"] = answers["interview_id"].map(info["status"])
        answers["segment"] = answers["respondent_id"].map(
            respondents.set_index("respondent_id")["segment"]
        )

    questions, items = _question_frames(forms)
    step(1.0, "Ready")
    return EngagementData.build(
        respondents=respondents,
        interviews=interviews,
        answers=answers,
        notes=notes,
        codes=codes,
        segments=segments,
        questions=questions,
        question_items=items,
        forms=forms,
    )


def _frame(conn: Any, sql: str) -> Any:
    """The rows of ``sql`` as a DataFrame, read with the driver's own cursor (plain tuples,
    no row objects)."""
    import pandas as pd

    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        columns = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    finally:
        cursor.close()
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return pd.DataFrame.from_records(rows, columns=columns)


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def decode_values(raw: Any) -> Any:
    """Stored JSON values decoded once per distinct value (most cells share a few values)."""
    import numpy as np
    import pandas as pd

    try:
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    except TypeError:  # values the driver has already decoded (lists, dicts)
        return raw.map(_json).astype(object)
    decoded = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        decoded[i] = _json(value)
    decoded[-1] = None  # code -1: a missing value
    return pd.Series(decoded[codes], index=raw.index, dtype=object)


def _question_frames(forms: dict[str, Any]) -> tuple[Any, Any]:
    import pandas as pd

    questions: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for form_id, form in forms.items():
        for section in form.sections:
            for q in section.questions:
                questions.append(
                    {
                        "form_id": form_id,
                        "question_key": q.key,
                        "type": q.type,
                        "label": q.label,
                        "section": section.title,
                        "reverse": bool(getattr(q, "reverse", False)),
                        "scale_min": getattr(q, "min", None),
                        "scale_max": getattr(q, "max", None),
                        "tags": dict(q.tags or {}),
                    }
                )
                for row in getattr(q, "rows", None) or []:
                    items.append(
                        {
                            "form_id": form_id,
                            "question_key": q.key,
                            "item": row.key,
                            "label": row.label,
                            "tags": dict(row.tags or {}),
                        }
                    )
                for option in getattr(q, "options", None) or []:
                    items.append(
                        {
                            "form_id": form_id,
                            "question_key": q.key,
                            "item": option.key,
                            "label": option.label,
                            "tags": {},
                        }
                    )
                if q.type == "pair":
                    for item, label in (("E", q.expectation_label), ("P", q.perception_label)):
                        items.append(
                            {
                                "form_id": form_id,
                                "question_key": q.key,
                                "item": item,
                                "label": label,
                                "tags": {},
                            }
                        )
    return pd.DataFrame(questions), pd.DataFrame(items)
