"""Import a transcript into an interview's notes: the interviewer(s) and the interview's
date (from the interview, else from the transcript when it says, else asked), the speakers
and their proposed roles (respondent, interviewer, other) to confirm or change, then one
note per turn (undoable, with the interview's interviewer and date)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ROLE_LABELS = (
    ("respondent", "Respondent"),
    ("interviewer", "Interviewer"),
    ("other", "Someone else"),
    ("", "Nobody (a heading)"),
)


class TranscriptDialog(QDialog):
    def __init__(self, ctx: Any, interview_id: str, transcript: Any,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        from workbench.coding.transcripts import propose_roles

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
        proposed = propose_roles(
            transcript, respondent.name, [*iv.interviewer.split(", "), *self.consultants]
        )
        words = transcript.words()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            f"{len(transcript.turns)} turns ({transcript.kind}) for the interview with "
            f"{respondent.name}. Check who is who: only the respondent's words count when "
            "an analysis or a retrieval keeps to them."
        ))  # fmt: skip
        layout.itemAt(0).widget().setWordWrap(True)
        form = QFormLayout()
        self.interviewers = QLineEdit(iv.interviewer or ctx.given_name())
        self.interviewers.setObjectName("transcriptInterviewers")
        self.interviewers.setPlaceholderText("Names, separated by commas")
        self.interviewers.editingFinished.connect(self._repropose)
        form.addRow("Interviewer(s):", self.interviewers)
        self.date = QDateEdit()
        self.date.setObjectName("transcriptDate")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        day = iv.date or transcript.date
        self.date.setDate(QDate(day.year, day.month, day.day) if day else QDate.currentDate())
        self.date_note = QLabel(
            "" if iv.date else f"From {transcript.date_from}." if transcript.date
            else "<b>The transcript does not say when: set the interview's date.</b>"
        )  # fmt: skip
        self.date_note.setObjectName("transcriptDateNote")
        self.date_note.setWordWrap(True)
        form.addRow("Date:", self.date)
        form.addRow("", self.date_note)
        layout.addLayout(form)
        self.table = QTableWidget(len(transcript.speakers), 3)
        self.table.setHorizontalHeaderLabels(["Speaker", "Words", "Role"])
        self.combos: dict[str, QComboBox] = {}
        for row, speaker in enumerate(transcript.speakers):
            self.table.setItem(row, 0, QTableWidgetItem(speaker or "(before any speaker)"))
            self.table.setItem(row, 1, QTableWidgetItem(str(words.get(speaker, 0))))
            combo = QComboBox()
            for value, label in ROLE_LABELS:
                combo.addItem(label, value)
            role = proposed[speaker].split(":", 1)[0] if proposed[speaker] else ""
            combo.setCurrentIndex(combo.findData(role))
            combo.activated.connect(lambda _i, c=combo: c.setProperty("chosen", True))
            self.table.setCellWidget(row, 2, combo)
            self.combos[speaker] = combo
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add to the notes")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

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
        from sqlalchemy import delete

        from workbench.coding.transcripts import import_transcript
        from workbench.store.models import Note

        # The undo stack keeps these closures: they hold plain data, never the dialog (a Qt
        # object left in a reference cycle may be collected on a worker thread).
        store, roles, ids = self.ctx.store, self.roles(), []
        interview_id, transcript = self.interview_id, self.transcript
        interviewer, day = self.interviewer(), self.day()
        before = store.interview(interview_id)
        old = {"interviewer": before.interviewer, "date": before.date}
        changed = self.ctx.data_changed.emit  # the interview's header shows both

        def redo() -> None:
            ids[:] = import_transcript(
                store, interview_id, transcript, roles, interviewer=interviewer, day=day
            )
            changed("interviews")

        def undo() -> None:
            with store.writing() as s:
                s.execute(delete(Note).where(Note.id.in_(list(ids))))
            store.update_interview(interview_id, **old)
            changed("interviews")

        self.ctx.edit("Import transcript", redo, undo, "notes")
        return ids

    def accept(self) -> None:
        self.apply()
        super().accept()


def import_transcript_file(
    ctx: Any, interview_id: str, parent: QWidget | None = None, path: str | None = None
) -> TranscriptDialog | None:
    """Choose a transcript file, read it, and open the speakers' dialog (not blocking)."""
    from workbench.coding.transcripts import TranscriptError, read_transcript

    if path is None:
        path, _f = QFileDialog.getOpenFileName(
            parent, "Import a transcript", "",
            "Transcripts (*.vtt *.srt *.docx *.txt);;All files (*)",
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
    dialog = TranscriptDialog(ctx, interview_id, transcript, parent)
    dialog.open()
    return dialog
