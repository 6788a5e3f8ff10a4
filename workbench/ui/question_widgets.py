"""One input widget per question type, built from the question's definition.

Every input is a :class:`QuestionInput`: ``value()`` gives the typed answer (the shapes
of ARCHITECTURE.md, ``None`` when unanswered), ``set_value()`` shows a stored answer
without signalling, and ``changed(typing)`` fires when the user changes something —
``typing`` is true for keystrokes in free text, which the form view debounces.

Ratings (scale, nps, pair, matrix rows, checklist severity) are
:class:`~workbench.ui.form_parts.PointRow` s.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from workbench.forms import schema as s
from workbench.forms.answers import NA
from workbench.ui import style
from workbench.ui.form_parts import GrowingTextEdit, PointRow, grey, point_label, scale_points

COMBO_THRESHOLD = 6
CHOICE_KEYS = "1–9, ↑, ↓"  # listed by the shortcuts dialog
CHOICE_KEYS_HELP = "Keyboard: 1–9 pick the first to ninth option · ↑ ↓ move · Tab goes on"


class QuestionInput(QWidget):
    changed = Signal(bool)  # typing?

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_widget(self) -> QWidget | None:
        rows = getattr(self, "rows", None)  # a pair's or grid's parts: the first one blank
        if rows:
            return next((r for r in rows.values() if r.value() is None), next(iter(rows.values())))
        for child in self.findChildren(QWidget):
            if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(self):
                return child
        return None

    def text_widget(self, item: str = "") -> QLineEdit | QPlainTextEdit | None:
        """The widget holding a text answer (for highlighting search hits)."""
        return None

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)


class TextInput(QuestionInput):
    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        if question.type == "longtext":
            self.edit: QLineEdit | QPlainTextEdit = GrowingTextEdit()
            self.edit.textChanged.connect(self._typed)
        else:
            self.edit = QLineEdit()
            self.edit.textEdited.connect(self._typed)
            if getattr(question, "numbers", False):  # XLSForm's ``numbers`` appearance
                self.edit.setPlaceholderText("Digits only (0–9, - . ,)")
                self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        self._loading = False
        self.layout_.addWidget(self.edit)

    def _typed(self, *_: Any) -> None:
        if not self._loading:
            self.changed.emit(True)

    def value(self) -> Any:
        if isinstance(self.edit, QLineEdit):
            text = self.edit.text()
            return text if text.strip() else None
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        current = self.edit.text() if isinstance(self.edit, QLineEdit) else self.edit.toPlainText()
        if current == text:
            return
        self._loading = True
        try:
            if isinstance(self.edit, QLineEdit):
                self.edit.setText(text)
            else:
                self.edit.setPlainText(text)
        finally:
            self._loading = False

    def text_widget(self, item: str = "") -> QLineEdit | QPlainTextEdit | None:
        return self.edit

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class ChoiceInput(QuestionInput):
    """single: radio buttons (a combo when there are many choices); multi: checkboxes."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.multi = question.type == "multi"
        self.combo: QComboBox | None = None
        self.buttons: dict[str, QAbstractButton] = {}
        if not self.multi and len(question.choices) > COMBO_THRESHOLD:
            self.combo = QComboBox()
            self.combo.addItem("— choose —", None)
            for c in question.choices:
                self.combo.addItem(c.label, c.value)
            self.combo.activated.connect(lambda _i: self.changed.emit(False))
            self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            self.layout_.addWidget(self.combo, 0, Qt.AlignmentFlag.AlignLeft)
            return
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multi)
        for c in question.choices:
            text = style.literal(c.label)
            button: QAbstractButton = QCheckBox(text) if self.multi else QRadioButton(text)
            self.group.addButton(button)
            self.buttons[c.value] = button
            self.layout_.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            if not self.multi:
                button.installEventFilter(self)
        self.group.buttonClicked.connect(lambda _b: self.changed.emit(False))
        if not self.multi:
            self.setToolTip(CHOICE_KEYS_HELP)

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        """1–9 on a radio button pick the first to ninth option shown (as on a scale)."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            text = event.text()
            plain = not event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if plain and len(text) == 1 and text in "123456789":
                shown = [b for b in self.buttons.values() if not b.isHidden()]
                index = int(text) - 1
                if index < len(shown) and shown[index].isEnabled():
                    shown[index].setFocus(Qt.FocusReason.ShortcutFocusReason)
                    if not shown[index].isChecked():
                        shown[index].click()
                return True  # a digit beyond the options picks nothing
        return super().eventFilter(watched, event)

    def value(self) -> Any:
        if self.combo is not None:
            return self.combo.currentData()
        chosen = [v for v, b in self.buttons.items() if b.isChecked()]
        if self.multi:
            return chosen or None
        return chosen[0] if chosen else None

    def set_value(self, value: Any) -> None:
        if self.combo is not None:
            index = self.combo.findData(value) if value is not None else 0
            self.combo.setCurrentIndex(max(0, index))
            return
        wanted = set(value or []) if self.multi else {value}
        self.group.setExclusive(False)
        for v, button in self.buttons.items():
            button.setChecked(v in wanted)
        self.group.setExclusive(not self.multi)


class RatingInput(QuestionInput):
    """scale and nps: one row of points between the end labels."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        allow_na = getattr(question, "allow_na", False)
        self.row = PointRow(scale_points(question, allow_na), keys={"N": NA} if allow_na else {})
        self.row.picked.connect(lambda _v: self.changed.emit(False))
        line = QHBoxLayout()
        line.setSpacing(8)
        low, high = point_label(question, question.min), point_label(question, question.max)
        if low != str(question.min):
            line.addWidget(grey(QLabel(low)))
        line.addWidget(self.row, 0)
        if high != str(question.max):
            line.addWidget(grey(QLabel(high)))
        line.addStretch(1)
        self.layout_.addLayout(line)

    def value(self) -> Any:
        return self.row.value()

    def set_value(self, value: Any) -> None:
        self.row.set_value(value)


