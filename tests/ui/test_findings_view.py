"""The Findings page: the register edited in place, undoable, and the action plan."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from workbench.analysis.result import AnalysisResult
from workbench.ui.findings_view import FindingsPage
from workbench.ui.result_view import ReportItem


@pytest.fixture
def page(qtbot, ctx):
    widget = FindingsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def test_add_edit_undo_finding(qtbot, page, ctx):
    model, store = page.findings_model, ctx.store
    before = model.rowCount()
    page.add_finding("Handoffs between teams lose tickets", "high")
    assert model.rowCount() == before + 1
    row = before
    assert model.index(row, 1).data() == "Handoffs between teams lose tickets"
    fid = model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)

    assert model.setData(model.index(row, 1), "Handoffs lose one ticket in five")
    assert next(f for f in store.findings() if f.id == fid).statement.endswith("in five")

    # severity through the combo delegate, as a user would
    index = model.index(row, 2)
    page.findings_view.setCurrentIndex(index)
    page.findings_view.edit(index)
    editor = page.findings_view.findChild(QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "low",
        "medium",
        "high",
        "critical",
    ]
    editor.setCurrentText("critical")
    editor.activated.emit(editor.currentIndex())
    page.findings_view.closePersistentEditor(index)
    qtbot.waitUntil(lambda: model.index(row, 2).data() == "critical")

    ctx.undo_stack.undo()  # severity
    assert model.index(row, 2).data() == "high"
    ctx.undo_stack.undo()  # statement
    assert model.index(row, 1).data() == "Handoffs between teams lose tickets"
    ctx.undo_stack.undo()  # the add
    assert model.rowCount() == before
    ctx.undo_stack.redo()
    assert model.rowCount() == before + 1
    assert model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1) == fid

    page.findings_view.selectRow(row)
    qtbot.mouseClick(page.trash_finding_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == before
    ctx.undo_stack.undo()
    assert model.rowCount() == before + 1


def test_evidence_links(page, ctx):
    page.add_finding("Customers chase their own tickets")
    row = page.findings_model.rowCount() - 1
    fid = page.findings_model.rows[row].id
    segment = ctx.store.segments()[0]
    assert page.link_segment(segment.id, fid)
    ctx.current_result = (
        AnalysisResult("servqual", "SERVQUAL", scope="wave: baseline"),
        ReportItem("servqual", "SERVQUAL", {"model": "servqual"}, {"wave": "baseline"}),
    )
    page.reload()
    assert page.link_result_button.isEnabled()
    assert page.link_current_result(fid)
    evidence = next(f for f in ctx.store.findings() if f.id == fid).evidence
    assert [e["kind"] for e in evidence] == ["segment", "analysis"]
    assert evidence[0]["id"] == segment.id and evidence[1]["params"] == {"model": "servqual"}
    assert "SERVQUAL (wave: baseline)" in page.findings_model.index(row, 3).data()
    ctx.undo_stack.undo()
    evidence = next(f for f in ctx.store.findings() if f.id == fid).evidence
    assert [e["kind"] for e in evidence] == ["segment"]


def test_recommendations_and_action_plan(qtbot, page, ctx, tmp_path):
    page.add_finding("Finding for the plan")
    fid = page.findings_model.rows[-1].id
    recs = page.recs_model
    before = recs.rowCount()
    page.add_recommendation("Review the handoffs", pdca_stage="act", impact="high")
    page.add_recommendation('=HYPERLINK("x")', pdca_stage="plan", impact="low")
    page.add_recommendation("Publish service levels", pdca_stage="plan", impact="high")
    assert recs.rowCount() == before + 3
    row = before
    assert recs.setData(recs.index(row, 2), [fid])
    assert recs.setData(recs.index(row, 3), "Service desk lead")
    assert recs.setData(recs.index(row, 4), "low")
    stored = next(r for r in ctx.store.recommendations() if r.text == "Review the handoffs")
    assert [f.id for f in stored.findings] == [fid]
    assert (stored.owner, stored.effort) == ("Service desk lead", "low")
    assert recs.index(row, 2).data() == f"F{page.findings_model.rowCount()}"
    ctx.undo_stack.undo()  # effort
    ctx.undo_stack.undo()  # owner
    ctx.undo_stack.undo()  # findings link
    stored = next(r for r in ctx.store.recommendations() if r.text == "Review the handoffs")
    assert stored.findings == [] and stored.owner == ""

    ours = [
        r
        for r in page.plan_model.rows
        if r[2] in ("Review the handoffs", '=HYPERLINK("x")', "Publish service levels")
    ]
    assert [r[2] for r in ours] == [
        "Publish service levels",
        '=HYPERLINK("x")',
        "Review the handoffs",
    ]
    stages = [r[0].lower() for r in page.plan_model.rows]
    order = ["plan", "do", "check", "act"]
    assert stages == sorted(stages, key=order.index)

    page.recs_view.selectRow(row)
    qtbot.mouseClick(page.trash_rec_button, Qt.MouseButton.LeftButton)
    assert recs.rowCount() == before + 2
    ctx.undo_stack.undo()
    assert recs.rowCount() == before + 3

    target = tmp_path / "plan.xlsx"
    page.export_action_plan(target)
    assert ctx.tasks.wait(20000)
    qtbot.waitUntil(target.exists)
    from openpyxl import load_workbook

    ws = load_workbook(target).active
    assert ws.cell(1, 3).value == "Recommendation"
    texts = [ws.cell(r, 3).value for r in range(2, ws.max_row + 1)]
    assert "Publish service levels" in texts
    cell = next(
        ws.cell(r, 3) for r in range(2, ws.max_row + 1) if "HYPERLINK" in str(ws.cell(r, 3).value)
    )
    assert cell.data_type == "s"  # stays text, never a formula
