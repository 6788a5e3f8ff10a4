"""A completed interview opens for reading: keys and clicks on its answers and on the
header's fields change nothing (and say how to correct them) until F2 or "Correct answers"
unlocks them for this opening; a draft is editable at once; a read-only file stays so."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.ui.form_parts import LOCKED_HINT, MatchGuard

LEFT = Qt.MouseButton.LeftButton


def _interview(store, name: str, form_id: str, wave: str, status: str) -> str:
    return next(
        r.id
        for r in store.interview_rows(progress=False)
        if (r.respondent, r.form_id, r.wave, r.status) == (name, form_id, wave, status)
    )


@pytest.fixture
def grace(ctx) -> str:
    """Grace O'Neill's completed re-audit SERVQUAL interview of the demo."""
    return _interview(ctx.store, "Grace O'Neill", "servqual", "re-audit", "complete")


def _first_pair(editor):
    key = next(iter(editor.form_view.blocks))
    return key, editor.form_view.blocks[key].input.rows["P"]


def _first_checklist(editor) -> str:
    return next(k for k, b in editor.form_view.blocks.items() if hasattr(b.input, "observed"))


def _other_digit(value: int) -> str:
    return "1" if value != 1 else "2"


def test_a_key_in_a_completed_interview_changes_nothing_until_f2(
    tmp_path, qtbot, ctx, grace, open_interview
):
    store = ctx.store
    editor = open_interview(grace)
    assert editor.reading_bar.isVisible() and editor.correct_button.isVisible()
    assert "shown for reading" in editor.reading_label.text()
    key, row = _first_pair(editor)
    stored = store.answers(grace)[key]
    changes = len(store.answer_changes(grace))
    history = editor.history_button.text()
    row.setFocus()
    said: list[str] = []
    ctx.status.connect(said.append)
    digit = _other_digit(stored["P"])
    for typed in (digit, "n", Qt.Key.Key_Delete, Qt.Key.Key_Left, Qt.Key.Key_Right):
        if isinstance(typed, str):
            qtbot.keyClicks(row, typed)
        else:
            qtbot.keyClick(row, typed)
    qtbot.mouseClick(row.buttons[0][1], LEFT)  # a click on a point neither
    qtbot.wait(800)  # (past the wait for a second digit)
    assert store.answers(grace)[key] == stored
    assert len(store.answer_changes(grace)) == changes  # no History line
    assert row.value() == stored["P"]  # shown as stored
    assert LOCKED_HINT in said
    assert editor.history_button.text() == history  # (counting what History lists)
    editor.grab().save(str(tmp_path / "completed-locked.png"))

    from PySide6.QtWidgets import QToolTip

    QToolTip.showText(row.mapToGlobal(row.rect().center()), LOCKED_HINT, row)  # as a key did
    qtbot.keyClick(row, Qt.Key.Key_F2)  # as a consultant unlocks it
    assert not editor.locked
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)  # the hint to press F2
    # goes once F2 is pressed (a shortcut's key never reaches the tip, which would stay 10 s)
    assert "kept in its History" in editor.reading_label.text()
    assert not editor.correct_button.isVisible()
    editor.grab().save(str(tmp_path / "completed-unlocked.png"))
    qtbot.keyClicks(row, digit)
    qtbot.wait(800)
    assert store.answers(grace)[key]["P"] == int(digit)
    assert len(store.answer_changes(grace)) == changes + 1  # one History line
    listed = int(history.removeprefix("History").strip(" ()") or 0)
    assert editor.history_button.text() == f"History ({listed + 1})"


def test_text_number_choice_and_header_stay_as_stored(qtbot, ctx, open_interview):
    """A completed interview of another form: a typed letter in a text, a digit on a radio
    list, a click on a check box, and the header's interviewer and wave change nothing."""
    store = ctx.store
    iid = _interview(store, "Grace O'Neill", "satisfaction-loyalty", "baseline", "complete")
    editor = open_interview(iid)
    before = store.answers(iid)
    header = store.interview(iid)
    view = editor.form_view
    for block in view.blocks.values():
        inp = block.input
        target = getattr(inp, "edit", None)
        if target is None and getattr(inp, "buttons", None):
            target = next(iter(inp.buttons.values()))
        if target is None:
            target = inp.focus_widget()
        if target is None or not block.isVisible():
            continue
        target.setFocus()
        qtbot.keyClicks(target, "1x")
        qtbot.keyClick(target, Qt.Key.Key_Space)
        if hasattr(target, "click"):
            qtbot.mouseClick(target, LEFT)
    editor.interviewer.setFocus()
    qtbot.keyClicks(editor.interviewer, "Zed")
    qtbot.keyClick(editor.interviewer, Qt.Key.Key_Return)
    editor.wave.setFocus()
    qtbot.keyClick(editor.wave, Qt.Key.Key_Down)
    qtbot.mouseClick(editor.wave, LEFT)
    editor.flush()
    qtbot.wait(500)
    assert store.answers(iid) == before
    after = store.interview(iid)
    assert (after.interviewer, after.wave_id) == (header.interviewer, header.wave_id)
    assert editor.interviewer.text() == header.interviewer


