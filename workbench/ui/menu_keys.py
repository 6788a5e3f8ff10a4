"""Esc from a menu of the menu bar gives the keyboard back to where it was.

Qt closes the menu on the first Esc but leaves the menu bar holding the keyboard (its
title highlighted, the keys typed next going to it) until a second Esc; the consultant
expects one Esc to take them back to the tree or text they came from.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar, QWidget
from shiboken6 import isValid


class _EscLeavesMenuBar(QObject):
    def __init__(self, bar: QMenuBar) -> None:
        super().__init__(bar)
        self.bar = bar
        #: the widget that had the keyboard before the menu bar took it
        self.back_to: QWidget | None = None
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_moved)  # type: ignore[attr-defined]
        bar.installEventFilter(self)
        for action in bar.actions():
            self._watch(action.menu())

    def _watch(self, menu: object) -> None:
        if isinstance(menu, QMenu):
            menu.removeEventFilter(self)
            menu.installEventFilter(self)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is self.bar and old is not None and not isinstance(old, QMenu | QMenuBar):
            self.back_to = old

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if obj is self.bar and kind == QEvent.Type.ActionAdded:
            self._watch(event.action().menu())  # type: ignore[attr-defined]
        elif (
            isinstance(obj, QMenu)
            and kind == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape  # type: ignore[attr-defined]
        ):
            QTimer.singleShot(0, self._leave)  # once the menu has closed
        return False

    def _leave(self) -> None:
        if QApplication.activePopupWidget() is not None:
            return  # (a sub-menu closed; its menu is still open)
        if QApplication.focusWidget() is self.bar or self.bar.activeAction() is not None:
            esc = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier)
            QApplication.sendEvent(self.bar, esc)
        back, focus = self.back_to, QApplication.focusWidget()
        if (
            (focus is None or focus is self.bar)
            and back is not None
            and isValid(back)
            and back.isVisible()
            and back.window() is self.bar.window()
        ):
            back.setFocus(Qt.FocusReason.PopupFocusReason)


def esc_leaves_menu_bar(bar: QMenuBar) -> None:
    """One Esc closes a menu of ``bar`` and returns the keyboard to the widget it came from."""
    _EscLeavesMenuBar(bar)
