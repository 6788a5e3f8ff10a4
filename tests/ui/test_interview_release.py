"""An interview opened and left leaves nothing behind: its editor (form, notes, their
signal connections) is deleted, also when the event loop is only driven by
``processEvents()``, which never delivers ``deleteLater``'s deferred deletes."""

from __future__ import annotations

import gc

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.ui.interview_editor import InterviewEditor
from workbench.ui.main_window import MainWindow


def live_editors() -> int:
    return sum(isinstance(w, InterviewEditor) for w in QApplication.allWidgets())


def turn(qapp, times: int = 3) -> None:
    for _ in range(times):
        qapp.processEvents()


def test_opening_and_leaving_twenty_interviews_keeps_no_editor(qtbot, qapp, ctx, tmp_path):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("interviews")
    ids = [r.id for r in ctx.store.interview_rows()][::7][:20]
    assert len(ids) == 20

    def visit(iid: str) -> None:
        editor = page.open_interview(iid)
        turn(qapp)
        assert isinstance(editor, InterviewEditor) and editor.isVisible()
        editor.close_editor()  # what Esc and "← Interviews" do
        turn(qapp)

    for iid in ids[:3]:  # the forms' first use (their definitions are cached) comes first
        visit(iid)
    gc.collect()
    widgets, objects = len(QApplication.allWidgets()), len(gc.get_objects())
    for iid in ids:
        visit(iid)
        assert live_editors() == 0
    gc.collect()
    assert len(QApplication.allWidgets()) == widgets
    assert not any(isinstance(o, InterviewEditor) for o in gc.get_objects())
    # Python objects: a few forms' definitions cached on first use, nothing per visit
    # (an editor kept alive holds thousands: its questions, answers and connections)
    assert len(gc.get_objects()) - objects < 3000

    # opening another interview from an open one replaces it, and Esc leaves it
    page.open_interview(ids[0])
    page.open_interview(ids[1])
    turn(qapp)
    assert live_editors() == 1
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.editor.focus_first_unanswered()
    qtbot.keyClick(QApplication.focusWidget() or page.editor, Qt.Key.Key_Escape)
    turn(qapp)
    assert page.editor is None and live_editors() == 0
    assert page.stack.currentWidget() is page.list_page
    window.grab().save(str(tmp_path / "interviews_after_leaving.png"))
