"""A passage selected from the middle of a word is coded from the word's start: the
report never quotes "ement approvals"."""

from __future__ import annotations

import pytest

from workbench.coding.anchors import coded_span, whole_words
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
    assert cut(at("pen"), at(" tickets")) == "open"  # a part of one word: the word
    assert cut(at("ageme"), at("ment ")) == "Management"  # begun and ended inside one word


def test_a_selection_without_a_letter_or_digit_codes_nothing() -> None:
    assert coded_span(NOTE, NOTE.index(". Don"), NOTE.index(" Don")) is None  # "." alone
    assert coded_span(NOTE, NOTE.index(" wait"), NOTE.index("wait")) is None  # a space
    assert coded_span("3 tickets.", 0, 1) == (0, 1)  # a digit is a word


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


def test_the_codebook_page_codes_the_whole_word_of_a_part_and_not_a_full_stop(
    ctx, codebook_page
) -> None:
    """The "ageme" of "Management" codes "Management", shown selected and named in the status bar; "." alone
    codes nothing and says so."""
    store = ctx.store
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    store.add_note(iv.id, NOTE)
    code = store.add_code("Approvals")
    said: list[str] = []
    ctx.status.connect(said.append)
    page = codebook_page()
    page.document.set_interview(iv.id)
    editor = next(e for e in page.document.editors.values() if not e.isReadOnly())
    editor.select_span(NOTE.index("ageme"), NOTE.index("nt approvals"))
    assert page.document.apply_code(code.id, editor) is not None
    [seg] = store.segments()
    assert (seg.start, seg.end, seg.text) == (0, 10, "Management")
    assert editor.selection_span() == (0, 10)
    assert said[-1] == "Coded “Management” as Approvals."
    editor.select_span(NOTE.index(". Don"), NOTE.index(" Don"))
    assert page.document.apply_code(code.id, editor) is None
    assert len(store.segments()) == 1
    assert said[-1].startswith("Nothing was coded: select words")
