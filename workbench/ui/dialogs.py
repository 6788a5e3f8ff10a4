"""Small dialogs of the window: new engagement, engagement details, about, shortcuts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import style

NO_DATE = QDate(2000, 1, 1)
FILE_FILTER = "Workbench engagements (*.wbk);;All files (*)"


class DateEdit(QDateEdit):
    """A date that may be left unset (shown as "not set")."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText("not set")
        self.setDisplayFormat("d MMM yyyy")
        self.set_value(value)

    def value(self) -> date | None:
        qd = self.date()
        return None if qd == NO_DATE else date(qd.year(), qd.month(), qd.day())

    def set_value(self, value: date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class EngagementForm(QWidget):
    """The engagement's details: client, title, scope, consultants, dates."""

    def __init__(self, values: dict[str, Any] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        values = values or {}
        self.client = QLineEdit(values.get("client", ""))
        self.client.setPlaceholderText("e.g. Meridian IT Services")
        self.title = QLineEdit(values.get("title", ""))
        self.title.setPlaceholderText("e.g. Service quality review")
        self.scope = QPlainTextEdit(values.get("scope", ""))
        self.scope.setPlaceholderText("Which services, which customers, what is in and out")
        self.scope.setFixedHeight(90)
        self.scope.setTabChangesFocus(True)  # Tab goes on to Consultants, never into Scope
        self.consultants = QLineEdit(", ".join(values.get("consultants") or []))
        self.consultants.setPlaceholderText("Names, separated by commas")
        self.start = DateEdit(values.get("start_date"))
        self.end = DateEdit(values.get("end_date"))
        dates = QHBoxLayout()
        dates.addWidget(self.start)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.end)
        dates.addStretch(1)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addRow("Client", self.client)
        self.layout_.addRow("Title", self.title)
        self.layout_.addRow("Scope", self.scope)
        self.layout_.addRow("Consultants", self.consultants)
        self.layout_.addRow("Dates", dates)

    def values(self) -> dict[str, Any]:
        return {
            "client": self.client.text().strip(),
            "title": self.title.text().strip(),
            "scope": self.scope.toPlainText().strip(),
            "consultants": split_list(self.consultants.text()),
            "start_date": self.start.value(),
            "end_date": self.end.value(),
        }

    def problem(self) -> str:
        v = self.values()
        if not v["client"]:
            return "Name the client."
        if not v["title"]:
            return "Give the engagement a title."
        if v["start_date"] and v["end_date"] and v["end_date"] < v["start_date"]:
            return "The engagement ends before it starts."
        return ""


class _FormDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 18, 20, 16)
        self.body.setSpacing(12)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {style.error_colour(self)};")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.body.addWidget(self.error)
        self.body.addWidget(self.buttons)

    def problem(self) -> str:
        return ""

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        super().accept()


class NewEngagementDialog(_FormDialog):
    """Everything ``create_engagement`` needs, and where to put the file."""

    def __init__(self, parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__("New engagement", parent)
        self.form = EngagementForm()
        self.waves = QLineEdit("baseline")
        self.waves.setPlaceholderText("e.g. baseline, re-audit")
        self.form.layout_.addRow("Waves", self.waves)
        self.path = QLineEdit()
        self.path.setPlaceholderText("Where to save the engagement file")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.form.layout_.addRow("File", row)
        self._folder = folder
        self.form.client.textChanged.connect(self._suggest_path)
        self.form.title.textChanged.connect(self._suggest_path)
        self._suggested = ""
        self.body.addWidget(self.form)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.finish_layout()

    def _suggest_path(self) -> None:
        if self.path.text() and self.path.text() != self._suggested:
            return  # the user chose a path; leave it alone
        v = self.form.values()
        stem = " - ".join(p for p in (v["client"], v["title"]) if p)
        stem = "".join(c for c in stem if c.isalnum() or c in " -_.").strip()
        self._suggested = str(Path(self._folder or Path.home()) / f"{stem}.wbk") if stem else ""
        self.path.setText(self._suggested)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the engagement as", self.path.text(), FILE_FILTER
        )
        if path:
            if not path.endswith(".wbk"):
                path += ".wbk"
            self.path.setText(path)

    def problem(self) -> str:
        problem = self.form.problem()
        if problem:
            return problem
        if not self.waves.text().strip():
            return "Name at least one wave (for example 'baseline')."
        path = Path(self.path.text().strip()).expanduser()
        if not self.path.text().strip():
            return "Choose where to save the engagement file."
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        if path.exists():
            return f"{path.name} already exists there; choose another name."
        return ""

    def values(self) -> dict[str, Any]:
        """Keyword arguments for ``create_engagement`` (the path under "path")."""
        values = self.form.values()
        values["waves"] = tuple(dict.fromkeys(split_list(self.waves.text())))
        values["path"] = str(Path(self.path.text().strip()).expanduser())
        return values


