"""The Overview's progress table counts people: someone interviewed twice in a wave is
one person interviewed, and its "All" cell leaves short exactly the people the report's
Respondents table says are not yet interviewed."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from workbench.forms.library import builtin_form

pytestmark = pytest.mark.app_context(engagement="new", waves=("baseline", "follow-up"))


def _fill(store) -> None:
    """Ana (staff): planned at baseline, interviewed there twice on the same form (both
    complete); Ben (staff): planned at baseline, a draft; Cy (management): interviewed
    unplanned at baseline and at the follow-up; Dee (staff): in the register only."""
    baseline, follow_up = store.waves()
    form = builtin_form("itsm-maturity")
    ana = store.add_respondent("Ana", segment="staff")
    ben = store.add_respondent("Ben", segment="staff")
    cy = store.add_respondent("Cy", segment="management")
    store.add_respondent("Dee", segment="staff")
    plan = store.plan_interview(ana.id, "itsm-maturity", wave_id=baseline.id)
    first = store.new_interview(ana.id, form, wave_id=baseline.id)
    store.link_planned(plan.id, first.id)
    again = store.new_interview(ana.id, form, wave_id=baseline.id)
    store.plan_interview(ben.id, "itsm-maturity", wave_id=baseline.id)
    store.new_interview(ben.id, form, wave_id=baseline.id)
    cy_first = store.new_interview(cy.id, form, wave_id=baseline.id)
    cy_again = store.new_interview(cy.id, form, wave_id=follow_up.id)
    for done in (first, again, cy_first, cy_again):
        store.update_interview(done.id, status="complete")


def _cells(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_the_progress_table_counts_people_once(qtbot, ctx, tmp_path) -> None:
    from workbench.analysis.loader import load_engagement_data
    from workbench.deliver.build import _respondent_rows
    from workbench.ui.overview import OverviewPage

    _fill(ctx.store)
    page = OverviewPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    # people interviewed / people to interview; Dee is to interview in the wave under way
    assert _cells(page.table) == [
        ["management", "1 / 1", "1 / 1", "1 / 1"],
        ["staff", "1 / 2", "0 / 1", "1 / 3"],
        ["All", "2 / 3", "1 / 2", "2 / 4"],
    ]
    assert "counts once" in page.table.toolTip()
    titles = [label.text() for label in page.findChildren(QLabel)]
    assert "People interviewed of people to interview, by segment and wave" in titles
    # the report lists the two interviewed and says two more are not yet interviewed
    rows = _respondent_rows(load_engagement_data(ctx.store))
    assert sum(r.interviewed for r in rows) == 2
    assert sum(not r.interviewed for r in rows) == 4 - 2
    page.resize(900, 500)
    page.grab().save(str(tmp_path / "overview.png"))
