"""The reads the window's first page makes, in plain SQL on a DB-API connection.

Each function takes a connection of the :mod:`sqlite3` module (or SQLCipher's) and returns
plain values; nothing here imports SQLAlchemy.  The :class:`~workbench.store.Store` runs
them through its own connection (``Store._raw_reading``), and a window that has just
opened a file runs them through a read-only connection of its own while SQLAlchemy and
the models load (:mod:`workbench.store.early`): one query for each, whichever connection
it goes through.  Values come back as the models give them (dates as ``date``, times as
``datetime``, JSON decoded).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class InterviewRow:
    """One line of the interview list, with everything the table shows."""

    id: str
    respondent_id: str
    respondent: str
    segment: str
    form_id: str
    form_title: str
    form_version: int
    wave: str
    date: date | None
    interviewer: str
    place: str
    status: str
    answered: int | None  # None when asked without progress
    total: int | None
    deleted: bool


@dataclass(frozen=True)
class WaveRecord:
    id: str
    engagement_id: str
    name: str
    ordinal: int
    start_date: date | None
    end_date: date | None
    created_at: datetime | None
    modified_at: datetime | None


@dataclass(frozen=True)
class EngagementRecord:
    """The engagement's fields as the models hold them (``models.Engagement`` read
    without the models)."""

    id: str
    client: str
    title: str
    scope: str
    consultants: list[Any]
    start_date: date | None
    end_date: date | None
    anonymise_k: int
    anonymise_terms: list[Any]
    retain_until: date | None
    code_sets: list[Any]
    created_at: datetime | None
    modified_at: datetime | None


ROWS_SQL = """
SELECT i.id, i.respondent_id, r.name, r.segment, fv.form_id, fv.title, fv.version,
       COALESCE(w.name, ''), i.date, i.interviewer, i.place, i.status,
       i.deleted_at IS NOT NULL, i.form_version_id, i.modified_at,
       {progress}
FROM interview i
JOIN respondent r ON r.id = i.respondent_id
JOIN form_version fv ON fv.id = i.form_version_id
LEFT JOIN wave w ON w.id = i.wave_id
{join}
{where}
ORDER BY i.date IS NULL, i.date DESC, r.name
"""

# The progress kept for each interview (schema 0010): answered, relevant; NULL where none.
PROGRESS_COLUMNS = "p.answered, p.relevant"
PROGRESS_JOIN = "LEFT JOIN interview_progress p ON p.interview_id = i.id"
PROGRESS_AT = 15  # where the two columns start in a row of ``ROWS_SQL``

ENGAGEMENT_SQL = """
SELECT id, client, title, scope, consultants, start_date, end_date, anonymise_k,
       anonymise_terms, retain_until, code_sets, created_at, modified_at
FROM engagement
"""
WAVES_SQL = """
SELECT id, engagement_id, name, ordinal, start_date, end_date, created_at, modified_at
FROM wave ORDER BY ordinal
"""
COUNTS_OF_SQL = """
SELECT (SELECT count(*) FROM respondent WHERE deleted_at IS NULL),
       (SELECT count(*) FROM interview WHERE deleted_at IS NULL),
       (SELECT count(*) FROM note),
       (SELECT count(*) FROM answer),
       (SELECT count(*) FROM code WHERE deleted_at IS NULL),
       (SELECT count(*) FROM coded_segment WHERE deleted_at IS NULL)
"""
COUNT_LABELS = ("respondents", "interviews", "notes", "answers", "codes", "coded segments")
RECENT_SQL = """
SELECT i.id, i.modified_at FROM interview i JOIN respondent r ON r.id = i.respondent_id
WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL
ORDER BY i.modified_at DESC LIMIT ?
"""
# (segment, wave, linked interview, whether it is complete) of each live plan
PLANNED_SQL = """
SELECT r.segment, COALESCE(w.name, ''), p.interview_id,
       (SELECT i.status FROM interview i WHERE i.id = p.interview_id AND i.deleted_at IS NULL)
