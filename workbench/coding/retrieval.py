"""Retrieval: every segment of one or more codes with the words around it, filtered by
the respondent's segment, wave and attributes (no Qt)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select

from workbench.store.models import (
    Answer,
    CodedSegment,
    Interview,
    Note,
    Respondent,
    Wave,
)

CONTEXT_CHARS = 60


# -- retrieval -------------------------------------------------------------------------
@dataclass(frozen=True)
class Retrieved:
    segment_id: str
    code_ids: tuple[str, ...]
    interview_id: str
    respondent: str
    respondent_segment: str
    wave: str
    attributes: dict[str, Any]
    source_kind: str
    source_id: str
    start: int
    end: int
    before: str
    text: str
    after: str
    status: str
    coder: str
    automatic: bool
    speaker: str = ""  # the note's speaker ("respondent:<name>", …) when a transcript made it


@dataclass
class RetrievalFilter:
    # None: every respondent; "": the respondents without a segment
    respondent_segment: str | None = None
    wave: str | None = None
    attribute: tuple[str, str] | None = None
    statuses: tuple[str, ...] = ("accepted",)
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # "respondent" (their transcript turns and text answers), "interviewer" or "other"
    speaker: str | None = None


class Retrieval(list):  # list[Retrieved]
    """The retrieved segments, and how many coded segments the speaker filter left out,
    by reason (``left_out``: reason -> count)."""

    def __init__(self, items: Iterable[Retrieved] = (), left_out: dict[str, int] | None = None):
        super().__init__(items)
        self.left_out: dict[str, int] = dict(left_out or {})

    def left_out_note(self) -> str:
        """``"3 coded segments left out: 2 in notes with no speaker …"``, or ``""``."""
        total = sum(self.left_out.values())
        if not total:
            return ""
        parts = [f"{n} {reason}" for reason, n in self.left_out.items() if n]
        return f"{total} coded segment{'s' if total != 1 else ''} left out: " + "; ".join(parts)


NO_SPEAKER = (
    "in notes with no speaker (the consultant's own notes, or notes not imported from a "
    "transcript: whose words they are is not known)"
)
UNMARKED = (
    "in sources imported from another QDA tool that have no speaker marks (no \"Name: "
    "words\" turns were found in them, so whose words they are is not known)"
)
OTHER_SPEAKER = "in turns of other speakers"
ANSWERS = "in text answers (the respondents' own words)"


def retrieve(
    store: Any,
    code_ids: Iterable[str],
    mode: str = "or",
    filters: RetrievalFilter | None = None,
    context: int = CONTEXT_CHARS,
) -> Retrieval:
    """Segments of the codes: ``or`` = coded with any of them; ``and`` = text coded with all
    of them (the same or overlapping text in one source; the overlap is returned)."""
    code_ids = list(dict.fromkeys(code_ids))
    filters = filters or RetrievalFilter()
    if not code_ids:
        return Retrieval()
    with store.session() as s:
        q = (
            select(CodedSegment, Respondent, Wave)
            .join(Interview, Interview.id == CodedSegment.interview_id)
            .join(Respondent, Respondent.id == Interview.respondent_id)
            .outerjoin(Wave, Wave.id == Interview.wave_id)
            .where(
                CodedSegment.deleted_at.is_(None),
                CodedSegment.code_id.in_(code_ids),
                CodedSegment.status.in_(filters.statuses),
                Interview.deleted_at.is_(None),
                Respondent.deleted_at.is_(None),
            )
        )
        if filters.respondent_segment == "":  # the respondents without a segment
            q = q.where(or_(Respondent.segment.is_(None), func.trim(Respondent.segment) == ""))
        elif filters.respondent_segment:
            q = q.where(Respondent.segment == filters.respondent_segment)
        if filters.wave:
            q = q.where(Wave.name == filters.wave)
        rows = s.execute(q.order_by(Respondent.name, CodedSegment.start)).all()
        texts = _texts_of(s, {seg.source_id for seg, _r, _w in rows})
        speakers = _speakers_of(s, {seg.source_id for seg, _r, _w in rows})
        unmarked = (
            _imported_unmarked(s, {seg.source_id for seg, _r, _w in rows})
            if filters.speaker
            else set()
        )
    left_out: dict[str, int] = {}
    if filters.speaker:
        kept = []
        for r in rows:
            if _spoken_by(r[0], speakers, filters.speaker):
                kept.append(r)
                continue
            reason = (
                ANSWERS if r[0].source_kind == "answer"
                else OTHER_SPEAKER if speakers.get(r[0].source_id)
                else UNMARKED if r[0].source_id in unmarked else NO_SPEAKER
            )  # fmt: skip
            left_out[reason] = left_out.get(reason, 0) + 1
        rows = kept
    if filters.attribute:
        name, value = filters.attribute
        rows = [r for r in rows if str((r[1].attributes or {}).get(name, "")) == value]
    spans: list[tuple[Any, Any, Any, int, int, tuple[str, ...]]] = []
    if mode == "and" and len(code_ids) > 1:
        by_source: dict[str, list] = {}
        for row in rows:
            by_source.setdefault(row[0].source_id, []).append(row)
        for group in by_source.values():
            anchors = [r for r in group if r[0].code_id == code_ids[0]]
            for seg, resp, wave in anchors:
                lo, hi, ok = seg.start, seg.end, True
                for other in code_ids[1:]:
                    hits = [
                        r[0]
                        for r in group
                        if r[0].code_id == other and r[0].start < hi and lo < r[0].end
                    ]
                    if not hits:
                        ok = False
                        break
                    lo = max(lo, min(h.start for h in hits))
                    hi = min(hi, max(h.end for h in hits))
                if ok and lo < hi:
                    spans.append((seg, resp, wave, lo, hi, tuple(code_ids)))
    else:
        spans = [(seg, resp, wave, seg.start, seg.end, (seg.code_id,)) for seg, resp, wave in rows]
    out = Retrieval(left_out=left_out)
    needle = filters.text.lower().strip()
    for seg, resp, wave, lo, hi, codes in spans:
        body = texts.get(seg.source_id, seg.text)
        if hi > len(body):
            body, lo, hi = seg.text, 0, len(seg.text)
        item = Retrieved(
            segment_id=seg.id,
            code_ids=codes,
            interview_id=seg.interview_id,
            respondent=resp.name,
            respondent_segment=resp.segment,
            wave=wave.name if wave is not None else "",
            attributes=dict(resp.attributes or {}),
            source_kind=seg.source_kind,
            source_id=seg.source_id,
            start=lo,
            end=hi,
            before=_clip_left(body[:lo], context),
            text=body[lo:hi],
            after=_clip_right(body[hi:], context),
            status=seg.status,
            coder=seg.coder,
            automatic=seg.automatic,
            speaker=speakers.get(seg.source_id, ""),
        )
        if needle and needle not in (item.text + item.respondent).lower():
            continue
        out.append(item)
    return out


def _speakers_of(s: Any, source_ids: set[str]) -> dict[str, str]:
    if not source_ids:
        return {}
    found = s.execute(
        select(Note.id, Note.speaker).where(Note.id.in_(source_ids), Note.speaker != "")
    ).all()
    return dict(found)


def _imported_unmarked(s: Any, source_ids: set[str]) -> set[str]:
    """The notes among ``source_ids`` that are another tool's source without speaker
    turns (an interview imported from a REFI-QDA project whose notes name no speaker)."""
    from workbench.coding.qdpx import SOURCE_REF

    if not source_ids:
        return set()
    rows = s.execute(
        select(Note.id, Note.interview_id)
        .join(Interview, Interview.id == Note.interview_id)
        .where(Note.id.in_(list(source_ids)), Interview.source_ref.like(f"{SOURCE_REF}%"))
    ).all()
    interviews = {iv for _id, iv in rows}
    turned = set(
        s.execute(
            select(Note.interview_id).where(
                Note.interview_id.in_(list(interviews)), Note.speaker != ""
            )
        ).scalars()
    ) if interviews else set()  # fmt: skip
    return {nid for nid, iv in rows if iv not in turned}


def _spoken_by(seg: Any, speakers: dict[str, str], role: str) -> bool:
    if role == "respondent" and seg.source_kind == "answer":
        return True  # a text answer is the respondent's own words
    return speakers.get(seg.source_id, "").split(":", 1)[0] == role


def _texts_of(s: Any, source_ids: set[str]) -> dict[str, str]:
    if not source_ids:
        return {}
    ids = list(source_ids)
    out = dict(s.execute(select(Note.id, Note.body).where(Note.id.in_(ids))).all())
    out.update(s.execute(select(Answer.id, Answer.text).where(Answer.id.in_(ids))).all())
    return {k: v or "" for k, v in out.items()}


def _clip_left(text: str, n: int) -> str:
    text = " ".join(text.split(" ")) if text else ""
    if len(text) <= n:
        return text
    cut = text[-n:]
    return "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut


def _clip_right(text: str, n: int) -> str:
    if len(text) <= n:
        return text
    cut = text[:n]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
