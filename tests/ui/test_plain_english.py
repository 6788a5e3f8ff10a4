"""Counts in proper English, and empty states that explain themselves."""

from __future__ import annotations

import datetime as dt

import pytest

from workbench.forms.library import builtin_form

pytestmark = pytest.mark.app_context(engagement="new")


def test_a_new_engagement_overview_counts_in_english_and_explains_the_empty_chart(qtbot, ctx):
    from workbench.ui.overview import OverviewPage

    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.refresh()
    assert not any(page.chart.totals())  # the chart says "No interviews yet…", no bare axes
    assert "<b>0</b> respondents" in page.numbers.text()
    person = ctx.store.add_respondent("Ana", segment="staff")
    ctx.store.new_interview(person.id, builtin_form("servqual"), date=dt.date(2024, 1, 2))
    page.refresh()
    assert any(page.chart.totals())
    text = page.numbers.text()
    assert "<b>1</b> respondent " in text + " " and "<b>1</b> interview " in text + " "
    assert "1 respondents" not in text and "1 interviews" not in text


def test_one_person_and_one_interview_are_singular(qtbot, ctx):
    from workbench.ui.interviews import InterviewsPage
    from workbench.ui.respondents import RespondentsPage

    person = ctx.store.add_respondent("Ana", segment="staff")
    ctx.store.new_interview(person.id, builtin_form("servqual"), date=dt.date(2024, 1, 2))
    people = RespondentsPage(ctx)
    interviews = InterviewsPage(ctx)
    for page in (people, interviews):
        qtbot.addWidget(page)
        page.show()
    ctx.record("interviews")
    qtbot.waitUntil(lambda: people.count_label.text() == "1 person", timeout=5000)
    qtbot.waitUntil(lambda: interviews.count_label.text() == "1 interview", timeout=5000)


def test_empty_memo_and_review_panes_say_what_to_do(qtbot, ctx):
    from workbench.ui.memos_view import MemosView

    memos = MemosView(ctx)
    qtbot.addWidget(memos)
    assert "No memos yet" in memos.target.text() and "New engagement memo" in memos.target.text()
    memos.text.setText("nothing like this")
    ctx.store.add_memo("engagement", None, "A note on the whole engagement", author="jo")
    memos.refresh()
    assert memos.target.text() == "No memo matches these filters."
    memos.text.clear()
    assert memos.target.text() == "Select a memo to read or edit it."


def test_empty_findings_tables_say_what_they_will_hold(qtbot, ctx):
    from workbench.ui.findings_view import FindingsPage

    page = FindingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    qtbot.waitExposed(page)
    view = page.findings_view
    assert "No findings yet" in view.property("emptyMessage")
    image = view.viewport().grab().toImage()
    base = image.pixelColor(2, image.height() - 2)
    painted = {
        image.pixelColor(x, y).name()
        for y in range(0, min(60, image.height()))
        for x in range(0, image.width(), 2)
    }
    assert len(painted - {base.name()}) > 3  # the sentence is drawn
    page.add_finding()
    assert page.findings_model.rowCount() == 1  # with a row, the sentence goes
