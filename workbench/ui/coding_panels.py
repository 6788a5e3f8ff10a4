"""The Codebook page's three panels — codes (left), the interview's text (centre), and
Retrieve / Review / Memos (right) — shared so that the text gets the room.

The panels' widths follow the page's width (:func:`panel_sizes`: the text at least half
of it) until the consultant drags a handle; after that their widths are theirs.  Either
side panel collapses, by dragging its handle to the edge or by its key (F6 the codes,
F7 the side panel), which brings it back too; the text never collapses."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

#: what each side panel's key does, and the key (listed by the shortcuts dialog)
CODES_PANEL = ("Show or hide the codes panel (Codebook page)", "F6")
SIDE_PANEL = ("Show or hide Retrieve, Review and Memos (Codebook page)", "F7")
LEFT, TEXT, SIDE = 0, 1, 2


def panel_sizes(width: int) -> list[int]:
    """(codes, text, side panel) widths for a splitter ``width`` pixels wide: the panels
    take about a fifth and a quarter, within bounds, and the text the rest."""
    left = max(220, min(330, round(width * 0.24)))
    side = max(270, min(430, round(width * 0.26)))
    return [left, max(0, width - left - side), side]


class CodingPanels(QObject):
    """Keeps ``splitter``'s panels fitted to its width and gives the side panels their
    keys; ``focus_of(index)`` says which widget takes the keyboard when a panel opens."""

    def __init__(self, page: QWidget, splitter: QSplitter, focus_of: Any) -> None:
        super().__init__(page)
        self.splitter, self.focus_of = splitter, focus_of
        self.moved_by_hand = False
        self._restore = {LEFT: 0, SIDE: 0}  # a collapsed panel's width before
        splitter.setChildrenCollapsible(True)
        splitter.setCollapsible(TEXT, False)
        splitter.splitterMoved.connect(self._moved)
        splitter.installEventFilter(self)
        self.actions: dict[int, QAction] = {}
        for index, (what, key) in ((LEFT, CODES_PANEL), (SIDE, SIDE_PANEL)):
            action = QAction(what, page)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, i=index: self.toggle(i))
            page.addAction(action)
            self.actions[index] = action

    def _moved(self, *_: Any) -> None:
        self.moved_by_hand = True

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.splitter and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Widths from the page's width, unless a handle was dragged; a collapsed panel
        stays collapsed."""
        if self.moved_by_hand:
            return
        width = self.splitter.width() - self.splitter.handleWidth() * 2
        sizes = panel_sizes(width)
        now = self.splitter.sizes()
        for index in (LEFT, SIDE):
            if now[index] == 0 and len(now) == 3 and sum(now):
                sizes[TEXT] += sizes[index]
                self._restore[index] = sizes[index]
                sizes[index] = 0
        self.splitter.setSizes(sizes)

    def shown(self, index: int) -> bool:
        return self.splitter.sizes()[index] > 0

    def toggle(self, index: int) -> None:
        """Collapse a side panel (the text takes its room), or bring it back and give it
        the keyboard."""
        sizes = self.splitter.sizes()
        if sizes[index]:
            self._restore[index] = sizes[index]
            focus = QApplication.focusWidget()
            had_focus = focus is not None and self.splitter.widget(index).isAncestorOf(focus)
            sizes[TEXT] += sizes[index]
            sizes[index] = 0
            self.splitter.setSizes(sizes)
            if had_focus:
                self.focus_of(TEXT).setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        width = self._restore[index] or panel_sizes(sum(sizes))[index]
        width = min(width, max(0, sizes[TEXT] - 200))  # the text keeps some room
        sizes[index], sizes[TEXT] = width, sizes[TEXT] - width
        self.splitter.setSizes(sizes)
        self.focus_of(index).setFocus(Qt.FocusReason.ShortcutFocusReason)
