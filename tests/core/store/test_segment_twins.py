"""A passage is coded once with a code by one coder: a second, identical segment would count
it twice.  Another coder's segment on the same words is how agreement is measured, and a
rejected proposal or a segment in the trash counts nothing, so neither stands in the way."""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form


@pytest.fixture
def note(store):
    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("stakeholder-interview"))
    return store.add_note(iv.id, "The desk never calls back.").id


def test_the_same_passage_is_not_coded_twice_with_the_same_code(store, note) -> None:
    slow = store.add_code("Slow").id
    first = store.code_segment(slow, "note", note, 4, 8, coder="Jo")
    assert store.twin_segment(slow, "note", note, 4, 8, "Jo") == first.id
    with pytest.raises(ValueError, match="already coded with 'Slow'"):
        store.code_segment(slow, "note", note, 4, 8, coder="Jo")
    assert [s.id for s in store.segments()] == [first.id]  # nothing added

    # other words, another code, another coder: each a segment of its own
    store.code_segment(slow, "note", note, 4, 9, coder="Jo")
    store.code_segment(store.add_code("Desk").id, "note", note, 4, 8, coder="Jo")
    store.code_segment(slow, "note", note, 4, 8, coder="Sam")
    assert len(store.segments()) == 4
    assert store.twin_segment(slow, "note", note, 0, 3, "Jo") is None


def test_a_removed_segment_or_a_rejected_proposal_does_not_count(store, note) -> None:
    slow = store.add_code("Slow").id
    gone = store.code_segment(slow, "note", note, 4, 8).id
    store.uncode_segment(gone)
    again = store.code_segment(slow, "note", note, 4, 8).id  # coded anew after removing it
    proposal = store.code_segment(slow, "note", note, 9, 14, coder="rules", automatic=True)
    with pytest.raises(ValueError, match="already coded"):  # a proposal awaits review
        store.code_segment(slow, "note", note, 9, 14, coder="rules", automatic=True)
    store.update_segment(proposal.id, status="rejected")
    store.code_segment(slow, "note", note, 9, 14, coder="rules", automatic=True)
    assert again in {s.id for s in store.segments()}
