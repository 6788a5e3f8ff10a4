"""Coded passages in the trash: listed with their code, person and first words, restored
by keyboard onto their words (undoably), refused in words when the words are gone; and a
deleted code's passages come back with the code, from the trash as by Undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.forms.library import builtin_form
from workbench.store.segment_trash import (
    SegmentPlace,
    restore_trashed_segment,
    trashed_segments,
)
from workbench.ui.trash import TrashDialog, passage_start, trashed_items

pytestmark = pytest.mark.app_context(engagement="new")

BODY = "The desk said call back; the callback never came, twice. Staff were kind."


@pytest.fixture
def coded(ctx) -> dict[str, str]:
    s = ctx.store
    ana = s.add_respondent("Ana Lima", segment="external customer").id
    iv = s.new_interview(ana, builtin_form("servqual")).id
    note = s.add_note(iv, BODY).id
    waits = s.add_code("Waiting").id
    callback = s.add_code("Callbacks", parent_id=waits).id
    start = BODY.index("the callback")
    seg = s.code_segment(callback, "note", note, start, start + len("the callback never came")).id
    kind = s.code_segment(waits, "note", note, BODY.index("Staff"), len(BODY)).id
    return {"note": note, "iv": iv, "waits": waits, "callback": callback, "seg": seg,
            "kind": kind, "start": str(start)}  # fmt: skip


def make_dialog(qtbot, ctx) -> TrashDialog:
    dialog = TrashDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.table.setFocus()
    return dialog


def test_a_removed_coding_is_listed_and_restored_by_keyboard(qtbot, ctx, coded):
    s = ctx.store
    ctx.edit("Remove code", lambda: s.uncode_segment(coded["seg"]),
             lambda: s.restore_segment(coded["seg"]), "segments")  # fmt: skip
    dialog = make_dialog(qtbot, ctx)
    [item] = dialog.items
    assert (item.kind, item.id, item.label) == ("segment", coded["seg"], "Waiting/Callbacks")
    cells = [dialog.table.item(0, j).text() for j in range(3)]
    assert cells[0] == "Coded passage"
    assert cells[1] == "Waiting/Callbacks"
    assert cells[2] == "“the callback never came” — Ana Lima, SERVQUAL service quality survey"

    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)  # the first row is current
    assert coded["seg"] in {g.id for g in s.segments()}
    assert dialog.items == [] and dialog.empty.isVisibleTo(dialog)
    ctx.undo_stack.undo()  # the restore is one undoable step
    assert coded["seg"] not in {g.id for g in s.segments()}
    assert [i.id for i in dialog.items] == [coded["seg"]]


def test_a_passage_restored_after_the_text_moved_marks_its_words(qtbot, ctx, coded):
    s = ctx.store
    s.uncode_segment(coded["seg"])
    s.edit_note(coded["note"], "Monday. " + BODY)  # the words moved on by 8
    dialog = make_dialog(qtbot, ctx)
    dialog.select_ids([coded["seg"]])
    assert dialog.restore_button.isEnabled()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Enter)
    [seg] = [g for g in s.segments() if g.id == coded["seg"]]
    assert (seg.start, seg.text) == (int(coded["start"]) + 8, "the callback never came")
    body = s.notes(coded["iv"])[0].body
    assert body[seg.start : seg.end] == "the callback never came"
    ctx.undo_stack.undo()  # back in the trash
    assert coded["seg"] in {g.id for g in trashed_segments(s)}


def test_a_passage_whose_place_is_stale_finds_its_words_nearest_it():
    from workbench.store.segment_trash import _place

    body = "call back, then later: call back"
    assert _place(body, "note", 0, 9, "call back") == SegmentPlace(0, 9)
    assert _place(body, "note", 20, 29, "call back") == SegmentPlace(23, 32)
    assert _place(body, "note", 3, 12, "call back") == SegmentPlace(0, 9)
    assert _place(None, "answer", 0, 4, "call").problem == "its answer was deleted"


def test_a_passage_whose_words_are_gone_says_so_and_stays(qtbot, ctx, coded):
    s = ctx.store
    s.edit_note(coded["note"], "The desk said call back. Staff were kind.")  # words deleted
    dialog = make_dialog(qtbot, ctx)
    [item] = [i for i in dialog.items if i.id == coded["seg"]]
    assert item.problem == "the words it marked are no longer in its note"
    assert "cannot be restored: the words it marked are no longer in its note" in item.detail
    dialog.select_ids([coded["seg"]])
    assert not dialog.restore_button.isEnabled()
    with qtbot.waitSignal(ctx.status) as said:
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert "no longer in its note" in said.args[0]
    assert coded["seg"] in {g.id for g in trashed_segments(s)}
    with pytest.raises(ValueError, match="no longer in its note"):
        restore_trashed_segment(s, coded["seg"])
    assert dialog.purge_button.isEnabled()  # it can still be deleted for good
    assert dialog.purge([item]) == ""
    assert coded["seg"] not in {g.id for g in trashed_segments(s)}


def test_a_deleted_codes_passages_come_back_from_the_trash_as_by_undo(
    qtbot, ctx, coded, codebook_page
):
    s = ctx.store
    page = codebook_page()

    def live() -> set[str]:
        paths = s.code_paths()
        return {g.id for g in s.segments() if g.code_id in paths}

    both = {coded["seg"], coded["kind"]}
    assert live() == both
    page.delete_codes([coded["waits"]])  # the code, its sub-code and both passages go
    assert live() == set()
    ctx.undo_stack.undo()
    assert live() == both
    ctx.undo_stack.redo()
    # the trash lists the code (its sub-code and passages go with it, not as rows of
    # their own), and restoring it brings back what Undo brings back
    items = trashed_items(s)
    assert [(i.kind, i.id) for i in items] == [("code", coded["waits"])]
    assert items[0].detail == "with 1 sub-code and 2 coded passages"
    dialog = make_dialog(qtbot, ctx)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert live() == both
    assert dialog.items == []


def test_a_long_passage_is_cut_at_a_word():
    text = "word " * 30
    assert passage_start(text).endswith("word…”")
    assert len(passage_start(text)) <= 62
    assert passage_start("  short\n text ") == "“short text”"


def test_a_trashed_sub_code_says_where_it_was_and_what_went_with_it(ctx, coded):
    s = ctx.store
    s.trash_code(coded["callback"])
    [item] = trashed_items(s)
    assert (item.kind, item.label) == ("code", "Callbacks")
    assert item.detail == "under Waiting; with 1 coded passage"
    s.uncode_segment(coded["seg"])  # its passage, removed on its own too, is listed itself
    kinds = sorted((i.kind, i.detail.split(" — ")[0]) for i in trashed_items(s))
    assert kinds == [("code", "under Waiting"), ("segment", "“the callback never came”")]


def test_automatic_proposals_undone_are_not_listed_as_coded_passages(qtbot, ctx, coded):
    """Applying automatic proposals and undoing it leaves nothing in the trash: they were
    never accepted.  A passage coded by hand and removed is listed as before, and so is a
    proposal that was accepted."""
    from workbench.coding import service

    s = ctx.store
    proposals = [
        service.Proposal(
            coded["iv"],
            "Ana Lima",
            "note",
            coded["note"],
            code,
            path,
            start,
            end,
            BODY[start:end],
            BODY[start:end],
            rule,
        )
        for code, path, start, end, rule in [
            (coded["waits"], "Waiting", 0, 8, "desk"),  # "The desk"
            (coded["callback"], "Waiting/Callbacks", 9, 13, "said"),  # "said"
        ]
    ]
    made: list[str] = []

    def redo() -> None:  # as the Automatic coding page applies them
        if made:
            service.set_segments_deleted(s, made, False)
        else:
            made.extend(service.apply_proposals(s, proposals, coder="rules (Tester)"))

    ctx.edit("Apply 2 automatic proposals", redo,
             lambda: service.set_segments_deleted(s, made, True), "segments")  # fmt: skip
    accepted = made[1]
    s.update_segment(accepted, status="accepted")  # a coded passage now
    ctx.undo_stack.undo()  # the proposals' application undone: both go to the trash
    assert {g.id for g in s.segments()} == {coded["seg"], coded["kind"]}
    assert [i.id for i in trashed_items(s) if i.kind == "segment"] == [accepted]
    s.uncode_segment(coded["seg"])
    assert {i.id for i in trashed_items(s) if i.kind == "segment"} == {accepted, coded["seg"]}
    dialog = make_dialog(qtbot, ctx)
    assert made[0] not in {i.id for i in dialog.items}
