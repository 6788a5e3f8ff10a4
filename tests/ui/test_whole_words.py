"""A passage selected from the middle of a word is coded from the word's start: the
report never quotes "ement approvals"."""

from __future__ import annotations

import pytest

from workbench.coding.anchors import whole_words
from workbench.forms.library import builtin_form

NOTE = "Management approvals wait on the desk. Don't re-open tickets."

pytestmark = pytest.mark.app_context(engagement="new", settings={"user/name": "Tester"})


def cut(start: int, end: int) -> str:
    s, e = whole_words(NOTE, start, end)
    return NOTE[s:e]


def test_whole_words_widens_cut_words_only() -> None:
    at = NOTE.index
    assert cut(5, at(" wait")) == "Management approvals"  # started mid-word
    assert cut(0, at("approvals") + 3) == "Management approvals"  # ended mid-word
    assert cut(at("approvals"), at(" wait")) == "approvals"  # whole already
    assert cut(0, len(NOTE)) == NOTE
    assert cut(at("desk"), at("desk") + 5) == "desk."  # (punctuation is not a word)
    assert cut(at("on't"), at(" re")) == "Don't"  # the apostrophe is inside the word
    assert cut(at("pen"), at(" tickets")) == "pen"  # a part of one word alone: as selected


def test_a_selection_begun_mid_word_is_coded_from_the_word_start(ctx, codebook_page) -> None:
    store = ctx.store
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    store.add_note(iv.id, NOTE)
    code = store.add_code("Approvals")
    page = codebook_page()
    page.document.set_interview(iv.id)
    editor = next(e for e in page.document.editors.values() if not e.isReadOnly())
    editor.select_span(5, NOTE.index(" on the"))
    assert page.document.apply_code(code.id, editor) is not None
    [seg] = store.segments()
    assert (seg.start, seg.text) == (0, "Management approvals wait")
