"""The line under a completed interview's header: its answers are shown for reading and
how to correct them (F2, "Correct answers"), or that corrections are being kept in its
History, or that the file is open read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from workbench.ui.form_parts import CORRECT_KEY


class ReadingBar(QFrame):
    """Hidden until :meth:`show_state` is told the interview is complete; ``correct_button``
    unlocks the answers (the editor connects it)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("readingBar")
        self.setStyleSheet(
            "QFrame#readingBar { background: palette(alternate-base);"
            " border-top: 1px solid palette(midlight); }"
        )
        line = QHBoxLayout(self)
        line.setContentsMargins(14, 5, 14, 5)
        line.setSpacing(10)
        self.label = QLabel()
        self.label.setObjectName("readingLabel")
        self.label.setWordWrap(True)
        line.addWidget(self.label, 1)
        self.correct_button = QPushButton(f"Correct answers ({CORRECT_KEY})")
        self.correct_button.setToolTip(
            "Unlock the answers for changes while the interview is open; each change is "
            "kept in its History"
        )
        self.correct_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        line.addWidget(self.correct_button)
        self.hide()

    def show_state(self, *, complete: bool, locked: bool, read_only: bool) -> None:
        if read_only:
            text = "Completed — answers are shown for reading; the file is open read-only."
        elif locked:
            text = (
                "Completed — answers are shown for reading; notes can be added. "
                f"Press {CORRECT_KEY} or “Correct answers” to change an answer."
            )
        else:
            text = "Correcting a completed interview: each change is kept in its History."
        self.label.setText(text)
        self.correct_button.setVisible(locked and not read_only)
        self.setVisible(complete)
