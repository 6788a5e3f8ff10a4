"""The keyboard in dialogs, and the shortcuts dialog generated from what the window does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from workbench.ui.context import AppContext
from workbench.ui.dialogs import EngagementDialog, NewEngagementDialog, shortcut_rows
from workbench.ui.main_window import PAGES, MainWindow


def multi_line_fields(widget):
    return widget.findChildren(QPlainTextEdit) + widget.findChildren(QTextEdit)


@pytest.mark.parametrize("make", [lambda: NewEngagementDialog(), lambda: EngagementDialog({})])
def test_tab_leaves_every_multi_line_field_of_the_engagement_dialogs(qtbot, make):
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    fields = multi_line_fields(dialog)
    assert fields
    assert all(f.tabChangesFocus() for f in fields)


def test_tab_in_scope_moves_on_to_consultants(qtbot):
    dialog = NewEngagementDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    form = dialog.form
    form.scope.setFocus()
    qtbot.keyClicks(form.scope, "All desks")
    qtbot.keyClick(form.scope, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication_focus(), "Jo, Sam")
    assert form.scope.toPlainText() == "All desks"
    assert form.consultants.text() == "Jo, Sam"


def QApplication_focus():  # noqa: N802
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget()


def test_memo_page_body_leaves_by_tab(qtbot, ctx):
    from workbench.ui.memos_view import MemosView

    page = MemosView(ctx)
    qtbot.addWidget(page)
    assert all(f.tabChangesFocus() for f in multi_line_fields(page))


def test_shortcuts_dialog_lists_every_key_the_window_answers(qtbot, tmp_path, demo_file):
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    # before any page is built, the keys pages handle themselves are listed
    rows = dict(shortcut_rows(window))
    assert "F8" in rows["Next unanswered question"]
    assert rows["Time mark"] == "Ctrl+T"
    assert rows["New note"] == "Ctrl+Shift+N"
    assert "0–9" in rows["Pick a point on a scale (interview)"]
    assert "1–9" in rows["Pick an option of a single choice (interview)"]
    assert "F2" in rows["Edit a search match shown in an interview"]
    assert rows["Correct the answers of a completed interview"] == "F2"
    assert rows["Code selection"] == "Ctrl+Shift+K"
    assert rows["Run the analysis"] == "Ctrl+R"
    # with every page built and an interview open, no action's keys are missing
    assert window.open_file(demo_file)
    for key, *_ in PAGES:
        window.show_page(key)
    iv = ctx.store.interview_rows()[0]
    ctx.open_interview_requested.emit(iv.id, None)
    ctx.tasks.wait()
    listed = set()
    for _what, keys in shortcut_rows(window):
        listed |= {k.strip() for k in keys.split(",")}
    missing = []
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.NativeText)
            if text and action.text() and text not in listed:
                missing.append((action.text(), text))
    for shortcut in window.findChildren(QShortcut):  # keys pages catch without an action
        text = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        if text and text not in listed:
            missing.append((shortcut.parent().__class__.__name__, text))
    assert not missing
    ctx.set_store(None)
