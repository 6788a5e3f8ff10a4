"""Checks made before a new interview is created: does the respondent already have one on
the same form in the same wave, and does its date fall inside the engagement's dates?
Used by the window's New Interview dialog and by the commands that create interviews."""

from __future__ import annotations

from datetime import date
from typing import Any


def short_date(day: date) -> str:
    """``8 Mar 2026``."""
    return f"{day.day} {day:%b %Y}"


def same_interviews(
    store: Any, respondent_id: str, form_id: str, wave_id: str | None, rows: Any = None
) -> list:
    """The respondent's interviews (not in the trash) on form ``form_id`` in wave
    ``wave_id``, complete ones first, then the most recent.  ``rows``: the interview list
    (``store.interview_rows(progress=False)``) when the caller already has it."""
    wave = next((w.name for w in store.waves() if w.id == wave_id), None)
    rows = [
        r
        for r in (store.interview_rows(progress=False) if rows is None else rows)
        if r.respondent_id == respondent_id
        and r.form_id == form_id
        and (r.wave or None) == wave
        and not r.deleted
    ]
    return sorted(rows, key=lambda r: (r.status != "complete", -(r.date or date.min).toordinal()))


def already_has(respondent: str, rows: list) -> str:
    """``Patrick Walsh already has a complete ITSM maturity interview in the baseline
    wave (8 Mar 2026).`` for the first of ``rows`` (and how many more there are)."""
    first = rows[0]
    kind = "a complete" if first.status == "complete" else "a draft"
    wave = f" in the {first.wave} wave" if first.wave else ""
    when = f" ({short_date(first.date)})" if first.date else " (undated)"
    more = len(rows) - 1
    also = f" and {more} more" if more else ""
    return f"{respondent} already has {kind} {first.form_title} interview{wave}{when}{also}."


def outside_dates(engagement: Any, day: date | None) -> str:
    """``29 Nov 2026 is outside the engagement's dates (2 Mar – 7 Oct 2026).``, or "" when
    ``day`` is within them (or the engagement gives no dates)."""
    start, end = engagement.start_date, engagement.end_date
    if day is None or (start is None and end is None):
        return ""
    if (start is None or day >= start) and (end is None or day <= end):
        return ""
    if start and end:
        period = (
            f"{start.day} {start:%b} – {short_date(end)}"
            if start.year == end.year
            else f"{short_date(start)} – {short_date(end)}"
        )
    else:
        period = f"from {short_date(start)}" if start else f"until {short_date(end)}"
    return f"{short_date(day)} is outside the engagement's dates ({period})."


def twice_in_a_wave(rows: Any) -> dict[str, list]:
    """interview id → every interview (itself too) of its respondent on its form in its
    wave, for the interviews (of the list ``rows``, ``store.interview_rows()``; those in
    the trash left out) that share theirs with another: a person interviewed twice on
    one form in one wave, whose answers the wave's figures would count twice."""
    from collections import defaultdict

    groups: dict[tuple, list] = defaultdict(list)
    for r in rows:
        if not r.deleted:
            groups[(r.respondent_id, r.form_id, r.wave or None)].append(r)
    return {r.id: group for group in groups.values() if len(group) > 1 for r in group}


def twice_words(group: list) -> str:
    """``2 SERVQUAL interviews in the baseline wave (8 Mar 2026, 10 Mar 2026)``."""
    first = group[0]
    wave = f" in the {first.wave} wave" if first.wave else " with no wave"
    days = sorted(group, key=lambda r: (r.date is None, r.date or date.min))
    when = ", ".join(short_date(r.date) if r.date else "undated" for r in days)
    return f"{len(group)} {first.form_title} interviews{wave} ({when})"
