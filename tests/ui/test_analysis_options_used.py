"""The options a result lists, and the options offered, are those the run uses:
satisfaction and loyalty on a form without a loyalty question draws no matrix, so its
thresholds are neither offered nor listed."""

from __future__ import annotations

import datetime as dt

FORM_YAML = """\
id: acme-desk
title: Acme desk check
version: 1
sections:
  - key: s
    title: Service
    questions:
      - key: overall_satisfaction
        type: scale
        label: Overall, how satisfied are you?
        min: 1
        max: 5
        tags: {construct: satisfaction}
      - key: recommend
        type: nps
        label: How likely are you to recommend us?
        tags: {construct: recommend}
"""


def test_a_matrix_not_drawn_leaves_its_thresholds_out_of_the_options(qtbot, tmp_path):
    from workbench.forms import load_form_text
    from workbench.store import create_engagement
    from workbench.ui.analyses_view import AnalysesPage
    from workbench.ui.context import AppContext

    context = AppContext()
    context.set_store(create_engagement(tmp_path / "desk.wbk", client="Acme", title="Desk"))
    form = load_form_text(FORM_YAML)
    for name, sat, rec in (("Ann", 5, 10), ("Bob", 3, 6)):
        person = context.store.add_respondent(name, segment="external customer")
        iid = context.store.new_interview(person.id, form, date=dt.date(2026, 3, 2)).id
        context.store.set_answers(iid, {"overall_satisfaction": sat, "recommend": rec})
        context.store.update_interview(iid, status="complete")
    page = AnalysesPage(context)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    assert page.select_analysis("satisfaction-loyalty")
    # the options themselves: no field for a threshold that sets nothing here, nor for
    # the form (one fits); the breakdown by segment applies to the NPS
    shown = {p.name: page.form.editor(p.name).isVisibleTo(page) for p in page.form.params()}
    assert shown == {
        "satisfaction_cutoff": False,
        "loyalty_cutoff": False,
        "by_segment": True,
        "form": False,
    }
    with qtbot.waitSignal(page.run_finished, timeout=30000) as blocker:
        page.run()
    assert blocker.args == ["done"], page.message_label.text()
    meta = page.result_view.meta_label.text()
    assert "<b>Options:</b> By segment: Yes" in meta
    assert "High satisfaction" not in meta and "High loyalty" not in meta
    page.cancel()
    context.tasks.wait()
    context.set_store(None)
