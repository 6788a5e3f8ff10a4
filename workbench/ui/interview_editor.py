"""Capture one interview: a header, the rendered form and the notes, saved as you go.

Every answer is committed when it is given (clicks at once, typing after a short pause)
as one undoable step through ``ctx.edit``; undo and redo from anywhere in the window
show up in the form because the editor reloads on ``ctx.data_changed("answers")`` when
the change did not come from itself.  Corrections to a completed interview are recorded
by the store; "History" lists them with the notes' edits.

A completed interview opens for reading: its answers and the header's date, interviewer,
wave and place change on no key or click (they say how to correct them) until F2 or
"Correct answers" unlocks them for this opening; notes stay editable.  One marked complete
while open stays editable until it is closed; one put back to draft is unlocked.

Beside it: ``interview_history`` (History's lines and dialog), ``interview_reading`` (the
line under a completed interview's header) and ``interview_complete`` (what "Mark
complete" asks when answers are missing or break the form's rules).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import interview_history as history
from workbench.ui.dialogs import DateEdit
from workbench.ui.elided import WordElidedLabel
from workbench.ui.form_parts import CORRECT_KEY, LOCKED_HINT, ReadingLock, answer_widgets, grey
from workbench.ui.form_view import NEXT_HELP, FormView
from workbench.ui.interview_complete import short, warn_incomplete
from workbench.ui.interview_reading import ReadingBar
from workbench.ui.notes_editor import NotesEditor

#: (what, keys) of "Mark complete" (the shortcuts dialog lists it before the page is built)
COMPLETE = ("Mark the interview complete, or back to draft", "Ctrl+Shift+Return")


class InterviewEditor(QWidget):
    """The capture screen of one interview (see the module docstring)."""

    closed = Signal()

    def __init__(self, ctx: Any, interview_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.complete_warning: QMessageBox | None = None
        self.store = ctx.store
        self.interview_id = interview_id
        self._own = False
        self.locked = False  # a completed interview's answers, shown for reading
        interview = self.store.interview(interview_id)
        self.respondent_id = interview.respondent_id
        self.form = self.store.form_definition(interview.form_version_id)
        self._stored: dict[str, Any] = self.store.answers(interview_id)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        layout.addWidget(self._build_reading_bar())
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(rule)

        self.form_view = FormView(self.form)
        self.form_view.set_values(self._stored)
        self.form_view.answer_changed.connect(self._answer_changed)
        self.form_view.progress_changed.connect(self._show_progress)
        self.notes = NotesEditor(ctx, interview_id)
        from workbench.ui.code_in_place import attach_answers

        self.notes.coder.flushing.connect(self.form_view.flush)  # answers are coded in place too
        attach_answers(self.notes.coder, self.store, interview_id, self.form_view)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.form_view)
        self.splitter.addWidget(self.notes)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([840, 440])
        self.splitter.setChildrenCollapsible(False)
        layout.addWidget(self.splitter, 1)
        for action in (self.notes.add_action, self.notes.time_action):
            self.addAction(action)

        self.complete_action = QAction("Mark Complete", self)
        self.complete_action.setShortcut(QKeySequence(COMPLETE[1]))
        self.complete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.complete_action.setStatusTip("Mark the interview complete (or back to draft)")
        self.complete_action.triggered.connect(self.status_button.click)
        self.addAction(self.complete_action)

        self.correct_action = QAction("Correct Answers", self)
        self.correct_action.setShortcut(QKeySequence(CORRECT_KEY))
        self.correct_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.correct_action.setStatusTip("Unlock the answers of the completed interview")
        self.correct_action.triggered.connect(self.unlock)
        self.correct_action.setEnabled(False)
        self.addAction(self.correct_action)
        self.correct_button.clicked.connect(self.unlock)

        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_editor)
        self.form_view.set_shortcut_scope(self)
        if self.store.read_only:
            self.form_view.set_read_only(True)
            self.header_box.setEnabled(False)
            self.edit_respondent_button.setEnabled(False)
        self._load_header()
        self.header_lock = ReadingLock(self, LOCKED_HINT)
        self.header_lock.watch(answer_widgets(self.header_box))
        for lock in (self.header_lock, self.form_view.lock):
            lock.refused.connect(self.ctx.status.emit)
        if self.status == "complete":
            self._set_locked(True)
        if not self._stored and self.status == "draft" and not self.store.read_only:
            self.form_view.offer_defaults()  # a new interview: the form's defaults (XLSForm)
        self._show_progress(*self.form_view.progress())
        ctx.data_changed.connect(self._data_changed)
        ctx.saved.connect(self._saved)

    # -- header ---------------------------------------------------------------------------------
    def _build_header(self) -> QWidget:
        header = QWidget()
        header.setObjectName("interviewHeader")
        outer = QVBoxLayout(header)
        outer.setContentsMargins(14, 10, 14, 8)
        outer.setSpacing(8)

        top = QHBoxLayout()
        self.back = QPushButton("← Interviews")
        self.back.setToolTip("Back to the interview list (Esc)")
        self.back.setFlat(True)
        self.back.clicked.connect(self.close_editor)
        top.addWidget(self.back)
        # The respondent is shown here, not edited: a key that lands in the header by
        # accident must never change them ("Edit respondent…" does, on purpose).
        self.name = QLabel()
        self.name.setObjectName("respondentName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.name.setAccessibleName("Respondent")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setWeight(font.Weight.Bold)
        self.name.setFont(font)
        top.addWidget(self.name, 0)
        # role and segment, and the form, give way by whole words when the window is narrow
        self.who = grey(WordElidedLabel(), smaller=False)
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.who, 0)
        self.edit_respondent_button = QPushButton("Edit respondent…")
        self.edit_respondent_button.setToolTip("Change the respondent's name, role, segment…")
        self.edit_respondent_button.clicked.connect(self.edit_respondent)
        top.addWidget(self.edit_respondent_button)
        self.form_label = grey(
            WordElidedLabel(f"{self.form.title} · v{self.form.version}"), smaller=False
        )
        top.addWidget(self.form_label, 1)
        self.language_box: QComboBox | None = None
        if len(self.form.languages) > 1:  # a form in several languages: the one shown
            self.language_box = QComboBox()
            self.language_box.setToolTip("The language the form is shown in")
            self.language_box.setAccessibleName("Form language")
            self.language_box.addItems(self.form.languages)
            self.language_box.currentTextChanged.connect(
                lambda language: self.form_view.set_language(language)
            )
            top.addWidget(self.language_box)
        self.saved_label = grey(QLabel(""))
        top.addWidget(self.saved_label)
        self.history_button = QPushButton("History")
        self.history_button.setToolTip(history.TIP)
        self.history_button.clicked.connect(self.show_history)
        top.addWidget(self.history_button)
        self.status_button = QPushButton()
        self.status_button.setCheckable(True)
        self.status_button.setToolTip(
            "Draft or complete (Ctrl+Shift+Return). Only completed interviews count in "
            "analyses; changes to a completed one are kept in its history."
        )
        self.status_button.clicked.connect(self._status_clicked)
        top.addWidget(self.status_button)
        outer.addLayout(top)

        self.header_box = QWidget()
        grid = QGridLayout(self.header_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(4)
        self.date = DateEdit()
        self.interviewer = QLineEdit(placeholderText="Who interviewed")
        self.wave = QComboBox()
        self.place = QLineEdit(placeholderText="Where")
        fields = [
            ("Date", self.date),
            ("Interviewer", self.interviewer),
            ("Wave", self.wave),
            ("Place", self.place),
        ]
        for i, (text, widget) in enumerate(fields):
            label = grey(QLabel(text), smaller=False)
            label.setBuddy(widget)
            grid.addWidget(label, 0, i * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(widget, 0, i * 2 + 1)
        for col in (1, 3, 5, 7):
            grid.setColumnStretch(col, 1)
        self.wave.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        outer.addWidget(self.header_box)

        self.interviewer.editingFinished.connect(
            lambda: self._interview_field("interviewer", self.interviewer.text().strip())
        )
        self.place.editingFinished.connect(
            lambda: self._interview_field("place", self.place.text().strip())
        )
        self.wave.activated.connect(
            lambda _i: self._interview_field("wave_id", self.wave.currentData())
        )
        self.date.editingFinished.connect(self._date_changed)
        self.date.picked.connect(self._date_changed)

        bottom = QHBoxLayout()
        self.progress_label = QLabel()
        bottom.addWidget(self.progress_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(6)
        self.progress_bar.setMaximumWidth(220)
        bottom.addWidget(self.progress_bar)
        bottom.addStretch(1)
        hint = grey(QLabel(f"{NEXT_HELP} · Ctrl+Shift+N: new note · Ctrl+T: time mark · Esc: back"))
        bottom.addWidget(hint)
        outer.addLayout(bottom)
        return header

    def _build_reading_bar(self) -> QWidget:
        self.reading_bar = ReadingBar()
        self.reading_label = self.reading_bar.label
        self.correct_button = self.reading_bar.correct_button
        return self.reading_bar

    def _show_reading(self) -> None:
        self.reading_bar.show_state(
            complete=getattr(self, "status", "") == "complete",
            locked=self.locked,
            read_only=self.store.read_only,
        )

    def _set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.form_view.set_locked(locked)
        self.header_lock.set_locked(locked)
        if self.store.read_only:  # a read-only file stays read-only
            self.form_view.set_read_only(True)
        self.correct_action.setEnabled(locked and not self.store.read_only)
        self._show_reading()

    def unlock(self) -> bool:
        """Let the answers and the header's fields of a completed interview be corrected
        while it is open (F2, "Correct answers"); a file open read-only stays so.  A
        search match shown in a note is only let go (F2 edits it), the answers stay
        locked."""
        from PySide6.QtWidgets import QApplication

        from workbench.ui.form_parts import MatchGuard

        focus = QApplication.focusWidget()
        if focus is not None and self.notes.isAncestorOf(focus):
            guard = focus.findChild(MatchGuard, "matchGuard")
            if guard is not None and guard.holding:
                guard.release()
                return False
        if not self.locked or self.store.read_only:
            return False
        self._set_locked(False)
        from PySide6.QtWidgets import QToolTip

        QToolTip.hideText()  # the locked answer's hint, shown by the key that found it locked
        self.ctx.status.emit("Answers unlocked: each correction is kept in the History.")
        return True

    def _load_header(self) -> None:
        iv = self.store.interview(self.interview_id)
        respondent = iv.respondent
        self.name.setText(respondent.name)
        self.who.setText(" · ".join(b for b in (respondent.role, respondent.segment) if b))
        self.date.set_value(iv.date)
        self.interviewer.setText(iv.interviewer)
        self.place.setText(iv.place)
        self.wave.clear()
        self.wave.addItem("— no wave —", None)
        for wave in self.store.waves():
            self.wave.addItem(wave.name, wave.id)
        self.wave.setCurrentIndex(max(0, self.wave.findData(iv.wave_id)))
        self.status = iv.status
        complete = iv.status == "complete"
        self.status_button.setChecked(complete)
        self.status_button.setText("✓ Complete" if complete else "Mark complete")
        self._count_history()
        if self.locked and self.status == "draft":  # back to draft: editable again
            self._set_locked(False)
        if hasattr(self, "correct_action"):
            self._show_reading()

    def _edit(self, text: str, redo: Any, undo: Any, kind: str) -> bool:
        self._own = True
        try:
            return bool(self.ctx.edit(text, redo=redo, undo=undo, kind=kind))
        finally:
            self._own = False

    def _interview_field(self, field: str, value: Any) -> bool:
        """Whether ``field`` was changed to ``value`` (one undoable edit)."""
        current = getattr(self.store.interview(self.interview_id), field)
        if current == value:
            return False
        store, iid = self.store, self.interview_id
        names = {"wave_id": "wave", "status": "status"}
        done = self._edit(  # (failed: the header below shows what is stored)
            f"Change interview {names.get(field, field)}",
            redo=lambda: store.update_interview(iid, **{field: value}),
            undo=lambda: store.update_interview(iid, **{field: current}),
            kind="interviews",
        )
        self._load_header()
        return done

    def edit_respondent(self) -> QDialog:
        """The respondent's own dialog; what it changes is one undoable edit."""
        from workbench.ui.respondent_import import RespondentDialog
        from workbench.ui.respondents import update_respondent

        dialog = RespondentDialog(self, self.store.respondent(self.respondent_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def accepted() -> None:
            update_respondent(self.ctx, self.respondent_id, dialog.values())
            self._load_header()

        dialog.accepted.connect(accepted)
        dialog.open()
        return dialog

    def _date_changed(self) -> None:
        """Saves the date when the box is left or a day is picked; text that is no date
        stays in the box, framed red, and the status bar says why (nothing is saved)."""
        if self.date.isReadOnly():
            return
        problem = self.date.problem("Date")
        if problem:
            self.ctx.status.emit(problem)
            return
        self._interview_field("date", self.date.value())

    def _status_clicked(self, checked: bool) -> None:
        missing = self.form_view.missing_required() if checked else []
        breaks = self.form_view.rule_breaks() if checked else {}
        if not missing and not breaks:
            if self._interview_field("status", "complete" if checked else "draft"):
                name = self.store.interview(self.interview_id).respondent.name
                self.ctx.status.emit(
                    f"{name}'s interview is complete: counted in the analyses — Edit ▸ Undo"
                    if checked
                    else f"{name}'s interview is a draft again: left out of the analyses — "
                    "Edit ▸ Undo"
                )
            return
        self.status_button.setChecked(False)  # not before the consultant has said so
        self.complete_warning = warn_incomplete(self, missing, breaks)

    # -- answers --------------------------------------------------------------------------------
    def _answer_changed(self, key: str, value: Any) -> None:
        # answers cleared with it because their choice filter no longer offers them: one edit
        cleared = dict(self.form_view.cleared)
        new = {key: value} | {k: None for k in cleared}
        store, iid, user, made = self.store, self.interview_id, self.ctx.user_name, {}
        label = short(self.form.question(key).label)

        def redo() -> None:
            made["edit"] = store.edit_answers(iid, new, changed_by=user)

        if not self._edit(
            f"Answer ‘{label}’",
            redo=redo,  # undone with the coded passages as they were
            undo=lambda: store.undo_answer_edit(made["edit"], changed_by=user),
            kind="answers",
        ):
            self.reload_answers()  # the answer was not saved: show what is stored
            return
        for k, v in new.items():
            if v is None:
                self._stored.pop(k, None)
            else:
                self._stored[k] = v
        said = [note for _old, note in cleared.values()]
        if made["edit"].trashed:
            from workbench.store.passages import trashed_notice

            said.append(trashed_notice(made["edit"].trashed))
        if said:
            self.ctx.status.emit("; ".join(said))
        if self.status == "complete":
            self._load_header()
        self._show_progress(*self.form_view.progress())

    def _data_changed(self, kind: str) -> None:
        if kind == "notes":  # (typed here or undone: History lists the notes' edits)
            self._count_history()
        if self._own:
            return
        if kind == "answers":
            self.reload_answers()
        elif kind in ("interviews", "respondents", "engagement"):
            self._load_header()

    def reload_answers(self) -> None:
        self._stored = self.store.answers(self.interview_id)
        self.form_view.set_values(self._stored)
        if self.status == "complete":
            self._load_header()
        self._show_progress(*self.form_view.progress())

    def _show_progress(self, answered: int, total: int) -> None:
        """ "N of M answered", and how many of those break the form's rules (in red)."""
        breaks = len(self.form_view.rule_breaks())
        text = f"{answered} of {total} answered"
        if breaks:
            from workbench.ui import style

            colour = style.error_colour(self)
            said = "1 answer breaks" if breaks == 1 else f"{breaks} answers break"
            text = html.escape(text) + (
                f' · <span style="color:{colour}">⚠ {said} the form\'s rules</span>'
            )
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(answered)

    def _saved(self) -> None:
        self.saved_label.setText(f"Saved {dt.datetime.now():%H:%M:%S}")

    # -- history ----------------------------------------------------------------------------------
    def history_rows(self) -> list[tuple[str, str, str, str, str]]:
        return history.correction_rows(self.store, self.form, self.interview_id)

    def note_history_rows(self) -> list[tuple[str, str, str, str, str]]:
        return history.note_rows(self.store, self.interview_id)

    def _count_history(self) -> None:
        """The History button counts the lines its dialog lists."""
        text, tip = history.button_text(len(self.history_rows()), len(self.note_history_rows()))
        self.history_button.setText(text)
        self.history_button.setToolTip(tip)

    def show_history(self) -> QDialog:
        return history.history_dialog(
            self, self.name.text(), self.history_rows(), self.note_history_rows()
        )

    def focus_first_unanswered(self) -> str | None:
        """Put the keyboard on the first question that waits for an answer (else the first
        question), so that the number keys and F8 work at once."""
        return self.form_view.focus_first_unanswered()

    # -- leaving, highlighting ------------------------------------------------------------------------
    def flush(self) -> None:
        """Save typing that is still waiting for its pause (call before leaving)."""
        self.form_view.flush()
        self.notes.flush()

    def close_editor(self) -> None:
        self.flush()
        self.closed.emit()

    def hideEvent(self, event: Any) -> None:
        self.flush()
        super().hideEvent(event)

    def highlight(self, source_kind: str, source_id: str, start: int, end: int) -> bool:
        """Scroll to a note's or a text answer's characters ``start``–``end`` and show them
        as the match, for reading until F2 or a click in the text (so that Enter pressed
        again changes nothing)."""
        shown = False
        if source_kind == "note":
            shown = self.notes.highlight(source_id, start, end)
        elif source_kind == "answer":
            where = self.store.answer_location(source_id)
            if where is not None:
                shown = self.form_view.select_text(where[0], start, end, where[1])
        if shown:
            from workbench.ui.form_parts import MATCH_HINT

            answer = source_kind == "answer" and self.locked
            self.ctx.status.emit((LOCKED_HINT if answer else MATCH_HINT) + ".")
        return shown
