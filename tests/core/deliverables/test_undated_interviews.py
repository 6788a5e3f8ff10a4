"""Interviews with no date (imported without one) are said to be undated: the fieldwork
period the report gives is of the dated ones only."""

from __future__ import annotations

from datetime import date

from workbench.deliver.build import report_context
from workbench.deliver.context import ReportOptions
from workbench.deliver.word_text import _method_sentences, _summary_intro
from workbench.forms.library import builtin_form
from workbench.store import create_engagement


def _engagement(tmp_path, dated: int, undated: int):
    store = create_engagement(tmp_path / "e.wbk", client="Borealis Water", title="Review")
    form = builtin_form("stakeholder-interview")
    for i in range(dated + undated):
        iv = store.new_interview(store.add_respondent(f"Person {i}").id, form)
        day = date(2026, 11, 30) if i < dated else None
        store.update_interview(iv.id, status="complete", date=day)
    return store


def test_some_undated_interviews_are_counted_apart_from_the_period(tmp_path) -> None:
    with _engagement(tmp_path, dated=2, undated=3) as store:
        ctx = report_context(store, ReportOptions(sections=["method"]), choices=[])
        summary = _summary_intro(ctx)
        method = _method_sentences(ctx)
    assert ctx.method.undated == 3
    assert (
        "It draws on 5 interviews with 5 respondents, 2 of them held on 30 November 2026 "
        "and 3 undated." in summary
    )
    assert (
        "We conducted 5 interviews with 5 respondents, 2 of them on 30 November 2026 and 3 undated."
        in method
    )


def test_dated_interviews_read_as_before(tmp_path) -> None:
    with _engagement(tmp_path, dated=2, undated=0) as store:
        ctx = report_context(store, ReportOptions(sections=["method"]), choices=[])
        summary = _summary_intro(ctx)
        method = _method_sentences(ctx)
    assert ctx.method.undated == 0
    assert "It draws on 2 interviews with 2 respondents held on 30 November 2026." in summary
    assert "We conducted 2 interviews with 2 respondents on 30 November 2026." in method