def test_notes_stay_editable_in_a_completed_interview(qtbot, ctx, grace, open_interview):
    editor = open_interview(grace)
    count = len(ctx.store.notes(grace))
    editor.notes.add_action.trigger()
    qtbot.waitUntil(lambda: len(ctx.store.notes(grace)) == count + 1)
    assert editor.locked  # the answers are still shown for reading


def test_a_draft_is_editable_at_once(qtbot, ctx, open_interview):
    store = ctx.store
    iid = _interview(store, "Zoe Turner", "seven-sins", "re-audit", "draft")
    editor = open_interview(iid)
    assert not editor.locked and not editor.reading_bar.isVisible()
    key = _first_checklist(editor)
    row = editor.form_view.blocks[key].input.observed
    row.setFocus()
    before = (store.answers(iid).get(key) or {}).get("observed")
    qtbot.keyClicks(row, "n" if before is not False else "y")
    assert store.answers(iid)[key]["observed"] is (before is False)


def test_marked_complete_in_this_opening_stays_editable(qtbot, ctx, open_interview, monkeypatch):
    store = ctx.store
    iid = _interview(store, "Zoe Turner", "seven-sins", "re-audit", "draft")
    editor = open_interview(iid)
    monkeypatch.setattr(editor.form_view, "missing_required", lambda: [])
    monkeypatch.setattr(editor.form_view, "rule_breaks", lambda: {})
    editor.complete_action.trigger()
    assert store.interview(iid).status == "complete"
    assert not editor.locked
    assert "kept in its History" in editor.reading_label.text()
    key = _first_checklist(editor)
    row = editor.form_view.blocks[key].input.severity
    row.setFocus()
    digit = "2" if (store.answers(iid).get(key) or {}).get("severity") != 2 else "1"
    qtbot.keyClicks(row, digit)
    assert store.answers(iid)[key]["severity"] == int(digit)


def test_back_to_draft_unlocks(qtbot, ctx, grace, open_interview):
    editor = open_interview(grace)
    assert editor.locked
    qtbot.mouseClick(editor.status_button, LEFT)  # back to draft
    assert ctx.store.interview(grace).status == "draft"
    assert not editor.locked and not editor.reading_bar.isVisible()
    key, row = _first_pair(editor)
    digit = _other_digit(ctx.store.answers(grace)[key]["P"])
    row.setFocus()
    qtbot.keyClicks(row, digit)
    qtbot.wait(800)
    assert ctx.store.answers(grace)[key]["P"] == int(digit)


def test_correct_answers_button_unlocks_the_header_too(qtbot, ctx, grace, open_interview):
    editor = open_interview(grace)
    qtbot.mouseClick(editor.correct_button, LEFT)
    assert not editor.locked
    editor.place.setFocus()
    editor.place.selectAll()
    qtbot.keyClicks(editor.place, "Leeds office")
    qtbot.keyClick(editor.place, Qt.Key.Key_Return)
    assert ctx.store.interview(grace).place == "Leeds office"


