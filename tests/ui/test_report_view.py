"""The Report page: sections, options, Word and Excel exports through the core builder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.ui.result_view import ReportItem, add_to_report, report_selection

pytest.importorskip("workbench.deliver.build")

from workbench.ui import report_view  # noqa: E402
from workbench.ui.report_view import ITEM_ROLE  # noqa: E402


@pytest.fixture
def page(report_page):
    return report_page


def keys(page):
    out = []
    for i in range(page.sections.count()):
        data = page.sections.item(i).data(ITEM_ROLE)
        out.append(data.analysis_id if isinstance(data, ReportItem) else data)
    return out


def test_sections_follow_the_report_selection_and_order(page, ctx):
    assert keys(page) == ["summary", "method", "findings", "actions", "quotes"]
    add_to_report(ctx, ReportItem("servqual", "SERVQUAL", {"model": "servperf"}, {}))
    page.add_analysis("itsm-maturity")
    assert keys(page) == [
        "summary",
        "method",
        "servqual",
        "itsm-maturity",
        "findings",
        "actions",
        "quotes",
    ]
    assert [i.analysis_id for i in report_selection(ctx)] == ["servqual", "itsm-maturity"]
    # reorder (as a drag would) and untick the appendix
    item = page.sections.takeItem(keys(page).index("findings"))
    page.sections.insertItem(1, item)
    page.sections.item(keys(page).index("quotes")).setCheckState(Qt.CheckState.Unchecked)
    options = page.options()
    assert options.sections == ["summary", "findings", "method", "analyses", "actions"]
    choices = page.choices()
    assert [(c.analysis_id, c.params.get("model")) for c in choices] == [
        ("servqual", "servperf"),
        ("itsm-maturity", None),
    ]
    page.sections.setCurrentRow(keys(page).index("servqual"))
    page.remove_selected_analysis()
    assert "servqual" not in keys(page)
    assert [i.analysis_id for i in report_selection(ctx)] == ["itsm-maturity"]


def test_exports_word_and_excel(qtbot, page, ctx, tmp_path, monkeypatch):
    add_to_report(ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    page.anonymise.setChecked(True)
    shown = []  # the anonymised export's preview, accepted
    monkeypatch.setattr(
        "workbench.ui.anonymised_export.confirm_preview", lambda d: shown.append(d) or True
    )
    docx = tmp_path / "report.docx"
    with qtbot.waitSignal(page.export_finished, timeout=120000) as blocker:
        page.export_word(docx)
    assert blocker.args == ["word", str(docx)], page.done_label.text()
    assert docx.exists() and docx.stat().st_size > 0
    from docx import Document

    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "SERVQUAL" in text
    assert page.open_button.isVisible()
    assert len(shown) == 1

    opened = []
    monkeypatch.setattr(
        report_view.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    assert page.open_last()
    assert opened[0].toLocalFile() == str(docx)

    xlsx = tmp_path / "workbook.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=120000) as blocker:
        page.export_excel(xlsx)
    assert blocker.args == ["excel", str(xlsx)], page.done_label.text()
    from openpyxl import load_workbook

    assert len(load_workbook(xlsx, read_only=True).sheetnames) > 2


def test_import_dialog_plans_shows_bad_cells_and_imports(qtbot, ctx, tmp_path):
    pytest.importorskip("workbench.deliver.importer")
    from workbench.ui.import_dialog import ImportDialog

    csv = tmp_path / "responses.csv"
    csv.write_text(
        "name,segment,overall_satisfaction,recommend,extra\n"
        "Ann Import,external customer,4,9,x\n"
        "Bob Import,external customer,eleven,7,y\n",
        encoding="utf-8",
    )
    before = len(ctx.store.interview_rows())
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(csv, "satisfaction-loyalty")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    mapping = dialog.mapping()
    assert mapping["name"] == "respondent.name"
    assert mapping["overall_satisfaction"] == "overall_satisfaction"
    assert mapping["extra"] == ""
    rows = dialog.problems.rows
    assert rows and rows[0][1] == 3 and "overall_satisfaction" in rows[0][2]
    assert not dialog.import_button.isEnabled()
    dialog.skip_bad.setChecked(True)
    assert dialog.import_button.isEnabled()
    dialog.wave_combo.setCurrentText("pulse")
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.apply()
    assert blocker.args[0].interviews == 1
    assert len(ctx.store.interview_rows()) == before + 1


def test_with_nothing_chosen_the_report_takes_the_default_analyses(page, ctx):
    assert page._analysis_items() == []
    assert page.choices() is None  # the export falls back to the defaults
    assert not page.default_hint.isHidden()
    add_to_report(ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    page._sync_analyses()
    assert page.default_hint.isHidden()
    assert [c.analysis_id for c in page.choices()] == ["servqual"]


def test_the_import_mapping_is_remembered_for_the_next_file(qtbot, ctx, tmp_path):
    from workbench.ui.import_dialog import ImportDialog

    first = tmp_path / "march.csv"
    first.write_text("name,Score\nAnn Import,4\n", encoding="utf-8")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(first, "satisfaction-loyalty")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.mapping()["Score"] == ""  # no key or label matches "Score"
    dialog.set_target("Score", "overall_satisfaction")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check(dialog.mapping())
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.apply()

    second = tmp_path / "april.csv"
    second.write_text("name,Score,Comment\nBen Import,5,fine\n", encoding="utf-8")
    again = ImportDialog(ctx)
    qtbot.addWidget(again)
    again.set_source(second, "satisfaction-loyalty")
    with qtbot.waitSignal(again.planned, timeout=20000):
        again.check()
    assert again.mapping()["Score"] == "overall_satisfaction"


def docx_text(path) -> list[str]:
    from docx import Document

    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines += ["|".join(cell.text for cell in row.cells) for row in table.rows]
    return lines


@pytest.mark.slow
def test_the_window_exports_the_same_report_as_the_command_line(qtbot, page, ctx, tmp_path):
    from workbench.cli import main

    assert page._analysis_items() == []  # nothing chosen: both take the default analyses
    assert "analyses" in page.options().sections
    ours = tmp_path / "window.docx"
    with qtbot.waitSignal(page.export_finished, timeout=300000) as blocker:
        page.export_word(ours)
    assert blocker.args == ["word", str(ours)], page.done_label.text()
    theirs = tmp_path / "cli.docx"
    ctx.tasks.wait()
    assert main(["report", str(ctx.store.path), "-o", str(theirs)]) == 0
    window_text, cli_text = docx_text(ours), docx_text(theirs)
    assert window_text == cli_text
    assert any("SERVQUAL" in line for line in window_text)  # the analyses are in it


def test_prepared_by_is_the_engagements_consultants_unless_typed_at_the_export(page, ctx):
    """The demo names Jo Whitfield and Sam Patel: the field shows them as what an empty
    field gives; names typed there are the deliverable's "Prepared by" and author."""
    from workbench.deliver.build import engagement_info

    assert page.prepared_by.placeholderText() == "Jo Whitfield and Sam Patel"
    assert page.options().prepared_by is None
    assert engagement_info(ctx.store).prepared_by == ["Jo Whitfield", "Sam Patel"]
    page.prepared_by.setText("  Ann Lee,  Bo Chen and Cy Dee ")
    options = page.options()
    assert options.prepared_by == ["Ann Lee", "Bo Chen", "Cy Dee"]
    assert engagement_info(ctx.store, options.prepared_by).prepared_by == [
        "Ann Lee",
        "Bo Chen",
        "Cy Dee",
    ]
    page.prepared_by.setText(" , ")  # no name: the default again
    assert page.options().prepared_by is None
