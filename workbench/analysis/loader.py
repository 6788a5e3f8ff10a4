"""Build an EngagementData snapshot from an open engagement file.

This is the one place where analysis data meets the store: a few SELECTs, each turned
into a DataFrame.  Items in the trash are left out.
"""

from __future__ import annotations

import contextlib
import gc
import json
from collections.abc import Iterator
from typing import Any

from workbench.analysis.data import EngagementData
from workbench.store.waves import order_sql


def load_engagement_data(store: Any, progress: Any = None) -> EngagementData:
    with cycle_collection_paused():
        return _load(store, progress)


@contextlib.contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector held back while a load makes its objects, run once after.

    A load makes hundreds of thousands of objects (cells, rows, frames) that reference
    counting alone frees.  Every few hundred of them the collector would wake and walk
    the young ones, and now and then every live object, so its share grew faster than
    the data (the large engagement's load spent a tenth of its time there).  Nothing in
    a load makes a cycle worth collecting early.  The collector is process-wide: another
    thread's allocations in these few hundred milliseconds wait for it too, which only
    postpones their collection."""
    if not gc.isenabled():  # already held back (a caller's own pause): leave it so
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _load(store: Any, progress: Any) -> EngagementData:
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
            repeated=("role", "org_unit", "segment"),
        )
        # wave_order: the wave's place in the waves' one order (two merged waves of one
        # ordinal are told apart as the Waves listing tells them apart)
        interviews = _frame(
            conn,
            f"""SELECT i.id AS interview_id, i.respondent_id, fv.form_id, fv.version AS form_version,
                      w.name AS wave, w.place AS wave_order, i.date, i.interviewer, i.status,
                      i.source_ref, i.form_version_id
               FROM interview i
               JOIN respondent r ON r.id = i.respondent_id
               JOIN form_version fv ON fv.id = i.form_version_id
               LEFT JOIN (SELECT id, name, ROW_NUMBER() OVER (ORDER BY {order_sql()}) - 1 AS place
                          FROM wave) w ON w.id = i.wave_id
               WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL""",
            repeated=("respondent_id", "form_id", "wave", "interviewer", "status"),
        )
        step(0.2, "Reading answers")
        # answer_id: the id of an answer that holds text (what a coded segment points to);
        # empty for the others, whose 70,000 unique ids nothing reads.
        answers = _frame(
            conn,
            """SELECT a.interview_id, a.question_key, a.item, a.value, a.num, a.text,
                      CASE WHEN a.text IS NOT NULL THEN a.id END AS answer_id
               FROM answer a JOIN interview i ON i.id = a.interview_id
               JOIN respondent r ON r.id = i.respondent_id
               WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL""",
            repeated=("interview_id", "question_key", "item"),
        )
        step(0.6, "Reading notes and codes")
        notes = _frame(
            conn,
            """SELECT n.id AS note_id, n.interview_id, i.respondent_id, n.body, n.speaker
               FROM note n JOIN interview i ON i.id = n.interview_id
               JOIN respondent r ON r.id = i.respondent_id
               WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL ORDER BY n.position""",
            repeated=("interview_id", "respondent_id", "speaker"),
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
            repeated=(
                "code_id",
                "interview_id",
                "respondent_id",
                "source_kind",
                "source_id",
                "coder",
                "status",
                "speaker",
            ),
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


#: Rows fetched at a time: the driver's tuples of one batch are let go before the next.
_BATCH = 4096


def _frame(conn: Any, sql: str, repeated: tuple[str, ...] = ()) -> Any:
    """The rows of ``sql`` as a DataFrame, read with the driver's own cursor (plain tuples,
    no row objects) in batches, column by column.

    The driver makes a new string object for every cell, so an id or key repeated over
    70,000 answers would be held 70,000 times. The text columns named in ``repeated`` (ids,
    keys, statuses) keep one object per distinct value instead, and the duplicates go with
    their batch; the frame holds the same values either way.
    """
    import pandas as pd

    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute(sql)
        names = [d[0] for d in cursor.description]
        columns: list[list[Any]] = [[] for _ in names]
        shared: list[dict[Any, Any] | None] = [{} if n in repeated else None for n in names]
        while True:
            rows = cursor.fetchmany(_BATCH)
            if not rows:
                break
            for column, values, pool in zip(columns, zip(*rows, strict=True), shared, strict=True):
                column.extend(values if pool is None else map(pool.setdefault, values, values))
            del rows, values
    finally:
        cursor.close()
    if not names or not columns[0]:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in names})
    frame = pd.DataFrame(
        {name: _column(values) for name, values in zip(names, columns, strict=True)}
    )
    columns.clear()
    return frame


def _column(values: list[Any]) -> Any:
    """One fetched column as a Series, its dtype inferred as ``DataFrame.from_records``
    infers it."""
    import pandas as pd

    return pd.Series(values)


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
