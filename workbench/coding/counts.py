"""How many segments each code holds: one count for the Codebook page and the
workbook's Codebook sheet, so that the window and the sheet say the same.

A code's *segments* are its coded segments that count (coded by hand, or automatic
proposals a consultant accepted), in interviews and of respondents not in the trash;
rejected proposals never count, and proposals still awaiting review are counted beside
them, not in them. *With sub-codes* adds the segments of every code below it, as NVivo
aggregates a parent's coding and MAXQDA shows a collapsed code: what a consultant reading
a collapsed branch wants to know. A segment belongs to one code, so no segment is counted
twice in a total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from workbench.coding import COUNTED_STATUSES

#: The names the window's columns and the sheet's columns share.
SEGMENTS = "segments"
WITH_SUB_CODES = "segments with sub-codes"
AWAITING = "awaiting review"
AWAITING_WITH_SUB_CODES = "awaiting review with sub-codes"

#: What each count means, in the sheet's data dictionary and the window's tooltips.
MEANING = {
    SEGMENTS: "The code's coded segments (coded by hand or accepted), in interviews and of "
    "respondents not in the trash, each coder's counted; rejected proposals are not counted "
    "(Code frequency counts one code's overlapping passages once, whoever coded them)",
    WITH_SUB_CODES: "The code's segments and those of every code below it (what the code "
    "holds when its branch is collapsed in the Codebook page)",
    AWAITING: "The code's automatic proposals still awaiting review (not in its segments)",
    AWAITING_WITH_SUB_CODES: "Automatic proposals awaiting review of the code and every "
    "code below it",
}


@dataclass(frozen=True)
class CodeCount:
    """One code's counts: its own and, ``…_within``, with every code below it."""

    segments: int = 0
    awaiting: int = 0
    segments_within: int = 0
    awaiting_within: int = 0

    def as_row(self) -> dict[str, int]:
        """The sheet's four columns."""
        return {
            SEGMENTS: self.segments,
            WITH_SUB_CODES: self.segments_within,
            AWAITING: self.awaiting,
            AWAITING_WITH_SUB_CODES: self.awaiting_within,
        }


def count_text(segments: int, awaiting: int) -> str:
    """A count as the Codebook page shows it: ``"12"``, ``"12 +3"`` with three proposals
    awaiting review, ``""`` for none of either."""
    if not segments and not awaiting:
        return ""
    return f"{segments}" + (f" +{awaiting}" if awaiting else "")


def code_counts(
    codes: Iterable[Any], statuses: Iterable[tuple[Any, Any, int]]
) -> dict[str, CodeCount]:
    """code id → its :class:`CodeCount`, for every one of ``codes`` (objects or rows with
    ``id`` and ``parent_id``), from ``statuses``: (code id, segment status, how many)."""
    parent = {c.id: c.parent_id for c in codes}
    own: dict[str, list[int]] = {cid: [0, 0] for cid in parent}
    for code_id, status, n in statuses:
        if code_id not in own:
            continue  # a code in the trash
        state = str(status or "").strip().lower()
        if state in COUNTED_STATUSES:
            own[code_id][0] += int(n)
        elif state == "pending":
            own[code_id][1] += int(n)
    within = {cid: list(v) for cid, v in own.items()}
    for cid, (segments, awaiting) in own.items():
        seen = {cid}
        up = parent.get(cid)
        while up in within and up not in seen:  # (a loop of parents is walked once)
            seen.add(up)
            within[up][0] += segments
            within[up][1] += awaiting
            up = parent.get(up)
    return {
        cid: CodeCount(own[cid][0], own[cid][1], within[cid][0], within[cid][1]) for cid in parent
    }


def frame_statuses(segments: Any) -> list[tuple[Any, Any, int]]:
    """``statuses`` for :func:`code_counts` from an ``EngagementData.segments`` frame."""
    if segments is None or not len(segments):
        return []
    grouped = segments.groupby(["code_id", "status"], dropna=False).size()
    return [(code_id, status, int(n)) for (code_id, status), n in grouped.items()]


def stored_statuses(store: Any) -> list[tuple[Any, Any, int]]:
    """``statuses`` for :func:`code_counts` from the store, counting the segments the
    engagement's data holds (``workbench.analysis.loader``): not removed, in interviews
    and of respondents not in the trash."""
    from sqlalchemy import text

    with store.session() as s:
        rows = s.execute(
            text(
                """SELECT cs.code_id, cs.status, count(*)
                   FROM coded_segment cs JOIN interview i ON i.id = cs.interview_id
                   JOIN respondent r ON r.id = i.respondent_id
                   WHERE cs.deleted_at IS NULL AND i.deleted_at IS NULL
                     AND r.deleted_at IS NULL
                   GROUP BY cs.code_id, cs.status"""
            )
        )
        return [(code_id, status, int(n)) for code_id, status, n in rows]
