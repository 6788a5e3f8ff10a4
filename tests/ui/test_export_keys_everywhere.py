"""The export keys (Ctrl+E Word report, Ctrl+Shift+E Excel workbook, Ctrl+Alt+E slide
deck) work from every page: each opens the export as the Report page's button does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.ui.report_view import ReportPage

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def window(qtbot, ctx):
    from workbench.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    return w


@pytest.mark.parametrize(
    ("modifiers", "method"),
    [(CTRL, "export_word"), (CTRL | SHIFT, "export_excel"), (CTRL | ALT, "export_deck")],
)
@pytest.mark.parametrize("start", ["overview", "interviews", "analyses", "report"])
def test_an_export_key_opens_the_export_from_any_page(
    qtbot, window, monkeypatch, modifiers, method, start
):
    import workbench.ui.report_view as rv

    asked: list = []
    monkeypatch.setattr(ReportPage, method, lambda self, *a, **k: asked.append(self))
    monkeypatch.setattr(rv, "ask_slide_design", lambda parent: "default")  # the deck's question
    monkeypatch.setattr(rv, "ask_export_path", lambda *a: Path("out"))  # the file's name
    window.pages["report"]  # built, as once the consultant has been there
    window.show_page(start)
    qtbot.wait(10)
    target = QApplication.focusWidget() or window.pages[start]
    qtbot.keyClick(target, Qt.Key.Key_E, modifiers)
    assert asked == [window.pages["report"]]
    assert window.current_page_key() == "report"


def test_an_export_key_works_before_the_report_page_is_built(qtbot, window, monkeypatch):
    import workbench.ui.report_view as rv

    monkeypatch.setattr(rv, "ask_export_path", lambda *a: Path("out"))
    asked: list = []
    monkeypatch.setattr(ReportPage, "export_word", lambda self, path=None: asked.append(self))
    window.show_page("overview")
    qtbot.keyClick(QApplication.focusWidget() or window.pages["overview"], Qt.Key.Key_E, CTRL)
    assert len(asked) == 1 and window.current_page_key() == "report"


def test_the_keyboard_shortcuts_list_names_each_export_once(qtbot, window):
    from workbench.ui.dialogs import shortcut_rows

    window.pages["report"]
    rows = dict(shortcut_rows(window))
    native = {k: v for k, v in rows.items() if "Export" in k}
    assert sorted(native.values()) == sorted(["Ctrl+E", "Ctrl+Shift+E", "Ctrl+Alt+E"]), native


def test_the_report_page_alone_keeps_its_keys(qtbot, ctx):
    page = ReportPage(ctx)
    qtbot.addWidget(page)
    assert page.word_action.shortcut().toString() == "Ctrl+E"
    assert page.deck_action.shortcut().toString() == "Ctrl+Alt+E"
