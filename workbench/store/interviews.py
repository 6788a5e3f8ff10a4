"""Interviews, their answers and their notes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from workbench.store.glance import InterviewRow
from workbench.store.models import (
    INTERVIEW_STATUSES,
    Answer,
    AnswerChange,
    CodedSegment,
    FormVersion,
    Interview,
    Note,
    Respondent,
    time_ordered_id,
    utcnow,
)
from workbench.store.progress import store_progress
from workbench.store.sqlite import errors
from workbench.store.tagcoding import carries_tag_codes, sync_tag_segments

PROGRESS_KEPT = "SELECT 1 FROM interview_progress WHERE interview_id = ?"
INTERVIEW_FIELDS = ("interviewer", "date", "place", "status", "wave_id", "respondent_id")


@dataclass(frozen=True)
class NoteEdit:
    """A note's text and coding before an edit, kept by the undo stack."""

    note_id: str
    old_body: str
    old_stamp: str
    # (segment id, start, end, text, deleted_at) of every segment on the note
    segments: tuple[tuple[str, int, int, str, Any], ...]
    # the codes (by name) of the coded passages whose words the edit deleted: in the trash
    trashed: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeletedNote:
    """A removed note, kept by the undo stack so the note and its coding can come back."""

    note_id: str
    interview_id: str
    body: str
    stamp: str
    position: int
    segment_ids: tuple[str, ...]
    speaker: str = ""


@dataclass(frozen=True)
class AnswerEdit:
    """Answers and their coding before an edit, kept by the undo stack."""

    interview_id: str
    old_values: dict[str, Any]
    # (question key, item, answer cell id, the passages coded on it as they were) of every
    # text the edit changed
    passages: tuple[tuple[str, str, str, tuple[Any, ...]], ...] = ()
    # the codes (by name) of the coded passages whose words the edit deleted: in the trash
    trashed: tuple[str, ...] = ()


class AnswerError(ValueError):
    """A value that does not fit its question; nothing was stored."""


