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
        if r["wave"] is not None  # the any-wave entries: see the test below
    }
    assert rows == {("staff", "baseline"): (2, 1), ("management", "baseline"): (1, 1)}
    assert [p.respondent for p in store.schedule()] == ["Ana", "Ben"]


def test_a_registered_person_not_yet_seen_counts_as_planned(tmp_path) -> None:
    """Two external customers, one interviewed: "1 / 2", not "1 / 1". Someone with
    neither an interview nor a plan counts in the wave of the fieldwork under way (the
    latest with an interview or a plan), once; a person interviewed in an earlier wave
    is not planned again by being in the register."""
    from workbench.store import create_engagement

    store = create_engagement(
        tmp_path / "e.wbk", client="Acme", title="Desk", waves=("baseline", "re-audit")
    )
    try:
        baseline, re_audit = store.waves()
        form = builtin_form("satisfaction-loyalty")
        olga = store.add_respondent("Olga", segment="external customer")
        store.add_respondent("Wendy", segment="external customer")
        tariq = store.add_respondent("Tariq", segment="internal customer")
        for person in (olga, tariq):
            done = store.new_interview(person.id, form, wave_id=baseline.id)
            store.update_interview(done.id, status="complete")

        def rows():
            return {
                (r["segment"], r["wave"]): (r["planned"], r["done"])
                for r in store.progress_by_segment_and_wave()
                if r["wave"] is not None
            }

        assert rows() == {
            ("external customer", "baseline"): (2, 1),
            ("internal customer", "baseline"): (1, 1),
        }
        # The re-audit begins: Wendy, still unseen, is counted there now.
        store.plan_interview(olga.id, "satisfaction-loyalty", wave_id=re_audit.id)
        assert rows() == {
            ("external customer", "baseline"): (1, 1),
            ("internal customer", "baseline"): (1, 1),
            ("external customer", "re-audit"): (2, 0),
        }
    finally:
        store.close()


def _hand_worked(tmp_path):
    """Ana (staff): planned at baseline, interviewed there and, by mistake, again on the
    same form (both complete); Ben (staff): planned at baseline, a draft; Cy
    (management): interviewed unplanned at baseline and at the follow-up; Dee (staff):
    in the register, neither planned nor seen."""
    from workbench.store import create_engagement

    store = create_engagement(
        tmp_path / "e.wbk", client="Acme", title="Desk", waves=("baseline", "follow-up")
    )
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
    store.new_interview(ben.id, form, wave_id=baseline.id)  # a draft
    cy_first = store.new_interview(cy.id, form, wave_id=baseline.id)
    cy_again = store.new_interview(cy.id, form, wave_id=follow_up.id)
    for done in (first, again, cy_first, cy_again):
        store.update_interview(done.id, status="complete")
    return store


def test_the_overview_counts_people_not_interview_records(tmp_path) -> None:
    """Ana's repeated interview makes her one person interviewed at baseline, not two;
    Ben's draft interview is his plan, not a second person to interview; Dee is to
    interview in the wave under way (the follow-up).  Each segment's any-wave entry
    counts each person once: staff 1 of 3 (Ana of Ana, Ben, Dee), management 1 of 1."""
    from workbench.store.glance import ANY_WAVE

    store = _hand_worked(tmp_path)
    try:
        rows = {
            (r["segment"], r["wave"]): (r["done"], r["planned"])
            for r in store.progress_by_segment_and_wave()
        }
        assert rows == {
            ("staff", "baseline"): (1, 2),
            ("management", "baseline"): (1, 1),
            ("management", "follow-up"): (1, 1),
            ("staff", "follow-up"): (0, 1),
            ("staff", ANY_WAVE): (1, 3),
            ("management", ANY_WAVE): (1, 1),
        }
    finally:
        store.close()
