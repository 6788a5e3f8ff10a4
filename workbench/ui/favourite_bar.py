"""The favourites' buttons of the coding document (Alt+1 … Alt+4, More…) on one line."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget


class FavouriteBar(QWidget):
    """The favourites' buttons on one line.  Those that do not fit whole are hidden (their
    keys still code, and More…'s tooltip names them) rather than cut to "Al…": the
    document is narrow on a laptop's screen."""

    def __init__(self) -> None:
        super().__init__()
        self.row = QHBoxLayout(self)
        self.row.setSpacing(4)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.buttons: list[QToolButton] = []
        self.more: QToolButton | None = None
        self.lines: list[str] = []

    def show_buttons(
        self, buttons: list[QToolButton], more: QToolButton | None, lines: list[str]
    ) -> None:
        """``buttons`` (Alt+1…), ``more`` and the lines More…'s tooltip adds."""
        self.buttons, self.more, self.lines = buttons, more, lines
        self.fit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        if self.more is None:
            return
        gap = self.row.spacing()
        room = self.width() - self.more.sizeHint().width() - gap
        used, hidden = 0, []
        for n, button in enumerate(self.buttons):
            used += button.sizeHint().width() + gap
            fits = n == 0 or used <= room  # (the first stays, cut if it must be)
            button.setVisible(fits)
            if not fits:
                hidden.append(button.toolTip())
        self.more.setToolTip("\n".join(hidden + self.lines))
