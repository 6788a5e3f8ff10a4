"""The interview schedule and the overview's planned-against-done counts."""

from __future__ import annotations

from datetime import date

from workbench.forms.library import builtin_form


def test_planned_against_done_by_segment_and_wave(store) -> None:
    baseline = store.waves()[0]
    ana = store.add_respondent("Ana", segment="staff")
    ben = store.add_respondent("Ben", segment="staff")
    cy = store.add_respondent("Cy", segment="management")
    form = builtin_form("itsm-maturity")
    plan_a = store.plan_interview(
        ana.id, "itsm-maturity", wave_id=baseline.id, planned_date=date(2026, 3, 2)
    )
    store.plan_interview(
        ben.id, "itsm-maturity", wave_id=baseline.id, planned_date=date(2026, 3, 3)
    )
    done = store.new_interview(ana.id, form, wave_id=baseline.id)
    store.link_planned(plan_a.id, done.id)
    assert [p.done for p in store.schedule()] == [False, False]  # a draft is not done
    store.update_interview(done.id, status="complete")
    unplanned = store.new_interview(cy.id, form, wave_id=baseline.id)
    store.update_interview(unplanned.id, status="complete")

    rows = {
        (r["segment"], r["wave"]): (r["planned"], r["done"])
        for r in store.progress_by_segment_and_wave()
    }
    assert rows == {("staff", "baseline"): (2, 1), ("management", "baseline"): (1, 1)}
    assert [p.respondent for p in store.schedule()] == ["Ana", "Ben"]
