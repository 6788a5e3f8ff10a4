"""The Findings register marks a finding whose figure no longer matches the analysis it
cites, with the report's own warning (what the analysis gives now) in its tooltip; the
check runs on the worker thread."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from workbench.deliver import finding_status
from workbench.deliver.build import report_context
from workbench.deliver.context import ReportOptions
from workbench.ui.findings_models import STALE_ROLE
from workbench.ui.findings_view import FindingsPage


def test_a_finding_with_a_stale_figure_is_marked_with_what_the_analysis_gives_now(
    qtbot, ctx, tmp_path, monkeypatch
):
    threads = []
    real = finding_status.stale_findings

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(finding_status, "stale_findings", spy)
    page = FindingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    model = page.findings_model
    # the demo's findings agree with their analyses: nothing is marked
    qtbot.waitUntil(lambda: len(threads) == 1 and page._stale_state is None, timeout=60000)
    assert [model.index(r, 0).data(STALE_ROLE) for r in range(model.rowCount())] == [[]] * 4
    assert not page.stale_label.isVisible()

    first = ctx.store.findings()[0]
    assert any(e.get("id") == "servqual" for e in first.evidence)
    page.update_finding(first.id, statement=first.statement + " Responsiveness gap (-9.99).")
    qtbot.waitUntil(lambda: bool(model.index(0, 0).data(STALE_ROLE)), timeout=60000)
    assert threads[-1] is not threading.main_thread()  # the analyses ran off the UI thread

    # the same warning the report's preparation gives, naming what the figure now gives
    expected = report_context(ctx.store, ReportOptions()).finding_warnings
    lines = model.index(0, 0).data(STALE_ROLE)
    assert lines == expected
    assert lines[0].startswith("Finding F1 quotes -9.99; the analysis now gives ")
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert lines[0] in tip
    assert lines[0] in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    for r in range(1, model.rowCount()):  # the others are not marked
        assert model.index(r, 0).data(Qt.ItemDataRole.DecorationRole) is None
        assert not model.index(r, 0).data(STALE_ROLE)
    assert page.stale_label.isVisible()
    assert page.stale_label.text().startswith("⚠ 1 finding quotes a figure")
    page.grab().save(str(tmp_path / "findings_stale.png"))

    ctx.undo_stack.undo()  # the figure goes: so does the mark
    qtbot.waitUntil(lambda: not model.index(0, 0).data(STALE_ROLE), timeout=60000)
    assert model.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert not page.stale_label.isVisible()


def test_no_analysis_runs_when_no_finding_cites_one(qtbot, ctx, monkeypatch):
    for f in ctx.store.findings():
        ctx.store.update_finding(f.id, evidence=[])
    monkeypatch.setattr(
        "workbench.deliver.build.run_selected_analyses",
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("analyses ran")),
    )
    assert finding_status.stale_findings(ctx.store) == {}
    page = FindingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.check_figures() is None
    assert not page.stale_label.isVisible()