class PairInput(QuestionInput):
    """Expected | Perceived side by side, each part's label above its row; Tab goes E to P."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.rows: dict[str, PointRow] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(0)
        for col, (part, text) in enumerate(
            (("E", question.expectation_label), ("P", question.perception_label))
        ):
            label = grey(QLabel(f"{text} ({part})"), smaller=False)
            label.setContentsMargins(4, 0, 0, 0)
            row = PointRow(scale_points(question))
            row.setAccessibleName(f"{text} ({part})")
            row.picked.connect(lambda v, p=part: self._picked(p, v))
            label.setBuddy(row)
            self.rows[part] = row
            grid.addWidget(label, 0, col)
            grid.addWidget(row, 1, col)
        grid.setColumnStretch(2, 1)
        self.layout_.addLayout(grid)
        ends = [
            f"{p} = {point_label(question, p)}"
            for p in (question.min, question.max)
            if point_label(question, p) != str(p)
        ]
        self.legend = grey(QLabel(" · ".join(ends)))
        self.legend.setContentsMargins(4, 0, 0, 0)
        self.legend.setVisible(bool(ends))
        self.layout_.addWidget(self.legend)

    def _picked(self, part: str, value: Any) -> None:
        self.changed.emit(False)

    def value(self) -> Any:
        value = {p: r.value() for p, r in self.rows.items() if r.value() is not None}
        return value or None

    def set_value(self, value: Any) -> None:
        value = value or {}
        for part, row in self.rows.items():
            row.set_value(value.get(part))


class _Refusing:
    """A spin box that says so when a key or a paste is refused (``refused(text)``) instead
    of dropping it without a word."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        before = self.lineEdit().text()  # type: ignore[attr-defined]
        super().keyPressEvent(event)  # type: ignore[misc]
        if self.lineEdit().text() != before:  # type: ignore[attr-defined]
            return
        typed = event.text()
        if event.matches(QKeySequence.StandardKey.Paste):
            from PySide6.QtWidgets import QApplication

            typed = QApplication.clipboard().text().strip()
        elif not typed.isprintable() or typed.isspace():
            return
        if typed:
            self.refused.emit(typed)  # type: ignore[attr-defined]


