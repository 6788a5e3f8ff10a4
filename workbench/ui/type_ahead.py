"""Keys typed ahead of a file dialog reach its name field.

An export asks its questions at once (the deck's slide design, then the file's name), and
a consultant types the name as soon as the keys are pressed, as after Ctrl+E.  Keys typed
before the save dialog is up, or while it is opening, would go to the window behind it
(or to the question) and the name would lose its first characters.  :class:`TypeAhead`,
installed on the application for the span of the questions, keeps those characters and
puts them in the save dialog's name field once it shows; keys meant for the dialog itself
go to it as always.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

#: A question (QMessageBox) with this property set is answered by its default button when
#: the consultant types a character, which starts the file's name.
ANSWERED_BY_TYPING = "answeredByTyping"

_COMMAND = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class TypeAhead(QObject):
    """Collects the characters typed while no file dialog is up to take them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text = ""

    # -- lifetime ------------------------------------------------------------------------
    #: The one installed (None: none), for the save dialog's default name.
    current: TypeAhead | None = None

    @classmethod
    def install(cls) -> TypeAhead:
        ahead = cls()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(ahead)
        TypeAhead.current = ahead
        return ahead

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if TypeAhead.current is self:
            TypeAhead.current = None

    @staticmethod
    def typed() -> str:
        """What was typed ahead so far ("" when nothing, or none is installed)."""
        return TypeAhead.current.text if TypeAhead.current is not None else ""

    def take(self) -> str:
        """The characters kept so far (then forgotten)."""
        text, self.text = self.text, ""
        return text

    # -- keys ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        kind = event.type()
        if kind == QEvent.Type.Show and isinstance(watched, QFileDialog):
            QTimer.singleShot(0, lambda d=watched: self._fill(d))
            return False
        if kind != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        dialog = _file_dialog()
        if dialog is not None and (watched is dialog or dialog.isAncestorOf(watched)):
            return False  # the dialog's own keys
        text = event.text()
        typed = bool(text) and text.isprintable() and not (event.modifiers() & _COMMAND)
        if event.key() == Qt.Key.Key_Backspace and self.text and dialog is None:
            self.text = self.text[:-1]
            return True
        if not typed:
            return False
        if dialog is not None:  # up, but its name field has not the focus yet
            edit = _name_field(dialog)
            if edit is None:
                return False
            edit.insert(text)
            return True
        self.text += text
        question = QApplication.activeModalWidget()
        if isinstance(question, QMessageBox) and question.property(ANSWERED_BY_TYPING):
            # Typing in the question is typing the file's name: its default answer.
            default = question.defaultButton()
            if default is not None and len(self.text) == 1:
                QTimer.singleShot(0, default.click)
        return True

    def _fill(self, dialog: QFileDialog) -> None:
        """The characters typed before ``dialog`` showed, as its file name (cursor after)."""
        edit = _name_field(dialog)
        if edit is None or not self.text:
            return
        edit.setText(self.take())
        edit.end(False)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)


def _file_dialog() -> QFileDialog | None:
    modal = QApplication.activeModalWidget()
    return modal if isinstance(modal, QFileDialog) and modal.isVisible() else None


def _name_field(dialog: QFileDialog) -> QLineEdit | None:
    edit: Any = dialog.findChild(QLineEdit, "fileNameEdit")
    return edit if isinstance(edit, QLineEdit) else None
