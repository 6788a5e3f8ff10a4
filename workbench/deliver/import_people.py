"""What an import of responses gives the people it adds to the engagement, in words for its
summary (the command line's and the window's).

A row's respondent is new unless the import matches them to a known respondent (see
:func:`workbench.deliver.importer.same_person`).  A new respondent gets the segment of the
row's segment column, else :data:`DEFAULT_SEGMENT`; the import records no consent (the
Respondents page's Consent box, ticked for those who gave it).  Known respondents keep
their segment and consent whatever the file says.
"""

from __future__ import annotations

import re
from typing import Any

#: the segment a new respondent gets when the file gives none
DEFAULT_SEGMENT = "external customer"


def _shown(segment: str) -> str:
    """A segment as it is stored, and as the window, the workbook and the report all write
    it: "external customer"."""
    return segment


def _column(plan: Any, test: Any) -> str | None:
    """ "C (Segment)": the first column whose header or target passes ``test``."""
    for i, header in enumerate(plan.headers):
        if test(header, plan.mapping.get(header, "")):
            return f"{plan.letter(i)} ({header})"
    return None


def _is_consent(header: str) -> bool:
    return "consent" in re.sub(r"[^a-z]+", " ", header.lower()).split()


def new_people_note(plan: Any, created: int) -> str:
    """What the ``created`` new respondents were given: their segment (and the column it
    came from), and that no consent is recorded for them; "" when the import added no one.

    ``plan.new_segments`` (segment given by the rows, or "" for none -> people given it)
    gives the counts when it adds up to ``created``; otherwise the segments are named
    without counts."""
    if created <= 0:
        return ""
    one = created == 1
    them = "The new respondent" if one else f"The {created:,} new respondents"
    column = _column(plan, lambda _h, target: target == "respondent.segment")
    given: dict[str, int] = dict(getattr(plan, "new_segments", {}) or {})
    counted = sum(given.values()) == created
    if column is None or set(given) <= {""}:
        where = (
            f"column {column} is empty for {'them' if not one else 'the respondent'}"
            if column is not None
            else "no column of the file gives a segment"
        )
        segment = (
            f"{them} {'is' if one else 'are'} in the segment {_shown(DEFAULT_SEGMENT)} "
            f"({where}; change it on the Respondents page where it is wrong)"
        )
    else:
        parts = [
            f"{given[name]:,} {_shown(name)}" if counted else _shown(name)
            for name in sorted((n for n in given if n), key=lambda n: (-given[n], n))
        ]
        if "" in given:
            empty = f"{_shown(DEFAULT_SEGMENT)} where the cell is empty"
            parts.append(f"{given['']:,} {empty}" if counted else empty)
        whose = "The new respondent's segment comes" if one else f"{them}' segments come"
        segment = f"{whose} from column {column}: {', '.join(parts)}"
        if getattr(plan, "known_named", 0):
            segment += " (respondents already in the engagement keep theirs)"
    consent = (
        "no consent is recorded: tick Consent on the Respondents page once it is given"
        if one
        else "no consent is recorded for any of them: tick Consent on the Respondents page "
        "for those who gave it"
    )
    note = f"{segment}; {consent}."
    for i, header in enumerate(plan.headers):
        if _is_consent(header):
            target = plan.mapping.get(header, "")
            column = f"Column {plan.letter(i)} ({header})"
            if target and not target.startswith("respondent."):
                note += (
                    f" {column} is read as the answer to the question "
                    f"{target.split('.')[0]!r}, not as the respondents' consent."
                )
            else:
                note += f" {column} is not read: the import records no consent."
            break
    return note