class RefusingSpinBox(_Refusing, QSpinBox):
    refused = Signal(str)


class RefusingDoubleSpinBox(_Refusing, QDoubleSpinBox):
    refused = Signal(str)


class NumberInput(QuestionInput):
    """A spin box whose lowest position reads "no answer"; Delete on it clears.  What
    cannot be part of a number ("12abc": the letters) is not typed, and a note beside the
    box says so (the number typed so far stays, and is saved as usual)."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.spin: QSpinBox | QDoubleSpinBox
        step = 1 if question.integer else 0.01
        low = question.minimum if question.minimum is not None else -1e9
        high = question.maximum if question.maximum is not None else 1e9
        if question.integer:
            self.spin = RefusingSpinBox()
            self.spin.setRange(int(low) - 1, int(min(high, 2**31 - 2)))
        else:
            self.spin = RefusingDoubleSpinBox()
            self.spin.setDecimals(2)
            self.spin.setRange(low - step, high)
        self._none = self.spin.minimum()
        self.spin.setSpecialValueText("—  no answer")
        self.spin.setKeyboardTracking(False)
        self.spin.setAccelerated(True)
        if question.unit:
            self.spin.setSuffix(f" {question.unit}")
        self.spin.setMinimumWidth(160)
        self.spin.setValue(self._none)
        self.spin.valueChanged.connect(lambda _v: self.changed.emit(False))
        self.spin.refused.connect(self._refused)
        self.spin.lineEdit().textEdited.connect(lambda _t: self.refusal.hide())
        clear = QToolButton(text="Clear", autoRaise=True, toolTip="Clear the answer")
        clear.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        clear.clicked.connect(self._clear)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusedKey")
        self.refusal.setStyleSheet(f"color: {style.error_colour(self)};")
        self.refusal.hide()
        line = QHBoxLayout()
        line.addWidget(self.spin)
        line.addWidget(clear)
        line.addWidget(self.refusal)
        line.addStretch(1)
        self.layout_.addLayout(line)

    def _refused(self, typed: str) -> None:
        what = "a whole number" if self.question.integer else "a number"
        held = getattr(self, "_held", "") if not self.refusal.isHidden() else ""
        self._held = typed = held + typed  # "abc" typed one key at a time: said once
        shown = typed if len(typed) <= 24 else typed[:23] + "…"
        self.refusal.setText(
            f"“{shown}” was not typed: only {what} goes here (the box keeps what it shows)"
        )
        self.refusal.show()

    def _clear(self) -> None:
        self.spin.setValue(self._none)

    def value(self) -> Any:
        number = self.spin.value()
        if number == self._none:
            return None
        return int(number) if self.question.integer else float(number)

    def set_value(self, value: Any) -> None:
        with QSignalBlocker(self.spin):
            self.spin.setValue(self._none if value is None else value)


class DateInput(QuestionInput):
    """A date typed as YYYY-MM-DD (checked as it is typed) or picked from a calendar."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.edit = QLineEdit(placeholderText="YYYY-MM-DD")
        self.edit.setMaximumWidth(150)
        # a squeezed row never clips the date ("026-11-12"): room for the whole of it
        room = self.edit.fontMetrics().horizontalAdvance("0000-00-00W")
        self.edit.setMinimumWidth(min(150, room + 16))
        self.edit.textEdited.connect(lambda _t: self.changed.emit(True))
        pick = QToolButton(text="Calendar…", autoRaise=True, toolTip="Pick a date")
        pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        pick.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        menu = QMenu(pick)
        self.calendar = QCalendarWidget()
        self.calendar.clicked.connect(lambda d: (self._picked(d), menu.close()))
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        pick.setMenu(menu)
        today = QToolButton(text="Today", autoRaise=True, toolTip="Set today's date")
        today.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        today.clicked.connect(lambda: self._picked(QDate.currentDate()))
        line = QHBoxLayout()
        line.addWidget(self.edit)
        line.addWidget(pick)
        line.addWidget(today)
        line.addStretch(1)
        self.layout_.addLayout(line)

    def _sync_calendar(self) -> None:
        value = self.value()
        if isinstance(value, str):
            try:
                d = dt.date.fromisoformat(value)
                self.calendar.setSelectedDate(QDate(d.year, d.month, d.day))
            except ValueError:
                pass

    def _picked(self, date: QDate) -> None:
        self.edit.setText(date.toString("yyyy-MM-dd"))
        self.changed.emit(False)

    def value(self) -> Any:
        return self.edit.text().strip() or None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.edit.text().strip() != text:
            self.edit.setText(text)


