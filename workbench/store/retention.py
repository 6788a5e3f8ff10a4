"""Erasing all personal data of an engagement at once, when its retention date has passed.

What stays is what the analyses and the report need: the interviews, answers, coding,
findings and recommendations, with every person taken out of them.

- Each respondent (those in the trash too) becomes "Respondent N"; e-mail, role,
  organisation unit and free attributes are cleared.  The segment stays: the analyses
  group by it.
- The firm's people (consultants, interviewers, coders, authors of memos and corrections)
  become "Consultant N", the same person the same number everywhere, so that intercoder
  agreement still tells coders apart.
- Every free text (notes, text answers and their correction history, coded passages,
  memos, findings and their evidence labels, recommendations, the engagement's title and
  scope) has each full name replaced by the pseudonym and every name part by "[name]";
  coded passages follow their words.  The respondents' job titles (their role and their
  answers to identifying questions) become "[role]" in those texts.
- Answers to identifying questions (role, contact…) are deleted with their correction
  history and coded passages; interview places are cleared.
- The search index is rebuilt, the automatic backups are deleted, and then
  :func:`workbench.store.erasure.scrub_file` vacuums the closed file and empties its
  write-ahead log, so that no deleted byte stays.
- A memo "Erasure of personal data" records that it was done, with counts and no name.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

RECORD_TITLE = "Erasure of personal data"
PSEUDONYM = re.compile(r"Respondent \d+")
COLLEAGUE = re.compile(r"Consultant \d+")
MACHINE_CODERS = frozenset({"", "form tags", "rules", "suggester", "import", "imported"})


@dataclass
class RetentionPlan:
    respondents: dict[str, str] = field(default_factory=dict)  # id -> pseudonym
    names: dict[str, str] = field(default_factory=dict)  # a person's name -> pseudonym
    colleagues: int = 0
    texts: dict[str, int] = field(default_factory=dict)  # what -> texts that name someone
    answers: int = 0  # answers to identifying questions (role, contact…)
    places: int = 0  # interviews with a place
    backups: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"  {len(self.respondents)} respondent(s) become \u201cRespondent N\u201d; their "
            "e-mail, role, organisation unit and attributes are cleared (segments stay)",
        ]
        if self.colleagues:
            out.append(
                f"  {self.colleagues} consultant(s), interviewer(s) and coder(s) become "
                "\u201cConsultant N\u201d"
            )
        if self.answers:
            out.append(
                f"  {self.answers} answer(s) to identifying questions (role, contact…) cleared"
            )
        if self.places:
            out.append(f"  the place of {self.places} interview(s) cleared")
        for what, count in self.texts.items():
            out.append(
                f"  {count} {what} that name someone or a job title: the names and titles "
                "are replaced"
            )
        if self.backups:
            out.append(f"  {len(self.backups)} automatic backup(s), which hold the names, deleted")
        out.append(
            "  the interviews, answers, coding, findings and recommendations are kept; "
            "this cannot be undone"
        )
        return out


# (what, table, column, JSON?) of the free texts that may name a person
_TEXTS = (
    ("note(s)", "note", "body", False),
    ("text answer(s)", "answer", "text", False),
    ("answer correction(s)", "answer_change", "old_value", True),
    ("answer correction(s)", "answer_change", "new_value", True),
    ("coded passage(s)", "coded_segment", "text", False),
    ("memo title(s)", "memo", "title", False),
    ("memo(s)", "memo", "body", False),
    ("finding(s)", "finding", "statement", False),
    ("finding evidence list(s)", "finding", "evidence", True),
    ("recommendation(s)", "recommendation", "text", False),
    ("recommendation owner(s)", "recommendation", "owner", False),
    ("merge report(s)", "merge_report", "items", True),
    ("interview source(s)", "interview", "source_ref", False),  # a transcript's heading…
)
# (table, column) holding a colleague's name
_PEOPLE = (
    ("interview", "interviewer"),
    ("planned_interview", "interviewer"),
    ("answer_change", "changed_by"),
    ("memo", "author"),
    ("coded_segment", "coder"),
    ("audit_event", "actor"),
    ("merge_report", "actor"),
    ("team_state", "actor"),
)


def _people(s: Any) -> tuple[dict[str, str], dict[str, str]]:
    """(respondent id -> pseudonym, name -> pseudonym for everyone).

    A respondent already called "Respondent N" keeps the name; the others are numbered
    after them, in the order of segment, unit and name.
    """
    rows = s.execute(text("SELECT id, name, segment, org_unit FROM respondent")).all()
    taken = {name for _, name, _, _ in rows if PSEUDONYM.fullmatch(name or "")}
    respondents: dict[str, str] = {}
    names: dict[str, str] = {}
    number = 0
    for rid, name, _segment, _unit in sorted(
        rows, key=lambda r: ((r[2] or "").casefold(), (r[3] or "").casefold(), r[1] or "")
    ):
        if name in taken:
            respondents[rid] = name
            continue
        number += 1
        while f"Respondent {number}" in taken:
            number += 1
        respondents[rid] = f"Respondent {number}"
        if name and name.strip():
            names.setdefault(" ".join(name.split()), respondents[rid])
    colleagues: list[str] = []
    for table, column in _PEOPLE:
        for (value,) in s.execute(text(f"SELECT DISTINCT {column} FROM {table}")):
            value = " ".join(str(value or "").split())
            if table == "coded_segment" and value.casefold() in MACHINE_CODERS:
                continue
            if value and value not in colleagues and not COLLEAGUE.fullmatch(value):
                colleagues.append(value)
    (consultants,) = s.execute(text("SELECT consultants FROM engagement")).one()
    for value in json.loads(consultants) if isinstance(consultants, str) else consultants or []:
        value = " ".join(str(value).split())
        if value and value not in colleagues and not COLLEAGUE.fullmatch(value):
            colleagues.append(value)
    for i, name in enumerate(sorted(colleagues, key=str.casefold), start=1):
        names.setdefault(name, f"Consultant {i}")
    return respondents, names


def _named(names: dict[str, str]) -> dict[str, str]:
    """The names to look for in texts: those with a capital letter (a placeholder such as
    "the consultant" would otherwise take the word "the" out of every text)."""
    return {n: p for n, p in names.items() if any(c.isupper() for c in n)}


def plan_retention_erasure(store: Any) -> RetentionPlan:
    """What erasing all personal data would change; reads only."""
    from workbench.deliver.anonymise import name_scrubber
    from workbench.store.database import list_backups
    from workbench.store.identifying import identifying_answers

    plan = RetentionPlan()
    with store.session() as s:
        plan.respondents, plan.names = _people(s)
        plan.colleagues = sum(1 for v in plan.names.values() if v.startswith("Consultant "))
        scrub = _with_titles(s, name_scrubber(_named(plan.names)))
        plan.answers = len(identifying_answers(s))
        plan.places = s.execute(
            text("SELECT count(*) FROM interview WHERE coalesce(place, '') != ''")
        ).scalar_one()
        for what, table, column, is_json in _TEXTS:
            count = 0
            for (value,) in s.execute(text(f"SELECT {column} FROM {table}")):
                if is_json and isinstance(value, str):
                    value = json.loads(value)
                if _scrubbed(value, scrub) != value:
                    count += 1
            if count:
                plan.texts[what] = plan.texts.get(what, 0) + count
    plan.backups = list_backups(store.path)
    return plan


def _with_titles(s: Any, scrub: Any) -> Any:
    """``scrub`` followed by the respondents' job titles (their role and their answers to
    identifying questions) replaced by "[role]" in every text."""
    from workbench.store.identifying import identifying_answers, phrase_scrubber

    titles = {role for (role,) in s.execute(text("SELECT role FROM respondent")) if role}
    titles |= {txt for *_, txt in identifying_answers(s) if txt}
    titles_out = phrase_scrubber({t: "[role]" for t in titles})
    return lambda value: titles_out(scrub(value))


def _scrubbed(value: Any, scrub: Any) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrubbed(v, scrub) for v in value]
    if isinstance(value, dict):
        return {k: _scrubbed(v, scrub) for k, v in value.items()}
    return value


def erase_personal_data(store: Any, plan: RetentionPlan, *, author: str = "") -> str:
    """Take every person out of the engagement in one transaction; the record made.

    Afterwards close the store and call :func:`workbench.store.erasure.scrub_file`."""
    from workbench.deliver.anonymise import name_scrubber
    from workbench.store.identifying import clear_identifying_answers, identifying_answers
    from workbench.store.models import Memo

    record = (
        f"On {date.today().isoformat()} the personal data of this engagement were erased: "
        f"{len(plan.respondents)} respondent(s) and {plan.colleagues} consultant(s) were "
        "replaced by pseudonyms and their names taken out of every text."
    )
    with store.writing() as s:
        s.execute(text("PRAGMA secure_delete=ON"))
        respondents, names = _people(s)  # as they are now, inside the transaction
        scrub = _with_titles(s, name_scrubber(_named(names)))
        clear_identifying_answers(s, identifying_answers(s))
        s.execute(text("UPDATE interview SET place = '' WHERE coalesce(place, '') != ''"))
        for rid, pseudonym in respondents.items():
            s.execute(
                text(
                    "UPDATE respondent SET name = :n, email = '', role = '', org_unit = '', "
                    "attributes = '{}' WHERE id = :id"
                ),
                {"n": pseudonym, "id": rid},
            )
        for table, column in _PEOPLE:
            for old, new in names.items():
                if new.startswith("Consultant "):
                    s.execute(
                        text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old"),
                        {"new": new, "old": old},
                    )
        (consultants,) = s.execute(text("SELECT consultants FROM engagement")).one()
        listed = json.loads(consultants) if isinstance(consultants, str) else consultants or []
        renamed = [names.get(" ".join(str(c).split()), scrub(str(c))) for c in listed]
        s.execute(text("UPDATE engagement SET consultants = :c"), {"c": json.dumps(renamed)})
        scrub_texts(s, scrub)
        s.add(Memo(target_kind="engagement", title=RECORD_TITLE, body=record, author=""))
        s.flush()
        from workbench.store.store import _catch_up_search

        _catch_up_search(s)
        s.execute(text("INSERT INTO search_index(search_index) VALUES ('rebuild')"))
    for backup in plan.backups:
        with contextlib.suppress(OSError):
            backup.unlink()
    return record


def scrub_texts(s: Any, scrub: Any) -> None:
    """Within a write transaction: ``scrub`` applied to every free text of the engagement
    (coded passages follow their words in notes and answers)."""
    from workbench.coding.anchors import rebase

    for column in ("title", "scope"):
        (value,) = s.execute(text(f"SELECT {column} FROM engagement")).one()
        if scrub(value) != value:
            s.execute(text(f"UPDATE engagement SET {column} = :v"), {"v": scrub(value)})
    _scrub_sources(s, scrub, rebase)
    for _what, table, column, is_json in _TEXTS:
        if table in ("note", "answer", "coded_segment"):
            continue  # done with their coding above
        rows = s.execute(text(f"SELECT id, {column} FROM {table}")).all()
        for row_id, value in rows:
            parsed = json.loads(value) if is_json and isinstance(value, str) else value
            new = _scrubbed(parsed, scrub)
            if new != parsed:
                stored = json.dumps(new, ensure_ascii=False) if is_json else new
                s.execute(
                    text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
                    {"v": stored, "id": row_id},
                )


def _scrub_sources(s: Any, scrub: Any, rebase: Any) -> None:
    """Notes and text answers scrubbed, their coded passages moved with their words."""
    from workbench.store.models import utcnow

    segments: dict[str, list[tuple[str, int, int]]] = {}
    for seg_id, source_id, start, end in s.execute(
        text('SELECT id, source_id, start, "end" FROM coded_segment')
    ):
        segments.setdefault(source_id, []).append((seg_id, start, end))
    sources = [
        ("note", "SELECT id, body, NULL FROM note", "UPDATE note SET body = :v WHERE id = :id"),
        (
            "answer",
            "SELECT id, text, value FROM answer WHERE text IS NOT NULL AND text != ''",
            "UPDATE answer SET text = :v, value = :j WHERE id = :id",
        ),
    ]
    for kind, select_sql, update_sql in sources:
        for source_id, old, value in s.execute(text(select_sql)).all():
            new = scrub(old)
            if new == old:
                continue
            params = {"v": new, "id": source_id}
            if kind == "answer":
                parsed = json.loads(value) if isinstance(value, str) else value
                params["j"] = json.dumps(
                    new if parsed == old else _scrubbed(parsed, scrub), ensure_ascii=False
                )
            s.execute(text(update_sql), params)
            marks = segments.get(source_id, [])
            spans = rebase(old, new, [(a, b) for _, a, b in marks]) if marks else []
            for (seg_id, _a, _b), span in zip(marks, spans, strict=True):
                if span is None:  # the passage was nothing but a name: it goes
                    s.execute(
                        text(
                            "UPDATE coded_segment SET text = '', deleted_at = "
                            "coalesce(deleted_at, :now) WHERE id = :id"
                        ),
                        {"now": utcnow().strftime("%Y-%m-%d %H:%M:%S.%f"), "id": seg_id},
                    )
                    continue
                start, end = span
                s.execute(
                    text(
                        'UPDATE coded_segment SET start = :a, "end" = :b, text = :t WHERE id = :id'
                    ),
                    {"a": start, "b": end, "t": new[start:end], "id": seg_id},
                )
    # Any passage left naming someone (its source scrubbed elsewhere): its own text too.
    for seg_id, value in s.execute(text("SELECT id, text FROM coded_segment")).all():
        if scrub(value) != value:
            s.execute(
                text("UPDATE coded_segment SET text = :t WHERE id = :id"),
                {"t": scrub(value), "id": seg_id},
            )
