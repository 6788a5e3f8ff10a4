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

import heapq
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from workbench.store.waves import order_sql


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
WAVES_SQL = f"""
SELECT id, engagement_id, name, ordinal, start_date, end_date, created_at, modified_at
FROM wave ORDER BY {order_sql()}
"""
COUNTS_OF_SQL = """
SELECT (SELECT count(*) FROM respondent WHERE deleted_at IS NULL),
       (SELECT count(*) FROM interview i JOIN respondent r ON r.id = i.respondent_id
        WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL),
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
# The interviews (not in the trash) that are, or are of, the records of some events,
# found by their keys (the trash's index would walk every interview).
_OF = """SELECT i.id, i.respondent_id, i.modified_at FROM interview i
JOIN respondent r ON r.id = i.respondent_id
WHERE i.{key} IN (SELECT value FROM json_each(?))
  AND +i.deleted_at IS NULL AND +r.deleted_at IS NULL"""
OF_EVENTS_SQL = _OF.format(key="id") + "\nUNION ALL\n" + _OF.format(key="respondent_id")
# The audit trail's events newest first: their ids are time-ordered (schema 0012), so
# this walks the end of the table's own b-tree, below an id made after ``now`` (an older
# file's random ids above it are older events).  Reads no text of a note.
EVENTS_SQL = """
SELECT id, at, table_name, row_id, parent_id FROM audit_event
WHERE id < ? ORDER BY id DESC LIMIT ?
"""
EVENT_PAGE = 250
EVENTS_AT_MOST = 20_000
# (person, segment, wave, linked interview, whether it is complete) of each live plan
PLANNED_SQL = """
SELECT p.respondent_id, r.segment, COALESCE(w.name, ''), p.interview_id,
       (SELECT i.status FROM interview i WHERE i.id = p.interview_id AND i.deleted_at IS NULL)
FROM planned_interview p
JOIN respondent r ON r.id = p.respondent_id
LEFT JOIN wave w ON w.id = p.wave_id
WHERE p.deleted_at IS NULL AND r.deleted_at IS NULL
"""
HELD_SQL = """
SELECT i.id, i.respondent_id, r.segment, COALESCE(w.name, ''), i.status
FROM interview i
JOIN respondent r ON r.id = i.respondent_id
LEFT JOIN wave w ON w.id = i.wave_id
WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL
"""
# Each respondent in the register with no interview and no plan (id, segment): someone
# the consultant means to see, not yet scheduled in any wave.
UNSEEN_SQL = """
SELECT r.id, r.segment FROM respondent r
WHERE r.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM interview i WHERE i.respondent_id = r.id AND i.deleted_at IS NULL)
  AND NOT EXISTS (
    SELECT 1 FROM planned_interview p WHERE p.respondent_id = r.id AND p.deleted_at IS NULL
  )
