"""Coding interview text on the Codebook page: quick-pick, shortcuts, drops, recode,
remove, undo, note edits that keep highlights in place, retrieval."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from workbench.forms.library import builtin_form
from workbench.store import create_engagement

NOTE = "The desk never calls back. When they do, the engineer is excellent."

pytestmark = pytest.mark.app_context(
    engagement="new", settings={"user/name": "Tester", "coding/recent": []}
)


@pytest.fixture
def page(ctx, codebook_page):
    store = ctx.store
    ana = store.add_respondent("Ana", segment="staff", attributes={"site": "Leeds"})
    ben = store.add_respondent("Ben", segment="management")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    iv2 = store.new_interview(ben.id, builtin_form("stakeholder-interview"))
    store.add_note(iv.id, NOTE)
    store.add_note(iv2.id, "Great engineer, slow desk.")
    store.set_answer(iv.id, "pain_points", "Nobody calls back about outages.")
    store.add_code("Slow", colour="#e15759")
    store.add_code("Good engineer", colour="#59a14f")
    p = codebook_page(size=(1300, 800))
    p.document.set_interview(iv.id)
    p.ids = {"iv": iv.id, "iv2": iv2.id, **{c.name: c.id for c in store.codes()}}
    return p


def note_editor(page):
    return next(e for e in page.document.editors.values() if not e.isReadOnly())


def segs(page):
    return page.ctx.store.segments()


def test_quick_pick_codes_the_selection(page, qtbot) -> None:
    editor = note_editor(page)
    start = NOTE.index("never calls back")
    editor.select_span(start, start + len("never calls back"))
    popup = page.document.quick_pick(editor)
    qtbot.keyClicks(popup.edit, "slo")
    qtbot.keyClick(popup.edit, Qt.Key.Key_Return)
    [seg] = segs(page)
    assert (seg.start, seg.end, seg.text) == (start, start + 16, "never calls back")
    assert seg.code_id == page.ids["Slow"] and seg.coder == "Tester" and seg.status == "accepted"
    assert [m.name for m in editor.marks] == ["Slow"]
    assert editor.extraSelections()[0].cursor.selectedText() == "never calls back"


def test_shortcut_codes_with_a_favourite_and_undo(page, qtbot) -> None:
    editor = note_editor(page)
    editor.select_span(0, 8)
    editor.setFocus()
    favourite = page.document.favourite_codes()[0]
    qtbot.keyClick(editor, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    [seg] = segs(page)
    assert (seg.code_id, seg.text) == (favourite, "The desk")
    page.ctx.undo_stack.undo()
    assert segs(page) == [] and editor.marks == []
    page.ctx.undo_stack.redo()
    assert [s.id for s in segs(page)] == [seg.id]


def test_read_only_answer_can_be_coded_and_dropped_codes_apply(page) -> None:
    answer = next(e for e in page.document.editors.values() if e.isReadOnly())
    answer.select_span(0, 6)
    answer.drop_code(page.ids["Slow"], 3)  # dropped onto the selection
    answer.select_span(0, 0)  # no selection: the word under the drop
    answer.drop_code(page.ids["Good engineer"], 27)
    got = sorted((s.source_kind, s.text) for s in segs(page))
    assert got == [("answer", "Nobody"), ("answer", "outages")]


def test_two_codes_recode_and_remove(page) -> None:
    doc, editor = page.document, note_editor(page)
    editor.select_span(0, 8)
    first = doc.apply_code(page.ids["Slow"], editor)
    second = doc.apply_code(page.ids["Good engineer"], editor)
    assert {m.code_id for m in editor.marks_at(3)} == {page.ids["Slow"], page.ids["Good engineer"]}
    assert len({m.lane for m in editor.marks}) == 2  # two stripes side by side
    doc.recode_segment(first, page.ids["Good engineer"])
    assert {s.code_id for s in segs(page)} == {page.ids["Good engineer"]}
    page.ctx.undo_stack.undo()
    assert {s.code_id for s in segs(page)} == {page.ids["Slow"], page.ids["Good engineer"]}
    doc.remove_segment(second)
    assert [s.id for s in segs(page)] == [first]
    assert [m.segment_id for m in editor.marks] == [first]
    doc.add_memo("segment", first, "Typical complaint")
    assert page.ctx.store.memos("segment", first)[0].body == "Typical complaint"


def test_editing_the_note_keeps_highlights_on_the_same_words(page, qtbot) -> None:
    doc, editor = page.document, note_editor(page)
    start = NOTE.index("excellent")
    editor.select_span(start, start + 9)
    doc.apply_code(page.ids["Good engineer"], editor)
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "Honestly: ")
    doc.flush()  # the typing pause commits the note
    body = page.ctx.store.notes(page.ids["iv"])[0].body
    assert body.startswith("Honestly: The desk")
    [seg] = segs(page)
    assert seg.text == "excellent" and body[seg.start : seg.end] == "excellent"
    [mark] = editor.marks
    assert editor.toPlainText()[mark.start : mark.end] == "excellent"
    assert editor.extraSelections()[0].cursor.selectedText() == "excellent"
    page.ctx.undo_stack.undo()  # the note edit
    assert page.ctx.store.notes(page.ids["iv"])[0].body == NOTE
    assert editor.extraSelections()[0].cursor.selectedText() == "excellent"


def test_retrieval_lists_segments_filters_and_jumps(page, qtbot) -> None:
    doc, store = page.document, page.ctx.store
    editor = note_editor(page)
    editor.select_span(4, 8)
    doc.apply_code(page.ids["Slow"], editor)
    doc.set_interview(page.ids["iv2"])
    other = note_editor(page)
    other.select_span(21, 25)
    doc.apply_code(page.ids["Slow"], other)
    page.select_codes([page.ids["Slow"]])
    pane = page.retrieval
    assert [r.text for r in pane.model.rows] == ["desk", "desk"]
    assert {r.respondent for r in pane.model.rows} == {"Ana", "Ben"}
    assert pane.model.rows[0].before == "The " and pane.model.rows[0].after.startswith(" never")
    pane.segment.setCurrentIndex(pane.segment.findData("staff"))
    assert [r.respondent for r in pane.model.rows] == ["Ana"]
    pane.segment.setCurrentIndex(0)
    pane.attribute.setCurrentIndex(pane.attribute.findData("site=Leeds"))
    assert [r.respondent for r in pane.model.rows] == ["Ana"]
    with qtbot.waitSignal(page.ctx.open_interview_requested) as blocker:
        pane.open_row(pane.model.index(0))
    assert blocker.args[0] == page.ids["iv"]
    assert doc.interview_id == page.ids["iv"]
    assert note_editor(page).textCursor().selectedText() == "desk"
    assert store.segments()[0].coder == "Tester"


def test_memos_view_lists_filters_edits_and_exports(page, tmp_path: Path) -> None:
    doc, memos = page.document, page.memos
    doc.add_memo("code", page.ids["Slow"], "Slowness is about call-backs.")
    doc.add_memo("interview", page.ids["iv"], "Ana was candid.")
    assert len(memos.visible_memos()) == 2
    memos.kind.setCurrentIndex(memos.kind.findData("code"))
    [memo] = memos.visible_memos()
    memos.table.selectRow(0)
    memos.body.setPlainText("Slowness is mostly about call-backs.")
    memos.save_current()
    assert page.ctx.store.memos("code")[0].body == "Slowness is mostly about call-backs."
    out = memos.export(tmp_path / "memos.md")
    assert "Code: Slow" in out.read_text() and "Ana was candid" not in out.read_text()


def _codebook_window(qtbot, tmp_path: Path, codes: tuple[str, ...]):
    """(window, Codebook page) of a whole window, active, on a new engagement whose one
    interview holds NOTE, with ``codes`` in its codebook."""
    from PySide6.QtCore import QSettings

    from workbench.ui.context import AppContext
    from workbench.ui.main_window import MainWindow

    path = tmp_path / "w.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    store.add_note(iv.id, NOTE)
    for name in codes:
        store.add_code(name)
    store.close()
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue("user/name", "Tester")  # (not asked for: the window stays active)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    assert window.open_file(path)
    page = window.show_page("codebook")
    page.document.set_interview(iv.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, page


def test_go_keys_change_the_page_from_the_text_and_alt_keys_code(qtbot, tmp_path):
    """Ctrl+3 means Interviews on every page: on the Codebook page, with a passage selected
    in the text, it opens Interviews and codes nothing; Alt+1 codes with favourite 1."""
    window, page = _codebook_window(qtbot, tmp_path, ("Slow",))
    ctx = window.ctx
    editor = note_editor(page)
    editor.select_span(0, 8)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "interviews"
    assert ctx.store.segments() == []
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "codebook"
    editor.setFocus()
    editor.select_span(0, 8)
    qtbot.keyClick(editor, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "codebook"
    [seg] = ctx.store.segments()
    assert seg.text == "The desk" and seg.code_id == page.document.favourite_codes()[0]
    ctx.tasks.wait()
    ctx.set_store(None)


def test_a_bare_digit_over_a_selection_keeps_the_text(page, qtbot) -> None:
    doc, editor = page.document, note_editor(page)
    # the bar names the keys that code: Alt+1, as the shortcuts dialog says
    from PySide6.QtWidgets import QToolButton

    texts = [b.text() for b in page.findChildren(QToolButton) if b.text().startswith("Alt+")]
    assert texts and texts[0].startswith("Alt+1  ")
    said = []
    page.ctx.status.connect(said.append)
    editor.selectAll()
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_1)
    qtbot.keyClicks(editor, "x")
    assert editor.toPlainText() == NOTE and editor.textCursor().hasSelection()
    doc.flush()
    assert page.ctx.store.notes(page.ids["iv"])[0].body == NOTE
    assert said and "Alt+1" in said[-1]
    assert segs(page) == []
    # without a selection, typing edits as before
    cursor = editor.textCursor()
    cursor.setPosition(0)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, "1 ")
    assert editor.toPlainText() == "1 " + NOTE


def test_a_transcript_turn_shows_its_speaker(page) -> None:
    from PySide6.QtWidgets import QLabel

    from workbench.coding.transcripts import import_transcript, propose_roles, read_transcript

    store = page.ctx.store
    t = read_transcript(Path(__file__).parents[1] / "data" / "transcripts" / "teams-meeting.vtt")
    import_transcript(store, page.ids["iv2"], t, propose_roles(t, "Alice Kent", ["Jo Smith"]))
    page.document.set_interview(page.ids["iv2"])
    heads = [w.text() for w in page.document.findChildren(QLabel)]
    assert "NOTE 00:00:03.219  ·  Jo Smith (interviewer)" in heads
    assert "NOTE 00:00:08.510  ·  Alice Kent (Guest) (respondent)" in heads


def test_every_codebook_step_is_named_in_the_undo_menu(page) -> None:
    """Each undo label says what it does and to which code, by the name it has now."""
    doc, editor, stack = page.document, note_editor(page), page.ctx.undo_stack
    ids = page.ids
    editor.select_span(4, 25)
    seg = doc.apply_code(ids["Slow"], editor)
    doc.recode_segment(seg, ids["Good engineer"])
    proposal = page.ctx.store.code_segment(
        ids["Slow"], "note", editor.property("source").id, 0, 3, coder="rules", status="pending"
    ).id
    doc.set_status(proposal, "accepted")
    doc.remove_segment(seg)
    doc.add_memo("interview", ids["iv"], "Chased twice")
    callbacks = page.new_code("Callbacks", parent_id=ids["Slow"])
    page.update_code(callbacks, name="Call-backs")
    page.update_code(callbacks, definition="Promised calls", colour="#112233")
    page.move_code(callbacks, None)
    page.move_code(callbacks, ids["Good engineer"])
    page.merge_codes(callbacks, ids["Slow"])
    page.delete_code(ids["Slow"])
    page.load_builtin("seven-sins")
    labels = [stack.text(i) for i in range(stack.count())]
    assert labels == [
        "Code “desk never calls back” as 'Slow'",
        "Recode segment as 'Good engineer'",
        "Accept proposal 'Slow'",
        "Remove code 'Good engineer' from a segment",
        "Add memo on an interview",
        "Add code 'Callbacks'",
        "Rename code 'Callbacks' to 'Call-backs'",
        "Edit code 'Call-backs'",
        "Move code 'Call-backs' to the top level",
        "Move code 'Call-backs' to 'Good engineer'",
        "Merge code 'Good engineer/Call-backs' into 'Slow'",
        "Delete code 'Slow'",
        "Load codebook 'Seven sins of service'",
    ]


CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_a_coding_key_with_nothing_selected_changes_no_text(page, qtbot) -> None:
    """Ctrl+Shift+K (or L, or Alt+1) with the cursor in the note but nothing selected:
    "Select a passage first", and the name typed next stays out of the note."""
    editor, said = note_editor(page), []
    page.ctx.status.connect(said.append)
    editor.setFocus()
    for key, mods in ((Qt.Key.Key_K, CTRL_SHIFT), (Qt.Key.Key_L, CTRL_SHIFT),
                      (Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)):  # fmt: skip
        cursor = editor.textCursor()
        cursor.setPosition(4)
        editor.setTextCursor(cursor)
        qtbot.keyClick(editor, key, mods)
        qtbot.keyClicks(editor, "Slow")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
        assert editor.toPlainText() == NOTE
    page.document.flush()
    assert page.ctx.store.notes(page.ids["iv"])[0].body == NOTE
    assert segs(page) == [] and "Select a passage first" in said[-1]
    qtbot.keyClick(editor, Qt.Key.Key_End)  # the cursor moved: typing edits again
    qtbot.keyClicks(editor, "!")
    assert editor.toPlainText() == NOTE + "!"


def test_code_again_codes_with_the_last_code_in_notes_and_answers(tmp_path, page, qtbot) -> None:
    """Ctrl+Shift+L on the Codebook page: the code used last (here or in an interview)."""
    doc, note = page.document, note_editor(page)
    answer = next(e for e in doc.editors.values() if e.isReadOnly())
    page.ctx.settings.setValue("coding/recent", [page.ids["Good engineer"]])
    note.setFocus()
    note.select_span(4, 8)
    qtbot.keyClick(note, Qt.Key.Key_L, CTRL_SHIFT)
    answer.setFocus()
    answer.select_span(0, 6)
    qtbot.keyClick(answer, Qt.Key.Key_L, CTRL_SHIFT)
    assert sorted((s.source_kind, s.text, s.code_id) for s in segs(page)) == [
        ("answer", "Nobody", page.ids["Good engineer"]),
        ("note", "desk", page.ids["Good engineer"]),
    ]
    page.grab().save(str(tmp_path / "codebook-code-again.png"))


def test_a_passage_coded_again_with_its_code_is_not_doubled(page, qtbot) -> None:
    editor, said = note_editor(page), []
    page.ctx.status.connect(said.append)
    editor.setFocus()
    editor.select_span(4, 8)
    favourite = page.document.favourite_codes()[0]
    qtbot.keyClick(editor, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    depth = page.ctx.undo_stack.count()
    qtbot.keyClick(editor, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(editor, Qt.Key.Key_L, CTRL_SHIFT)
    [seg] = segs(page)
    assert seg.code_id == favourite and page.ctx.undo_stack.count() == depth
    name = page.ctx.store.code_paths()[favourite]
    assert said[-1] == f"This passage is already coded with {name}."


def test_favourite_keys_keep_their_codes_and_code_from_anywhere_in_the_document(qtbot, tmp_path):
    """Alt+1 … Alt+9 keep their codes as the codes are used (the slots do not reorder
    by the code used last or by counts), and code the selection with the keyboard from
    elsewhere in the document too (a favourite's button)."""
    from PySide6.QtWidgets import QApplication, QToolButton

    window, page = _codebook_window(qtbot, tmp_path, ("Slow", "Good engineer", "Callbacks"))
    ctx = window.ctx
    doc, editor = page.document, note_editor(page)
    slots = doc.favourite_codes()
    bar = shown_favourites(page)
    assert bar and bar[0] == "Alt+1  " + ctx.store.code_paths()[slots[0]]  # (what fits)
    editor.setFocus()
    for words, n in (("The desk", 3), ("never calls back", 3), ("the engineer", 2)):
        start = NOTE.index(words)
        editor.select_span(start, start + len(words))
        qtbot.keyClick(editor, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.AltModifier)
        assert doc.favourite_codes() == slots  # Alt+3 stays Alt+3 once used
    assert [(s.text, s.code_id) for s in ctx.store.segments()] == [
        ("The desk", slots[2]), ("never calls back", slots[2]), ("the engineer", slots[1])
    ]
    qtbot.waitUntil(lambda: shown_favourites(page) == bar)  # (buttons made anew, same)
    # from a favourite's button (Tab from the text), Alt+1 codes the text's selection
    # and stays on the page
    editor.select_span(0, 3)
    button = next(
        b for b in page.findChildren(QToolButton) if b.text().startswith("Alt+1") and b.isVisible()
    )
    button.setFocus()
    assert QApplication.focusWidget() is button and window.isActiveWindow()
    qtbot.keyClick(button, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert window.current_page_key() == "codebook"
    assert ("The", slots[0]) in [(s.text, s.code_id) for s in ctx.store.segments()]
    page.grab().save(str(tmp_path / "codebook-favourites.png"))
    ctx.tasks.wait()
    ctx.set_store(None)


def shown_favourites(page) -> list[str]:
    from PySide6.QtWidgets import QToolButton

    buttons = page.document.findChildren(QToolButton)
    return [b.text() for b in buttons if b.text().startswith("Alt+") and b.isVisible()]


def test_coding_keys_after_coding_act_on_the_passage_shown_selected(qtbot, tmp_path):
    """Coded by keyboard (Shift+arrows, Ctrl+Shift+K, a name, Enter), the passage stays
    selected and the keyboard is back in the text: Ctrl+Shift+K at once codes it again with
    another code.  From the code tree it codes the passage shown selected too; with none
    selected it says why instead of doing nothing."""
    from PySide6.QtWidgets import QApplication

    from workbench.ui.coding_text import QuickPick

    window, page = _codebook_window(qtbot, tmp_path, ("Slow", "Good engineer"))
    ctx, editor, said = window.ctx, note_editor(page), []
    ctx.status.connect(said.append)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(8):
        qtbot.keyClick(editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)

    def pick(name: str | None) -> None:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_K, CTRL_SHIFT)
        assert isinstance(QApplication.activePopupWidget(), QuickPick)
        if name is None:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
            return
        qtbot.keyClicks(QApplication.focusWidget(), name)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.wait(200)  # (the window takes the keyboard back from the popup meanwhile)

    pick("slow")
    assert QApplication.focusWidget() is editor and editor.selection_span() == (0, 8)
    pick("good")
    codes = {c.id: c.name for c in ctx.store.codes()}
    assert sorted((s.text, codes[s.code_id]) for s in ctx.store.segments()) == [
        ("The desk", "Good engineer"),
        ("The desk", "Slow"),
    ]
    assert said[-1] == "Coded “The desk” as Good engineer."
    # from the code tree: the quick-pick for the passage shown selected; Esc gives the
    # keyboard back to the tree
    page.tree.setFocus()
    pick(None)
    assert QApplication.activePopupWidget() is None and QApplication.focusWidget() is page.tree
    qtbot.keyClick(page.tree, Qt.Key.Key_L, CTRL_SHIFT)  # the code used last: there already
    assert said[-1] == "This passage is already coded with Good engineer."
    # nothing selected in the text: the key says so
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_End)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_K, CTRL_SHIFT)
    assert QApplication.activePopupWidget() is None
    assert said[-1].startswith("Nothing is selected in the interview text: select a passage")
    assert len(ctx.store.segments()) == 2
    window.grab().save(str(tmp_path / "coding-keys-after-coding.png"))
    ctx.tasks.wait()
    ctx.set_store(None)


