"""The Codebook page at 1280×800: the text gets the room (the side panels' widths follow
the page's until a handle is dragged), F6 and F7 fold the side panels away and back by
keyboard, and the interview header leaves out whole words rather than cutting one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from window_driver import focused, settle

from workbench.ui.coding_panels import panel_sizes
from workbench.ui.elided import fit_words


def test_panel_sizes_give_the_text_at_least_half():
    assert panel_sizes(1080) == [259, 540, 281]  # 0.24 and 0.26 of 1080, rounded
    assert panel_sizes(1400) == [330, 706, 364]  # the codes panel at its widest
    assert panel_sizes(900) == [220, 410, 270]  # both panels at their narrowest
    for width in range(900, 2600, 50):
        sizes = panel_sizes(width)
        assert sum(sizes) == width and sizes[1] >= width * 0.45


@pytest.mark.window(active=True)
def test_at_1280_the_text_has_the_room_and_f6_f7_fold_the_panels(qtbot, window):
    window.resize(1280, 800)
    page = window.show_page("codebook")
    settle(qtbot, window)
    qtbot.waitUntil(lambda: page.document.scroll.viewport().width() > 0)
    text = page.document.scroll.viewport()
    assert text.width() >= 500  # it was 296 with the panels' fixed widths
    left, middle, side = page.splitter.sizes()
    assert middle > left and middle > side

    page.tree.setFocus()
    wide = text.width()
    QTest.keyClick(focused(), Qt.Key.Key_F6)  # the codes panel folds away
    assert page.splitter.sizes()[0] == 0
    qtbot.waitUntil(lambda: text.width() >= wide + left - 20)
    assert focused() is not page.tree  # the keyboard left the folded panel
    QTest.keyClick(focused(), Qt.Key.Key_F7)  # and the side panel
    assert page.splitter.sizes()[2] == 0
    assert page.splitter.sizes()[1] > 1000
    QTest.keyClick(focused(), Qt.Key.Key_F6)  # back, with the keyboard in the tree
    assert page.splitter.sizes()[0] == left
    assert focused() is page.tree
    QTest.keyClick(focused(), Qt.Key.Key_F7)
    assert page.splitter.sizes() == [left, middle, side]
    assert page.side.currentWidget().isAncestorOf(focused()) or focused() is (
        page.side.currentWidget()
    )

    window.resize(1600, 1000)  # widths follow the page's …
    qtbot.waitUntil(lambda: page.splitter.sizes()[1] > middle)
    page.splitter.splitterMoved.emit(200, 1)  # … until a handle is dragged
    dragged = page.splitter.sizes()
    window.resize(1280, 800)
    qtbot.wait(50)
    assert page.splitter.sizes()[0] == dragged[0]


def test_words_are_left_out_whole():
    metrics = QFontMetrics(QFont())
    text = "Problem and change manager · management"
    assert fit_words(text, metrics, 10_000) == text
    width = metrics.horizontalAdvance("Problem and change manager ·") + 4
    assert fit_words(text, metrics, width) == "Problem and change manager…"  # not "· manag"
    assert fit_words(text, metrics, metrics.horizontalAdvance("Problem an")) in (
        "Problem…",
        metrics.elidedText(text, Qt.TextElideMode.ElideRight, metrics.horizontalAdvance("Pr")),
    )


@pytest.mark.window(shown=True)
def test_the_interview_header_leaves_out_whole_words_at_1280(qtbot, window):
    window.resize(1280, 800)
    store = window.ctx.store
    rows = store.interview_rows(progress=False)
    longest = max(rows, key=lambda r: len(store.respondent(r.respondent_id).role or ""))
    page = window.show_page("interviews")
    page.open_interview(longest.id)
    editor = page.editor
    qtbot.waitUntil(lambda: editor.who.width() > 0)
    for label in (editor.who, editor.form_label):
        shown, whole = label.shown_text(), label.text()
        assert shown == whole or (
            shown.endswith("…") and whole.startswith(shown[:-1]) and whole[len(shown) - 1] == " "
        ), (shown, whole)
    said = [editor.who.shown_text(), editor.form_label.shown_text()]
    assert any(s.endswith("…") for s in said)  # the demo's longest role does not fit
    assert editor.who.text().startswith("Problem and change manager")  # text() is all of it