def test_a_read_only_file_stays_read_only_after_f2(qtbot, demo_file: Path, open_interview, ctx):
    from workbench.store import open_engagement

    ctx.set_store(open_engagement(demo_file, read_only=True, backup=False))
    store = ctx.store
    iid = _interview(store, "Grace O'Neill", "servqual", "re-audit", "complete")
    editor = open_interview(iid)
    assert not editor.correct_button.isVisible()
    assert "read-only" in editor.reading_label.text()
    key, row = _first_pair(editor)
    stored = store.answers(iid)[key]
    editor.form_view.focus_question(key)
    qtbot.keyClick(QApplication.focusWidget() or editor, Qt.Key.Key_F2)
    assert not editor.unlock()
    assert not row.isEnabled()  # the answers stay disabled
    assert not editor.header_box.isEnabled()
    assert store.answers(iid)[key] == stored


def _completed_text_answer(store) -> tuple[str, str]:
    """(interview, question) of a text answer of a completed interview of the demo."""
    return next(
        (r.id, k)
        for r in store.interview_rows(progress=False)
        if r.status == "complete"
        for k, v in store.answers(r.id).items()
        if isinstance(v, str) and len(v) > 10
    )


def test_a_search_hit_into_a_completed_interview_then_f2(qtbot, ctx, open_interview):
    """The match is shown for reading; F2 unlocks the whole interview and the text box
    the match was in stays writable after the match lets go (the guard does not put back
    the read-only state it found)."""
    store = ctx.store
    iid, key = _completed_text_answer(store)
    editor = open_interview(iid)
    assert editor.form_view.select_text(key, 0, 4)
    edit = editor.form_view.blocks[key].input.text_widget()
    guard = edit.findChild(MatchGuard, "matchGuard")
    assert guard.holding and edit.isReadOnly()
    text = store.answers(iid)[key]
    qtbot.keyClicks(edit, "x")
    assert store.answers(iid)[key] == text
    qtbot.keyClick(edit, Qt.Key.Key_F2)
    assert not editor.locked and not guard.holding and not edit.isReadOnly()
    # a match shown again, let go by a click: the box stays writable
    editor.form_view.select_text(key, 0, 4)
    assert guard.holding
    qtbot.mouseClick(edit.viewport() if hasattr(edit, "viewport") else edit, LEFT)
    assert not guard.holding and not edit.isReadOnly()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, " (checked)")
    editor.flush()
    assert store.answers(iid)[key].endswith(" (checked)")


def test_a_match_held_when_unlocked_by_the_button_is_left_writable(qtbot, ctx, open_interview):
    """The match holds while the button unlocks (the guard remembers read-only): when it
    lets go, the text is writable."""
    store = ctx.store
    iid, key = _completed_text_answer(store)
    editor = open_interview(iid)
    editor.form_view.select_text(key, 0, 4)
    edit = editor.form_view.blocks[key].input.text_widget()
    guard = edit.findChild(MatchGuard, "matchGuard")
    editor.form_view.lock.set_locked(False)  # unlocked while the match holds
    assert guard.holding and edit.isReadOnly()
    guard.release()
    assert not edit.isReadOnly()


def test_f2_on_a_note_match_edits_the_note_and_keeps_the_answers_locked(
    qtbot, ctx, grace, open_interview
):
    editor = open_interview(grace)
    note = ctx.store.notes(grace)[0]
    assert editor.highlight("note", note.id, 0, 4)
    edit = editor.notes.cards[note.id].edit
    guard = edit.findChild(MatchGuard, "matchGuard")
    assert guard.holding and QApplication.focusWidget() is edit
    qtbot.keyClick(edit, Qt.Key.Key_F2)
    assert not guard.holding and not edit.isReadOnly()  # the note can be edited
    assert editor.locked  # the answers are still shown for reading
