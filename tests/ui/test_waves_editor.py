"""Engagement Details lists the waves: add, rename, put in order, delete an unused one, by
keyboard; the change is one undoable edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.forms.library import builtin_form
from workbench.store.waves import wave_uses
from workbench.ui.dialogs import EngagementDialog

pytestmark = pytest.mark.app_context(engagement="new", settings={"user/name": "Jo Whitfield"})


def listed(dialog) -> list[str]:
    box = dialog.waves.list
    return [box.item(i).text() for i in range(box.count())]


def type_in_editor(qtbot, box, text: str) -> None:
    editor = QApplication.focusWidget()
    assert box.state() == box.State.EditingState and editor is not box
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # (the list takes the name a moment later)
    qtbot.waitUntil(lambda: box.state() != box.State.EditingState)


@pytest.fixture
def dialog(qtbot, ctx):
    store = ctx.store
    person = store.add_respondent("Ana Lima")
    store.new_interview(person.id, builtin_form("servqual"))  # in the baseline
    d = EngagementDialog({"client": "Acme", "title": "Review"}, waves=wave_uses(store))
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    return d


def test_waves_are_added_renamed_ordered_and_kept_by_keyboard(qtbot, ctx, dialog) -> None:
    box = dialog.waves.list
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # add, named at once
    type_in_editor(qtbot, box, "re-audit")
    assert listed(dialog) == ["baseline", "re-audit"]
    qtbot.keyClick(box, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert listed(dialog) == ["re-audit", "baseline"]
    qtbot.keyClick(box, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert listed(dialog) == ["baseline", "re-audit"]
    qtbot.keyClick(box, Qt.Key.Key_F2)
    type_in_editor(qtbot, box, "re-audit 2027")
    assert listed(dialog) == ["baseline", "re-audit 2027"]

    qtbot.keyClick(box, Qt.Key.Key_Up)  # to the baseline, which an interview uses
    assert box.currentItem().text() == "baseline"
    assert dialog.waves.note.text() == "baseline: 1 interview"
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert listed(dialog) == ["baseline", "re-audit 2027"]
    assert dialog.waves.note.text().startswith(
        "The wave 'baseline' cannot be deleted: 1 interview uses it."
    )
    baseline = ctx.store.wave_by_name("baseline").id
    values = dialog.values()["waves"]
    assert [(w.id == baseline, w.name) for w in values] == [
        (True, "baseline"),
        (False, "re-audit 2027"),
    ]
    assert [w.name for w in ctx.store.waves()] == ["baseline"]  # nothing written yet


def test_the_caption_follows_a_wave_added_or_renamed_at_once(qtbot, dialog) -> None:
    box, note = dialog.waves.list, dialog.waves.note
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert note.text() == "new wave: no interviews yet"
    type_in_editor(qtbot, box, "re-audit")
    assert note.text() == "re-audit: no interviews yet"  # the name given, not "new wave"
    box.setCurrentRow(0)
    qtbot.keyClick(box, Qt.Key.Key_F2)
    type_in_editor(qtbot, box, "base")
    assert note.text() == "base: 1 interview"


def test_an_unused_wave_is_deleted_and_a_name_given_twice_is_refused(qtbot, dialog) -> None:
    box = dialog.waves.list
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_in_editor(qtbot, box, "Baseline")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == (
        "Waves: two waves would be called 'Baseline'; give each wave its own name."
    )
    qtbot.keyClick(box, Qt.Key.Key_Delete)  # the new one: nothing uses it
    assert listed(dialog) == ["baseline"]


def test_engagement_details_writes_the_waves_as_one_undoable_edit(qtbot, ctx, monkeypatch):
    from workbench.ui import context
    from workbench.ui.interviews import NewInterviewDialog
    from workbench.ui.overview import OverviewPage

    page = OverviewPage(ctx)
    qtbot.addWidget(page)

    def fill(dialog):
        editor = dialog.waves
        editor.add()
        editor.list.currentItem().setText("re-audit")
        editor.add()
        editor.list.currentItem().setText("pilot")
        editor.move(-1)
        editor.move(-1)
        return dialog.values()

    monkeypatch.setattr(context, "ask", fill)
    page.edit_engagement()
    assert [w.name for w in ctx.store.waves()] == ["pilot", "baseline", "re-audit"]
    new = NewInterviewDialog(ctx)
    qtbot.addWidget(new)
    assert [new.wave.itemText(i) for i in range(new.wave.count())] == [
        "pilot",
        "baseline",
        "re-audit",
    ]
    assert ctx.undo_stack.undoText() == "Edit waves"
    ctx.undo_stack.undo()
    assert [w.name for w in ctx.store.waves()] == ["baseline"]
    ctx.undo_stack.redo()
    assert [w.name for w in ctx.store.waves()] == ["pilot", "baseline", "re-audit"]


@pytest.mark.window(shown=True)
def test_a_wave_added_in_the_window_reaches_the_interview_list(qtbot, ctx, window, monkeypatch):
    """Edit ▸ Engagement Details adds a re-audit; the interview list's wave filter offers
    it, and a new interview proposes it (no interview is in it yet, but it is newer than
    every interview)."""
    from workbench.ui import context
    from workbench.ui.interviews import NewInterviewDialog

    store = ctx.store
    person = store.add_respondent("Olga Brennan")
    store.new_interview(person.id, builtin_form("servqual"))
    interviews = window.show_page("interviews")

    def add_re_audit(dialog):
        dialog.waves.add()
        dialog.waves.list.currentItem().setText("re-audit")
        return dialog.values()

    monkeypatch.setattr(context, "ask", add_re_audit)
    window.engagement_action.trigger()
    assert [w.name for w in store.waves()] == ["baseline", "re-audit"]
    window.show_page("interviews")
    qtbot.waitUntil(lambda: interviews.wave.findData("re-audit") > 0, timeout=3000)
    new = NewInterviewDialog(ctx, window, respondent_id=person.id)
    qtbot.addWidget(new)
    assert new.wave.currentText() == "re-audit"