def test_the_interview_picker_shows_the_respondent_not_the_end_of_its_label(page) -> None:
    """The picker is narrower than "Ana — Stakeholder interview · baseline · …": it shows
    the label's start, the respondent's name, as an interview is chosen, the list is read
    again or the keyboard leaves it (it showed the end: "…er interview · baseline")."""
    doc = page.document
    edit = doc.picker.lineEdit()
    for step in (lambda: doc.set_interview(page.ids["iv2"]), doc.reload_interviews):
        step()
        assert edit.text().startswith("Ben — ")
        assert edit.cursorPosition() == 0  # (the line edit scrolls to show its cursor)


def test_the_interview_picker_shows_the_respondent_once_tabbed_through(qtbot, tmp_path):
    """Tab into the picker selects its text, its cursor at the end; Tab on: the start."""
    from PySide6.QtWidgets import QApplication

    window, page = _codebook_window(qtbot, tmp_path, ("Slow",))
    edit = page.document.picker.lineEdit()
    page.document.picker.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.document.picker)
    assert edit.cursorPosition() == len(edit.text())
    qtbot.keyClick(page.document.picker, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.document.picker
    assert edit.cursorPosition() == 0 and edit.text().startswith("Ana — ")
    window.ctx.tasks.wait()
    window.ctx.set_store(None)


def test_favourite_buttons_that_do_not_fit_are_hidden_and_named_by_more(qtbot) -> None:
    """A narrow document shows the favourites that fit whole (not "Al…ty…"); More…'s
    tooltip names those hidden, whose keys still code."""
    from PySide6.QtWidgets import QToolButton

    from workbench.ui.favourite_bar import FavouriteBar

    bar = FavouriteBar()
    qtbot.addWidget(bar)
    names = ["Service quality dimensions", "Responsiveness", "Reliability", "Tangibles"]
    buttons = []
    for n, name in enumerate(names, start=1):
        b = QToolButton(text=f"Alt+{n}  {name}")
        b.setToolTip(f"Alt+{n}: apply {name} to the selected text")
        bar.row.addWidget(b)
        buttons.append(b)
    more = QToolButton(text="More…")
    bar.row.addWidget(more)
    bar.row.addStretch(1)
    bar.show_buttons(buttons, more, ["Ctrl+Shift+K (or Q in an answer): pick any code by name"])
    bar.resize(320, 30)
    bar.show()
    qtbot.waitExposed(bar)
    shown = [b for b in buttons if b.isVisible()]
    assert 1 <= len(shown) < len(buttons) and shown == buttons[: len(shown)]
    assert all(b.width() >= b.sizeHint().width() for b in shown)  # whole, not cut
    tip = more.toolTip().splitlines()
    assert tip == [b.toolTip() for b in buttons[len(shown) :]] + [
        "Ctrl+Shift+K (or Q in an answer): pick any code by name"
    ]
    bar.resize(1200, 30)
    qtbot.waitUntil(lambda: all(b.isVisible() for b in buttons))
    assert more.toolTip() == "Ctrl+Shift+K (or Q in an answer): pick any code by name"


def test_a_note_edit_that_deletes_coded_words_says_so(page) -> None:
    """Editing a note on the Codebook page: a passage whose words were deleted goes to the
    trash, and the status bar names its code and how to bring it back."""
    editor, said = note_editor(page), []
    page.ctx.status.connect(said.append)
    note_id = page.ctx.store.notes(page.ids["iv"])[0].id
    start = NOTE.index("never calls back")
    page.ctx.store.code_segment(page.ids["Slow"], "note", note_id, start, start + 16)
    editor.setPlainText(NOTE.replace(" never calls back.", ""))
    page.document.flush()
    assert segs(page) == []
    assert said[-1] == (
        "1 coded passage (Slow) went to the trash with its words — Edit ▸ Undo brings it back."
    )
