"""Import a transcript into an interview's notes: the interviewer(s) (the speakers mapped
to interviewer), the interview's date (the transcript's when it says one and the interview
has no answers yet, else the interview's, with the other offered), the speakers and their
proposed roles (respondent, interviewer, other) to confirm or change, then one note per
turn (undoable, with the interview's interviewer and date).  The same transcript twice is
refused; a second transcript into an interview that holds turns, a mapping that gives the
respondent no words or several speakers, a respondent's speaker of another name, and a
transcript that another interview already holds are asked about first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.file_dialogs import open_file_name


def ask(parent: QWidget | None, title: str, text: str, yes: str) -> bool:
    """A question with ``yes`` and Cancel (Cancel the default); whether ``yes`` was chosen."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Cancel,
                      parent)  # fmt: skip
    box.setObjectName("transcriptQuestion")
    go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


ROLE_LABELS = (
    ("respondent", "Respondent"),
    ("interviewer", "Interviewer"),
    ("other", "Someone else"),
    ("", "Nobody (a heading)"),
)


class TranscriptDialog(QDialog):
    def __init__(self, ctx: Any, interview_id: str, transcript: Any,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        from workbench.coding.transcripts import heading_report, propose_roles

        super().__init__(parent)
        self.setWindowTitle("Import a transcript")
        self.ctx = ctx
        self.interview_id = interview_id
        self.transcript = transcript
        store = ctx.store
        iv = store.interview(interview_id)
        respondent = store.respondent(iv.respondent_id)
        self.respondent_name = respondent.name
        self.consultants = [ctx.given_name(), *(store.engagement().consultants or [])]
        names = [*iv.interviewer.split(", "), *self.consultants]
        proposed = propose_roles(transcript, respondent.name, names)
        words = transcript.words()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"{len(transcript.turns)} turns ({transcript.kind}) for the interview with "
            f"{respondent.name}. Check who is who: only the respondent's words count when "
            "an analysis or a retrieval keeps to them."
        ))  # fmt: skip
        layout.itemAt(0).widget().setWordWrap(True)
        # the meeting tool's heading above the turns: where it goes, said (never a turn)
        self.heading_note = QLabel(heading_report(transcript, not iv.source_ref) + ".")
        self.heading_note.setObjectName("transcriptHeadingNote")
        self.heading_note.setWordWrap(True)
        self.heading_note.setVisible(bool(transcript.heading))
        layout.addWidget(self.heading_note)
        form = QFormLayout()
        self.fallback_interviewer = iv.interviewer or ctx.given_name()
        self._auto = self._speaking(proposed) or self.fallback_interviewer
        self.interviewers = QLineEdit(self._auto)
        self.interviewers.setObjectName("transcriptInterviewers")
        self.interviewers.setPlaceholderText("Names, separated by commas")
        self.interviewers.editingFinished.connect(self._repropose)
        form.addRow("Interviewer(s):", self.interviewers)
        # An interviewer already recorded stays; the transcript's are shown beside it.
        self.recorded_interviewer = iv.interviewer.strip()
        self.interviewer_note = QLabel()
        self.interviewer_note.setObjectName("transcriptInterviewerNote")
        self.interviewer_note.setWordWrap(True)
        self.interviewer_note.hide()
        if self.recorded_interviewer:
            self.interviewers.setText(self.recorded_interviewer)
            self.interviewers.setReadOnly(True)
            self.interviewers.setToolTip("The interview's interviewer(s): kept")
            self._show_interviewer_note(proposed)
        form.addRow("", self.interviewer_note)
        self.date = QDateEdit()
        self.date.setObjectName("transcriptDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        said, kept = transcript.date, iv.date
        differs = said is not None and kept is not None and said != kept
        answered = any(v not in (None, "", []) for v in store.answers(interview_id).values())
        day = (said if differs and not answered else kept) or said
        self.date.setDate(QDate(day.year, day.month, day.day) if day else QDate.currentDate())
        self.date_note = QLabel()
        self.date_from = transcript.date_from
        self.date_note.setObjectName("transcriptDateNote")
        self.date_note.setWordWrap(True)
        # the other date, when the transcript's and the interview's differ
        self.other_date = QPushButton()
        self.other_date.setObjectName("transcriptOtherDate")
        self.other_date.setVisible(differs)
        if differs:
            self._dates = {"transcript": said, "interview": kept}
            self.other_date.clicked.connect(self._swap_date)
            self._show_date_note("transcript" if day == said else "interview")
        else:
            self.date_note.setText(
                "" if kept else f"From {transcript.date_from}." if said
                else "<b>The transcript does not say when: set the interview's date.</b>"
            )  # fmt: skip
        form.addRow("Date:", self.date)
        note_row = QHBoxLayout()
        note_row.addWidget(self.date_note, 1)
        note_row.addWidget(self.other_date)
        form.addRow("", note_row)
        layout.addLayout(form)
        self.table = QTableWidget(len(transcript.speakers), 4)
        self.table.setHorizontalHeaderLabels(["Speaker", "Words", "Role", "Why"])
        self.combos: dict[str, QComboBox] = {}
        for row, speaker in enumerate(transcript.speakers):
            self.table.setItem(row, 0, QTableWidgetItem(speaker or "(before any speaker)"))
            self.table.setItem(row, 1, QTableWidgetItem(str(words.get(speaker, 0))))
            combo = QComboBox()
            for value, label in ROLE_LABELS:
                combo.addItem(label, value)
            role = proposed[speaker].split(":", 1)[0] if proposed[speaker] else ""
            combo.setCurrentIndex(combo.findData(role))
            combo.activated.connect(lambda _i, c=combo, r=row: self._chosen(c, r))
            combo.currentIndexChanged.connect(self._follow_interviewers)
            self.table.setCellWidget(row, 2, combo)
            self.table.setItem(row, 3, QTableWidgetItem())
            self.combos[speaker] = combo
        self._show_reasons(proposed, names)
        self.table.resizeColumnsToContents()
        self.columns_width = self.table.horizontalHeader().length()
        self.table.horizontalHeader().setStretchLastSection(True)
        # wide enough for every column (the Role's choices included), no wider
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.table.setMinimumWidth(
            self.columns_width + self.table.verticalHeader().sizeHint().width()
            + 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        )  # fmt: skip
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to the notes")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _show_date_note(self, using: str) -> None:
        other = "interview" if using == "transcript" else "transcript"
        said, kept = self._dates["transcript"], self._dates["interview"]
        self.date_note.setText(
            f"The transcript says {said.isoformat()} (from {self.date_from}); the interview "
            f"said {kept.isoformat()}. Using the {using}'s."
        )
        self.other_date.setText(f"Use the {other}'s date")
        self.other_date.setProperty("use", other)

    def _swap_date(self) -> None:
        use = self.other_date.property("use")
        day = self._dates[use]
        self.date.setDate(QDate(day.year, day.month, day.day))
        self._show_date_note(use)

    def _speaking(self, roles: dict[str, str]) -> str:
        """The speakers ``roles`` maps to interviewer, as the interview's field."""
        from workbench.coding.transcripts import join_interviewers, role_of

        return join_interviewers(
            [sp for sp, r in roles.items() if sp and role_of(r) == "interviewer"]
        )

    def _show_interviewer_note(self, roles: dict[str, str]) -> None:
        from workbench.coding.transcripts import interviewer_note

        text = interviewer_note(self.recorded_interviewer, self._speaking(roles))
        self.interviewer_note.setText(text)
        self.interviewer_note.setVisible(bool(text))

    def _follow_interviewers(self) -> None:
        """The interviewer(s) follow the speakers mapped to interviewer until typed over
        (an interviewer the interview records stays; the transcript's are shown)."""
        if not hasattr(self, "interviewers") or len(self.combos) < len(self.transcript.speakers):
            return
        if self.recorded_interviewer:
            self._show_interviewer_note(self.roles())
            return
        if self.interviewers.text() != self._auto:
            return
        self._auto = self._speaking(self.roles()) or self.fallback_interviewer
        self.interviewers.setText(self._auto)

    def _chosen(self, combo: QComboBox, row: int) -> None:
        combo.setProperty("chosen", True)
        self.table.item(row, 3).setText("chosen here")

    def _show_reasons(self, proposed: dict[str, str], names: list[str]) -> None:
        """Why each role was proposed ("name matches the respondent, …"), beside it."""
        from workbench.coding.transcripts import role_reasons

        reasons = role_reasons(self.transcript, proposed, self.respondent_name, names)
        for row, (speaker, combo) in enumerate(self.combos.items()):
            if not combo.property("chosen"):
                self.table.item(row, 3).setText(reasons.get(speaker, ""))

    def _repropose(self) -> None:
        """Named interviewers change who is proposed as one (a role chosen stays chosen)."""
        from workbench.coding.transcripts import propose_roles

        names = [*self.interviewers.text().split(","), *self.consultants]
        proposed = propose_roles(self.transcript, self.respondent_name, names)
        for speaker, combo in self.combos.items():
            if combo.property("chosen"):
                continue
            role = proposed[speaker].split(":", 1)[0] if proposed[speaker] else ""
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(role))
            combo.blockSignals(False)
        self._show_reasons(proposed, names)

    def interviewer(self) -> str:
        from workbench.coding.transcripts import join_interviewers

        return join_interviewers([self.interviewers.text()])

    def day(self) -> Any:
        return self.date.date().toPython()

    def roles(self) -> dict[str, str]:
        out = {}
        for speaker, combo in self.combos.items():
            role = combo.currentData()
            out[speaker] = f"{role}:{speaker}" if role else ""
        return out

    def apply(self) -> list[str]:
        """Add the turns as notes through the undo stack; returns the new notes' ids."""
        from sqlalchemy import delete, update

        from workbench.coding.transcripts import import_transcript
        from workbench.store.models import Interview, Note

        # The undo stack keeps these closures: they hold plain data, never the dialog (a Qt
        # object left in a reference cycle may be collected on a worker thread).
        store, roles, ids = self.ctx.store, self.roles(), []
        interview_id, transcript = self.interview_id, self.transcript
        interviewer, day = self.interviewer(), self.day()
        before = store.interview(interview_id)
        old = {"interviewer": before.interviewer, "date": before.date}
        old_ref = before.source_ref
        changed = self.ctx.data_changed.emit  # the interview's header shows both

        def redo() -> None:
            ids[:] = import_transcript(
                store, interview_id, transcript, roles, interviewer=interviewer, day=day
            )
            changed("interviews")

        def undo() -> None:
            with store.writing() as s:
                s.execute(delete(Note).where(Note.id.in_(list(ids))))
                s.execute(
                    update(Interview).where(Interview.id == interview_id)
                    .values(source_ref=old_ref)
                )  # fmt: skip
            store.update_interview(interview_id, **old)
            changed("interviews")

        self.ctx.edit("Import transcript", redo, undo, "notes")
        return ids

    def accept(self) -> None:
        from workbench.coding.transcripts import role_warnings

        warnings = role_warnings(self.transcript, self.roles(), self.respondent_name)
        if warnings and not ask(self, "Check who is who", "\n\n".join(warnings),
                                "Add to the notes anyway"):  # fmt: skip
            return
        self.apply()
        super().accept()


