"""A bar above the pages that tells of something to be done about the open engagement: a
sentence, the buttons that do it, and ✕ that hides the bar until the engagement is opened
again.  The retention reminder (:mod:`workbench.ui.protection`) and the coded passages'
notice (:mod:`workbench.ui.passage_notice`) are such bars."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton


class NoticeBar(QFrame):
    """The bar (hidden until it has something to say)."""

    def __init__(self, window: Any, close_tip: str) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("banner")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(16, 6, 8, 6)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(close_tip)
        self.close_button.clicked.connect(self.hide)
        self.row.addWidget(self.text, 1)
        self.row.addWidget(self.close_button)
        self.hide()

    def add_button(self, text: str, act: Callable[[], Any]) -> QPushButton:
        """A button before ✕ that does ``act``."""
        button = QPushButton(text)
        button.clicked.connect(lambda: act())
        self.row.insertWidget(self.row.indexOf(self.close_button), button)
        return button


def install_below_banner(window: Any, bar: NoticeBar) -> None:
    """Put ``bar`` above the pages, below the window's banner."""
    layout = window.banner.parentWidget().layout()
    layout.insertWidget(layout.indexOf(window.banner) + 1, bar)
