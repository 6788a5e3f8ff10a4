"""Opening a search hit shows the match for reading: the Enter that opened it, pressed once
more, or a letter typed next, changes nothing in a completed interview's note or answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow
from workbench.ui.search import HIT_ROLE


@pytest.fixture
def window(qtbot, demo_file: Path, tmp_path: Path):
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    assert w.open_file(demo_file)
    yield w
    ctx.tasks.wait()
    ctx.set_store(None)


def _texts(store, hit) -> tuple[str, int]:
    """The hit's stored text and its interview's corrections so far."""
    return store.source_text(hit.kind, hit.ref_id)[1], len(store.answer_changes(hit.interview_id))


@pytest.mark.parametrize(("word", "kind"), [("service", "note"), ("portal", "answer")])
def test_enter_twice_on_a_hit_changes_nothing(qtbot, window, tmp_path, word, kind) -> None:
    store = window.ctx.store
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = window.show_search()
    qtbot.waitUntil(lambda: search.query.hasFocus())
    qtbot.keyClicks(search.query, word)
    model = search.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    # down the list to the first hit of the kind wanted, as the consultant would
    def current():
        return search.results.currentIndex().data(HIT_ROLE)

    for _ in range(300):
        at = current()
        if getattr(at, "kind", "") == kind and store.interview(at.interview_id).status == "complete":
            break
        qtbot.keyClick(search.query, Qt.Key.Key_Down)
    hit = current()
    assert hit.kind == kind
    assert store.interview(hit.interview_id).status == "complete"
    before = _texts(store, hit)

    qtbot.keyClick(search.query, Qt.Key.Key_Return)  # opens the interview at the match
    page = window.pages["interviews"]
    qtbot.waitUntil(lambda: page.editor_id == hit.interview_id)
    window.activateWindow()  # (offscreen, no window manager gives it back by itself)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    edit = QApplication.focusWidget()
    assert isinstance(edit, QLineEdit | QPlainTextEdit)  # the match has the keyboard
    shown = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
    assert shown == before[0]
    if isinstance(edit, QLineEdit):
        assert word in edit.selectedText().lower()
    else:
        selections = edit.extraSelections()
        span = selections[0].cursor
        assert word in span.selectedText().lower()  # the match is marked
    window.grab().save(str(tmp_path / f"{kind}-hit.png"))
    history = page.editor.history_button.text()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_A, Qt.Key.Key_Delete):
        qtbot.keyClick(QApplication.focusWidget(), key)
    page.editor.flush()
    qtbot.wait(50)
    assert _texts(store, hit) == before  # nothing changed, no correction recorded
    assert page.editor.history_button.text() == history  # no line more in History
