"""Every export from the window, anonymised or not, warns of coded passages an earlier
version left on old words, as the command line does: the passage named, then the fix."""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form

pytest.importorskip("workbench.deliver.build")

OLD = "The portal is fine but the depot printers are never fixed on the first visit."
NEW = "The portal is fine but the warehouse scanners are never fixed on the first visit."
KEY = "satisfaction_reason"


@pytest.fixture
def astray(ctx):
    """A coded passage holding the words its answer had before a correction (as an
    earlier version left them)."""
    from workbench.coding.service import answer_source

    store = ctx.store
    person = store.add_respondent("Olga Brennan")
    iv = store.new_interview(person.id, builtin_form("satisfaction-loyalty"))
    store.set_answer(iv.id, KEY, OLD)
    cell = answer_source(store, iv.id, KEY)[0]
    seg = store.code_segment(store.add_code("First-time fix").id, "answer", cell, 0, len(OLD))
    with store.raw_writing() as conn:
        conn.execute("UPDATE answer SET text = ?, value = ? WHERE id = ?", (NEW, f'"{NEW}"', cell))
    assert store.astray_passages()[1] == 1
    return seg.id


@pytest.mark.parametrize("anonymise", [False, True], ids=["plain", "anonymised"])
def test_the_window_s_exports_warn_of_passages_on_old_words(
    qtbot, report_page, ctx, tmp_path, monkeypatch, astray, anonymise
):
    page = report_page
    page.anonymise.setChecked(anonymise)
    monkeypatch.setattr("workbench.ui.anonymised_export.confirm_preview", lambda d: True)
    said = []
    ctx.status.connect(said.append)
    out = tmp_path / "tables.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=120000) as blocker:
        page.export_excel(out)
    assert blocker.args == ["excel", str(out)], page.done_label.text()
    text = page.done_label.text()
    sentence = (
        "1 coded passage holds words the text no longer reads (left by an earlier version); "
        "deliverables quote them as stored. Edit ▸ Repair Coded Passages puts them back on "
        "their text."
    )
    assert sentence in text
    assert f"coded passage {astray} (“First-time fix”, Olga Brennan's interview" in text
    assert "depot printers" in text
    assert said[-1] == f"Workbook written to {out}. {sentence}"


def test_an_anonymised_report_names_the_stale_finding_figures_of_its_own(
    qtbot, report_page, ctx, tmp_path, monkeypatch
):
    """An anonymised Word export says which findings' figures no longer match, as a plain
    one does, and never what an earlier export said."""
    from workbench.ui.result_view import ReportItem, add_to_report

    page = report_page
    monkeypatch.setattr("workbench.ui.anonymised_export.confirm_preview", lambda d: True)
    page.finding_warnings = ["Finding F9 quotes 1.23; an earlier export's"]
    ctx.store.add_finding(
        "Responsiveness has a gap of -9.99.", "high", [{"kind": "analysis", "id": "servqual"}]
    )
    add_to_report(ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    page.anonymise.setChecked(True)
    docx = tmp_path / "report.docx"
    with qtbot.waitSignal(page.export_finished, timeout=180000) as blocker:
        page.export_word(docx)
    assert blocker.args == ["word", str(docx)], page.done_label.text()
    text = page.done_label.text()
    assert "Check these findings: their figures no longer match the report." in text
    assert "earlier export" not in text
    assert any(
        line.startswith("\u2022 Finding F") and "quotes -9.99; the analysis now gives" in line
        for line in text.splitlines()
    ), text


def test_a_qdpx_export_from_the_window_warns_too(qtbot, ctx, tmp_path, astray):
    """The REFI-QDA project marks passages by their offsets: one left on old words would
    mark other words there, and the window says so as every export does."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from workbench.ui.qdpx_files import export_qdpx

    parent = QWidget()
    qtbot.addWidget(parent)
    said = []
    ctx.status.connect(said.append)
    target = tmp_path / "out.qdpx"
    export_qdpx(ctx, parent, str(target))
    assert ctx.tasks.wait(60000)
    qtbot.waitUntil(lambda: bool(parent.findChildren(QMessageBox)), timeout=10000)
    (box,) = parent.findChildren(QMessageBox)
    assert "1 coded passage holds words the text no longer reads" in box.text()
    assert f"coded passage {astray} (“First-time fix”" in box.text()
    assert said[-1].startswith(f"REFI-QDA project written to {target}. 1 coded passage holds")
