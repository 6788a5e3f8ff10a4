"""Joining two records of one person: consultants who added the same person separately
(found by a merge's "respondents with the same name") make them one again.

``join_respondents(store, keep, other)`` moves the other record's interviews and planned
interviews to the one kept, fills the kept record's empty fields (and attributes it lacks)
from the other, and moves the other to the trash, where it stays restorable.  What it did
is returned, and ``unjoin`` puts everything back as it was (the window's undo)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

FILLED = ("role", "org_unit", "email")


@dataclass
class Joined:
    keep: str
    other: str
    interviews: list[str] = field(default_factory=list)
    planned: list[str] = field(default_factory=list)
    before: dict[str, Any] = field(default_factory=dict)  # the kept record's old fields

    def words(self, name: str) -> str:
        from workbench.plural import plural

        moved = plural(len(self.interviews), "interview")
        plans = f" and {plural(len(self.planned), 'planned interview')}" if self.planned else ""
        return f"{name}: {moved}{plans} moved to one record; the other is in the trash"


def join_respondents(store: Any, keep: str, other: str) -> Joined:
    """Make ``other`` part of ``keep`` (see the module); refused (``ValueError``, nothing
    changed) for one record twice, a record in the trash, or an unknown id."""
    if keep == other:
        raise ValueError("choose two different respondents to join")
    kept, gone = store.respondent(keep), store.respondent(other)
    for r in (kept, gone):
        if r.deleted_at is not None:
            raise ValueError(f"{r.name} is in the trash; restore them before joining")
    fields: dict[str, Any] = {}
    for name in FILLED:
        mine, theirs = getattr(kept, name), getattr(gone, name)
        if not mine and theirs:
            fields[name] = theirs
    attributes = {**(gone.attributes or {}), **(kept.attributes or {})}
    if attributes != (kept.attributes or {}):
        fields["attributes"] = attributes
    if gone.consent_given and not kept.consent_given:
        fields["consent_given"], fields["consent_at"] = True, gone.consent_at
    done = Joined(keep, other)
    with store.writing() as s:
        for table, found in (("interview", done.interviews), ("planned_interview", done.planned)):
            found += [
                row[0]
                for row in s.execute(
                    text(f"SELECT id FROM {table} WHERE respondent_id = :o ORDER BY id"),
                    {"o": other},
                )
            ]
            s.execute(
                text(f"UPDATE {table} SET respondent_id = :k WHERE respondent_id = :o"),
                {"k": keep, "o": other},
            )
    if fields:
        done.before = store.update_respondent(keep, **fields)
    store.trash_respondent(other)
    return done


def unjoin(store: Any, done: Joined) -> None:
    """Undo :func:`join_respondents`: the other record back from the trash with its
    interviews, the kept record's fields as they were."""
    store.restore_respondent(done.other)
    if done.before:
        store.update_respondent(done.keep, **done.before)
    with store.writing() as s:
        for table, ids in (("interview", done.interviews), ("planned_interview", done.planned)):
            for row_id in ids:
                s.execute(
                    text(f"UPDATE {table} SET respondent_id = :o WHERE id = :i"),
                    {"o": done.other, "i": row_id},
                )
