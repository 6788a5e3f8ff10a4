"""The bars above the pages (the retention reminder, the coded passages' notice) are one
kind of bar: a sentence, the buttons that act on it, then ✕ that hides the bar."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtWidgets import QLabel, QPushButton, QToolButton

from workbench.ui.notice_bar import NoticeBar
from workbench.ui.passage_notice import PassageNotice
from workbench.ui.protection import RetentionNotice


def laid_out(bar: NoticeBar) -> list[str]:
    row = bar.layout()
    out = []
    for i in range(row.count()):
        w = row.itemAt(i).widget()
        out.append(
            "text"
            if isinstance(w, QLabel)
            else w.text()
            if isinstance(w, QPushButton | QToolButton)
            else "?"
        )
    return out


def test_a_notice_bar_says_acts_and_hides(qtbot) -> None:
    bar = NoticeBar(SimpleNamespace(), "Hide this until the engagement is opened again")
    qtbot.addWidget(bar)
    done = []
    bar.add_button("First", lambda: done.append(1))
    bar.add_button("Second", lambda: done.append(2))
    assert laid_out(bar) == ["text", "First", "Second", "✕"]
    assert bar.objectName() == "banner" and bar.isHidden()  # until it has something to say
    bar.text.setText("Something to do.")
    bar.show()
    bar.findChildren(QPushButton)[1].click()
    assert done == [2]
    bar.close_button.click()
    assert bar.isHidden()


def test_the_retention_and_passage_bars_are_notice_bars(qtbot) -> None:
    window = SimpleNamespace()
    retention, passages = RetentionNotice(window), PassageNotice(window)
    for bar in (retention, passages):
        qtbot.addWidget(bar)
        assert isinstance(bar, NoticeBar) and bar.window_ is window and bar.isHidden()
    assert laid_out(retention) == ["text", "Erase all personal data…", "Change the date…", "✕"]
    assert laid_out(passages) == ["text", "Repair Coded Passages", "✕"]
    assert passages.close_button.toolTip().startswith("Hide this notice")
    assert retention.close_button.toolTip().startswith("Hide this reminder")