class InterviewOps:
    # -- interviews -------------------------------------------------------------------------
    def new_interview(
        self,
        respondent_id: str,
        form: Any,
        *,
        wave_id: str | None = None,
        interviewer: str = "",
        date: date | None = None,
        place: str = "",
    ) -> Interview:
        version = self.ensure_form_version(form)
        if wave_id is None:
            waves = self.waves()
            wave_id = waves[0].id if waves else None
        with self.writing() as s:
            if s.get(Respondent, respondent_id) is None:
                raise KeyError(respondent_id)
            row = Interview(
                respondent_id=respondent_id,
                form_version_id=version.id,
                wave_id=wave_id,
                interviewer=interviewer,
                date=date,
                place=place,
            )
            s.add(row)
            return row

    def interview(self, interview_id: str) -> Interview:
        with self.session() as s:
            row = s.get(
                Interview,
                interview_id,
                options=[
                    joinedload(Interview.respondent),
                    joinedload(Interview.form_version),
                    joinedload(Interview.wave),
                ],
            )
            if row is None:
                raise KeyError(interview_id)
            return row

    def update_interview(self, interview_id: str, **fields: Any) -> dict[str, Any]:
        """Change header fields; returns the old values (for undo)."""
        unknown = set(fields) - set(INTERVIEW_FIELDS)
        if unknown:
            raise ValueError(f"unknown interview fields: {', '.join(sorted(unknown))}")
        if "status" in fields and fields["status"] not in INTERVIEW_STATUSES:
            raise ValueError(f"status must be one of: {', '.join(INTERVIEW_STATUSES)}")
        with self.writing() as s:
            row = s.get(Interview, interview_id)
            if row is None:
                raise KeyError(interview_id)
            old = {name: getattr(row, name) for name in fields}
            for name, value in fields.items():
                setattr(row, name, value)
            return old

    def interview_rows(
        self,
        *,
        include_deleted: bool = False,
        ids: Sequence[str] | None = None,
        progress: bool = True,
    ) -> list[InterviewRow]:
        """The interview list with progress (answered of relevant questions), newest first;
        ``ids`` limits it to those interviews.  ``progress=False`` leaves progress out
        (``answered`` and ``total`` are None): the list without evaluating any form's
        relevance, for views that only count or name interviews."""
        from workbench.store.progress import interview_rows

        return interview_rows(self, include_deleted=include_deleted, ids=ids, progress=progress)

    def recent_interviews(self, limit: int = 8) -> list[tuple[str, Any]]:
        """(interview id, modified time) of the interviews changed last (not in the trash)."""
        from workbench.store import glance

        with self._raw_reading() as conn:
            return glance.recent_interviews(conn, limit)

    def answer_location(self, answer_id: str) -> tuple[str, str] | None:
        """(question key, item) of a stored answer cell, e.g. for a search hit."""
        with self.session() as s:
            row = s.get(Answer, answer_id)
            return (row.question_key, row.item) if row is not None else None

    def trash_interview(self, interview_id: str) -> None:
        self._set_deleted(Interview, interview_id, utcnow())

    def restore_interview(self, interview_id: str) -> None:
        self._set_deleted(Interview, interview_id, None)

    def purge_interview(self, interview_id: str) -> None:
        self._purge(Interview, interview_id)

    # -- answers ------------------------------------------------------------------------------
    def answers(self, interview_id: str) -> dict[str, Any]:
        """Every answer of an interview as typed values, keyed by question key."""
        from workbench.forms.answers import Cell, from_cells

        iv = self.interview(interview_id)
        form = self.form_definition(iv.form_version_id)
        grouped: dict[str, list[Cell]] = {}
        with self.session() as s:
            for a in s.execute(select(Answer).where(Answer.interview_id == interview_id)).scalars():
                grouped.setdefault(a.question_key, []).append(Cell(a.item, a.value, a.num, a.text))
        values = {}
        for key, cells in grouped.items():
            question = _question(form, key)
            if question is not None:
                value = from_cells(question, cells)
                if value is not None:
                    values[key] = value
        return values

    def set_answer(self, interview_id: str, key: str, value: Any, *, changed_by: str = "") -> Any:
        """Store one answer (``None`` clears it); returns the previous value (for undo).

        A value that does not fit its question raises :class:`AnswerError` and changes
        nothing.  Corrections to a completed interview are recorded with the old value.
        """
        return self.set_answers(interview_id, {key: value}, changed_by=changed_by)[key]

    def set_answers(
        self, interview_id: str, values: dict[str, Any], *, changed_by: str = ""
    ) -> dict[str, Any]:
        """Store several answers in one transaction: all of them, or (on any error) none.

        Returns the previous value of each key.  The passages coded on a text that changes
        follow its words (see :mod:`workbench.store.passages`).
        """
        return self.edit_answers(interview_id, values, changed_by=changed_by).old_values

    def edit_answers(
        self, interview_id: str, values: dict[str, Any], *, changed_by: str = ""
    ) -> AnswerEdit:
        """:meth:`set_answers`, returning what :meth:`undo_answer_edit` needs to put the
        answers and the passages coded on them back exactly."""
        return self._write_answers(interview_id, values, changed_by, ())

    def undo_answer_edit(self, edit: AnswerEdit, *, changed_by: str = "") -> None:
        """Put the answers of ``edit`` back, and the passages coded on them as they were
        (offsets, words, trash), in one transaction."""
        self._write_answers(edit.interview_id, edit.old_values, changed_by, edit.passages)

    def _write_answers(
        self,
        interview_id: str,
        values: dict[str, Any],
        changed_by: str,
        restore: tuple[tuple[str, str, str, tuple[Any, ...]], ...],
    ) -> AnswerEdit:
        from workbench.forms.answers import to_cells, validate
        from workbench.store.passages import follow_text, put_back, sent_to_trash

        form = self.form_definition(self._form_version_id(interview_id))
        planned = {}
        for key, value in values.items():
            question = _question(form, key)
            if question is None:
                raise AnswerError(f"the form {form.id} has no question {key!r}")
            if value is not None:
                problem = validate(question, value, constraint=False)  # kept as given
                if problem:
                    raise AnswerError(f"{question.label}: {problem}")
            cells = {c.item: c for c in to_cells(question, value)} if value is not None else {}
            planned[key] = (question, value, cells)
        # Codes only for texts that are there: a rating never adds to the codebook.
        tag_codes = self.tag_codes(
            [q for q, _v, cells in planned.values() if any(c.text for c in cells.values())]
        )
        old_values = {}
        moved: list[tuple[str, str, str, tuple[Any, ...]]] = []
        trashed: list[str] = []
        # Plain SQL on the transaction's own connection: an answer is a row or two, and the
        # ORM's unit of work would cost more than the commit itself.  Only a question whose
        # tags code its text needs a session (the form-tag segments are kept through it).
        tagged = any(carries_tag_codes(q) and _holds_text(q) for q, _v, _c in planned.values())
        with self.writing() if tagged else self.raw_writing() as w:
            s = w if tagged else None
            conn = s.connection().connection.driver_connection if tagged else w
            # Stamped first: the status read here is the one this edit is made under.
            now = utcnow()
            stamp = _stamp(now)
            stamped = conn.execute(
                "UPDATE interview SET modified_at = ? WHERE id = ? RETURNING status",
                (stamp, interview_id),
            ).fetchall()
            if not stamped:
                raise KeyError(interview_id)
            status = stamped[0][0]
            existing: dict[str, dict[str, StoredCell]] = {}
            marks = ", ".join("?" * len(values))
            for row in conn.execute(
                "SELECT id, question_key, item, value, num, text FROM answer "
                f"WHERE interview_id = ? AND question_key IN ({marks})",
                (interview_id, *values),
            ):
                cell = StoredCell(row[0], row[2], _decode(row[3]), row[4], row[5])
                existing.setdefault(row[1], {})[cell.item] = cell
            for key, (question, value, cells) in planned.items():
                before = existing.get(key, {})
                earlier = {a.id for a in before.values()}
                had_text = any(a.text for a in before.values())
                old_values[key] = _write_cells_sql(
                    conn, interview_id, question, before, cells, stamp
                )
                for item, cell in before.items():  # coded passages follow their words
                    new_text = (cells[item].text or "") if item in cells else ""
                    if cell.text and new_text != cell.text:
                        was = follow_text(conn, "answer", cell.id, cell.text, new_text, now)
                        if was:
                            moved.append((key, item, cell.id, was))
                            trashed += sent_to_trash(conn, was)
                # Only a text carries form-tag segments: a rating never needs the sync.
                tagging = key in tag_codes or (had_text and carries_tag_codes(question))
                if s is not None and tagging:
                    sync_tag_segments(s, interview_id, key, tag_codes.get(key, []), earlier)
                if status == "complete" and old_values[key] != value:
                    # The history row as the model writes it (JSON, SQLAlchemy's times).
                    conn.execute(
                        "INSERT INTO answer_change (id, interview_id, question_key, old_value, "
                        "new_value, changed_by, created_at, modified_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            time_ordered_id(),
                            interview_id,
                            key,
                            json.dumps(old_values[key]),
                            json.dumps(value),
                            changed_by,
                            stamp,
                            stamp,
                        ),
                    )
            if s is None and not conn.execute(PROGRESS_KEPT, (interview_id,)).fetchall():
                # the answers changed so that a trigger dropped the kept progress (a cell
                # added or removed, or any change on a form whose answers decide its
                # relevance): kept again before the commit (a session's transaction does
                # so for every interview)
                shapes = self.__dict__.setdefault("_form_shapes", {})
                store_progress(conn, self._forms_on(conn), [interview_id], shapes)
            for key, item, cell_id, was in restore:
                found = conn.execute(
                    "SELECT id FROM answer WHERE interview_id = ? AND question_key = ? "
                    "AND item = ?",
                    (interview_id, key, item),
                ).fetchone()
                # (an answer cleared by the edit is a new cell once given back)
                put_back(conn, was, now, found[0] if found and found[0] != cell_id else None)
        return AnswerEdit(interview_id, old_values, tuple(moved), tuple(trashed))

    def _form_version_id(self, interview_id: str) -> str:
        """The form snapshot an interview was given against (it never changes)."""
        cache = self.__dict__.setdefault("_interview_forms", {})
        if interview_id not in cache:
            with self.session() as s:
                found = s.execute(
                    select(Interview.form_version_id).where(Interview.id == interview_id)
                ).scalar_one_or_none()
            if found is None:
                raise KeyError(interview_id)
            cache[interview_id] = found
        return cache[interview_id]

    def answer_changes(self, interview_id: str) -> list[AnswerChange]:
        with self.session() as s:
            return list(
                s.execute(
                    select(AnswerChange)
                    .where(AnswerChange.interview_id == interview_id)
                    .order_by(AnswerChange.created_at)
                ).scalars()
            )

    # -- notes ---------------------------------------------------------------------------------
    def add_note(
        self, interview_id: str, body: str, *, stamp: str = "", note_id: str | None = None
    ) -> Note:
        now = utcnow()
        row = Note(
            id=note_id or time_ordered_id(),
            interview_id=interview_id,
            body=body,
            stamp=stamp,
            created_at=now,
            modified_at=now,
        )
        # Plain SQL on the transaction's own connection: for one row, a session's unit of
        # work costs more than the commit itself.
        with self.raw_writing() as conn:
            # Worked out inside the write transaction, so two edits never share a place.
            last = conn.execute(
                "SELECT max(position) FROM note WHERE interview_id = ?", (interview_id,)
            ).fetchone()[0]
            row.position = 0 if last is None else last + 1
            try:
                conn.execute(
                    "INSERT INTO note (id, interview_id, body, stamp, position, created_at, "
                    "modified_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (row.id, interview_id, body, stamp, row.position, _stamp(now), _stamp(now)),
                )
            except errors("IntegrityError") as exc:
                if "FOREIGN KEY" in str(exc):
                    raise KeyError(interview_id) from None
                raise
        return row

    def notes(self, interview_id: str) -> list[Note]:
        with self.session() as s:
            return list(
                s.execute(
                    select(Note).where(Note.interview_id == interview_id).order_by(Note.position)
                ).scalars()
            )

    def update_note(self, note_id: str, body: str, *, stamp: str | None = None) -> str:
        """Change a note's text; coded segments on it keep pointing at the same words.

        Returns the old text.  (For an edit that can be undone with its coding intact,
        use :meth:`edit_note`.)
        """
        return self.edit_note(note_id, body, stamp=stamp).old_body

    def edit_note(self, note_id: str, body: str, *, stamp: str | None = None) -> NoteEdit:
        """Change a note's text, moving its coded segments with the words they mark; a
        segment whose words are all gone goes to the trash.  Returns what
        :meth:`undo_note_edit` needs to put text and coding back exactly."""
        from workbench.store.passages import follow_text, sent_to_trash

        # Plain SQL on the transaction's own connection: a note edit is one row (and the
        # few segments on it), and typing saves often.
        with self.raw_writing() as conn:
            found = conn.execute("SELECT body, stamp FROM note WHERE id = ?", (note_id,)).fetchone()
            if found is None:
                raise KeyError(note_id)
            old_body, old_stamp = found
            sets: dict[str, Any] = {}
            if body != old_body:
                sets["body"] = body
            if stamp is not None and stamp != old_stamp:
                sets["stamp"] = stamp
            now = utcnow()
            if sets:
                conn.execute(
                    f"UPDATE note SET {', '.join(f'{k} = ?' for k in sets)}, modified_at = ? "
                    "WHERE id = ?",
                    (*sets.values(), _stamp(now), note_id),
                )
            passages = follow_text(conn, "note", note_id, old_body, body, now)
            trashed = tuple(sent_to_trash(conn, passages)) if body != old_body else ()
            return NoteEdit(note_id, old_body, old_stamp, passages, trashed)

    def undo_note_edit(self, edit: NoteEdit) -> None:
        """Put a note's text, stamp and coded segments back as they were before ``edit``."""
        from workbench.store.passages import put_back

        with self.raw_writing() as conn:
            now = utcnow()
            done = conn.execute(
                "UPDATE note SET body = ?, stamp = ?, modified_at = ? WHERE id = ?",
                (edit.old_body, edit.old_stamp, _stamp(now), edit.note_id),
            )
            if not done.rowcount:
                raise KeyError(edit.note_id)
            put_back(conn, edit.segments, now)

    def delete_note(self, note_id: str) -> DeletedNote:
        """Remove a note; its coded segments go to the trash with it.

        Returns what :meth:`undelete_note` needs to put everything back as it was.
        """
        when = utcnow()
        with self.writing() as s:
            row = s.get(Note, note_id)
            if row is None:
                raise KeyError(note_id)
            segments = list(
                s.execute(
                    select(CodedSegment).where(
                        CodedSegment.source_kind == "note",
                        CodedSegment.source_id == note_id,
                        CodedSegment.deleted_at.is_(None),
                    )
                ).scalars()
            )
            for seg in segments:
                seg.deleted_at = when
            deleted = DeletedNote(
                note_id=row.id,
                interview_id=row.interview_id,
                body=row.body,
                stamp=row.stamp,
                position=row.position,
                segment_ids=tuple(seg.id for seg in segments),
                speaker=row.speaker or "",
            )
            s.delete(row)
            return deleted

    def undelete_note(self, deleted: DeletedNote) -> Note:
        """Put a deleted note back in its place, with its coded segments."""
        with self.writing() as s:
            taken = s.execute(
                select(Note.id).where(
                    Note.interview_id == deleted.interview_id, Note.position == deleted.position
                )
            ).first()
            if taken is not None:
                _make_room(s, deleted.interview_id, deleted.position)
            row = Note(
                id=deleted.note_id,
                interview_id=deleted.interview_id,
                body=deleted.body,
                stamp=deleted.stamp,
                position=deleted.position,
                speaker=deleted.speaker,
            )
            s.add(row)
            for seg_id in deleted.segment_ids:
                seg = s.get(CodedSegment, seg_id)
                if seg is not None:
                    seg.deleted_at = None
            return row

    def form_version_of(self, interview_id: str) -> FormVersion:
        return self.interview(interview_id).form_version