class ChecklistInput(QuestionInput):
    """An observation: seen or not, severity 0–3, touchpoint, evidence."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.observed = PointRow(
            [(True, "Seen", "Observed (Y)"), (False, "Not seen", "Not observed (N)")],
            keys={"Y": True, "N": False, "1": True, "0": False},
        )
        self.observed.setToolTip("Y = seen · N = not seen · Delete clears")
        self.severity = PointRow(
            [(i, text, f"{i} — {text}") for i, text in enumerate(question.severity_labels)]
        )
        self.severity.setToolTip("0–3 pick the severity · ← → move · Delete clears")
        self.touchpoint = QComboBox()
        self.touchpoint.addItem("—", None)
        for t in question.touchpoints:
            self.touchpoint.addItem(t, t)
        self.touchpoint.setEnabled(bool(question.touchpoints))
        self.evidence = QLineEdit(placeholderText="What was said or done, in the words used")
        self._loading = False
        for row, (text, widget) in enumerate(
            (
                ("Observed", self.observed),
                ("Severity", self.severity),
                ("Touchpoint", self.touchpoint),
                ("Evidence", self.evidence),
            )
        ):
            label = grey(QLabel(text), smaller=False)
            label.setBuddy(widget)
            grid.addWidget(label, row, 0)
            align = Qt.AlignmentFlag.AlignLeft if row < 3 else Qt.AlignmentFlag(0)
            grid.addWidget(widget, row, 1, align)
        grid.setColumnStretch(1, 1)
        self.layout_.addLayout(grid)
        self.observed.picked.connect(lambda _v: self.changed.emit(False))
        self.severity.picked.connect(lambda _v: self.changed.emit(False))
        self.touchpoint.activated.connect(lambda _i: self.changed.emit(False))
        self.evidence.textEdited.connect(lambda _t: self.changed.emit(True))

    def value(self) -> Any:
        value = {
            "observed": self.observed.value(),
            "severity": self.severity.value(),
            "touchpoint": self.touchpoint.currentData(),
            "evidence": self.evidence.text() if self.evidence.text().strip() else None,
        }
        value = {k: v for k, v in value.items() if v is not None}
        return value or None

    def set_value(self, value: Any) -> None:
        value = value or {}
        self.observed.set_value(value.get("observed"))
        self.severity.set_value(value.get("severity"))
        index = self.touchpoint.findData(value.get("touchpoint"))
        if value.get("touchpoint") and index < 0:  # a touchpoint the form no longer lists
            self.touchpoint.addItem(value["touchpoint"], value["touchpoint"])
            index = self.touchpoint.count() - 1
        self.touchpoint.setCurrentIndex(max(0, index))
        evidence = value.get("evidence") or ""
        if self.evidence.text() != evidence:
            self.evidence.setText(evidence)

    def text_widget(self, item: str = "") -> QLineEdit | QPlainTextEdit | None:
        return self.evidence


class MatrixInput(QuestionInput):
    """A grid: one row of radio buttons per row key, the scale points as columns."""

    CELL = 68

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        points = scale_points(question, question.allow_na)
        header = QHBoxLayout()
        header.setContentsMargins(3, 0, 3, 0)
        header.setSpacing(0)
        header.addStretch(1)
        for value, text, _tip in points:
            label_text = point_label(question, value) if value != NA else "n/a"
            caption = text if label_text == text else f"{text}\n{label_text}"
            label = grey(QLabel(caption))
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom)
            label.setFixedWidth(self.CELL)
            header.addWidget(label)
        self.layout_.addLayout(header)
        self.rows: dict[str, PointRow] = {}
        for r in question.rows:
            row = PointRow(
                points,
                radios=True,
                cell_width=self.CELL,
                keys={"N": NA} if question.allow_na else {},
            )
            row.setAccessibleName(r.label)
            label = QLabel(r.label)
            label.setWordWrap(True)
            label.setMinimumWidth(120)
            label.setBuddy(row)
            row.layout().insertSpacing(0, 8)
            row.layout().insertWidget(0, label, 1)
            row.picked.connect(lambda _v: self.changed.emit(False))
            self.rows[r.key] = row
            self.layout_.addWidget(row)

    def value(self) -> Any:
        value = {k: r.value() for k, r in self.rows.items() if r.value() is not None}
        return value or None

    def set_value(self, value: Any) -> None:
        value = value or {}
        for key, row in self.rows.items():
            row.set_value(value.get(key))


class AllocationInput(QuestionInput):
    """Points per option with a live total; all zero means unanswered."""

    def __init__(self, question: Any, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.spins: dict[str, QSpinBox] = {}
        for i, option in enumerate(question.options):
            spin = QSpinBox(minimum=0, maximum=question.total, suffix=" pts")
            spin.setMinimumWidth(90)
            spin.valueChanged.connect(self._changed)
            label = QLabel(option.label)
            label.setBuddy(spin)
            grid.addWidget(label, i, 0)
            grid.addWidget(spin, i, 1)
            self.spins[option.key] = spin
        grid.setColumnStretch(2, 1)
        self.layout_.addLayout(grid)
        self.total = QLabel()
        self.total.setObjectName("allocationTotal")
        self.layout_.addWidget(self.total)
        self._loading = False
        self._update_total()

    def points(self) -> int:
        return sum(spin.value() for spin in self.spins.values())

    def _changed(self, _v: int) -> None:
        self._update_total()
        if not self._loading:
            self.changed.emit(False)

    def _update_total(self) -> None:
        total, target = self.points(), self.question.total
        off = total not in (0, target)
        text = f"{total} of {target} points"
        if off:
            left = target - total
            text += f" — {left} left to allocate" if left > 0 else f" — {-left} too many"
        self.total.setText(text)
        self.total.setProperty("off", off)
        colour = style.error_colour(self)
        self.total.setStyleSheet(f"color: {colour}; font-weight: 600;" if off else "")
        if not off:
            self.total.setForegroundRole(QPalette.ColorRole.PlaceholderText)

    def value(self) -> Any:
        if self.points() == 0:
            return None
        return {k: spin.value() for k, spin in self.spins.items()}

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            for key, spin in self.spins.items():
                spin.setValue(int((value or {}).get(key, 0) or 0))
        finally:
            self._loading = False
        self._update_total()


def make_input(question: Any) -> QuestionInput:
    match question:
        case s.TextQuestion() | s.LongTextQuestion():
            return TextInput(question)
        case s.SingleQuestion() | s.MultiQuestion():
            return ChoiceInput(question)
        case s.ScaleQuestion() | s.NpsQuestion():
            return RatingInput(question)
        case s.PairQuestion():
            return PairInput(question)
        case s.NumberQuestion():
            return NumberInput(question)
        case s.DateQuestion():
            return DateInput(question)
        case s.ChecklistQuestion():
            return ChecklistInput(question)
        case s.MatrixQuestion():
            return MatrixInput(question)
        case s.AllocationQuestion():
            return AllocationInput(question)
    raise ValueError(f"no input for question type {question.type!r}")
