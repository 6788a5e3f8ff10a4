"""Correcting a completed interview's coded answer (F2) moves its passage with the words;
Undo puts the answer and the passage back as they were."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from workbench.forms import load_form_text

FORM = """
id: desk
title: Desk review
version: 1
sections:
  - key: s
    title: S
    questions:
      - {key: story, type: longtext, label: The story}
"""
OLD = "The portal is fine but the depot printers are never fixed on the first visit."
NEW = "The portal is fine but the warehouse scanners are never fixed on the first visit."

pytestmark = pytest.mark.app_context(engagement="new")


def test_f2_correction_moves_the_passage_and_undo_brings_it_back(qtbot, ctx, open_interview):
    from workbench.coding.service import answer_source

    store = ctx.store
    olga = store.add_respondent("Olga Brennan")
    iid = store.new_interview(olga.id, load_form_text(FORM), date=dt.date(2026, 11, 2)).id
    store.set_answer(iid, "story", OLD)
    fix = store.add_code("First-time fix")
    seg = store.code_segment(fix.id, "answer", answer_source(store, iid, "story")[0], 0, len(OLD))
    store.update_interview(iid, status="complete")
    editor = open_interview(iid)
    edit = editor.form_view.blocks["story"].input.edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_F2)  # Correct answers
    assert not editor.locked
    edit.setPlainText(NEW)
    editor.form_view._report("story")  # what a pause in the typing does
    (moved,) = store.segments(interview_id=iid)
    assert (moved.id, moved.start, moved.end, moved.text) == (seg.id, 0, len(NEW), NEW)
    assert [c.old_value for c in store.answer_changes(iid)] == [OLD]
    ctx.undo_stack.undo()
    (back,) = store.segments(interview_id=iid)
    assert (back.id, back.start, back.end, back.text) == (seg.id, 0, len(OLD), OLD)
    assert store.answers(iid)["story"] == OLD
    ctx.undo_stack.redo()
    (again,) = store.segments(interview_id=iid)
    assert (again.start, again.end, again.text) == (0, len(NEW), NEW)


def test_undo_of_a_correction_that_deleted_a_passages_words_restores_it(qtbot, ctx, open_interview):
    from workbench.coding.service import answer_source

    store = ctx.store
    olga = store.add_respondent("Olga Brennan")
    iid = store.new_interview(olga.id, load_form_text(FORM), date=dt.date(2026, 11, 2)).id
    store.set_answer(iid, "story", OLD)
    at = OLD.index("first visit")
    visit = store.add_code("Visits")
    cell = answer_source(store, iid, "story")[0]
    seg = store.code_segment(visit.id, "answer", cell, at, at + len("first visit"))
    editor = open_interview(iid)  # a draft: editable at once
    edit = editor.form_view.blocks["story"].input.edit
    edit.setPlainText(OLD.replace(" on the first visit", ""))
    editor.form_view._report("story")
    assert store.segments(interview_id=iid) == []  # its words went: in the trash
    ctx.undo_stack.undo()
    (back,) = store.segments(interview_id=iid)
    assert (back.id, back.start, back.end, back.text) == (seg.id, at, at + 11, "first visit")
    assert edit.toPlainText() == OLD