def _write_cells(
    s: Any, interview_id: str, question: Any, existing: dict[str, Answer], value: Any, cells: dict
) -> Any:
    """Make the stored cells of one question equal ``cells``; return the old value."""
    from workbench.forms.answers import Cell, from_cells

    old_value = (
        from_cells(question, [Cell(a.item, a.value, a.num, a.text) for a in existing.values()])
        if existing
        else None
    )
    for item, row in existing.items():
        if item not in cells:
            s.delete(row)
    for item, cell in cells.items():
        row = existing.get(item)
        if row is None:
            s.add(
                Answer(
                    interview_id=interview_id,
                    question_key=question.key,
                    item=item,
                    value=cell.value,
                    num=cell.num,
                    text=cell.text,
                )
            )
        elif (row.value, row.num, row.text) != (cell.value, cell.num, cell.text):
            row.value, row.num, row.text = cell.value, cell.num, cell.text
    return old_value


# set_answers writes through _write_cells_sql below; _write_cells above serves writers that
# hold ORM rows in their session, such as the response import.


@dataclass(frozen=True)
class StoredCell:
    """An answer cell as read inside a write transaction."""

    id: str
    item: str
    value: Any
    num: float | None
    text: str | None


def _decode(stored: Any) -> Any:
    """A stored JSON value; a number comes back as a number already (the column is
    declared ``JSON``, which gives it numeric affinity in SQLite)."""
    return json.loads(stored) if isinstance(stored, (str, bytes)) else stored


