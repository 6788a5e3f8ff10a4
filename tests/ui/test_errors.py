"""Errors are visible: a failed save is reported, shows the stored value again and leaves
no command on the undo stack; an unexpected error shows a dialog naming the log, and the
window goes on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from workbench.ui.main_window import MainWindow

pytestmark = pytest.mark.app_context(engagement=None, settings={"consultant/name": "Jo Whitfield"})


@pytest.fixture
def window(window: MainWindow, tmp_path: Path) -> MainWindow:
    assert window.create_file(tmp_path / "acme.wbk", client="Acme", title="Service review")
    return window


def open_servqual(window: MainWindow) -> tuple[str, object]:
    from workbench.forms.library import builtin_forms

    rid = window.pages["respondents"].add({"name": "Alice Brown", "segment": "management"})
    interviews = window.show_page("interviews")
    iid = interviews.create(rid, builtin_forms()["servqual"])
    return iid, interviews.open_interview(iid)


def click_point(qtbot, row, value: int) -> None:
    button = dict(row.buttons)[value]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def test_a_failed_save_is_reported_rolled_back_and_not_on_the_undo_stack(
    qtbot, window: MainWindow, monkeypatch
):
    iid, editor = open_servqual(window)
    store, stack = window.ctx.store, window.ctx.undo_stack
    row = editor.form_view.blocks["tan_1"].input.rows["E"]
    click_point(qtbot, row, 6)
    assert store.answers(iid)["tan_1"] == {"E": 6}
    depth = stack.count()

    def broken(*_a, **_k):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "set_answer", broken)
    monkeypatch.setattr(store, "set_answers", broken)  # (an answer and what it clears)
    monkeypatch.setattr(store, "_write_answers", broken)  # (what the editor's edits call)
    click_point(qtbot, row, 3)
    assert stack.count() == depth  # not left on the undo stack
    assert stack.undoText().startswith("Answer")  # the one before it is still there
    box = window.last_message
    assert box is not None and "not saved" in box.windowTitle()
    assert "disk I/O error" in box.text() and "workbench.log" in box.text()
    assert row.value() == 6  # the page shows what is stored again
    monkeypatch.undo()
    assert store.answers(iid)["tan_1"] == {"E": 6}


def test_a_failed_undo_leaves_the_stack_and_is_reported(qtbot, window: MainWindow, monkeypatch):
    iid, editor = open_servqual(window)
    store, stack = window.ctx.store, window.ctx.undo_stack
    click_point(qtbot, editor.form_view.blocks["tan_1"].input.rows["E"], 6)
    depth = stack.count()

    def broken(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store, "set_answer", broken)
    monkeypatch.setattr(store, "set_answers", broken)
    monkeypatch.setattr(store, "_write_answers", broken)
    stack.undo()
    assert stack.count() == depth - 1  # the command no longer describes the file
    assert "database is locked" in window.last_message.text()


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_shows_a_dialog_and_the_window_goes_on(qtbot, window: MainWindow):
    from workbench.ui.errors import ErrorReporter, log_path

    reporter = ErrorReporter(window).install()
    try:

        def boom() -> None:
            raise RuntimeError("the flux capacitor is empty")

        QTimer.singleShot(0, boom)
        qtbot.waitUntil(lambda: bool(reporter.shown), timeout=3000)
        assert "RuntimeError: the flux capacitor is empty" in reporter.shown[0]
        assert "boom" in reporter.shown[0]  # where it happened
        box = window.findChild(QMessageBox, "errorDialog")
        assert box is not None and box.isVisible()
        assert str(log_path()) in box.informativeText()
        assert "the flux capacitor is empty" in log_path().read_text(encoding="utf-8")
        box.close()
        # the window goes on: pages and edits still work
        page = window.show_page("respondents")
        assert window.current_page_key() == "respondents"
        page.add({"name": "Bea Lund", "segment": "management"})
        assert [r.name for r in window.ctx.store.respondents()] == ["Bea Lund"]
    finally:
        reporter.uninstall()


def test_qt_criticals_are_logged_and_shown(qtbot, window: MainWindow):
    from PySide6.QtCore import qCritical, qWarning

    from workbench.ui.errors import ErrorReporter, log_path

    reporter = ErrorReporter(window).install()
    try:
        qWarning("just a warning")
        qCritical("the palette is on fire")
    finally:
        reporter.uninstall()
    assert reporter.shown == ["Qt: the palette is on fire"]
    text = log_path().read_text(encoding="utf-8")
    assert "just a warning" in text and "the palette is on fire" in text
