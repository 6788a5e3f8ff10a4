"""A one-line label that gives way to its neighbours by leaving out whole words at its end
("Problem and change manager · …"), never cutting one; the whole text is its tooltip
then.  ``text()`` is always the whole text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QSizePolicy

ELLIPSIS = "…"
SEPARATORS = " ·,;:—–-"


def fit_words(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` as it fits ``width``: whole, or its first words and "…" (separators
    such as " · " left off its end); a first word too long for ``width`` alone is cut
    by Qt's own eliding (there is nothing else to show)."""
    if metrics.horizontalAdvance(text) <= width:
        return text
    words = text.split(" ")
    for n in range(len(words) - 1, 0, -1):
        shown = " ".join(words[:n]).rstrip(SEPARATORS) + ELLIPSIS
        if shown != ELLIPSIS and metrics.horizontalAdvance(shown) <= width:
            return shown
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


class WordElidedLabel(QLabel):
    """A plain-text, one-line :class:`QLabel` that may be narrower than its text."""

    def __init__(self, text: str = "", parent: Any = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._own_tip = ""

    def shown_text(self) -> str:
        """What the label shows at its present width."""
        return fit_words(self.text(), self.fontMetrics(), self.contentsRect().width())

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        first = self.text().split(" ", 1)[0]
        words = first + (ELLIPSIS if " " in self.text() else "")
        narrowest = self.fontMetrics().horizontalAdvance(words) + 2
        return QSize(min(hint.width(), narrowest), hint.height())

    def setToolTip(self, tip: str) -> None:
        self._own_tip = tip
        super().setToolTip(tip)

    def paintEvent(self, event: Any) -> None:
        shown = self.shown_text()
        super().setToolTip(self.text() if shown != self.text() else self._own_tip)
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            self.contentsRect(),
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )
        painter.end()
