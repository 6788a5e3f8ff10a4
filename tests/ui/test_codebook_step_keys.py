"""The Codebook page's previous and next interview (‹ ›) by keyboard: Ctrl+PgDown and
Ctrl+PgUp, or Alt+Right and Alt+Left, from the text (the keyboard stays in the text) and
from the codes; Edit ▸ Trash has a key; the shortcuts dialog lists these keys and "Mark
complete" before their pages are built, every command's name whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from window_driver import focused, settle

from workbench.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

pytestmark = pytest.mark.window(active=True)


@pytest.fixture
def window(window: MainWindow, qtbot) -> MainWindow:
    """The main window on the demo engagement, its Codebook page shown (Ctrl+4)."""
    QTest.keyClick(focused(), Qt.Key.Key_4, CTRL)
    settle(qtbot, window)
    return window


def _position(doc) -> int:
    return doc.picker.findData(doc.interview_id)


def test_the_keys_step_through_the_interviews_from_the_text(qtbot, window: MainWindow) -> None:
    doc = window.pages["codebook"].document
    assert doc.picker.count() > 2 and _position(doc) == 0
    next(iter(doc.editors.values())).setFocus()
    qtbot.waitUntil(lambda: focused() in doc.editors.values())

    QTest.keyClick(focused(), Qt.Key.Key_PageDown, CTRL)
    assert _position(doc) == 1
    assert focused() is next(iter(doc.editors.values()))  # the new interview's first text
    QTest.keyClick(focused(), Qt.Key.Key_Right, ALT)
    assert _position(doc) == 2
    QTest.keyClick(focused(), Qt.Key.Key_Left, ALT)
    QTest.keyClick(focused(), Qt.Key.Key_PageUp, CTRL)
    assert _position(doc) == 0
    said: list[str] = []
    window.ctx.status.connect(said.append)
    QTest.keyClick(focused(), Qt.Key.Key_PageUp, CTRL)  # no interview before the first
    assert _position(doc) == 0
    assert said == ["This is the first interview in the list."]


def test_the_keys_step_from_the_codes_too(qtbot, window: MainWindow) -> None:
    page = window.pages["codebook"]
    page.tree.setFocus()
    page.tree.setCurrentIndex(page._all_indexes()[0])
    qtbot.waitUntil(lambda: focused() is page.tree)
    QTest.keyClick(focused(), Qt.Key.Key_Right, ALT)
    assert _position(page.document) == 1
    assert focused() is page.tree  # the keyboard stays in the codes
    QTest.keyClick(focused(), Qt.Key.Key_PageUp, CTRL)
    assert _position(page.document) == 0


def test_the_buttons_name_their_keys(window: MainWindow) -> None:
    from PySide6.QtWidgets import QToolButton

    doc = window.pages["codebook"].document
    tips = sorted(b.toolTip() for b in doc.findChildren(QToolButton) if b.text() in "‹›")
    assert tips == ["Next interview (Ctrl+PgDown, Alt+Right)",
                    "Previous interview (Ctrl+PgUp, Alt+Left)"]  # fmt: skip


def test_ctrl_shift_t_opens_the_trash(qtbot, window: MainWindow) -> None:
    from workbench.ui.trash import TrashDialog

    QTest.keyClick(focused(), Qt.Key.Key_T, CTRL | SHIFT)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(TrashDialog)))
    for dialog in window.findChildren(TrashDialog):
        dialog.close()


@pytest.mark.app_context(engagement=None)
def test_the_shortcuts_dialog_lists_them_before_the_pages_are_built(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.dialogs import ShortcutsDialog, shortcut_rows

    ctx.settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    rows = dict(shortcut_rows(window))
    assert rows["Previous interview (Codebook page)"] == "Ctrl+PgUp, Alt+Left"
    assert rows["Next interview (Codebook page)"] == "Ctrl+PgDown, Alt+Right"
    assert rows["Mark the interview complete, or back to draft"] == "Ctrl+Shift+Return"
    assert rows["Trash"] == "Ctrl+Shift+T"

    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.viewport().width() >= table.columnWidth(0) + table.columnWidth(1)
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        for column in (0, 1):
            text = table.item(row, column).text()
            rect = table.visualRect(table.model().index(row, column))
            # the cell holds its whole text (Qt's margins inside a cell: 3 px a side)
            assert metrics.horizontalAdvance(text) + 6 <= rect.width(), text
    dialog.close()
