"""Coded segments in the trash: what the trash lists of them, and taking one out.

A segment goes to the trash when its code is removed from it, when the words it marks
are deleted from its note or answer, or with its note.  (A code's deletion leaves its
segments as they are: they are hidden with the code and come back with it.)  Taken out
of the trash, a segment marks the same words again: where they stand now if the text
was edited around them, refused in words when they are no longer in the text.

The trash lists coded passages: segments coded by hand or accepted.  An automatic
proposal that was never accepted (its application undone, removed before review, or
gone with its words) is not one, and is not listed (:data:`LISTED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from workbench.store.models import Answer, CodedSegment, Note, utcnow

#: The status of the segments in the trash that it lists: a pending (or rejected)
#: automatic proposal was never a coded passage.
LISTED = "accepted"


@dataclass(frozen=True)
class TrashedSegment:
    id: str
    code_id: str
    interview_id: str
    source_kind: str  # note | answer
    start: int
    end: int
    text: str
    deleted_at: datetime | None
    problem: str  # why it cannot be taken out of the trash ("" if it can)


@dataclass(frozen=True)
class SegmentPlace:
    """Where a segment in the trash would mark its words if taken out, or why it cannot."""

    start: int
    end: int
    problem: str = ""


def trashed_segments(store: Any) -> list[TrashedSegment]:
    """The coded segments in the trash, newest deletion first."""
    with store.session() as s:
        rows = s.execute(
            select(CodedSegment)
            .where(CodedSegment.deleted_at.is_not(None), CodedSegment.status == LISTED)
            .order_by(CodedSegment.deleted_at.desc())
        ).scalars()
        found = []
        for r in rows:
            body = _source_body(s, r.source_kind, r.source_id)
            problem = _place(body, r.source_kind, r.start, r.end, r.text).problem
            found.append(
                TrashedSegment(
                    r.id, r.code_id, r.interview_id, r.source_kind, r.start, r.end, r.text,
                    r.deleted_at, problem,
                )  # fmt: skip
            )
        return found


def live_segment_counts(store: Any) -> dict[str, int]:
    """code id → its segments not in the trash (of any status but rejected)."""
    from sqlalchemy import func

    with store.session() as s:
        rows = s.execute(
            select(CodedSegment.code_id, func.count())
            .where(CodedSegment.deleted_at.is_(None), CodedSegment.status != "rejected")
            .group_by(CodedSegment.code_id)
        ).all()
    return {code_id: n for code_id, n in rows}


def _source_body(s: Any, kind: str, source_id: str) -> str | None:
    if kind == "note":
        row = s.get(Note, source_id)
        return row.body if row is not None else None
    row = s.get(Answer, source_id)
    return row.text if row is not None else None


def _place(body: str | None, kind: str, start: int, end: int, text: str) -> SegmentPlace:
    where = "note" if kind == "note" else "answer"
    if body is None:
        return SegmentPlace(start, end, f"its {where} was deleted")
    if body[start:end] == text:
        return SegmentPlace(start, end)
    found, at = [], body.find(text) if text else -1
    while at >= 0:
        found.append(at)
        at = body.find(text, at + 1)
    if not found:
        return SegmentPlace(start, end, f"the words it marked are no longer in its {where}")
    nearest = min(found, key=lambda a: (abs(a - start), a))
    return SegmentPlace(nearest, nearest + len(text))


def segment_place(store: Any, segment_id: str) -> SegmentPlace:
    """Where the segment would mark its words if taken out of the trash (see module)."""
    with store.session() as s:
        row = s.get(CodedSegment, segment_id)
        if row is None:
            raise KeyError(segment_id)
        body = _source_body(s, row.source_kind, row.source_id)
        return _place(body, row.source_kind, row.start, row.end, row.text)


def restore_trashed_segment(store: Any, segment_id: str) -> tuple[int, int]:
    """Take a segment out of the trash onto its words; returns its (start, end) before,
    for :func:`trash_segment_again`.  Raises ValueError, changing nothing, when its words
    or its text are gone."""
    with store.writing() as s:
        row = s.get(CodedSegment, segment_id)
        if row is None:
            raise KeyError(segment_id)
        body = _source_body(s, row.source_kind, row.source_id)
        place = _place(body, row.source_kind, row.start, row.end, row.text)
        if place.problem:
            raise ValueError(f"cannot restore this coded passage: {place.problem}")
        before = (row.start, row.end)
        row.start, row.end, row.deleted_at = place.start, place.end, None
        return before


def trash_segment_again(store: Any, segment_id: str, before: tuple[int, int]) -> None:
    """Undo :func:`restore_trashed_segment`: back to the trash where it was."""
    with store.writing() as s:
        row = s.get(CodedSegment, segment_id)
        if row is None:
            raise KeyError(segment_id)
        row.start, row.end = before
        row.deleted_at = utcnow()