"""
WAVE_NAMES_SQL = f"SELECT name FROM wave ORDER BY {order_sql()}"


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
    """Respondents, interviews, codes and coded segments not in the trash (an interview
    of a respondent in the trash is in it with them, as the Interviews page lists it);
    every note and answer cell."""
    return dict(zip(COUNT_LABELS, conn.execute(COUNTS_OF_SQL).fetchone(), strict=True))


def recent_interviews(conn: Any, limit: int = 8) -> list[tuple[str, datetime | None]]:
    """(interview id, time of its last edit) of the interviews changed last (not in the
    trash), newest first.

    An interview's last edit is the latest of its own, its answers', notes', coding's
    and its respondent's, as the audit trail records them: its events are read newest
    first until ``limit`` interviews (or every one, when there are fewer) are known to be
    the latest, at most :data:`EVENTS_AT_MOST` of them.  The first event read of an
    interview is its last; an interview whose own time is later than the events read so
    far has no later one either.
    """
    import time

    # Times compared as stored: the trail's and the models' are both written
    # "YYYY-MM-DD HH:MM:SS.ffffff" (UTC), which sorts as it reads.  An interview's own
    # time (an answer's edit stamps it too) is where the interviews changed last begin.
    last = {iid: str(when or "") for iid, when in conn.execute(RECENT_SQL, (limit,))}
    wanted = len(last)  # fewer than ``limit``: every interview there is
    known: set[str] = set()  # the interviews whose last event has been read
    # an id of an event made a day from now: no event of this machine sorts above it
    below = f"{int((time.time() + 86_400) * 1000):012x}8"
    seen = 0
    while wanted and seen < EVENTS_AT_MOST:
        page = conn.execute(EVENTS_SQL, (below, EVENT_PAGE)).fetchall()
        records: dict[str, str] = {}  # interview id -> its latest event of the page
        people: dict[str, str] = {}  # respondent id -> the same
        for _id, at, table, row_id, parent_id in page:
            at = str(at)
            found = people if table == "respondent" else records
            key = row_id if table in ("interview", "respondent") else parent_id
            if key is not None and at > found.get(key, ""):
                found[key] = at
        if records or people:
            ids = (json.dumps(list(records)), json.dumps(list(people)))
            for iid, rid, when in conn.execute(OF_EVENTS_SQL, ids):
                last[iid] = max(
                    last.get(iid, ""), str(when or ""), records.get(iid, ""), people.get(rid, "")
                )
                known.add(iid)
        seen += len(page)
        if len(page) < EVENT_PAGE:
            break
        below, oldest = page[-1][0], str(page[-1][1])
        settled = known | {iid for iid, when in last.items() if when >= oldest}
        if len(settled) >= wanted:
            break
    ranked = heapq.nlargest(limit, last.items(), key=lambda kv: kv[1])
    return [(iid, as_datetime(when) if when else None) for iid, when in ranked]


#: The ``wave`` of :func:`progress_by_segment_and_wave`'s entries that count each person
#: once whatever their waves (the table's "All" column).
ANY_WAVE = None


def progress_by_segment_and_wave(conn: Any) -> list[dict[str, Any]]:
    """People interviewed of people to interview, per (segment, wave): the overview's table.

    Every count is of people, not of interview records: a person is *to interview* in a
    wave when a plan or an interview of theirs is in it, and *interviewed* there when
    they have a completed interview in it (or their plan's linked interview is
    complete); someone interviewed twice in a wave, or on two forms, counts once.  Each
    person in the register with neither an interview nor a plan (added to be seen) is to
    interview in the wave of the fieldwork under way: the latest with an interview or a
    plan (the first wave when none has).  So "interviewed" never exceeds "to interview".

    Besides the entries of each (segment, wave), each segment has one whose wave is
    :data:`ANY_WAVE`: its people counted once whatever their waves, so that its "to
    interview" is the segment's people in the register and its "interviewed" those with
    a completed interview in any wave (the report's Respondents table: the two differ by
    the people it says are not yet interviewed).
    """
    to_see: dict[tuple[Any, Any], set[str]] = {}
    seen: dict[tuple[Any, Any], set[str]] = {}

    def count(person: str, segment: Any, wave: Any, done: bool) -> None:
        for key in ((segment, wave), (segment, ANY_WAVE)):
            to_see.setdefault(key, set()).add(person)
            people = seen.setdefault(key, set())
            if done:
                people.add(person)

    linked: set[str] = set()
    for person, segment, wave, interview_id, status in conn.execute(PLANNED_SQL).fetchall():
        if interview_id:
            linked.add(interview_id)
        count(person, segment, wave, status == "complete")
    for interview_id, person, segment, wave, status in conn.execute(HELD_SQL).fetchall():
        if interview_id not in linked:
            count(person, segment, wave, status == "complete")
    unseen = conn.execute(UNSEEN_SQL).fetchall()
    if unseen:
        waves = [name for (name,) in conn.execute(WAVE_NAMES_SQL).fetchall()]
        used = {wave for _segment, wave in to_see if wave is not ANY_WAVE}
        current = next((w for w in reversed(waves) if w in used), waves[0] if waves else "")
        for person, segment in unseen:
            count(person, segment, current, False)
    entries = [
        {"segment": segment, "wave": wave, "planned": len(people), "done": len(seen[key])}
        for key, people in to_see.items()
        for segment, wave in [key]
    ]
    return sorted(
        entries, key=lambda e: (e["wave"] is ANY_WAVE, e["wave"] or "", e["segment"] or "")
    )


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
