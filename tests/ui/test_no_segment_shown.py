"""A respondent without a segment is named "No segment" in the Overview's table and chart
legend, the Retrieve segment filter and the New Interview respondent list."""

from __future__ import annotations

from sqlalchemy import update

from workbench.forms.library import builtin_form
from workbench.store.models import Respondent


def _without_segment(store, name: str) -> str:
    """Give ``name`` no segment (as an import of a form without one leaves it); their id."""
    (r,) = [r for r in store.respondents() if r.name == name]
    with store.writing() as s:
        s.execute(update(Respondent).where(Respondent.id == r.id).values(segment=""))
    return r.id


def test_the_overview_names_the_respondents_without_a_segment(qtbot, ctx):
    from workbench.ui.overview import OverviewPage

    store = ctx.store
    rid = store.add_respondent("Una Nobody").id
    store.new_interview(rid, builtin_form("servqual"))
    _without_segment(store, "Una Nobody")
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    t = page.table
    names = [t.item(i, 0).text() for i in range(t.rowCount())]
    assert "No segment" in names and "" not in names, names
    assert names[-2:] == ["No segment", "All"]  # last before the total, as in the report
    assert page.chart.segments[-1] == "No segment" and "" not in page.chart.segments
    assert sum(n for (_w, s), n in page.chart.counts.items() if s == "No segment") == 1


def test_the_retrieve_filter_offers_and_applies_no_segment(qtbot, ctx):
    from workbench.ui.retrieval_view import RetrievalPane

    store = ctx.store
    iv = store.new_interview(store.add_respondent("Una Nobody").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    note = store.add_note(iv.id, "The desk never calls back.")
    code = store.add_code("Call-backs")
    store.code_segment(code.id, "note", note.id, 0, 8)
    other = store.new_interview(store.add_respondent("Ola Somebody").id,
                                builtin_form("stakeholder-interview"))  # fmt: skip
    store.code_segment(code.id, "note", store.add_note(other.id, "Fine by me.").id, 0, 4)
    _without_segment(store, "Una Nobody")
    view = RetrievalPane(ctx, None)
    qtbot.addWidget(view)
    view.reload_filters()
    texts = [view.segment.itemText(i) for i in range(view.segment.count())]
    assert "No segment" in texts and "" not in texts, texts
    view.set_codes([code.id])
    assert view.model.rowCount() == 2
    view.segment.setCurrentIndex(texts.index("No segment"))
    view.refresh()
    assert view.model.rowCount() == 1
    assert view.count.text().startswith("1 segment from 1 respondent")


def test_new_interview_lists_a_respondent_without_role_or_segment_as_no_segment(qtbot, ctx):
    from workbench.ui.interviews import NewInterviewDialog

    store = ctx.store
    store.add_respondent("Unassigned (from Untitled)")
    _without_segment(store, "Unassigned (from Untitled)")
    dialog = NewInterviewDialog(ctx)
    qtbot.addWidget(dialog)
    items = [dialog.respondent.itemText(i) for i in range(dialog.respondent.count())]
    assert "Unassigned (from Untitled)  ·  No segment" in items
    assert not any(i.rstrip().endswith("·") for i in items)
