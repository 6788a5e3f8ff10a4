"""Escape stops a running analysis in the window, wherever the keyboard focus is on the page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from tests.ui.test_analyses_view import FakeEntryPoint, Loop
from workbench.analysis.registry import GROUP, Registry
from workbench.ui import analyses_view
from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path, demo_file, monkeypatch):
    from importlib import metadata

    real = list(metadata.entry_points(group=GROUP))
    monkeypatch.setattr(
        analyses_view, "discover", lambda: Registry([*real, FakeEntryPoint("loop", Loop)])
    )
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 860)
    w.show()
    assert w.open_file(demo_file)
    yield w
    page = w.pages["analyses"]
    page.cancel()
    assert ctx.tasks.wait(10000)


def test_escape_cancels_a_running_analysis_wherever_the_focus_is_on_the_page(qtbot, window):
    page = window.show_page("analyses")
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert page.select_analysis("loop")
    for focus in ("run button", "list", "scope"):
        with qtbot.waitSignal(page.run_finished, timeout=20000) as blocker:
            if focus == "run button":  # pressed with the mouse: the focus stays near it
                qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
            else:
                (page.list_view if focus == "list" else page.segment_combo).setFocus()
                page.run()
            step = page.progress_panel.step
            qtbot.waitUntil(lambda s=step: s.text() == "Still looping", timeout=10000)
            target = QApplication.focusWidget()
            assert target is not None and page.isAncestorOf(target), focus
            qtbot.keyClick(target, Qt.Key.Key_Escape)
        assert blocker.args == ["cancelled"], focus
        assert "cancelled" in page.message_label.text()
        assert page.ctx.tasks.wait(5000)
        qtbot.waitUntil(page.run_button.isEnabled, timeout=5000)
