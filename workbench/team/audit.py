"""The audit trail: whose edits the file records, and the history of one record.

Triggers write the trail (``workbench.team.triggers``); here the consultant's name from
the settings is named to the store, which records it where they read it within its next
write transaction (``Store.sign_in``), and the history of a respondent or an interview is
read back for the window.

Two records keep their own history beside the trail, and History reads them with it:

- A correction of a completed interview's answer is its ``answer_change`` row (who, when,
  the old and the new value; since schema 0013 it writes no event).  It reads as one
  line, "correction to q3 (title): 4 → 5", and the answer's own events of that edit are
  part of it, not lines of their own.
- A note is saved as it is typed, a few seconds apart, and every save is an event: the
  saves of one note by one consultant that follow one another read as one line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, DateTime, String, Text, text

from workbench.settings import UNNAMED, consultant_name

TABLE_WORDS = {
    "respondent": "respondent",
    "interview": "interview",
    "planned_interview": "planned interview",
    "answer": "answer",
    "answer_change": "correction",
    "note": "note",
    "coded_segment": "coded segment",
    "memo": "memo",
}
ACTION_WORDS = {"insert": "added", "update": "changed", "delete": "deleted"}
ACTIONS = tuple(ACTION_WORDS)


def sign_in(store: Any, name: str | None = None) -> None:
    """Name ``name`` (by default the consultant's name from settings) as the author of
    the edits that follow.  Nothing is written now: the store's next write transaction
    records the name within itself (``Store.sign_in``), so opening a file and a step that
    is then refused leave it as it was."""
    store.sign_in(consultant_name() if name is None else name)


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    what: str  # "answer q3 (title) changed", "correction to q3 (title): 4 → 5"
    kind: str = ""  # the table of the record changed; "correction" for a correction

    def who(self) -> str:
        return self.actor or UNNAMED


# An answer's events and the correction they made are written in one transaction: their
# times differ by the statements between them (SQLite's clock and the store's).
SAME_EDIT = timedelta(seconds=3)
CLOCK_STEP = timedelta(milliseconds=2)  # the trail's times are whole milliseconds
TITLE_CHARS = 80
VALUE_CHARS = 80
NOTE_CHARS = 50
# Records of one table added to one record by one consultant within this time read as
# one line.
TOGETHER = timedelta(seconds=1)
LISTED = 8
NOTES_LISTED = 3


def _short(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class _Event:
    at: datetime
    actor: str
    table: str
    action: str
    fields: str
    detail: str | None
    row_id: str
    parent_id: str | None


@dataclass
class _Correction:
    at: datetime
    actor: str
    interview_id: str
    key: str
    old: Any
    new: Any
    events: list[_Event] = field(default_factory=list)


def history(store: Any, record_id: str) -> list[HistoryLine]:
    """Every recorded change to a record and to what belongs to it (a respondent's
    interviews, an interview's answers, notes and coding), newest first."""
    sql = text(
        """
        WITH own AS (
            SELECT :rid AS id
            UNION SELECT id FROM interview WHERE respondent_id = :rid
            UNION SELECT row_id FROM audit_event
                  WHERE parent_id = :rid AND table_name = 'interview'
        )
        SELECT at, actor, table_name, action, fields, detail, row_id, parent_id
        FROM audit_event
        WHERE (row_id IN (SELECT id FROM own) AND table_name IN ('respondent', 'interview'))
           OR parent_id IN (SELECT id FROM own)
        ORDER BY at DESC, id DESC
        """
    ).columns(
        at=DateTime,
        actor=String,
        table_name=String,
        action=String,
        fields=Text,
        detail=String,
        row_id=String,
        parent_id=String,
    )
    names = text(
        "SELECT interview.id, form_version.title, interview.date, interview.form_version_id "
        "FROM interview JOIN form_version ON form_version.id = interview.form_version_id "
        "WHERE interview.respondent_id = :rid OR interview.id = :rid"
    )
    changes = text(
        "SELECT interview_id, question_key, old_value, new_value, changed_by, created_at "
        "FROM answer_change WHERE interview_id IN "
        "(SELECT id FROM interview WHERE respondent_id = :rid OR id = :rid) "
        "ORDER BY created_at"
    ).columns(old_value=JSON, new_value=JSON, created_at=DateTime)
    notes = text(
        "SELECT id, body, stamp, created_at FROM note WHERE interview_id IN "
        "(SELECT id FROM interview WHERE respondent_id = :rid OR id = :rid)"
    ).columns(created_at=DateTime)
    with store.session() as s:
        events = [_Event(*row) for row in reversed(s.execute(sql, {"rid": record_id}).all())]
        rows = s.execute(notes, {"rid": record_id}).all()
        bodies = {nid: (body, stamp) for nid, body, stamp, _ in rows}
        # Events of one millisecond have ids in no order: of two notes, the one made
        # first (to the microsecond) comes first; a record is added before it is
        # changed, and changed before it is deleted.
        made = {nid: created for nid, _, _, created in rows}
        events.sort(
            key=lambda e: (
                e.at,
                made.get(e.row_id) or e.at,
                ACTIONS.index(e.action) if e.action in ACTIONS else 1,
            )
        )
        interviews: dict[str, str] = {}
        versions: dict[str, str] = {}
        for iid, title, day, version in s.execute(names, {"rid": record_id}):
            interviews[iid] = f"{title}" + (f", {day}" if day else "")
            versions[iid] = version
        corrections = [
            _Correction(at, by or "", iid, key, old, new)
            for iid, key, old, new, by, at in s.execute(changes, {"rid": record_id})
        ]
    titles = _question_titles(store, versions)
    merges = _merge_lines(store, record_id, set(interviews))
    kept = _take_correction_events(events, corrections)
    lines = [
        (
            c.at,
            c.actor or (c.events[0].actor if c.events else ""),
            _correction_words(c, titles),
            "correction",
            c.interview_id,
        )
        for c in corrections
    ]
    lines += _event_lines(kept, interviews, titles, bodies)
    lines += merges
    lines.sort(key=lambda line: line[0])
    # A respondent's History says which of their interviews a line is of.
    several = len(interviews) > 1
    return [
        HistoryLine(
            at, who, f"{what} — “{interviews[of]}”" if several and of in interviews else what, kind
        )
        for at, who, what, kind, of in reversed(lines)
    ]


def _question_titles(store: Any, versions: dict[str, str]) -> dict[tuple[str, str], str]:
    """(interview id, question key) -> the question's title in the interview's form."""
    titles: dict[tuple[str, str], str] = {}
    for iid, version in versions.items():
        try:
            form = store.form_definition(version)
        except Exception:  # a snapshot that no longer reads as a form: keys alone
            continue
        for question in form.iter_questions():
            titles[iid, question.key] = question.label
    return titles


def _question(titles: dict[tuple[str, str], str], iid: str | None, key: str | None) -> str:
    """``q3 (What is …)``, or the key alone where the form does not name it."""
    title = titles.get((iid or "", key or ""))
    return f"{key} ({_short(title, TITLE_CHARS)})" if title else f"{key}"


def _take_correction_events(events: list[_Event], corrections: list[_Correction]) -> list[_Event]:
    """The events that are no correction's part: each event of an answer (and, in files
    of schemas before 0013, of a correction row's insert) goes to the correction of its
    question made last before it, within :data:`SAME_EDIT`."""
    by_question: dict[tuple[str, str], list[_Correction]] = {}
    for c in corrections:
        by_question.setdefault((c.interview_id, c.key), []).append(c)
    kept = []
    for event in events:
        part = event.table == "answer" or (
            event.table == "answer_change" and event.action == "insert"
        )
        near = by_question.get((event.parent_id or "", event.detail or "")) if part else None
        # the correction's time is taken before its statements run: its events follow
        made = [c for c in near or () if -CLOCK_STEP <= event.at - c.at <= SAME_EDIT]
        if made:
            min(made, key=lambda c: event.at - c.at).events.append(event)
            continue
        kept.append(event)
    return kept


def _correction_words(c: _Correction, titles: dict[tuple[str, str], str]) -> str:
    from workbench.forms.answers import shown_value

    old = _short(shown_value(c.old), VALUE_CHARS)
    new = _short(shown_value(c.new), VALUE_CHARS)
    return f"correction to {_question(titles, c.interview_id, c.key)}: {old} → {new}"


def _added_words(
    events: list[_Event], titles: dict[tuple[str, str], str], bodies: dict[str, tuple[str, str]]
) -> str:
    """Records of one table added together to one record (an interview's first answers,
    an import's rows): "7 answers added: recommend, …"."""
    from workbench.plural import plural

    table = events[0].table
    words = f"{plural(len(events), TABLE_WORDS.get(table, table.replace('_', ' ')))} added"
    if table == "answer":
        # in the form's order (events of one millisecond come in no order)
        place = {question: n for n, question in enumerate(titles)}
        keys = sorted(
            dict.fromkeys((e.parent_id or "", e.detail or "") for e in events),
            key=lambda q: place.get(q, len(place)),
        )
        keys = [key for _iid, key in keys]
        shown = ", ".join(keys[:LISTED]) + (", …" if len(keys) > LISTED else "")
        return f"{words}: {shown}"
    if table == "note":
        names = [_note_name(e.row_id, bodies)[len("note ") :] for e in events[:NOTES_LISTED]]
        return f"{words}: {', '.join(names)}" + (", …" if len(events) > NOTES_LISTED else "")
    return words


def _note_name(note_id: str, bodies: dict[str, tuple[str, str]]) -> str:
    found = bodies.get(note_id)
    if found is None:
        return "note (since deleted)"
    body, stamp = found
    stamp = f"[{stamp}] " if stamp else ""
    return f"note {stamp}“{_short(body, NOTE_CHARS)}”" if body.strip() else f"note {stamp}(empty)"


NOTE_TEXT = {"body", "stamp"}


def _event_lines(
    events: list[_Event],
    interviews: dict[str, str],
    titles: dict[tuple[str, str], str],
    bodies: dict[str, tuple[str, str]],
) -> list[tuple[datetime, str, str, str, str | None]]:
    """(time, who, what, table, interview) of each event, oldest first (the interview
    of an answer, a note, coding; None for an interview's or a respondent's own); a run
    of saves of one note's text by one consultant is one line, at its last save."""
    # An interview's deleted_at changes toggle it in and out of the trash.
    trashed: dict[str, bool] = {}
    lines: list[tuple[datetime, str, str, str, str | None]] = []
    run: dict[str, Any] = {}  # the note saves of the last line: note, who, count, first
    added: dict[str, Any] = {}  # the records added together of the last line
    for e in events:
        changed = (e.fields or "").strip(",").split(",") if e.fields else []
        if e.action == "insert" and e.table not in ("respondent", "interview"):
            if (
                added
                and (added["table"], added["who"], added["of"]) == (e.table, e.actor, e.parent_id)
                and e.at - added["first"] <= TOGETHER
            ):
                added["events"].append(e)
                words = _added_words(added["events"], titles, bodies)
                lines[-1] = (e.at, e.actor, words, e.table, e.parent_id)
                run = {}
                continue
            added = {
                "table": e.table,
                "who": e.actor,
                "of": e.parent_id,
                "first": e.at,
                "events": [e],
            }
        else:
            added = {}
        if e.table == "note" and e.action == "update" and changed and set(changed) <= NOTE_TEXT:
            if run and run["note"] == e.row_id and run["who"] == e.actor:
                run["count"] += 1
                words = f"{_note_name(e.row_id, bodies)} edited ({run['count']} saves"
                words += f" from {run['first']:%H:%M:%S})"
                lines[-1] = (e.at, e.actor, words, "note", e.parent_id)
                continue
            words = f"{_note_name(e.row_id, bodies)} edited"
            lines.append((e.at, e.actor, words, "note", e.parent_id))
            run = {"note": e.row_id, "who": e.actor, "count": 1, "first": e.at}
            continue
        run = {}
        own = e.table in ("interview", "respondent")
        if e.table == "note":
            words = _note_name(e.row_id, bodies)
        elif e.table == "answer":
            words = f"answer {_question(titles, e.parent_id, e.detail)}"
        else:
            words = TABLE_WORDS.get(e.table, e.table.replace("_", " "))
            if e.table == "interview":
                words += f" “{interviews.get(e.row_id, 'since deleted')}”"
            if e.detail:
                words += f" {e.detail}"
        if e.action == "update" and "deleted_at" in changed:
            trashed[e.row_id] = not trashed.get(e.row_id, False)
            words += " moved to the trash" if trashed[e.row_id] else " restored from the trash"
            changed.remove("deleted_at")
            if changed:
                words += f"; changed ({', '.join(changed)})"
        else:
            words += f" {ACTION_WORDS.get(e.action, e.action)}"
            if e.action == "update" and e.fields:
                words += f" ({e.fields.replace(',', ', ')})"
        lines.append((e.at, e.actor, words, e.table, None if own else e.parent_id))
    return lines


def _merge_lines(
    store: Any, record_id: str, interview_ids: set[str]
) -> list[tuple[datetime, str, str, str, str | None]]:
    """What the merges kept in this file settled about a record and what belongs to it
    (a conflict's kept and overruled values, a note kept over its deletion), as lines of
    its History at the time of the merge, credited to who merged."""
    import os

    from workbench.team.report import KIND_WORDS, report_rows

    own = {record_id, *interview_ids}
    marks = ", ".join(f":i{n}" for n in range(len(own)))
    params = {f"i{n}": v for n, v in enumerate(sorted(own))}
    parts = text(
        f"SELECT id, interview_id FROM answer WHERE interview_id IN ({marks}) "
        f"UNION ALL SELECT id, interview_id FROM note WHERE interview_id IN ({marks}) "
        f"UNION ALL SELECT id, interview_id FROM coded_segment WHERE interview_id IN ({marks})"
    )
    reports = text("SELECT created_at, actor, source, items FROM merge_report").columns(
        created_at=DateTime, items=JSON
    )
    with store.session() as s:
        found = s.execute(reports).all()
        if not found:
            return []
        belongs = dict(s.execute(parts, params).all())
    lines: list[tuple[datetime, str, str, str, str | None]] = []
    for at, actor, source, items in found:
        for item in items or []:
            if item.get("kind") not in KIND_WORDS or item.get("kind") == "merged":
                continue
            record = item.get("record")
            if item.get("table") in ("respondent", "interview") and record in own:
                of = record if record in interview_ids else None
            elif record in belongs or item.get("interview") in interview_ids:
                of = belongs.get(record) or item.get("interview")
            else:
                continue
            what, label, field_, kept, other, detail = report_rows([item])[0]
            words = f"merge of {os.path.basename(source)}: {what}"
            words += f" ({field_})" if field_ else ""
            if item.get("kind") == "conflict":
                kept, other = _short(kept, VALUE_CHARS), _short(other, VALUE_CHARS)
                words += f": kept {kept}, overruled {other}"
            elif detail:
                words += f": {detail}"
            lines.append((at, actor or "", words, "merge", of))
    return lines
