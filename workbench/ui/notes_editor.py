"""An interview's free-form notes: one editable card per note, saved as you type.

Typing is saved after a pause of :data:`TYPING_MS` through ``store.update_note`` (which
keeps coded segments on the note pointing at the same words) as one undoable step per
pause, and at least every :data:`TYPING_MAX_MS` while it goes on without one.  Adding and deleting notes are undoable too.  Ctrl+T inserts a time mark — the
time spent on the interview, e.g. ``[00:12:30]`` — and Ctrl+Shift+N adds a note stamped
with it.  The clock goes on from the latest time mark already in the interview's notes
(their stamps and the marks typed into them), so an interview reopened later does not
start again at 00:00:00.  Selected words of a note are coded in place (see
:mod:`workbench.ui.code_in_place`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.code_in_place import InPlaceCoder, say_trashed
from workbench.ui.form_parts import GrowingTextEdit, grey, mark_match

TYPING_MS = 400
# The longest typing goes unsaved while it never pauses for TYPING_MS.
TYPING_MAX_MS = 2000
TIME_MARK = ("Time mark", "Ctrl+T")  # (action text, keys): the shortcuts dialog lists them
NEW_NOTE = ("New note", "Ctrl+Shift+N")

NOTES_STYLE = """
QFrame#noteCard { background: palette(base); border: 1px solid palette(mid); border-radius: 6px; }
QFrame#noteCard GrowingTextEdit { border: none; background: transparent; }
"""


def elapsed_text(msecs: int) -> str:
    seconds = msecs // 1000
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


# "[00:12:30]", "[1:02:03]" or a transcript's "[00:12:30.500]"
_MARK = re.compile(r"\[(\d{1,4}):([0-5]?\d):([0-5]?\d)(?:[.,](\d{1,3}))?\]")


def time_spent(notes: Iterable[Any]) -> int:
    """The time already spent on an interview, in milliseconds: its notes' latest time mark,
    whether a note's stamp or a mark typed into a note's text (0 when there is none)."""
    latest = 0
    for note in notes:
        stamp = getattr(note, "stamp", "") or ""
        text = (f"[{stamp}] " if stamp else "") + (getattr(note, "body", "") or "")
        for m in _MARK.finditer(text):
            hours, minutes, seconds, frac = m.groups()
            msecs = (int(hours) * 3600 + int(minutes) * 60 + int(seconds)) * 1000
            if frac:
                msecs += int(frac.ljust(3, "0"))
            latest = max(latest, msecs)
    return latest


class NoteCard(QFrame):
    typed = Signal(str)  # note id
    delete_requested = Signal(str)

    def __init__(self, note: Any, read_only: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteCard")
        self.note_id = note.id
        self.stamp = note.stamp or ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 8)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.stamp_label = grey(QLabel())
        head.addWidget(self.stamp_label)
        head.addStretch(1)
        delete = QToolButton(text="Delete", autoRaise=True, toolTip="Delete this note (undoable)")
        delete.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        delete.clicked.connect(lambda: self.delete_requested.emit(self.note_id))
        head.addWidget(delete)
        if read_only:
            delete.hide()
        layout.addLayout(head)
        self.edit = GrowingTextEdit(min_lines=4)
        self.edit.setPlaceholderText("Type the note…  (Ctrl+T inserts a time mark)")
        self.edit.setAccessibleName("Note")
        self.edit.setReadOnly(read_only)
        self._loading = False
        self.set_body(note.body)
        self.set_stamp(self.stamp)
        self.edit.textChanged.connect(self._typed)
        layout.addWidget(self.edit)

    def _typed(self) -> None:
        if not self._loading:
            self.typed.emit(self.note_id)

    def body(self) -> str:
        return self.edit.toPlainText()

    def set_body(self, body: str) -> None:
        if self.body() == body:
            return
        self._loading = True
        try:
            position = self.edit.textCursor().position()
            self.edit.setPlainText(body)
            cursor = self.edit.textCursor()
            cursor.setPosition(min(position, len(body)))
            self.edit.setTextCursor(cursor)
        finally:
            self._loading = False

    def set_stamp(self, stamp: str, speaker: str = "") -> None:
        self.stamp = stamp
        text = f"[{stamp}]" if stamp else "Note"
        if speaker:  # a transcript's turn: "respondent:Alice Kent"
            role, _, name = speaker.partition(":")
            text += f"  {name} ({role})" if name else f"  ({role})"
        self.stamp_label.setText(text)


class NotesEditor(QWidget):
    """The notes of ``interview_id`` (see the module docstring)."""

    def __init__(self, ctx: Any, interview_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.interview_id = interview_id
        self.cards: dict[str, NoteCard] = {}
        self._saved: dict[str, str] = {}
        self._pending: dict[str, QTimer] = {}
        self._deadlines: dict[str, QTimer] = {}  # typing saved even when it never pauses
        self.read_only = bool(getattr(ctx.store, "read_only", False))
        self._clock = QElapsedTimer()
        self._clock.start()
        self._spent_before: int | None = None  # ms spent before this opening (time marks)
        self.setStyleSheet(NOTES_STYLE)
        self.coder = InPlaceCoder(ctx, self.flush, self)  # select words, code them here

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 8, 8, 0)
        title = QLabel("Notes")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(font.Weight.Bold)
        title.setFont(font)
        bar.addWidget(title)
        self.elapsed = grey(QLabel())
        self.elapsed.setToolTip(
            "Time spent on this interview: it goes on from the latest time mark in its notes"
        )
        bar.addWidget(self.elapsed)
        bar.addStretch(1)

        self.time_action = QAction(TIME_MARK[0], self)
        self.time_action.setShortcut(QKeySequence(TIME_MARK[1]))
        self.time_action.setToolTip("Insert the elapsed time, e.g. [00:12:30] (Ctrl+T)")
        self.time_action.triggered.connect(self.insert_time_mark)
        self.add_action = QAction(NEW_NOTE[0], self)
        self.add_action.setShortcut(QKeySequence(NEW_NOTE[1]))
        self.add_action.setToolTip("Add a note stamped with the elapsed time (Ctrl+Shift+N)")
        self.add_action.triggered.connect(lambda: self.add_note())
        for action in (self.time_action, self.add_action):
            action.setEnabled(not self.read_only)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            bar.addWidget(button)
        transcript = QToolButton(text="Transcript…")
        transcript.setToolTip("Add a Teams, Zoom or other transcript (.vtt, .srt, .docx, .txt)")
        transcript.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        transcript.setEnabled(not self.read_only)
        transcript.clicked.connect(lambda: self.import_transcript())
        self.transcript_button = transcript
        bar.addWidget(transcript)
        layout.addLayout(bar)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        self.list_layout = QVBoxLayout(page)
        self.list_layout.setContentsMargins(8, 4, 8, 8)
        self.list_layout.setSpacing(8)
        self.empty = grey(QLabel("No notes yet. Ctrl+Shift+N starts one."), smaller=False)
        self.empty.setWordWrap(True)
        self.list_layout.addWidget(self.empty)
        self.list_layout.addStretch(1)
        self.scroll.setWidget(page)
        layout.addWidget(self.scroll, 1)

        ctx.data_changed.connect(self._data_changed)
        self.reload()
        ticker = QTimer(self, interval=1000)
        ticker.timeout.connect(self._tick)
        ticker.start()
        self._tick()

    def import_transcript(self, path: str | None = None) -> Any:
        from workbench.ui.transcript_dialog import import_transcript_file

        self.flush()
        return import_transcript_file(self.ctx, self.interview_id, self, path)

    def elapsed_msecs(self) -> int:
        """The time spent on the interview: before this opening and since."""
        return (self._spent_before or 0) + self._clock.elapsed()

    def _tick(self) -> None:
        self.elapsed.setText(elapsed_text(self.elapsed_msecs()))

    def elapsed_stamp(self) -> str:
        return elapsed_text(self.elapsed_msecs())

    # -- loading -------------------------------------------------------------------------------
    def _data_changed(self, kind: str) -> None:
        if kind == "notes":
            self.reload()

    def reload(self) -> None:
        """Show the stored notes; a note being typed into keeps what was typed."""
        notes = self.ctx.store.notes(self.interview_id)
        if self._spent_before is None:  # the clock goes on from the stored time marks
            self._spent_before = time_spent(notes)
            self._clock.restart()
        seen = set()
        for index, note in enumerate(notes):
            seen.add(note.id)
            card = self.cards.get(note.id)
            if card is None:
                card = NoteCard(note, self.read_only, self.list_layout.parentWidget())
                card.typed.connect(self._typed)
                card.delete_requested.connect(self.delete_note)
                self.coder.attach(card.edit, lambda n=note.id: ("note", n))
                self.cards[note.id] = card
            elif note.id not in self._pending:
                card.set_body(note.body)
            card.set_stamp(note.stamp or "", getattr(note, "speaker", "") or "")
            self._saved[note.id] = note.body
            if self.list_layout.indexOf(card) != index:
                self.list_layout.removeWidget(card)
                self.list_layout.insertWidget(index, card)
        for note_id in set(self.cards) - seen:
            self._drop_pending(note_id)
            card = self.cards.pop(note_id)
            self._saved.pop(note_id, None)
            card.hide()
            card.deleteLater()
        self.empty.setVisible(not self.cards)

    # -- typing --------------------------------------------------------------------------------
    def _typed(self, note_id: str) -> None:
        timer = self._pending.get(note_id)
        if timer is None:
            timer = QTimer(self, singleShot=True, interval=TYPING_MS)
            timer.timeout.connect(lambda n=note_id: self._save(n))
            self._pending[note_id] = timer
            # Typing that never pauses is saved too, at least every TYPING_MAX_MS.
            deadline = QTimer(self, singleShot=True, interval=TYPING_MAX_MS)
            deadline.timeout.connect(lambda n=note_id: self._save(n))
            self._deadlines[note_id] = deadline
            deadline.start()
        timer.start()

    def _drop_pending(self, note_id: str) -> None:
        for timers in (self._pending, self._deadlines):
            timer = timers.pop(note_id, None)
            if timer is not None:
                timer.stop()
                timer.deleteLater()

    def _save(self, note_id: str) -> None:
        self._drop_pending(note_id)
        card = self.cards.get(note_id)
        if card is None:
            return
        new, old = card.body(), self._saved.get(note_id, "")
        if new == old:
            return
        self._saved[note_id] = new
        store, made = self.ctx.store, {}

        def redo() -> None:
            made["edit"] = store.edit_note(note_id, new)

        if self.ctx.edit(
            "Edit note",
            redo=redo,
            undo=lambda: store.undo_note_edit(made["edit"]),  # text and coding as they were
            kind="notes",
        ):
            say_trashed(self.ctx, made["edit"].trashed)

    def flush(self) -> None:
        """Save typing that is still waiting for its pause."""
        for note_id in list(self._pending):
            self._save(note_id)

    # -- add, delete, time marks ---------------------------------------------------------------
    def add_note(self, body: str = "", stamp: str | None = None) -> str:
        """Add a note (stamped with the elapsed time unless told) and put the cursor in it."""
        self.flush()
        note_id = str(uuid.uuid4())
        stamp = self.elapsed_stamp() if stamp is None else stamp
        store, iid = self.ctx.store, self.interview_id
        self.ctx.edit(
            "Add note",
            redo=lambda: store.add_note(iid, body, stamp=stamp, note_id=note_id),
            undo=lambda: store.delete_note(note_id),
            kind="notes",
        )
        card = self.cards.get(note_id)
        if card is not None:
            card.edit.setFocus(Qt.FocusReason.OtherFocusReason)
            card.edit.moveCursor(QTextCursor.MoveOperation.End)
            self.scroll.ensureWidgetVisible(card)
        return note_id

    def delete_note(self, note_id: str) -> None:
        self._save(note_id)
        card = self.cards.get(note_id)
        if card is None:
            return
        store, removed = self.ctx.store, {}

        def redo() -> None:
            removed["note"] = store.delete_note(note_id)

        self.ctx.edit(
            "Delete note",
            redo=redo,
            undo=lambda: store.undelete_note(removed["note"]),
            kind="notes",
        )

    def current_card(self) -> NoteCard | None:
        for card in self.cards.values():
            if card.edit.hasFocus():
                return card
        return None

    def insert_time_mark(self) -> None:
        """Insert ``[hh:mm:ss]`` at the cursor of the note being typed, else start a note."""
        card = self.current_card()
        mark = self.elapsed_stamp()
        if card is None:
            self.add_note(stamp=mark)
            return
        cursor = card.edit.textCursor()
        before = card.body()[: cursor.position()]
        prefix = "" if not before or before.endswith((" ", "\n")) else " "
        cursor.insertText(f"{prefix}[{mark}] ")

    # -- highlighting --------------------------------------------------------------------------
    def highlight(self, note_id: str, start: int, end: int) -> bool:
        card = self.cards.get(note_id)
        if card is None:
            return False
        mark_match(card.edit, start, end)
        card.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        card.edit.ensureCursorVisible()
        self.scroll.ensureWidgetVisible(card)
        return True
