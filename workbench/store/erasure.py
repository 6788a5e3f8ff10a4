"""Erasing a person from an engagement on request, so that nothing of them is left.

:func:`plan_erasure` says what would go (interviews, answers and their history, notes,
coded segments, memos and finding links about them, search index entries, automatic
backups); :func:`erase` deletes it in one transaction, records that an erasure was done
(a memo on the engagement with the counts and the date, never the name), rebuilds the
search index, and then :func:`scrub_file` vacuums the file and truncates its write-ahead
log, so that neither the free pages nor the ``-wal`` keep a copy of what was deleted.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

# (label, SQL counting the rows of the respondents in the temporary table `gone`)
_COUNTS = (
    ("interviews", "SELECT count(*) FROM interview WHERE respondent_id IN gone_r"),
    ("planned interviews", "SELECT count(*) FROM planned_interview WHERE respondent_id IN gone_r"),
    ("answers", "SELECT count(*) FROM answer WHERE interview_id IN gone_i"),
    ("answer history rows", "SELECT count(*) FROM answer_change WHERE interview_id IN gone_i"),
    ("notes", "SELECT count(*) FROM note WHERE interview_id IN gone_i"),
    ("coded segments", "SELECT count(*) FROM coded_segment WHERE interview_id IN gone_i"),
    (
        "memos",
        "SELECT count(*) FROM memo WHERE (target_kind = 'interview' AND target_id IN gone_i) "
        "OR (target_kind = 'segment' AND target_id IN gone_s)",
    ),
    (
        "search index entries",
        "SELECT count(*) FROM search_ref WHERE ref_id IN "
        "(SELECT id FROM note WHERE interview_id IN gone_i "
        "UNION ALL SELECT id FROM answer WHERE interview_id IN gone_i)",
    ),
)
_GONE = {
    "gone_r": "(SELECT id FROM respondent WHERE id IN ({ids}))",
    "gone_i": "(SELECT id FROM interview WHERE respondent_id IN ({ids}))",
    "gone_s": "(SELECT id FROM coded_segment WHERE interview_id IN "
    "(SELECT id FROM interview WHERE respondent_id IN ({ids})))",
}
# Other texts that may still name the person: (what, table, column)
_TEXTS = (
    ("note", "note", "body"),
    ("text answer", "answer", "text"),
    ("coded segment", "coded_segment", "text"),
    ("memo", "memo", "body"),
    ("finding", "finding", "statement"),
    ("finding evidence", "finding", "evidence"),
    ("recommendation", "recommendation", "text"),
    ("recommendation owner", "recommendation", "owner"),
)


ERASED = "[erased]"


def _scrubber(names: list[str], replacement: str) -> Any:
    """Full names become ``replacement``, name parts (as words, capitalised ones
    case-sensitively) "[name]", as the anonymiser and the erasure of all data match them."""
    from workbench.deliver.anonymise import name_scrubber

    people = {name: replacement for name in names if name and name.strip()}
    return name_scrubber(people) if people else None


def _scrub_mentions(
    s: Any, names: list[str], replacement: str, titles: set[str] | None = None
) -> None:
    """The names and name parts left in other texts (notes about others, findings…), and
    the person's job ``titles`` (role, identifying answers) replaced by "[role]"."""
    from workbench.store.identifying import phrase_scrubber
    from workbench.store.retention import scrub_texts

    scrub = _scrubber(names, replacement)
    if titles:
        names_out = scrub or (lambda value: value)
        titles_out = phrase_scrubber({t: "[role]" for t in titles if t})
        scrub = lambda value: titles_out(names_out(value))  # noqa: E731
    if scrub is not None:
        scrub_texts(s, scrub)


def _mentions(s: Any, ids: list[str], name: str) -> list[tuple[str, str]]:
    """(what, where) of every other text that names the person or a part of the name:
    notes and answers by interview date and the respondent's pseudonym, the others by
    their first words."""
    from workbench.store.retention import _people

    scrub = _scrubber([name], ERASED)
    if scrub is None:
        return []
    pseudonyms = _people(s)[0]
    found = []
    for what, table, column in _TEXTS:
        if table in ("note", "answer", "coded_segment"):
            rows = s.execute(
                text(
                    _sql(
                        f"SELECT t.{column}, i.date, i.respondent_id FROM {table} t "
                        "JOIN interview i ON i.id = t.interview_id "
                        "WHERE t.interview_id NOT IN gone_i ORDER BY i.date",
                        ids,
                    )
                )
            ).all()
            for value, day, rid in rows:
                if isinstance(value, str) and scrub(value) != value:
                    when = str(day)[:10] if day else "undated"
                    found.append(
                        (what, f"interview of {when} with {pseudonyms.get(rid, 'Respondent')}")
                    )
            continue
        for (value,) in s.execute(text(f"SELECT {column} FROM {table}")):
            if isinstance(value, str) and scrub(value) != value:
                words = " ".join(scrub(value).split()[:8])
                found.append((what, f"\u201c{words}\u2026\u201d"))
    return found


