"""Building blocks of the form inputs: the rating row, the growing text box, grey text.

A :class:`PointRow` is one focusable row of points whose buttons take no focus of their
own, so Tab moves row by row and the keyboard picks points (see :data:`POINT_KEYS_HELP`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QWidget,
)

from workbench.forms.answers import NA

POINT_KEYS = "0–9, N, ←, →, Delete"  # listed by the shortcuts dialog
POINT_KEYS_HELP = (
    "Keyboard: 0–9 pick a point (for 10, type 1 then 0 quickly) · N = n/a · "
    "← → move · Delete clears · Tab goes to the next row"
)
TWO_DIGIT_MS = 700

POINT_STYLE = """
QFrame#pointRow { border: 1px solid transparent; border-radius: 5px; }
QFrame#pointRow:focus { border: 1px solid palette(highlight); }
QToolButton[point="true"] {
    background: palette(base); color: palette(text);
    border: 1px solid palette(mid); border-radius: 4px; padding: 3px 6px;
}
QToolButton[point="true"]:hover { border-color: palette(highlight); }
QToolButton[point="true"]:checked {
    background: palette(highlight); color: palette(highlighted-text);
    border-color: palette(highlight);
}
QToolButton[point="true"]:disabled { color: palette(mid); }
"""


#: The background of a search match shown in a text (a marker's yellow).
MATCH_COLOUR = "#ffe08a"


MATCH_HINT = (
    "The search match is shown, not being edited: press F2 or click in the text to change it"
)
EDIT_MATCH_KEY = "F2"  # listed by the shortcuts dialog


#: What a key or a click on an answer of a completed interview says (it changes nothing).
LOCKED_HINT = (
    "Completed — the answers are shown for reading: press F2 (Correct answers) to change them"
)
CORRECT_KEY = "F2"  # listed by the shortcuts dialog


def mark_match(edit: Any, start: int, end: int, hint: str = MATCH_HINT) -> None:
    """Show characters ``start``–``end`` of a text box as the match that was opened and
    give it the keyboard, for reading only: Enter or a letter pressed next (the open seemed
    slow, say) changes nothing and says how to edit (F2, or a click in the text); the arrow
    keys, Tab and shortcuts work as usual.  A plain-text box marks the match (the marking
    goes at the first change of the text); a one-line box selects it.  ``hint`` is what a
    key pressed meanwhile says (another one when the text stays read-only after F2)."""
    from PySide6.QtGui import QColor, QTextCursor
    from PySide6.QtWidgets import QLineEdit, QTextEdit

    if isinstance(edit, QLineEdit):
        length = len(edit.text())
        start, end = min(start, length), min(end, length)
        edit.setSelection(start, max(0, end - start))
    else:
        length = len(edit.toPlainText())
        start, end = min(start, length), min(end, length)
        span = edit.textCursor()
        span.setPosition(start)
        span.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = span
        mark.format.setBackground(QColor(MATCH_COLOUR))
        edit.setExtraSelections([mark])
        after = edit.textCursor()
        after.setPosition(end)
        edit.setTextCursor(after)

        def unmark() -> None:
            edit.setExtraSelections([])
            edit.textChanged.disconnect(unmark)

        edit.textChanged.connect(unmark)
    guard = edit.findChild(MatchGuard, "matchGuard")
    if guard is None:
        guard = MatchGuard(edit)
    guard.hint = hint
    guard.hold()


def set_text_read_only(edit: Any, read_only: bool) -> None:
    """Make a text box read-only or not; one that shows a search match for reading stays
    so until its :class:`MatchGuard` lets go, and is then left ``read_only``."""
    guard = edit.findChild(MatchGuard, "matchGuard")
    if guard is not None and guard.holding:
        guard.rest(read_only)
    else:
        edit.setReadOnly(read_only)


class MatchGuard(QObject):
    """Keeps a text box that shows a search match read-only until the consultant asks to
    edit it: F2, a click in the text, or the keyboard leaving it (Tab) and coming back."""

    def __init__(self, edit: Any) -> None:
        super().__init__(edit)
        self.setObjectName("matchGuard")
        self.edit = edit
        self.holding = False
        self.hint = MATCH_HINT
        self._was_read_only = False
        edit.installEventFilter(self)
        viewport = getattr(edit, "viewport", None)
        if viewport is not None:
            viewport().installEventFilter(self)

    def hold(self) -> None:
        if not self.holding:
            self._was_read_only = self.edit.isReadOnly()
            self.holding = True
        self.edit.setReadOnly(True)
        self.edit.setToolTip(self.hint)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def rest(self, read_only: bool) -> None:
        """What the box is once the match lets go (it was made writable, or read-only,
        while the match held)."""
        self._was_read_only = read_only

    def release(self) -> None:
        if self.holding:
            self.holding = False
            self.edit.setReadOnly(self._was_read_only)
            self.edit.setToolTip("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.holding:
            return False
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            self.release()
        elif kind == QEvent.Type.FocusOut and watched is self.edit:
            reason = event.reason()  # type: ignore[attr-defined]
            if reason not in (
                Qt.FocusReason.ActiveWindowFocusReason,
                Qt.FocusReason.PopupFocusReason,
            ):
                self.release()
        elif kind == QEvent.Type.KeyPress and watched is self.edit:
            return self._key(event)  # type: ignore[arg-type]
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F2:
            self.release()
            return True
        command = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        moving = key in (
            Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Right,
            Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
            Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Escape, Qt.Key.Key_Shift,
            Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
        )  # fmt: skip
        if command or moving or (Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35):
            return False
        from PySide6.QtWidgets import QToolTip

        rect = self.edit.cursorRect() if hasattr(self.edit, "cursorRect") else self.edit.rect()
        QToolTip.showText(self.edit.mapToGlobal(rect.bottomLeft()), self.hint, self.edit)
        return True  # nothing typed into the record


def _texts() -> tuple[type, ...]:
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit

    return (QLineEdit, QPlainTextEdit, QAbstractSpinBox)


def answer_widgets(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that change an answer: text boxes, spin boxes, buttons,
    drop-down lists and rating rows (not the parts inside a spin box, a drop-down list or
    a rating row, nor a pop-up menu's calendar)."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QMenu

    found: list[QWidget] = []
    for child in root.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if isinstance(child, QMenu):
            continue
        if isinstance(child, (*_texts(), QAbstractButton, QComboBox, PointRow)):
            found.append(child)
            if isinstance(child, (QAbstractSpinBox, QComboBox)):
                continue
        found.extend(answer_widgets(child))
    return found


class ReadingLock(QObject):
    """Keeps answers for reading while :attr:`locked`: a key or a click that would change
    one changes nothing and shows :attr:`hint` (``refused`` says so too); Tab, the arrow
    keys in a text, the F keys and shortcuts work as usual, and ↑ ↓ Page Up/Down on a
    button or a rating row scroll ``scroller`` (instead of picking).  Text and spin boxes
    are made read-only (a search match's :class:`MatchGuard` keeps the state for when it
    lets go)."""

    refused = Signal(str)

    def __init__(self, parent: QObject, hint: str, scroller: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hint = hint
        self.scroller = scroller
        self.locked = False
        self.widgets: list[QWidget] = []

    def watch(self, widgets: list[QWidget]) -> None:
        for widget in widgets:
            if widget not in self.widgets:
                widget.installEventFilter(self)
                self.widgets.append(widget)
                if self.locked and isinstance(widget, _texts()):
                    set_text_read_only(widget, True)

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for widget in self.widgets:
            if isinstance(widget, _texts()):
                set_text_read_only(widget, locked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked:
            return False
        kind = event.type()
        text = isinstance(watched, _texts())
        if kind == QEvent.Type.KeyPress:
            return self._key(watched, event, text)  # type: ignore[arg-type]
        if text:
            return False  # read-only: clicks place the cursor, select, copy
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick):
            self.say(watched)  # type: ignore[arg-type]
            return True
        if kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.ContextMenu):
            return True
        if kind == QEvent.Type.Wheel:  # a drop-down list would turn: the page scrolls
            if self.scroller is not None:
                from PySide6.QtWidgets import QApplication

                QApplication.sendEvent(self.scroller, event)
            return True
        return False

    def _key(self, watched: Any, event: QKeyEvent, text: bool) -> bool:
        key, mods = event.key(), event.modifiers()
        command = mods & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        passing = (
            Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape, Qt.Key.Key_Shift,
            Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
        )  # fmt: skip
        if key in passing or Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35:
            return False
        moving = (
            Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
            Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End,
        )  # fmt: skip
        if text:
            if command or key in moving:
                return False  # read-only: the cursor moves, Ctrl+C copies
        elif key in moving:
            scrolls = key in (
                Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
            )  # fmt: skip
            if self.scroller is not None and scrolls and not command:
                from PySide6.QtWidgets import QApplication

                QApplication.sendEvent(self.scroller, event)
            return True  # a rating row, a radio button or a list would pick
        if not command:
            self.say(watched)
        return True

    def say(self, widget: QWidget) -> None:
        """Show the hint beside ``widget``."""
        from PySide6.QtWidgets import QToolTip

        QToolTip.showText(widget.mapToGlobal(widget.rect().bottomLeft()), self.hint, widget)
        self.refused.emit(self.hint)


def grey(label: QLabel, smaller: bool = True) -> QLabel:
    """Secondary text that follows the palette (light or dark)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    if smaller:
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        label.setFont(font)
    return label


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class PointRow(QFrame):
    """A row of points to pick one from: buttons, or radio buttons for grids.

    ``points`` are ``(value, text, tooltip)``; ``keys`` maps extra letters to values.
    Clicking the chosen point again clears it.  ``picked`` fires on user changes only.
    """

    picked = Signal(object)

    def __init__(
        self,
        points: list[tuple[Any, str, str]],
        *,
        radios: bool = False,
        cell_width: int = 0,
        keys: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pointRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(POINT_KEYS_HELP)
        self._keys = {k.upper(): v for k, v in (keys or {}).items()}
        self._value: Any = None
        self._buffer: int | None = None
        self._timer = QTimer(self, singleShot=True, interval=TWO_DIGIT_MS)
        self._timer.timeout.connect(self._commit_buffer)
        self.buttons: list[tuple[Any, QAbstractButton]] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0 if radios else 4)
        for value, text, tip in points:
            if radios:
                button: QAbstractButton = QRadioButton()
                button.setAutoExclusive(False)
                cell = QWidget()
                cell.setFixedWidth(cell_width or 48)
                cl = QHBoxLayout(cell)
                cl.setContentsMargins(0, 0, 0, 0)
                cl.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
                layout.addWidget(cell)
            else:
                button = QToolButton()
                button.setText(text.replace("&", "&&"))  # a literal "&", not a mnemonic
                button.setProperty("point", True)
                button.setMinimumSize(32, 28)
                layout.addWidget(button)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolTip(tip or text)
            button.setAccessibleName(tip or text)
            button.clicked.connect(lambda _=False, v=value: self._clicked(v))
            self.buttons.append((value, button))
        if not radios:
            layout.addStretch(1)

    # -- value ---------------------------------------------------------------------------------
    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._timer.stop()
        self._buffer = None
        self._show(value)

    def _show(self, value: Any) -> None:
        known = [v for v, _ in self.buttons]
        self._value = value if any(_same(value, v) for v in known) else None
        for v, button in self.buttons:
            button.setChecked(self._value is not None and _same(v, self._value))

    def _pick(self, value: Any) -> None:
        self._timer.stop()
        self._buffer = None
        before = self._value
        self._show(value)
        if not _same(before, self._value):
            self.picked.emit(self._value)

    def _clicked(self, value: Any) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._pick(None if _same(value, self._value) else value)

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text().upper()
        values = [v for v, _ in self.buttons]
        if text in self._keys:
            self._pick(self._keys[text])
        elif text.isdigit() and len(text) == 1:
            self._digit(int(text))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._pick(None)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and values:
            step = -1 if key == Qt.Key.Key_Left else 1
            index = next((i for i, v in enumerate(values) if _same(v, self._value)), None)
            if index is None:
                index = 0 if step > 0 else len(values) - 1
            else:
                index = max(0, min(len(values) - 1, index + step))
            self._pick(values[index])
        else:
            super().keyPressEvent(event)

    def _digit(self, digit: int) -> None:
        ints = [v for v, _ in self.buttons if _is_int(v)]
        if self._buffer is not None and self._timer.isActive():
            combined = self._buffer * 10 + digit
            if combined in ints:
                self._pick(combined)
                return
            self._commit_buffer()  # "1" stands; the new digit picks again
        if digit not in ints:
            return
        if any(v >= 10 and v // 10 == digit for v in ints):  # "1" may become "10"
            self._show(digit)
            self._buffer = digit
            self._timer.start()
        else:
            self._pick(digit)

    def _commit_buffer(self) -> None:
        if self._buffer is not None:
            value, self._buffer = self._buffer, None
            self._timer.stop()
            self._value = None  # shown already; make _pick see a change
            self._pick(value)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._commit_buffer()
        super().focusOutEvent(event)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def point_label(q: Any, point: int) -> str:
    """A scale point's words (nps has only end labels)."""
    if hasattr(q, "point_label"):
        return q.point_label(point)
    if point == q.min and q.min_label:
        return q.min_label
    if point == q.max and q.max_label:
        return q.max_label
    return str(point)


def scale_points(q: Any, allow_na: bool = False) -> list:
    points = [(p, str(p), f"{p} — {point_label(q, p)}") for p in range(q.min, q.max + 1)]
    if allow_na:
        points.append((NA, "n/a", "Not applicable / don't know"))
    return points


class GrowingTextEdit(QPlainTextEdit):
    """A plain-text box that grows with its text (3 to 14 lines); Tab leaves it."""

    def __init__(self, min_lines: int = 3, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._min_lines = min_lines
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def setReadOnly(self, read_only: bool) -> None:
        """Read-only (a completed interview's answer, a file open read-only, a search
        match held for reading), the words can still be selected by keyboard as well as by
        mouse — Home, Shift+arrows, Ctrl+Shift+→ — to copy them or code them in place
        (Qt's own read-only box takes the mouse only)."""
        super().setReadOnly(read_only)
        if read_only:
            self.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(self._min_lines, min(14, int(self.document().size().height()) or 1))
        self.setFixedHeight(lines * line + 2 * self.frameWidth() + 10)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()
