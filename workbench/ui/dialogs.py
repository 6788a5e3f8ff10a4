"""Small dialogs of the window: new engagement, engagement details, about, shortcuts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from workbench.ui import style

FILE_FILTER = "Workbench engagements (*.wbk);;All files (*)"


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s*([a-z]+)\.?,?\s*(\d{4})")  # 3 Mar 2026
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s*(\d{1,2}),?\s*(\d{4})")  # March 3, 2026
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")  # 2026-03-03
_NUMBERS_ONLY = re.compile(r"\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}")  # 30/11/2026


def read_date(text: str) -> date | None:
    """The date a box's text gives: "3 Mar 2026" (as the window writes dates), "3 March
    2026", "March 3, 2026" or "2026-03-03"; None for any other text (a number-only date
    such as 03/04/2026 is refused: its day and month could be either)."""
    text = " ".join(text.lower().split())

    def made(year: str, month: int | None, day: str) -> date | None:
        if month is None:
            return None
        try:
            return date(int(year), month, int(day))
        except ValueError:
            return None

    def month_of(word: str) -> int | None:
        return MONTHS.index(word[:3]) + 1 if word[:3] in MONTHS and len(word) >= 3 else None

    if found := _DAY_MONTH_YEAR.fullmatch(text):
        return made(found[3], month_of(found[2]), found[1])
    if found := _MONTH_DAY_YEAR.fullmatch(text):
        return made(found[3], month_of(found[1]), found[2])
    if found := _ISO.fullmatch(text):
        return made(found[1], int(found[2]), found[3])
    return None


def shown_date(value: date) -> str:
    """ "3 Mar 2026", as the window writes a date (whatever the system's language)."""
    return f"{value.day} {MONTHS[value.month - 1].title()} {value.year}"


class DateEdit(QLineEdit):
    """A date typed ("3 Mar 2026") or picked from the calendar (the arrow at its end, or
    Alt+Down), or left empty: "not set".  Text that is no date is kept as typed, marked,
    and named by :meth:`problem`, for the dialog to refuse: it is never dropped silently
    (a box showing a date type-over-able only section by section lost what was typed)."""

    picked = Signal()  # a day was picked from the calendar

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("not set")
        self.setToolTip("A date such as 3 Mar 2026, or empty for not set")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("30 Sep 2026") + 48)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("30 September 2026") + 48)
        pick = self.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown),
            QLineEdit.ActionPosition.TrailingPosition,
        )
        pick.setToolTip("Pick the date from a calendar (Alt+Down)")
        pick.triggered.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None
        self.editingFinished.connect(self._tidy)
        self.textChanged.connect(lambda _text: self._mark())
        self.set_value(value)

    def value(self) -> date | None:
        """The date given; None when the box is empty, or holds text that is no date
        (:meth:`problem` says so)."""
        return read_date(self.text())

    def set_value(self, value: date | None) -> None:
        self.setText(shown_date(value) if value else "")

    def problem(self, field: str) -> str:
        """Why the box's text is refused ("" when it is a date or empty)."""
        text = self.text().strip()
        if not text or read_date(text) is not None:
            return ""
        if _NUMBERS_ONLY.fullmatch(text) and not _ISO.fullmatch(text):
            return (
                f"{field}: {text!r} could be read day first or month first; type it with the "
                "month's name, as 3 Mar 2026 (or pick it from the calendar)."
            )
        return (
            f"{field}: {text!r} is not a date; type one as 3 Mar 2026 (or pick it from the "
            "calendar), or empty the box to leave the date not set."
        )

    def _tidy(self) -> None:
        """A date typed another way is written as the window writes dates."""
        value = self.value()
        if value is not None and self.text() != shown_date(value):
            self.set_value(value)

    def _mark(self) -> None:
        bad = bool(self.problem("date"))
        if bool(self.property("bad")) != bad:
            self.setProperty("bad", bad)
            self.setStyleSheet(
                f"QLineEdit {{ border: 1px solid {style.error_colour(self)}; }}" if bad else ""
            )

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> QMenu:
        """The calendar under the box, at the box's date (today when none); a day clicked
        (or Enter) is the box's date."""
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        value = self.value() or date.today()
        calendar.setSelectedDate(QDate(value.year, value.month, value.day))

        def picked(qd: QDate) -> None:
            menu.close()
            if self.isReadOnly():  # a box kept for reading keeps its date
                return
            self.set_value(date(qd.year(), qd.month(), qd.day()))
            self.picked.emit()

        calendar.activated.connect(picked)
        calendar.clicked.connect(picked)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)
        self.calendar = calendar
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()
        return menu


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
        for box, field in ((self.start, "Dates (start)"), (self.end, "Dates (end)")):
            if box.problem(field):  # typed text that is no date: refused, never dropped
                box.setFocus()
                box.selectAll()
                return box.problem(field)
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
        coding_view,
        form_parts,
        form_view,
        interview_editor,
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
        (interview_editor.COMPLETE[0], native(interview_editor.COMPLETE[1])),
        (notes_editor.TIME_MARK[0], native(notes_editor.TIME_MARK[1])),
        (notes_editor.NEW_NOTE[0], native(notes_editor.NEW_NOTE[1])),
        (code_in_place.CODE_SELECTION[0], native(code_in_place.CODE_SELECTION[1])),
        (code_in_place.CODE_AGAIN[0], native(code_in_place.CODE_AGAIN[1])),
        (analyses_view.RUN[0] + " the analysis", native(analyses_view.RUN[1])),
        coding_text.FAVOURITE_KEYS,
        coding_panels.CODES_PANEL,
        coding_panels.SIDE_PANEL,
        *(
            (what, ", ".join(native(k) for k in keys))
            for what, keys in (coding_view.PREVIOUS_INTERVIEW, coding_view.NEXT_INTERVIEW)
        ),
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
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Command", "Keys"])
        for i, (what, keys) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(what))
            self.table.setItem(i, 1, QTableWidgetItem(keys))
            self.table.item(i, 0).setToolTip(what)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        style.tune_table(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # As wide as its longest command (within the screen): no name cut short.
        from workbench.ui.dialog_fit import fit_dialog_to_table

        fit_dialog_to_table(self, self.table, [0], height=620)


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
