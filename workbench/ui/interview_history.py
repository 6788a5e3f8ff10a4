"""The interview editor's History: the corrections made to its answers after it was
completed, and its notes' edits, as one list that the History button counts and its
dialog shows (so that "History (3)" opens three lines)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.forms.answers import shown_value
from workbench.ui.interview_complete import short

#: One line of History: (when, who, question or note, before, after).
Row = tuple[str, str, str, str, str]

TIP = "Corrections made after the interview was completed, and the notes' edits"


def correction_rows(store: Any, form: Any, interview_id: str) -> list[Row]:
    """The corrections of the interview's answers, oldest first."""
    rows = []
    for change in store.answer_changes(interview_id):
        try:
            label = form.question(change.question_key).label
        except KeyError:
            label = change.question_key
        when = change.created_at.strftime("%Y-%m-%d %H:%M") if change.created_at else ""
        rows.append(
            (
                when,
                change.changed_by,
                short(label, 60),
                shown_value(change.old_value),
                shown_value(change.new_value),
            )
        )
    return rows


def note_rows(store: Any, interview_id: str) -> list[Row]:
    """The notes' edits as the audit trail records them (a run of saves of one note as
    one line), in the shape of :func:`correction_rows`, oldest first."""
    from workbench.team.audit import history

    return [
        (f"{line.at:%Y-%m-%d %H:%M}", line.who(), line.what[:1].upper() + line.what[1:], "", "")
        for line in reversed(history(store, interview_id))
        if line.kind == "note"
    ]


def listed(corrections: list[Row], notes: list[Row]) -> list[Row]:
    """What the dialog lists: both, in time order (a correction first at the same minute)."""
    return sorted(corrections + notes, key=lambda row: row[0])  # (stable)


def button_text(corrections: int, notes: int) -> tuple[str, str]:
    """The History button's text and tooltip: the lines its dialog lists, and of what."""
    from workbench.plural import plural

    n = corrections + notes
    if not n:
        return "History", TIP
    what = []
    if corrections:
        what.append(plural(corrections, "correction"))
    if notes:
        what.append(f"{plural(notes, 'line')} of the notes' edits")
    return f"History ({n})", f"{TIP}: {' and '.join(what)}"


def history_dialog(parent: QWidget, title: str, corrections: list[Row], notes: list[Row]) -> QDialog:
    """The History dialog (opened, deleted on close)."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(f"History — {title}")
    layout = QVBoxLayout(dialog)
    if not corrections:
        layout.addWidget(QLabel("No corrections since the interview was completed."))
    rows = listed(corrections, notes)
    table = QTableWidget(len(rows), 5)
    table.setObjectName("historyTable")
    table.setHorizontalHeaderLabels(["When", "Who", "Question or note", "Before", "After"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c >= 2:  # cut to fit a narrow screen: the whole text on hover
                item.setToolTip(text)
            table.setItem(r, c, item)
    layout.addWidget(table)
    table.setVisible(bool(rows))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    from workbench.ui.dialog_fit import fit_dialog_to_table

    fit_dialog_to_table(dialog, table, (2, 3, 4), height=360)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