def import_transcript_file(
    ctx: Any, interview_id: str, parent: QWidget | None = None, path: str | None = None
) -> TranscriptDialog | None:
    """Choose a transcript file, read it, and open the speakers' dialog (not blocking)."""
    from workbench.coding.transcripts import (
        TranscriptError,
        already_imported_message,
        elsewhere_message,
        read_transcript,
        same_transcript_elsewhere,
        turns_already_there,
    )

    if path is None:
        path, _f = open_file_name(
            parent, "Import a transcript",
            "Transcripts (*.vtt *.srt *.docx *.txt);;All files (*)", kind="transcript", ctx=ctx,
        )  # fmt: skip
        if not path:
            return None
    try:
        transcript = read_transcript(path)
    except TranscriptError as exc:
        box = QMessageBox(QMessageBox.Icon.Warning, "The transcript cannot be read", str(exc),
                          QMessageBox.StandardButton.Ok, parent)  # fmt: skip
        box.open()
        return None
    same, turns = turns_already_there(ctx.store, interview_id, transcript)
    if same:
        box = QMessageBox(QMessageBox.Icon.Information, "Already imported",
                          already_imported_message(transcript) + ".",
                          QMessageBox.StandardButton.Ok, parent)  # fmt: skip
        box.setObjectName("transcriptAlreadyImported")
        box.open()
        return None
    elsewhere = same_transcript_elsewhere(ctx.store, interview_id, transcript)
    if elsewhere and not ask(
        parent, "The transcript is already in another interview",
        elsewhere_message(transcript, elsewhere) + ". Adding it here too puts the same words "
        "in two interviews (the wrong interview chosen?).", "Add anyway",
    ):  # fmt: skip
        return None
    if turns and not ask(
        parent, "The interview already holds a transcript",
        f"This interview already holds {turns} transcript turns — perhaps another "
        "transcript of the same conversation (a Teams .docx after its .vtt). Adding this "
        "one puts its words in twice.", "Add anyway",
    ):  # fmt: skip
        return None
    dialog = TranscriptDialog(ctx, interview_id, transcript, parent)
    dialog.open()
    return dialog