def _write_cells_sql(
    conn: sqlite3.Connection,
    interview_id: str,
    question: Any,
    existing: dict[str, StoredCell],
    cells: dict,
    now: str,
) -> Any:
    """Make the stored cells of one question equal ``cells``; return the old value.

    ``conn`` is the write transaction's own SQLite connection; values are stored as the
    models store them (JSON text, times as SQLAlchemy writes them; ``now`` the edit's
    time, :func:`_stamp`).
    """
    from workbench.forms.answers import Cell, from_cells

    old_value = (
        from_cells(question, [Cell(a.item, a.value, a.num, a.text) for a in existing.values()])
        if existing
        else None
    )
    gone = [(row.id,) for item, row in existing.items() if item not in cells]
    if gone:
        conn.executemany("DELETE FROM answer WHERE id = ?", gone)
    for item, cell in cells.items():
        row = existing.get(item)
        if row is None:
            conn.execute(
                "INSERT INTO answer (id, interview_id, question_key, item, value, num, text, "
                "created_at, modified_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    time_ordered_id(),
                    interview_id,
                    question.key,
                    item,
                    json.dumps(cell.value),
                    cell.num,
                    cell.text,
                    now,
                    now,
                ),
            )
        elif row.text != cell.text:
            conn.execute(
                "UPDATE answer SET value = ?, num = ?, text = ?, modified_at = ? WHERE id = ?",
                (json.dumps(cell.value), cell.num, cell.text, now, row.id),
            )
        elif (row.value, row.num) != (cell.value, cell.num):
            # The text left out of the statement: naming it would wake the search
            # index's triggers for a rating, which has no text to index.
            conn.execute(
                "UPDATE answer SET value = ?, num = ?, modified_at = ? WHERE id = ?",
                (json.dumps(cell.value), cell.num, now, row.id),
            )
    return old_value