class ErasureError(ValueError):
    """The request names nobody, or more than one person."""


@dataclass
class ErasurePlan:
    respondent_ids: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    finding_links: int = 0
    mentions: dict[str, int] = field(default_factory=dict)  # other texts naming them
    places: list[tuple[str, str]] = field(default_factory=list)  # (what, where) of those
    identifying_answers: int = 0  # their answers to identifying questions (role, contact…)
    backups: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The preview, in words (the name is the caller's to show)."""
        out = [f"  {count} {label}" for label, count in self.counts.items()]
        if self.finding_links:
            out.append(f"  {self.finding_links} link(s) from findings to their material")
        if self.backups:
            out.append(f"  {len(self.backups)} automatic backup(s) of the file, which hold them")
        if self.identifying_answers:
            out.append(
                f"  {self.identifying_answers} answer(s) to identifying questions (role, "
                "contact…), cleared also when pseudonymising"
            )
        for what, count in self.mentions.items():
            out.append(
                f"  the name or a part of it in {count} other {what}(s), replaced there by "
                f"\u201c{ERASED}\u201d (the pseudonym when pseudonymising; a first name or "
                "surname alone by \u201c[name]\u201d):"
            )
            out += [
                f"    {what} in the {where}"
                if where.startswith("interview")
                else f"    {what} {where}"
                for w, where in self.places
                if w == what
            ]
        return out


def _in(ids: list[str]) -> str:
    return ", ".join("'" + i.replace("'", "''") + "'" for i in ids)


def _sql(template: str, ids: list[str]) -> str:
    for name, sub in _GONE.items():
        template = template.replace(name, sub.format(ids=_in(ids)))
    return template


def find_respondent(store: Any, name: str) -> str:
    """The id of the one respondent (trashed ones included) called ``name`` (any case)."""
    wanted = " ".join(name.split()).casefold()
    found = [
        r.id
        for r in store.respondents(include_deleted=True)
        if " ".join(r.name.split()).casefold() == wanted
    ]
    if not found:
        raise ErasureError(f"no respondent called {name!r}; nothing was changed")
    if len(found) > 1:
        raise ErasureError(
            f"{len(found)} respondents are called {name!r}; rename one first so that the "
            "erasure names one person. Nothing was changed."
        )
    return found[0]


def plan_erasure(store: Any, respondent_id: str, name: str) -> ErasurePlan:
    """What erasing the respondent would change; reads only."""
    from workbench.store.database import list_backups

    ids = [respondent_id]
    plan = ErasurePlan(ids)
    with store.session() as s:
        for label, sql in _COUNTS:
            plan.counts[label] = s.execute(text(_sql(sql, ids))).scalar_one()
        plan.finding_links = len(_links(s, ids)[1])
        plan.places = _mentions(s, ids, name)
        for what, _where in plan.places:
            plan.mentions[what] = plan.mentions.get(what, 0) + 1
        from workbench.store.identifying import identifying_answers

        plan.identifying_answers = len(identifying_answers(s, ids))
    plan.backups = list_backups(store.path)
    return plan


def _links(s: Any, ids: list[str]) -> tuple[set[str], list[tuple[str, int]]]:
    """The ids of their interviews and segments, and (finding, position) of links to them."""
    gone = {
        row[0]
        for sql in (_GONE["gone_i"], _GONE["gone_s"])
        for row in s.execute(text(sql.format(ids=_in(ids))[1:-1]))
    }
    import json

    links = []
    for finding_id, evidence in s.execute(text("SELECT id, evidence FROM finding")):
        items = json.loads(evidence) if isinstance(evidence, str) else evidence or []
        for i, item in enumerate(items):
            if isinstance(item, dict) and item.get("id") in gone:
                links.append((finding_id, i))
    return gone, links


def erase(store: Any, plan: ErasurePlan, *, author: str = "") -> str:
    """Delete everything of the planned respondents in one transaction; the record made."""
    ids = plan.respondent_ids
    total = plan.counts.get("interviews", 0)
    record = (
        f"On {date.today().isoformat()} one respondent was erased on request, with "
        f"{total} interview(s), {plan.counts.get('answers', 0)} answer(s), "
        f"{plan.counts.get('notes', 0)} note(s) and "
        f"{plan.counts.get('coded segments', 0)} coded segment(s)."
    )
    from workbench.store.models import Finding, Memo

    with store.writing() as s:
        s.execute(text("PRAGMA secure_delete=ON"))
        names = [
            n for (n,) in s.execute(text(f"SELECT name FROM respondent WHERE id IN ({_in(ids)})"))
        ]
        from workbench.store.identifying import identifying_answers

        titles = {txt for *_, txt in identifying_answers(s, ids) if txt}
        titles |= {
            r for (r,) in s.execute(text(f"SELECT role FROM respondent WHERE id IN ({_in(ids)})"))
        }
        gone, links = _links(s, ids)
        for finding_id in {f for f, _ in links}:
            row = s.get(Finding, finding_id)
            row.evidence = [
                item
                for item in (row.evidence or [])
                if not (isinstance(item, dict) and item.get("id") in gone)
            ]
        s.execute(
            text(
                _sql(
                    "DELETE FROM memo WHERE (target_kind = 'interview' AND target_id IN gone_i) "
                    "OR (target_kind = 'segment' AND target_id IN gone_s)",
                    ids,
                )
            )
        )
        # The respondent's interviews, answers, history, notes, segments and plans go
        # with it (ON DELETE CASCADE); the triggers list their texts for the index.
        s.execute(text(f"DELETE FROM respondent WHERE id IN ({_in(ids)})"))
        s.flush()
        _scrub_mentions(s, names, ERASED, titles)
        s.add(Memo(target_kind="engagement", title="Erasure", body=record, author=author))
        s.flush()
        from workbench.store.store import _catch_up_search

        _catch_up_search(s)
        # A rebuilt index keeps no deleted token in an old segment.
        s.execute(text("INSERT INTO search_index(search_index) VALUES ('rebuild')"))
    for backup in plan.backups:
        with contextlib.suppress(OSError):
            backup.unlink()
    return record


PSEUDONYM_PREFIX = "Respondent"


def pseudonymise(store: Any, plan: ErasurePlan, *, author: str = "") -> tuple[str, str]:
    """Replace the respondent's identity, keeping their interviews and quotes.

    The name becomes the next free "Respondent N"; e-mail, role, organisation unit and
    free attributes are cleared (the segment stays: analyses group by it).  Returns the
    pseudonym and the record made (without the name).
    """
    from workbench.store.models import Memo, Respondent

    with store.writing() as s:
        s.execute(text("PRAGMA secure_delete=ON"))
        taken = {
            name
            for (name,) in s.execute(text("SELECT name FROM respondent"))
            if name.startswith(PSEUDONYM_PREFIX + " ")
        }
        number = 1
        while f"{PSEUDONYM_PREFIX} {number}" in taken:
            number += 1
        pseudonym = f"{PSEUDONYM_PREFIX} {number}"
        from workbench.store.identifying import clear_identifying_answers, identifying_answers

        answers = identifying_answers(s, plan.respondent_ids)
        titles = {txt for *_, txt in answers if txt}
        names = []
        for respondent_id in plan.respondent_ids:
            row = s.get(Respondent, respondent_id)
            names.append(row.name)
            titles.add(row.role or "")
            row.name, row.email, row.role, row.org_unit = pseudonym, "", "", ""
            row.attributes = {}
        clear_identifying_answers(s, answers)
        _rename_in_links(s, plan.respondent_ids, names, pseudonym)
        # A transcript's turns name their speaker: the respondent's become the pseudonym.
        for respondent_id in plan.respondent_ids:
            s.execute(
                text(
                    "UPDATE note SET speaker = :speaker WHERE speaker LIKE 'respondent:%' "
                    "AND interview_id IN (SELECT id FROM interview WHERE respondent_id = :r)"
                ),
                {"speaker": f"respondent:{pseudonym}", "r": respondent_id},
            )
        s.flush()
        _scrub_mentions(s, names, pseudonym, titles)
        from workbench.store.store import _catch_up_search

        _catch_up_search(s)
        s.execute(text("INSERT INTO search_index(search_index) VALUES ('rebuild')"))
        record = (
            f"On {date.today().isoformat()} a respondent was pseudonymised on request as "
            f"{pseudonym}; their {plan.counts.get('interviews', 0)} interview(s) were kept."
        )
        s.add(Memo(target_kind="engagement", title="Pseudonymisation", body=record, author=author))
    for backup in plan.backups:
        with contextlib.suppress(OSError):
            backup.unlink()
    return pseudonym, record


def _rename_in_links(s: Any, ids: list[str], names: list[str], pseudonym: str) -> None:
    """The pseudonym for the name in memos on their material and in findings' links to it."""
    from workbench.store.models import Finding, Memo

    def renamed(value: str) -> str:
        for name in names:
            value = value.replace(name, pseudonym)
        return value

    gone, links = _links(s, ids)
    for finding_id in {f for f, _ in links}:
        row = s.get(Finding, finding_id)
        row.evidence = [
            {**item, "label": renamed(str(item.get("label", "")))}
            if isinstance(item, dict) and item.get("id") in gone
            else item
            for item in (row.evidence or [])
        ]
    for memo in s.query(Memo).filter(Memo.target_id.in_(gone)):
        memo.title, memo.body = renamed(memo.title), renamed(memo.body)


def scrub_file(path: Path, key: str | None = None) -> None:
    """Vacuum the (closed) file and empty its write-ahead log: no deleted byte stays."""
    from workbench.store.sqlite import connect

    conn = connect(path, mode="rw", key=key)
    try:
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("VACUUM")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise RuntimeError("another program holds the file open; its log was not emptied")
    finally:
        conn.close()
