"""Coding a note or a text answer where it is written, without leaving the interview."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from workbench.forms import load_form_text
from workbench.ui.code_in_place import CODE_SELECTION
from workbench.ui.coding_text import QuickPick

FORM = """
id: short
title: Short
version: 1
sections:
  - key: s
    title: S
    questions:
      - {key: story, type: longtext, label: The story}
      - {key: apathy, type: checklist, label: Apathy, touchpoints: [phone, desk]}
"""
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


pytestmark = pytest.mark.app_context(engagement="new", settings={"coding/recent": []})


@pytest.fixture
def editor(ctx, open_interview):
    store = ctx.store
    person = store.add_respondent("Ana Silva", segment="management")
    iid = store.new_interview(person.id, load_form_text(FORM), date=dt.date(2024, 3, 1)).id
    store.add_code("Pain points")
    store.add_code("Jones & Sasser")
    store.add_note(iid, "The desk never calls back and payroll is late.")
    store.set_answer(iid, "story", "They lose tickets over the weekend.")
    return open_interview(iid, size=(1280, 720))


def select(edit, start: int, end: int) -> None:
    edit.setFocus()
    cursor = edit.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)


def code_id(store, name: str) -> str:
    return next(c.id for c in store.codes() if c.name == name)


def test_quick_pick_by_shortcut_codes_a_note_and_undo_takes_it_back(qtbot, ctx, editor):
    store, iid = ctx.store, editor.interview_id
    (card,) = editor.notes.cards.values()
    select(card.edit, 4, 8)  # "desk"
    qtbot.keyClick(card.edit, Qt.Key.Key_K, CTRL_SHIFT)
    popup = editor.notes.coder.last_popup
    assert isinstance(popup, QuickPick) and popup.isVisible()
    qtbot.keyClicks(popup.edit, "pain")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    (seg,) = store.segments(interview_id=iid)
    assert (seg.source_kind, seg.source_id, seg.start, seg.end) == ("note", card.note_id, 4, 8)
    assert seg.code_id == code_id(store, "Pain points")
    assert editor.isVisible()  # still in the interview
    ctx.undo_stack.undo()
    assert store.segments(interview_id=iid) == []
    ctx.undo_stack.redo()
    assert len(store.segments(interview_id=iid)) == 1


def test_esc_in_the_quick_pick_closes_it_and_stays_in_the_interview(qtbot, ctx, editor):
    """Esc in the quick-pick cancels the pick only: the interview stays open (its own Esc
    goes back to the list) and the keyboard is back in the note, the words still selected."""
    (card,) = editor.notes.cards.values()
    left = []
    editor.closed.connect(lambda: left.append(True))
    select(card.edit, 4, 8)
    qtbot.keyClick(card.edit, Qt.Key.Key_K, CTRL_SHIFT)
    popup = editor.notes.coder.last_popup
    assert isinstance(popup, QuickPick) and popup.isVisible()
    qtbot.keyClicks(popup.edit, "pa")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Escape)
    qtbot.wait(50)
    assert not popup.isVisible() and not left and editor.isVisible()
    assert QApplication.focusWidget() is card.edit
    assert card.edit.textCursor().selectedText() == "desk"
    assert ctx.store.segments(interview_id=editor.interview_id) == []
    qtbot.keyClick(card.edit, Qt.Key.Key_Escape)  # the interview's own Esc: back
    assert left == [True]


def test_context_menu_offers_recent_codes_and_codes_a_text_answer(qtbot, ctx, editor):
    store, iid = ctx.store, editor.interview_id
    pain = code_id(store, "Pain points")
    ctx.settings.setValue("coding/recent", [code_id(store, "Jones & Sasser"), pain])
    edit = editor.form_view.blocks["story"].input.edit
    select(edit, 5, 17)  # "lose tickets"
    coder = editor.notes.coder
    menu = coder.menu(edit, lambda: None)
    texts = [a.text() for a in menu.actions()]
    assert "&Copy\tCtrl+C" in texts or any("Copy" in t for t in texts)  # the usual entries stay
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert sub.title() == "Code selection" and sub.isEnabled()
    names = [a.text() for a in sub.actions() if not a.isSeparator()]
    assert names == ["Any code…", "Jones && Sasser", "Pain points"]  # & shown, not a mnemonic
    menu.close()
    # the editor's own wiring: the answer's stored cell is found and coded
    seg_id = coder.code_again(edit, edit_locate(editor, "story"))
    (seg,) = store.segments(interview_id=iid)
    assert seg.id == seg_id and (seg.source_kind, seg.start, seg.end) == ("answer", 5, 17)
    assert seg.code_id == code_id(store, "Jones & Sasser")


def edit_locate(editor, key):
    from workbench.coding.service import answer_source

    return lambda: ("answer", answer_source(editor.store, editor.interview_id, key)[0])


def test_shortcut_on_a_text_answer_uses_the_last_code(qtbot, ctx, editor):
    store, iid = ctx.store, editor.interview_id
    ctx.settings.setValue("coding/recent", [code_id(store, "Pain points")])
    edit = editor.form_view.blocks["story"].input.edit
    select(edit, 0, 4)
    qtbot.keyClick(edit, Qt.Key.Key_L, CTRL_SHIFT)
    (seg,) = store.segments(interview_id=iid)
    assert (seg.source_kind, seg.start, seg.end) == ("answer", 0, 4)
    # unsaved typing is saved first, so the segment points at the stored words
    qtbot.keyClicks(edit, "Still: ")
    edit.selectAll()
    cursor = edit.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(5, QTextCursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    qtbot.keyClick(edit, Qt.Key.Key_L, CTRL_SHIFT)
    assert store.answers(iid)["story"].startswith("Still")
    assert len(store.segments(interview_id=iid)) == 2


def test_nothing_selected_explains_itself(qtbot, ctx, editor):
    (card,) = editor.notes.cards.values()
    card.edit.setFocus()
    menu = editor.notes.coder.menu(card.edit, lambda: ("note", card.note_id))
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert not sub.isEnabled() and "select some text" in sub.title()
    with qtbot.waitSignal(ctx.status) as blocker:
        qtbot.keyClick(card.edit, Qt.Key.Key_K, CTRL_SHIFT)
    assert "Select a passage first" in blocker.args[0]
    assert ctx.store.segments(interview_id=editor.interview_id) == []
    assert CODE_SELECTION[1] == "Ctrl+Shift+K"
    QApplication.processEvents()


@pytest.mark.parametrize("keys", [Qt.Key.Key_K, Qt.Key.Key_L], ids=["K", "L"])
def test_a_coding_key_with_nothing_selected_keeps_what_is_typed_next_out(
    qtbot, ctx, editor, keys
):
    """The name of a code typed after Ctrl+Shift+K (or L) with nothing selected, meant for
    the quick-pick, changes neither the note nor a text answer; once the cursor moves,
    typing edits again."""
    store, iid = ctx.store, editor.interview_id
    ctx.settings.setValue("coding/recent", [code_id(store, "Pain points")])
    (card,) = editor.notes.cards.values()
    note = card.edit.toPlainText()
    answer = editor.form_view.blocks["story"].input.edit
    story = answer.toPlainText()
    said = []
    ctx.status.connect(said.append)
    for edit in (card.edit, answer):
        select(edit, 3, 3)
        qtbot.keyClick(edit, keys, CTRL_SHIFT)
        qtbot.keyClicks(edit, "Pain points")
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            qtbot.keyClick(edit, key)
        assert coder_popup_gone(editor)
    qtbot.wait(1500)  # (past the pause after which typing is saved)
    assert card.edit.toPlainText() == note and answer.toPlainText() == story
    assert [n.body for n in store.notes(iid)] == [note]
    assert store.answers(iid)["story"] == story
    assert store.segments(interview_id=iid) == []
    assert said and all("Select a passage first" in s for s in said)
    # the cursor moved: typing edits as ever
    qtbot.keyClick(answer, Qt.Key.Key_Right)
    qtbot.keyClicks(answer, "x")
    assert answer.toPlainText() == story[:4] + "x" + story[4:]


def coder_popup_gone(editor) -> bool:
    popup = editor.notes.coder.last_popup
    return popup is None or not popup.isVisible()


def test_menu_offers_the_most_used_codes_before_any_are_used_here(qtbot, ctx, editor):
    store, iid = ctx.store, editor.interview_id
    (card,) = editor.notes.cards.values()
    store.code_segment(code_id(store, "Pain points"), "note", card.note_id, 0, 3, coder="jo")
    select(card.edit, 4, 8)
    menu = editor.notes.coder.menu(card.edit, lambda: ("note", card.note_id))
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None)
    names = [a.text() for a in sub.actions() if not a.isSeparator()]
    assert names == ["Any code…", "Pain points", "Jones && Sasser"]  # the used one first
    assert len(store.segments(interview_id=iid)) == 1


def test_a_code_named_exactly_comes_before_the_last_used(tmp_path, qtbot, ctx, editor):
    """The code used last leads the quick-pick only until a name is typed: the exact
    name (any case) comes first, then the codes it begins."""
    store, iid = ctx.store, editor.interview_id
    store.add_code("Pain")
    ctx.settings.setValue("coding/recent", [code_id(store, "Pain points")])
    (card,) = editor.notes.cards.values()
    coder = editor.notes.coder
    select(card.edit, 4, 8)  # "desk"
    qtbot.keyClick(card.edit, Qt.Key.Key_K, CTRL_SHIFT)
    popup = coder.last_popup
    shown = [popup.list.item(i).text() for i in range(popup.list.count())]
    assert shown[0] == "Pain points"  # nothing typed: the last used first
    qtbot.keyClicks(popup.edit, "PAIN")
    shown = [popup.list.item(i).text() for i in range(popup.list.count())]
    assert shown == ["Pain", "Pain points"]
    popup.grab().save(str(tmp_path / "quick-pick-exact.png"))
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    (seg,) = store.segments(interview_id=iid)
    assert seg.code_id == code_id(store, "Pain")


def test_the_same_passage_is_not_coded_twice_with_the_same_code(qtbot, ctx, editor):
    store, iid = ctx.store, editor.interview_id
    ctx.settings.setValue("coding/recent", [code_id(store, "Pain points")])
    (card,) = editor.notes.cards.values()
    said = []
    ctx.status.connect(said.append)
    select(card.edit, 4, 8)
    qtbot.keyClick(card.edit, Qt.Key.Key_L, CTRL_SHIFT)
    depth = ctx.undo_stack.count()
    qtbot.keyClick(card.edit, Qt.Key.Key_L, CTRL_SHIFT)
    assert len(store.segments(interview_id=iid)) == 1
    assert said[-1] == "This passage is already coded with Pain points."
    assert ctx.undo_stack.count() == depth  # nothing to undo either


def test_a_selection_cut_mid_word_is_coded_as_whole_words_in_place(qtbot, ctx, editor):
    """Coded in place as from the Codebook page: "ose ticke" codes "lose tickets", in a
    text answer (Ctrl+Shift+K) and in a note (Ctrl+Shift+L), trimmed of spaces first."""
    store, iid = ctx.store, editor.interview_id
    edit = editor.form_view.blocks["story"].input.edit
    story = edit.toPlainText()  # "They lose tickets over the weekend."
    select(edit, story.index("ose"), story.index("ts over"))  # "ose ticke"
    qtbot.keyClick(edit, Qt.Key.Key_K, CTRL_SHIFT)
    popup = editor.notes.coder.last_popup
    qtbot.keyClicks(popup.edit, "pain")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    (seg,) = store.segments(interview_id=iid)
    assert (seg.source_kind, seg.text) == ("answer", "lose tickets")
    assert (seg.start, seg.end) == (5, 17)
    (card,) = editor.notes.cards.values()
    note = card.edit.toPlainText()  # "The desk never calls back and payroll is late."
    select(card.edit, note.index("ver calls") - 1, note.index(" and") + 1)  # "ever calls back "
    qtbot.keyClick(card.edit, Qt.Key.Key_L, CTRL_SHIFT)
    noted = next(s for s in store.segments(interview_id=iid) if s.source_kind == "note")
    assert noted.text == "never calls back"
    assert (noted.start, noted.end) == (9, 25)


def test_a_part_of_one_word_codes_the_word_and_punctuation_alone_codes_nothing(qtbot, ctx, editor):
    """The "ick" of "tickets" codes "tickets", shown selected afterwards and named in the status
    bar; a lone "." codes nothing and says so."""
    store, iid = ctx.store, editor.interview_id
    ctx.settings.setValue("coding/recent", [code_id(store, "Pain points")])
    said: list[str] = []
    ctx.status.connect(said.append)
    edit = editor.form_view.blocks["story"].input.edit
    story = edit.toPlainText()  # "They lose tickets over the weekend."
    select(edit, story.index("ick"), story.index("ets"))  # "ick"
    qtbot.keyClick(edit, Qt.Key.Key_L, CTRL_SHIFT)
    (seg,) = store.segments(interview_id=iid)
    assert (seg.start, seg.end, seg.text) == (10, 17, "tickets")
    assert edit.textCursor().selectedText() == "tickets"  # the words coded, not "ick"
    assert said[-1] == "Coded “tickets” as Pain points."
    select(edit, len(story) - 1, len(story))  # "."
    depth = ctx.undo_stack.count()
    qtbot.keyClick(edit, Qt.Key.Key_L, CTRL_SHIFT)
    assert len(store.segments(interview_id=iid)) == 1
    assert ctx.undo_stack.count() == depth
    assert said[-1].startswith("Nothing was coded: select words")


def test_coding_across_words_in_place_selects_and_names_the_words_coded(qtbot, ctx, editor):
    store = ctx.store
    ctx.settings.setValue("coding/recent", [code_id(store, "Pain points")])
    said: list[str] = []
    ctx.status.connect(said.append)
    (card,) = editor.notes.cards.values()
    note = card.edit.toPlainText()  # "The desk never calls back and payroll is late."
    select(card.edit, note.index("sk never"), note.index("nd payroll"))  # "sk never calls back a"
    qtbot.keyClick(card.edit, Qt.Key.Key_L, CTRL_SHIFT)
    assert card.edit.textCursor().selectedText() == "desk never calls back and"
    assert said[-1] == "Coded “desk never calls back and” as Pain points."


def test_deleting_a_coded_passage_s_words_says_so_in_the_status_bar(qtbot, ctx, editor):
    """Words deleted with their coding: the status bar names the passage's code and how to
    bring it back, for a note and for a text answer."""
    store, iid = ctx.store, editor.interview_id
    pain = code_id(store, "Pain points")
    said = []
    ctx.status.connect(said.append)
    (card,) = editor.notes.cards.values()
    store.code_segment(pain, "note", card.note_id, 4, 8)  # "desk"
    card.edit.setPlainText("The never calls back and payroll is late.")  # "desk " deleted
    editor.notes.flush()
    assert store.segments(interview_id=iid) == []
    assert said[-1] == (
        "1 coded passage (Pain points) went to the trash with its words — Edit ▸ Undo brings it back."
    )
    ctx.undo_stack.undo()
    assert [g.text for g in store.segments(interview_id=iid)] == ["desk"]
    edit = editor.form_view.blocks["story"].input.edit
    cell = edit_locate(editor, "story")()[1]
    store.code_segment(pain, "answer", cell, 5, 9)  # "lose"
    store.code_segment(code_id(store, "Jones & Sasser"), "answer", cell, 5, 17)  # "lose tickets"
    edit.setPlainText("They over the weekend.")  # "lose tickets " deleted
    editor.form_view.flush()
    assert [g.text for g in store.segments(interview_id=iid)] == ["desk"]
    assert said[-1] == (
        "2 coded passages (Pain points, Jones & Sasser) went to the trash with their words — "
        "Edit ▸ Undo brings them back."
    )
    said.clear()
    edit.setPlainText("They over the long weekend.")  # no coded words deleted
    editor.form_view.flush()
    assert said == []


def test_a_completed_answer_is_selected_and_coded_by_keyboard_alone(qtbot, ctx, open_interview):
    """A completed interview's answers are for reading, and their words can still be
    selected by keyboard (Home, Ctrl+Shift+→) and coded (Ctrl+Shift+K) without the mouse."""
    store = ctx.store
    person = store.add_respondent("Hugh Hill")
    iid = store.new_interview(person.id, load_form_text(FORM), date=dt.date(2024, 3, 1)).id
    store.add_code("Price")
    store.set_answer(iid, "story", "Price is too high and the team is friendly.")
    store.update_interview(iid, status="complete")
    editor = open_interview(iid, size=(1280, 720))
    assert editor.locked  # shown for reading
    edit = editor.form_view.blocks["story"].input.edit
    assert edit.isReadOnly()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End)
    qtbot.keyClick(edit, Qt.Key.Key_Home)
    assert edit.textCursor().position() == 0
    for _ in range(4):  # "Price is too high "
        qtbot.keyClick(edit, Qt.Key.Key_Right, CTRL_SHIFT)
    qtbot.keyClick(edit, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # and "a"
    assert edit.textCursor().selectedText() == "Price is too high a"
    qtbot.keyClick(edit, Qt.Key.Key_K, CTRL_SHIFT)
    popup = editor.notes.coder.last_popup
    assert isinstance(popup, QuickPick) and popup.isVisible()
    qtbot.keyClicks(popup.edit, "price")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    (seg,) = store.segments(interview_id=iid)
    assert (seg.source_kind, seg.text) == ("answer", "Price is too high and")  # whole words
    assert store.answers(iid)["story"] == "Price is too high and the team is friendly."


def test_a_read_only_text_box_of_the_interview_takes_keyboard_selection():
    """Answers and notes are this box: read-only (a completed interview, a file open
    read-only, a search match held), its words are selected by keyboard as by mouse."""
    from workbench.ui.form_parts import GrowingTextEdit

    box = GrowingTextEdit()
    box.setPlainText("Tickets get lost between teams.")
    box.setReadOnly(True)
    flags = box.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not flags & Qt.TextInteractionFlag.TextEditable
    box.setReadOnly(False)  # editable again: the editor's own keys
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextEditable


def test_the_menu_lists_the_codebook_s_codes_not_only_those_used(qtbot, ctx, editor):
    """ "Code selection" opens with "Any code…", then the codes used (most used first),
    then every other code of the codebook in its order — a code nobody has used yet
    (Price) is there too; past :data:`CODES_IN_MENU` codes the rest are one "Any code…"
    away."""
    from workbench.ui.code_in_place import CODES_IN_MENU

    store = ctx.store
    (card,) = editor.notes.cards.values()
    price = store.add_code("Price").id
    store.code_segment(code_id(store, "Jones & Sasser"), "note", card.note_id, 0, 3)
    store.code_segment(code_id(store, "Jones & Sasser"), "note", card.note_id, 9, 14)
    store.code_segment(code_id(store, "Pain points"), "note", card.note_id, 4, 8)
    select(card.edit, 15, 20)
    coder = editor.notes.coder

    def listed() -> list[str]:
        menu = coder.menu(card.edit, lambda: ("note", card.note_id))
        sub = next(a.menu() for a in menu.actions() if a.menu() is not None)
        names = [a.text() if not a.isSeparator() else "—" for a in sub.actions()]
        menu.close()
        return names

    assert listed() == ["Any code…", "—", "Jones && Sasser", "Pain points", "—", "Price"]
    menu = coder.menu(card.edit, lambda: ("note", card.note_id))
    sub = next(a.menu() for a in menu.actions() if a.menu() is not None)
    next(a for a in sub.actions() if a.text() == "Price").trigger()
    assert {s.code_id for s in store.segments(interview_id=editor.interview_id)} >= {price}
    for i in range(CODES_IN_MENU + 3):
        store.add_code(f"Theme {i:02d}")
    names = listed()
    assert names[0] == "Any code…" and len([n for n in names if n != "—"]) == CODES_IN_MENU + 2
    assert names[-1] == "6 more: Any code…"  # 3 used + 23 others: 20 listed, 6 not
