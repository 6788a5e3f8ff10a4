"""The menus work the same after a second engagement is opened in the window.

Walking a page's focus chain from Python (``nextInFocusChain``) made each widget passed
the Python owner of the next one; the favourites' buttons, remade for the second
engagement, then took the window and its menu bar down with them on the Python side, and
closing a menu raised "Internal C++ object (QMenuBar) already deleted"."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenuBar, QToolButton
from shiboken6 import isValid
from window_driver import settle

from workbench.ui.main_window import MainWindow
from workbench.ui.menu_keys import _EscLeavesMenuBar

pytestmark = pytest.mark.window(active=True)


def open_and_close(qtbot, window: MainWindow, title: str) -> None:
    """Click the menu ``title`` of the menu bar, then Esc."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    QTest.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(action).center())
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is action.menu())
    QTest.keyClick(action.menu(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    qtbot.wait(20)  # (the menu bar lets go once the menu has closed)
    settle(qtbot, window)


def test_menus_close_without_error_after_a_second_engagement_opens(
    qtbot, window: MainWindow, demo_file, tmp_path
) -> None:
    other = tmp_path / "other.wbk"
    shutil.copy(demo_file, other)
    esc = window.menuBar().findChild(_EscLeavesMenuBar)
    for key in window.pages:  # every page built and shown on the first engagement
        window.show_page(key)
        settle(qtbot, window)
    first_buttons = [b for b in window.pages["codebook"].findChildren(QToolButton)]
    assert window.open_file(other)
    settle(qtbot, window)
    for key in window.pages:  # and again on the second (the favourites are remade)
        window.show_page(key)
        settle(qtbot, window)
    qtbot.wait(50)  # (the first engagement's favourites' buttons are deleted by now)
    assert any(not isValid(b) for b in first_buttons)
    assert isValid(esc.bar) and esc.bar is window.menuBar()
    assert isinstance(window.menuBar(), QMenuBar)
    for title in ("Go", "Edit", "File", "Go"):
        open_and_close(qtbot, window, title)