class EngagementDialog(_FormDialog):
    """Edit the details of the open engagement."""

    def __init__(
        self, values: dict[str, Any], parent: QWidget | None = None, waves: Any = None
    ) -> None:
        super().__init__("Engagement details", parent)
        self.form = EngagementForm(values)
        self.waves = None
        if waves is not None:  # the waves as listed (workbench.store.waves.WaveUse)
            from workbench.ui.waves_editor import WavesEditor

            self.waves = WavesEditor(waves)
            self.form.layout_.addRow("&Waves", self.waves)
        self.body.addWidget(self.form)
        self.finish_layout()

    def problem(self) -> str:
        problem = self.form.problem()
        if not problem and self.waves is not None and self.waves.problem():
            problem = f"Waves: {self.waves.problem()}."
        return problem

    def values(self) -> dict[str, Any]:
        values = self.form.values()
        if self.waves is not None:
            values["waves"] = self.waves.values()
        return values


def in_page_keys() -> list[tuple[str, str]]:
    """(what, keys) for the keys a page handles itself, declared beside the code that
    handles them (so the list follows the code), whether or not the page is built yet."""
    from workbench.ui import (
        analyses_view,
        code_in_place,
        coding_panels,
        coding_text,
        form_parts,
        form_view,
        notes_editor,
        question_widgets,
    )

    def native(keys: str) -> str:
        return QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)

    rows = [
        ("Next unanswered question", ", ".join(native(k) for k in form_view.NEXT_KEYS)),
        ("Pick a point on a scale (interview)", form_parts.POINT_KEYS),
        ("Pick an option of a single choice (interview)", question_widgets.CHOICE_KEYS),
        ("Edit a search match shown in an interview", native(form_parts.EDIT_MATCH_KEY)),
        ("Correct the answers of a completed interview", native(form_parts.CORRECT_KEY)),
        (notes_editor.TIME_MARK[0], native(notes_editor.TIME_MARK[1])),
        (notes_editor.NEW_NOTE[0], native(notes_editor.NEW_NOTE[1])),
        (code_in_place.CODE_SELECTION[0], native(code_in_place.CODE_SELECTION[1])),
        (code_in_place.CODE_AGAIN[0], native(code_in_place.CODE_AGAIN[1])),
        (analyses_view.RUN[0] + " the analysis", native(analyses_view.RUN[1])),
        coding_text.FAVOURITE_KEYS,
        coding_panels.CODES_PANEL,
        coding_panels.SIDE_PANEL,
        ("Back to the list (interview page)", native("Esc")),
        ("Cancel a running analysis", native(analyses_view.CANCEL_KEY)),
        (
            "Move the selected rows to the trash",
            QKeySequence(QKeySequence.StandardKey.Delete).toString(
                QKeySequence.SequenceFormat.NativeText
            ),
        ),
    ]
    return [(_what(what), keys) for what, keys in rows]


def _what(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".…")


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action and shortcut of the window — the pages built so far
    included — and the keys pages handle themselves, sorted by what."""
    rows: dict[str, str] = dict(in_page_keys())
    listed = set(rows.values())
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = ", ".join(k for k in keys if k)
        if keys and action.text():
            what = _what(action.text())
            if keys in listed and what not in rows:
                continue  # a page's own action, already listed under a fuller name
            rows[what] = keys
    for shortcut in window.findChildren(QShortcut):
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        what = shortcut.whatsThis() or shortcut.objectName()
        if keys and what:
            rows[what] = keys
    return sorted(rows.items(), key=lambda kv: kv[0].lower())


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(460, 520)
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Command", "Keys"])
        for i, (what, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(what))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        style.tune_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(
            1, QHeaderView.ResizeMode.ResizeToContents
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


def about_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("workbench")
    except PackageNotFoundError:
        v = "development"
    return (
        f"<h3>Workbench {v}</h3>"
        "<p>The service-management consultant's workbench: capture stakeholder "
        "interviews in structured forms, code the text, run service-quality analyses "
        "and produce the Word and Excel deliverables.</p>"
        "<p>Every edit is saved to the engagement file as you make it.</p>"
    )
