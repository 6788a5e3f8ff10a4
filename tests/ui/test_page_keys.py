"""The Go menu's keys by keyboard: Ctrl+1 … Ctrl+7 change the page from every page (the
Codebook page's text included), the page switched to gives the keyboard to its main list
or table, and no key means two things."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QWidget
from window_driver import focused, settle

from workbench.ui.interviews import ID_ROLE
from workbench.ui.main_window import PAGES, MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
DIGITS = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 10)]

pytestmark = pytest.mark.window(active=True)


def go(window: MainWindow, key: str) -> QWidget:
    """Ctrl+<the page's number>, pressed where the keyboard is; the widget that has it."""
    n = [p[0] for p in PAGES].index(key)
    QTest.keyClick(focused(), DIGITS[n], CTRL)
    assert window.current_page_key() == key
    return focused()


MAIN = {
    "respondents": lambda p: p.view,
    "interviews": lambda p: p.view,
    "codebook": lambda p: p.tree,
    "analyses": lambda p: p.list_view,
    "findings": lambda p: p.findings_view,
    "report": lambda p: p.sections,
}


def test_each_page_gives_the_keyboard_to_its_main_list(qtbot, window: MainWindow) -> None:
    for key in ("interviews", "respondents", "codebook", "analyses", "findings", "report"):
        widget = go(window, key)
        page = window.pages[key]
        assert widget is MAIN[key](page), f"{key}: the keyboard is on {widget!r}"
    # the Overview has no list to act on: nothing there is pressed by Enter
    widget = go(window, "overview")
    assert not isinstance(widget, QAbstractButton)
    # and back again, whatever had the keyboard before
    window.pages["codebook"].tree.setFocus()
    assert go(window, "interviews") is window.pages["interviews"].view


def test_enter_after_ctrl_3_opens_the_highlighted_interview(qtbot, window: MainWindow) -> None:
    opened: list[str] = []
    page = window.pages["interviews"]
    page.interview_opened.connect(opened.append)
    go(window, "codebook")
    view = go(window, "interviews")
    assert view is page.view and view.currentIndex().isValid()
    QTest.keyClick(view, Qt.Key.Key_Down)  # the consultant highlights another one
    wanted = view.currentIndex().data(ID_ROLE)
    assert wanted
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None)
    assert page.editor_id == wanted and opened[-1:] == [wanted]
    assert QApplication.activeModalWidget() is None  # no "New interview" dialog
    page.show_list()
    settle(qtbot, window)


def test_ctrl_digits_change_the_page_from_the_coded_text(qtbot, window: MainWindow) -> None:
    """On the Codebook page with words selected in the text, Ctrl+3 opens Interviews and
    codes nothing; Alt+1 codes the selection with favourite 1 and stays."""
    store = window.ctx.store
    go(window, "codebook")
    doc = window.pages["codebook"].document
    ids = [doc.picker.itemData(i) for i in range(doc.picker.count())]
    doc.set_interview(next(i for i in ids if i and store.notes(i)))
    editor = next(e for e in doc.editors.values() if not e.isReadOnly())
    settle(qtbot, window)
    editor.setFocus()
    editor.select_span(0, 3)
    before = {s.id for s in store.segments()}
    go(window, "interviews")
    assert {s.id for s in store.segments()} == before
    go(window, "codebook")
    editor.setFocus()
    editor.select_span(0, 3)
    QTest.keyClick(editor, Qt.Key.Key_1, ALT)
    assert window.current_page_key() == "codebook"
    [new] = [s for s in store.segments() if s.id not in before]
    assert new.code_id == doc.favourite_codes()[0]


def test_no_key_means_two_things(qtbot, window: MainWindow) -> None:
    """Every page built: a key of the menus (window-wide) is no other command's, and the
    favourites' keys are no menu's, no action's and no mnemonic's (Alt+<digit>)."""
    from workbench.ui.coding_text import FAVOURITE_KEYS
    from workbench.ui.dialogs import shortcut_rows

    for key in window.pages:
        window.pages[key]
    favourites = [QKeySequence(f"Alt+{n}").toString() for n in range(1, 10)]
    assert FAVOURITE_KEYS[1] == f"{favourites[0]} … {favourites[-1]}"
    menus = {}
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            for k in action.shortcuts():
                assert menus.setdefault(k.toString(), action.text()) == action.text()
    for what, keys in shortcut_rows(window):
        for k in keys.split(", "):
            assert k not in menus or menus[k].replace("&", "").rstrip("…") == what, (
                f"{k}: {menus[k]} (menu) and {what}"
            )
            assert k not in favourites, f"{k}: {what} and a favourite"
    texts = [a.text() for a in window.findChildren(QAction)]
    texts += [b.text() for b in window.findChildren(QAbstractButton)]
    texts += [b.text() for b in window.findChildren(QLabel)]
    for text in texts:
        assert QKeySequence.mnemonic(text).toString() not in favourites, text
    assert [menus[f"Ctrl+{n}"] for n in range(1, 8)] == [p[1] for p in PAGES]
