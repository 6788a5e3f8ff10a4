"""Joining two records of one person: consultants who added the same person separately
(found by a merge's "respondents with the same name") make them one again.

``join_respondents(store, keep, other)`` moves the other record's interviews and planned
interviews to the one kept, fills the kept record's empty fields (and attributes it lacks)
from the other, and moves the other to the trash, where it stays restorable.  What it did
is returned, and ``unjoin`` puts everything back as it was (the window's undo).

When both records have an interview on one form in one wave, the person kept has two
there, and the wave's figures would count their answers twice: ``twice_after_join``
names those interviews before the join, and the join's words say so after it."""

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
    twice: list[str] = field(default_factory=list)  # see ``twice_after_join``

    def words(self, name: str) -> str:
        from workbench.plural import plural

        moved = plural(len(self.interviews), "interview")
        plans = f" and {plural(len(self.planned), 'planned interview')}" if self.planned else ""
        said = f"{name}: {moved}{plans} moved to one record; the other is in the trash"
        if self.twice:
            said += f". {name} now has {'; '.join(self.twice)}: check which should count"
        return said


def twice_after_join(store: Any, keep: str, other: str) -> list[str]:
    """What joining ``other`` into ``keep`` would give the person twice: for each form and
    wave in which both records have an interview (not in the trash), "2 SERVQUAL
    interviews in the baseline wave (8 Mar 2026, 10 Mar 2026)"."""
    from dataclasses import replace

    from workbench.store.same_interview import twice_in_a_wave, twice_words

    both = [r for r in store.interview_rows(progress=False) if r.respondent_id in (keep, other)]
    theirs = {r.id for r in both if r.respondent_id == other}
    rows = [replace(r, respondent_id=keep) if r.id in theirs else r for r in both]
    said, seen = [], set()
    for group in twice_in_a_wave(rows).values():
        ids = frozenset(r.id for r in group)
        if ids in seen or ids <= theirs or not ids & theirs:
            continue  # one record's own repeat is not the join's doing
        seen.add(ids)
        said.append(twice_words(group))
    return said


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
    done = Joined(keep, other, twice=twice_after_join(store, keep, other))
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


# -- found by a merge ---------------------------------------------------------------------------
ADVICE = (
    "If they are one person, select both on the Respondents page and Join… them: one "
    "record keeps the interviews of both, the other goes to the trash"
)


def same_name_lines(a: Any, b: Any, rows: dict[str, dict[str, dict[str, Any]]]) -> list[dict]:
    """The merge report's lines on people of one name of whom at least one comes new
    from ``b`` into ``a`` (the copy merged into; each consultant added their own record):
    who added each, their interviews, what tells them apart.  ``rows``: the merged
    records."""
    from collections import defaultdict

    from workbench.plural import plural

    people: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows["respondent"].values():
        if row["deleted_at"] is None:
            people[" ".join(row["name"].split()).casefold()].append(row)
    interviews: dict[str, int] = defaultdict(int)
    for iv in rows["interview"].values():
        if iv["deleted_at"] is None:
            interviews[iv["respondent_id"]] += 1
    lines = []
    for group in people.values():
        new = [r for r in group if r["id"] not in a.rows["respondent"]]
        if len(group) < 2 or not new:
            continue  # one person, or people of one name this copy already listed
        group.sort(key=lambda r: (r["created_at"], r["id"]))
        parts = []
        for r in group:
            who = _added_by(a, b, r["id"])
            n = interviews[r["id"]]
            count = plural(n, "interview") if n else "no interviews"
            known = ", ".join(v for v in (r.get("role"), r.get("email")) if v)
            parts.append(
                (f"added by {who}" if who else "one") + f" ({count}{'; ' + known if known else ''})"
            )
        lines.append(
            {
                "kind": "same-name respondents",
                "table": "respondent",
                "record": group[0]["id"],
                "detail": f"{len(group)} respondents of this name: {'; '.join(parts)}. {ADVICE}",
            }
        )
    return lines


def _added_by(a: Any, b: Any, row_id: str) -> str:
    """Who added a respondent, from either copy's trail ("" when neither says)."""
    for copy in (a, b):
        for event_id in copy.events.get(("respondent", row_id), {}).get("*", ()):
            actor = copy.audit[event_id]["actor"]
            if actor:
                return actor
    return ""
