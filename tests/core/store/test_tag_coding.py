"""Answers arrive already classified: question tags act as codes on their text."""

from __future__ import annotations

from workbench.forms.library import builtin_form
from workbench.store.tagcoding import FORM_CODER


def test_evidence_of_an_observed_sin_is_coded_with_the_sin(store) -> None:
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("seven-sins"))
    value = {
        "observed": True,
        "severity": 2,
        "touchpoint": "phone",
        "evidence": "Passed on three times.",
    }
    store.set_answer(iv.id, "runaround", value)
    (seg,) = store.segments(interview_id=iv.id)
    assert store.code_paths()[seg.code_id] == "Seven sins of service/Runaround"
    assert (seg.coder, seg.text, seg.start, seg.end) == (
        FORM_CODER,
        "Passed on three times.",
        0,
        22,
    )
    # The segment follows the text, and goes with it.
    store.set_answer(iv.id, "runaround", {**value, "evidence": "Passed on twice."})
    (seg,) = store.segments(interview_id=iv.id)
    assert (seg.text, seg.end) == ("Passed on twice.", 16)
    store.set_answer(iv.id, "runaround", {"observed": False})
    assert store.segments(interview_id=iv.id) == []


def test_an_existing_code_of_the_same_name_is_used_and_ratings_add_no_codes(store) -> None:
    book = store.add_code("Seven sins of service")
    rule_book = store.add_code("Rule book", parent_id=book.id)
    ana = store.add_respondent("Ana", segment="staff")
    sins = store.new_interview(ana.id, builtin_form("seven-sins"))
    store.set_answer(
        sins.id, "rule_book", {"observed": True, "evidence": "Form not countersigned."}
    )
    assert [s.code_id for s in store.segments()] == [rule_book.id]
    survey = store.new_interview(ana.id, builtin_form("servqual"))
    before = len(store.codes())
    store.set_answer(survey.id, "tan_1", {"E": 6, "P": 4})
    assert len(store.codes()) == before
