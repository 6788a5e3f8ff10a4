"""The text a consultant codes: coloured highlights, coding stripes in the margin, drops
of codes from the codebook, and the quick-pick popup that applies a code by name.

Offsets are Python string indices (what the store keeps); Qt counts UTF-16 units, so
the two are converted where text outside the Basic Multilingual Plane is present.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

CODE_MIME = "application/x-workbench-code"
# keys the text handles itself, listed by the shortcuts dialog: (what, keys)
#: The favourites' keys: Alt with a digit (Ctrl+1 … Ctrl+7 are the Go menu's, on every page).
FAVOURITE_MODIFIER = Qt.KeyboardModifier.AltModifier
FAVOURITE_KEYS = ("Code with favourite 1–9 (Codebook page)", "Alt+1 … Alt+9")
#: What a coding shortcut says when nothing is selected (the keys typed next are held).
NEED_SELECTION = (
    "Select a passage first (Shift+arrows or the mouse): nothing was coded, and keys typed "
    "now stay out of the text until the cursor moves."
)
NO_WORDS = "Nothing was coded: select words (spaces or punctuation alone are not a passage)."


def coded_words(passage: str, code_name: str) -> str:
    """The status bar's word after coding: the words coded (widened to whole words, so
    not always what was selected) and the code."""
    shown = " ".join(passage.split())
    if len(shown) > 60:
        shown = shown[:59].rstrip() + "…"
    return f"Coded “{shown}” as {code_name}."


LANE = 5  # width of one coding stripe
MAX_LANES = 5


def py_to_qt(text: str, index: int) -> int:
    return index + sum(1 for ch in text[:index] if ord(ch) > 0xFFFF)


def qt_to_py(text: str, pos: int) -> int:
    units = 0
    for i, ch in enumerate(text):
        if units >= pos:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


@dataclass
class SegmentMark:
    segment_id: str
    code_id: str
    name: str
    colour: str
    start: int
    end: int
    status: str = "accepted"
    cursor: QTextCursor | None = None
    lane: int = 0


class TypingHold(QObject):
    """Keeps the keys typed straight after a coding shortcut out of a text that had
    nothing selected: the consultant expected the quick-pick and types a code's name, which
    would otherwise land in the note or answer.  :meth:`hold` starts it; moving the cursor
    (a click, an arrow), another key that does not type, or leaving the text ends it.
    Keys that would change the text meanwhile are refused and ``refused`` is called."""

    def __init__(self, widget: QWidget, refused: Callable[[], None]) -> None:
        super().__init__(widget)
        self.held = False
        self.refused = refused
        widget.installEventFilter(self)
        widget.cursorPositionChanged.connect(self.release)  # type: ignore[attr-defined]

    def hold(self) -> None:
        self.held = True

    def release(self, *_: object) -> None:
        self.held = False

    @staticmethod
    def changes_text(event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if mods != Qt.KeyboardModifier.NoModifier:
            return False
        text = event.text()
        typed = bool(text) and (text.isprintable() or text in "\t\r\n")
        return typed or event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.held:
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.held = False
        elif event.type() == QEvent.Type.KeyPress:
            if event.key() in MODIFIER_KEYS:  # type: ignore[attr-defined]
                return False  # (Shift held for a capital: still holding)
            if self.changes_text(event):  # type: ignore[arg-type]
                self.refused()
                return True
            self.held = False
        return False


MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
)


class _Stripes(QWidget):
    """The coding stripes: one coloured bar per segment over the lines it spans."""

    def __init__(self, edit: CodingTextEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.setMouseTracking(True)

    def bars(self) -> list[tuple[QRect, SegmentMark]]:
        out = []
        offset = self.edit.viewport().geometry().top() - self.geometry().top()
        for mark in self.edit.marks:
            if mark.cursor is None or not mark.cursor.hasSelection():
                continue
            a, b = QTextCursor(mark.cursor), QTextCursor(mark.cursor)
            a.setPosition(mark.cursor.selectionStart())
            b.setPosition(mark.cursor.selectionEnd())
            top = self.edit.cursorRect(a).top() + offset
            bottom = self.edit.cursorRect(b).bottom() + offset
            x = 3 + mark.lane * (LANE + 2)
            out.append((QRect(x, top + 1, LANE, max(bottom - top - 1, 6)), mark))
        return out

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        for rect, mark in self.bars():
            colour = QColor(mark.colour)
            if mark.status == "pending":
                colour.setAlpha(110)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(rect, 2, 2)
        p.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()
            names = [m.name for r, m in self.bars() if r.adjusted(-2, 0, 2, 0).contains(pos)]
            if not names:
                names = [m.name for r, m in self.bars() if r.top() <= pos.y() <= r.bottom()]
            if names:
                QToolTip.showText(event.globalPos(), "\n".join(dict.fromkeys(names)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        for rect, mark in self.bars():
            if rect.adjusted(-2, 0, 2, 0).contains(event.position().toPoint()):
                self.edit.segment_clicked.emit(mark.segment_id)
                return


class CodingTextEdit(QTextEdit):
    """One note or text answer, with its coded segments.  Read-only for answers.

    Signals carry Python offsets into the source text.
    """

    shortcut_code = Signal(int)  # Alt+1..9 → index 0..8
    quick_pick_requested = Signal()
    code_again_requested = Signal()  # Ctrl+Shift+L: the code used last
    no_selection = Signal()  # a coding key with nothing selected (the next keys are held)
    stray_key = Signal()  # typing over a selection, refused (the selection is for coding)
    code_dropped = Signal(str, int, int)  # code id, start, end
    menu_requested = Signal(QPoint, int)  # global position, offset under the mouse
    segment_clicked = Signal(str)

    def __init__(self, text: str, *, read_only: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks: list[SegmentMark] = []
        self.setAcceptRichText(False)
        self.setPlainText(text)
        self.setReadOnly(read_only)
        if read_only:
            self.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.document().setDocumentMargin(6)
        self.typing_hold = TypingHold(self, self.no_selection.emit)
        self._stripes = _Stripes(self)
        self._lanes = 1
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    # -- text and offsets ---------------------------------------------------------------
    def text(self) -> str:
        return self.toPlainText()

    def set_text(self, text: str) -> None:
        if text != self.toPlainText():
            self.setPlainText(text)

    def selection_span(self) -> tuple[int, int] | None:
        c = self.textCursor()
        if not c.hasSelection():
            return None
        text = self.toPlainText()
        return qt_to_py(text, c.selectionStart()), qt_to_py(text, c.selectionEnd())

    def select_span(self, start: int, end: int) -> None:
        text = self.toPlainText()
        c = QTextCursor(self.document())
        c.setPosition(py_to_qt(text, start))
        c.setPosition(py_to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(c)

    def offset_at(self, viewport_pos: QPoint) -> int:
        return qt_to_py(self.toPlainText(), self.cursorForPosition(viewport_pos).position())

    def marks_at(self, offset: int) -> list[SegmentMark]:
        return [m for m in self.marks if m.start <= offset < m.end or m.start == offset]

    # -- segments -----------------------------------------------------------------------
    def set_marks(self, marks: list[SegmentMark]) -> None:
        text = self.toPlainText()
        length = len(text)
        lane_ends: list[int] = []
        for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
            start, end = max(0, min(mark.start, length)), max(0, min(mark.end, length))
            c = QTextCursor(self.document())
            c.setPosition(py_to_qt(text, start))
            c.setPosition(py_to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = c
            lane = next((i for i, e in enumerate(lane_ends) if e <= start), len(lane_ends))
            if lane == len(lane_ends):
                lane_ends.append(end)
            else:
                lane_ends[lane] = end
            mark.lane = min(lane, MAX_LANES - 1)
        self.marks = marks
        self._lanes = max(1, min(len(lane_ends), MAX_LANES))
        self._repaint_marks()

    def _repaint_marks(self) -> None:
        selections = []
        for mark in self.marks:
            if mark.cursor is None:
                continue
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            colour = QColor(mark.colour)
            colour.setAlpha(45 if mark.status == "pending" else 70)
            fmt.setBackground(colour)
            if mark.status == "pending":
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
                fmt.setUnderlineColor(QColor(mark.colour))
            sel.format = fmt
            sel.cursor = mark.cursor
            selections.append(sel)
        self.setExtraSelections(selections)
        self._place_stripes()

    def _place_stripes(self) -> None:
        width = 6 + self._lanes * (LANE + 2)
        self.setViewportMargins(width, 0, 0, 0)
        cr = self.contentsRect()
        self._stripes.setGeometry(QRect(cr.left(), cr.top(), width, cr.height()))
        self._stripes.update()

    # -- size: the whole text, no inner scrolling ---------------------------------------
    def _fit(self) -> None:
        doc = self.document()
        doc.setTextWidth(max(self.viewport().width(), 100))
        height = int(doc.size().height()) + 2 * self.frameWidth() + 2
        if self.minimumHeight() != height:
            self.setFixedHeight(max(height, 36))
        self._stripes.update()

    def resizeEvent(self, event) -> None:  # noqa: ANN001
        super().resizeEvent(event)
        self._fit()
        self._place_stripes()

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())

    # -- interaction --------------------------------------------------------------------
    def _coding_key(self, event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        ctrl = Qt.KeyboardModifier.ControlModifier
        return (mods == FAVOURITE_MODIFIER and Qt.Key.Key_1 <= key <= Qt.Key.Key_9) or (
            mods == ctrl | Qt.KeyboardModifier.ShiftModifier
            and key in (Qt.Key.Key_K, Qt.Key.Key_L)
        )

    def event(self, event: QEvent) -> bool:
        # Alt+1…9 code with a favourite here, and Ctrl+Shift+K/L pick a code: claim them
        # before any shortcut of the window sees them.
        if event.type() == QEvent.Type.ShortcutOverride and self._coding_key(event):  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        if self._coding_key(event) or (
            self.isReadOnly() and mods == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_Q
        ):
            if not self.textCursor().hasSelection():
                # nothing to code: say so, and keep what is typed next out of the text
                self.typing_hold.hold()
                self.no_selection.emit()
            elif key == Qt.Key.Key_K or key == Qt.Key.Key_Q:
                self.quick_pick_requested.emit()
            elif key == Qt.Key.Key_L:
                self.code_again_requested.emit()
            else:
                self.shortcut_code.emit(key - Qt.Key.Key_1)
            return
        if self._replaces_selection(event):
            self.stray_key.emit()
            return
        super().keyPressEvent(event)

    def _replaces_selection(self, event: QKeyEvent) -> bool:
        """Plain typing (a digit read as a favourite's number, say) over selected text: the
        selection is there to be coded, so the key is refused rather than replacing it."""
        mods = event.modifiers() & ~(
            Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier
        )
        text = event.text()
        return (
            not self.isReadOnly()
            and self.textCursor().hasSelection()
            and mods == Qt.KeyboardModifier.NoModifier
            and bool(text)
            and text.isprintable()
        )

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            offset = self.offset_at(event.pos())
            names = [m.name for m in self.marks if m.start <= offset < m.end]
            if names:
                QToolTip.showText(event.globalPos(), "\n".join(dict.fromkeys(names)), self)
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: ANN001
        self.menu_requested.emit(event.globalPos(), self.offset_at(event.pos()))

    def _is_code(self, event) -> bool:  # noqa: ANN001
        return event.mimeData().hasFormat(CODE_MIME)

    def dragEnterEvent(self, event) -> None:  # noqa: ANN001
        if self._is_code(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: ANN001
        if self._is_code(event):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: ANN001
        if not self._is_code(event):
            super().dropEvent(event)
            return
        code_id = bytes(event.mimeData().data(CODE_MIME)).decode()
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.drop_code(code_id, self.offset_at(event.position().toPoint()))

    def drop_code(self, code_id: str, offset: int) -> None:
        """A code dropped at ``offset``: onto the selection, or else the word there."""
        span = self.selection_span()
        if span is None or not span[0] <= offset <= span[1]:
            text = self.toPlainText()
            lo = hi = min(max(offset, 0), len(text))

            def word(ch: str) -> bool:
                return ch.isalnum() or ch in "'’-_"

            while lo > 0 and word(text[lo - 1]):
                lo -= 1
            while hi < len(text) and word(text[hi]):
                hi += 1
            span = (lo, hi)
        if span[0] < span[1]:
            self.code_dropped.emit(code_id, span[0], span[1])


def name_match(path: str, typed: str) -> int:
    """How well ``typed`` (lower case) names the code at ``path``: 0 its name or path
    exactly (any case), 1 the start of either, 2 otherwise."""
    path = path.lower()
    name = path.rsplit("/", 1)[-1]
    if typed in (name, path):
        return 0
    return 1 if name.startswith(typed) or path.startswith(typed) else 2


#: Keys the quick-pick handles itself (move in the list, choose, close).
POPUP_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)


class QuickPick(QFrame):
    """A popup list of code paths filtered as one types; Enter applies the highlighted one.

    ``suggestions`` (code id → confidence) are listed first with their confidence.
    """

    chosen = Signal(str)

    def __init__(
        self,
        codes: list[tuple[str, str, str]],  # (id, path, colour)
        parent: QWidget | None = None,
        suggestions: dict[str, float] | None = None,
        placeholder: str = "Apply code… type to filter",
    ) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.codes = codes
        self.suggestions = suggestions or {}
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setUniformItemSizes(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        self.resize(420, 320)
        self.edit.textChanged.connect(self._filter)
        self.edit.installEventFilter(self)
        self.list.itemActivated.connect(lambda item: self._choose(item))
        #: the widget that had the keyboard before the popup took it, given it back on close
        self.back_to: QWidget | None = None
        self._filter("")

    def _filter(self, typed: str) -> None:
        from PySide6.QtGui import QIcon, QPixmap

        words = typed.lower().split()
        self.list.clear()
        # suggestions first, then the codes in the order given (the codebook's); once a
        # name is typed, a code of exactly that name comes first, then those it begins
        ranked = sorted(self.codes, key=lambda c: -self.suggestions.get(c[0], -1.0))
        wanted = " ".join(words)
        if wanted:
            ranked.sort(key=lambda c: name_match(c[1], wanted))  # (stable: order kept)
        for cid, path, colour in ranked:
            if all(w in path.lower() for w in words):
                label = path
                if cid in self.suggestions:
                    label = f"{path}    ·  suggested {self.suggestions[cid]:.0%}"
                item = QListWidgetItem(label)
                pix = QPixmap(12, 12)
                pix.fill(QColor(colour))
                item.setIcon(QIcon(pix))
                item.setData(Qt.ItemDataRole.UserRole, cid)
                self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, obj, event) -> bool:  # noqa: ANN001
        if (
            obj is self.edit
            and event.type() == QEvent.Type.ShortcutOverride
            and event.key() in POPUP_KEYS
        ):
            # the popup's own keys, before any shortcut of the page under it: Esc closes
            # the popup only, not the interview it was opened in
            event.accept()
            return True
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentRow() + (1 if key == Qt.Key.Key_Down else -1)
                self.list.setCurrentRow(max(0, min(row, self.list.count() - 1)))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.list.currentItem())
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(obj, event)

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        code_id = item.data(Qt.ItemDataRole.UserRole)
        self.close()
        self.chosen.emit(code_id)

    def popup(self, at: QPoint) -> None:
        from PySide6.QtWidgets import QApplication

        focus = QApplication.focusWidget()
        self.back_to = focus if focus is not None and not self.isAncestorOf(focus) else None
        self.setEnabled(True)
        self.move(at)
        self.show()
        self.edit.setFocus()

    def hideEvent(self, event) -> None:  # noqa: ANN001
        # Closed (a code chosen, Esc, a click outside): the keyboard goes back to the text
        # it came from, where the selection still shows; left in the hidden popup, the
        # next coding key would reach nothing and say nothing.
        super().hideEvent(event)
        self.setEnabled(False)  # (no key or focus for it until it pops up again)
        self._give_back()

    def event(self, event: QEvent) -> bool:
        # the window system may make the popup the active window once more after it was
        # hidden (its activation was on its way): the keyboard goes back again
        if event.type() == QEvent.Type.WindowActivate and not self.isVisible():
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self, lambda: self._give_back(window=True))
        return super().event(event)

    def _give_back(self, window: bool = False) -> None:
        from PySide6.QtWidgets import QApplication
        from shiboken6 import isValid

        back, focus = self.back_to, QApplication.focusWidget()
        if back is None or not isValid(back) or not back.isVisible():
            return
        if focus is None or focus is self or self.isAncestorOf(focus):
            if window:
                back.activateWindow()
            back.setFocus(Qt.FocusReason.PopupFocusReason)