def _holds_text(question: Any) -> bool:
    """Whether a question's cells can hold a text (which its form tags would code): a
    text, a long text or a checklist's evidence; never a choice, a number or a rating."""
    from workbench.forms import schema

    no_text = (
        schema.SingleQuestion,
        schema.MultiQuestion,
        schema.ScaleQuestion,
        schema.NpsQuestion,
        schema.NumberQuestion,
        schema.DateQuestion,
        schema.PairQuestion,
        schema.MatrixQuestion,
        schema.AllocationQuestion,
    )
    return not isinstance(question, no_text)


def _question(form: Any, key: str) -> Any:
    try:
        return form.question(key)
    except KeyError:
        return None


def _stamp(when: Any) -> str:
    """A time as SQLAlchemy stores a DateTime in SQLite."""
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _make_room(s: Any, interview_id: str, position: int) -> None:
    """Move the notes at ``position`` and after it one place down.

    In two steps, through negative places, because SQLite checks the unique place of
    each row as it is updated."""
    later = (Note.interview_id == interview_id) & (Note.position >= position)
    s.execute(update(Note).where(later).values(position=-Note.position - 1))
    s.execute(
        update(Note)
        .where(Note.interview_id == interview_id, Note.position < 0)
        .values(position=-Note.position)
    )