FROM planned_interview p
JOIN respondent r ON r.id = p.respondent_id
LEFT JOIN wave w ON w.id = p.wave_id
WHERE p.deleted_at IS NULL AND r.deleted_at IS NULL
"""
HELD_SQL = """
SELECT i.id, r.segment, COALESCE(w.name, ''), i.status
FROM interview i
JOIN respondent r ON r.id = i.respondent_id
LEFT JOIN wave w ON w.id = i.wave_id
WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL
"""


# -- the interview list --------------------------------------------------------------------
def raw_interview_rows(
    conn: Any,
    *,
    include_deleted: bool = False,
    ids: Sequence[str] | None = None,
    progress: bool = False,
) -> list[tuple[Any, ...]]:
    """The interview list's rows as stored (``ROWS_SQL``); with ``progress`` each
    interview's kept progress (answered, relevant; NULL where none is kept), else NULLs."""
    where = []
    params: list[Any] = []
    if not include_deleted:
        where.append("i.deleted_at IS NULL AND r.deleted_at IS NULL")
    if ids is not None:
        if not ids:
            return []
        params = list(ids)
        where.append(f"i.id IN ({', '.join('?' * len(params))})")
    sql = ROWS_SQL.format(
        where=("WHERE " + " AND ".join(where)) if where else "",
        progress=PROGRESS_COLUMNS if progress else "NULL, NULL",
        join=PROGRESS_JOIN if progress else "",
    )
    return conn.execute(sql, params).fetchall()


def interview_rows(
    raw: list[tuple[Any, ...]], counted: dict[str, tuple[int, int]] | None = None
) -> list[InterviewRow]:
    """:class:`InterviewRow` of each row of :func:`raw_interview_rows`, with the
    (answered, total) of each interview in ``counted`` (None: without progress)."""
    return [
        InterviewRow(
            id=row[0],
            respondent_id=row[1],
            respondent=row[2],
            segment=row[3],
            form_id=row[4],
            form_title=row[5],
            form_version=row[6],
            wave=row[7],
            date=as_date(row[8]),
            interviewer=row[9],
            place=row[10],
            status=row[11],
            answered=None if counted is None else counted[row[0]][0],
            total=None if counted is None else counted[row[0]][1],
            deleted=bool(row[12]),
        )
        for row in raw
    ]


# -- the engagement at a glance -----------------------------------------------------------
def engagement(conn: Any) -> EngagementRecord:
    rows = conn.execute(ENGAGEMENT_SQL).fetchall()
    if len(rows) != 1:
        raise LookupError(f"the file holds {len(rows)} engagement records instead of one")
    (eid, client, title, scope, consultants, start, end, k, terms, until, sets, made, changed) = (
        rows[0]
    )
    return EngagementRecord(
        id=eid,
        client=client,
        title=title,
        scope=scope,
        consultants=_json(consultants),
        start_date=as_date(start),
        end_date=as_date(end),
        anonymise_k=k,
        anonymise_terms=_json(terms),
        retain_until=as_date(until),
        code_sets=_json(sets),
        created_at=as_datetime(made),
        modified_at=as_datetime(changed),
    )


def waves(conn: Any) -> list[WaveRecord]:
    return [
        WaveRecord(
            wid, eid, name, ordinal, as_date(start), as_date(end), as_datetime(made),
            as_datetime(changed),
        )
        for wid, eid, name, ordinal, start, end, made, changed in conn.execute(WAVES_SQL)
    ]  # fmt: skip


def counts(conn: Any) -> dict[str, int]:
    """Respondents, interviews, codes and coded segments not in the trash; every note
    and answer cell."""
    return dict(zip(COUNT_LABELS, conn.execute(COUNTS_OF_SQL).fetchone(), strict=True))


def recent_interviews(conn: Any, limit: int = 8) -> list[tuple[str, datetime | None]]:
    """(interview id, modified time) of the interviews changed last (not in the trash)."""
    return [(iid, as_datetime(when)) for iid, when in conn.execute(RECENT_SQL, (limit,))]


def progress_by_segment_and_wave(conn: Any) -> list[dict[str, Any]]:
    """Planned and completed interviews per (segment, wave): the overview's table.

    Interviews done without a plan count as planned too, so "done" never exceeds it.
    """
    counted: dict[tuple[str, str], dict[str, Any]] = {}

    def bucket(segment: str, wave: str) -> dict[str, Any]:
        return counted.setdefault(
            (segment, wave), {"segment": segment, "wave": wave, "planned": 0, "done": 0}
        )

    linked: set[str] = set()
    for segment, wave, interview_id, status in conn.execute(PLANNED_SQL).fetchall():
        entry = bucket(segment, wave)
        entry["planned"] += 1
        if interview_id:
            linked.add(interview_id)
        if status == "complete":
            entry["done"] += 1
    for interview_id, segment, wave, status in conn.execute(HELD_SQL).fetchall():
        if interview_id in linked:
            continue
        entry = bucket(segment, wave)
        entry["planned"] += 1
        entry["done"] += status == "complete"
    return sorted(counted.values(), key=lambda e: (e["wave"], e["segment"]))


# -- stored values as the models give them ------------------------------------------------
def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
