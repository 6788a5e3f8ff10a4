"""The import dialog, step by step: a file picked after another never shows the other
file's form, columns or problems while it is being checked."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.app_context(engagement="new")


def _own_form(ctx) -> None:
    from workbench.forms.schema import FormDefinition

    own = FormDefinition.model_validate(
        {"id": "desk", "title": "Service desk", "version": 1,
         "sections": [{"key": "s", "title": "S", "questions": [
             {"key": "speed", "type": "scale", "min": 1, "max": 5, "label": "Speed"},
             {"key": "manner", "type": "scale", "min": 1, "max": 5, "label": "Manner"}]}]}
    )  # fmt: skip
    ctx.store.ensure_form_version(own, source="imported")


def test_a_second_file_shows_its_own_form_at_once(qtbot, ctx, tmp_path: Path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    _own_form(ctx)
    first = tmp_path / "desk.csv"
    first.write_text("Name,speed,manner\nAnn Lee,9,4\n", encoding="utf-8")  # a bad cell
    second = tmp_path / "loyalty.csv"
    second.write_text("Name,overall_satisfaction,recommend\nBob Ray,4,9\n", encoding="utf-8")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(first)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.form_combo.currentData() == "desk"
    assert dialog.mapping_table.rowCount() == 3 and dialog.problems.rowCount() == 1

    dialog.set_source(second)
    shown: list[str | None] = []
    dialog.form_proposed.connect(lambda _id: shown.append(dialog.form_combo.currentData()))
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
        # at once: no form shown but the words saying it is being found; nothing of the
        # first file left to read or import
        assert dialog.form_combo.currentIndex() == -1 and dialog.form_combo.currentData() is None
        assert dialog.form_combo.placeholderText() == "Finding the form the file fits…"
        assert not dialog.form_combo.isEnabled() and not dialog.import_button.isEnabled()
        assert dialog.mapping_table.rowCount() == 0 and dialog.problems.rowCount() == 0
        assert dialog.summary_label.text() == "Checking loyalty.csv…"
        dialog.resize(980, 640)
        dialog.grab().save(str(tmp_path / "checking.png"))
    assert shown == ["satisfaction-loyalty"]  # shown as soon as it was known
    assert dialog.form_combo.currentData() == "satisfaction-loyalty"
    assert dialog.form_combo.isEnabled() and dialog.import_button.isEnabled()
    assert dialog.plan.form.id == "satisfaction-loyalty"


def test_a_file_that_cannot_be_read_shows_the_form_shown_before(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    before = dialog.form_combo.currentData()
    dialog.set_source(tmp_path / "missing.csv")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.plan is None and "no such file" in dialog.summary_label.text()
    assert dialog.form_combo.currentData() == before and dialog.form_combo.isEnabled()
    assert not dialog.import_button.isEnabled()


def test_the_respondents_preview_numbers_rows_as_the_sheet_does(qtbot, ctx, tmp_path) -> None:
    from openpyxl import Workbook

    from workbench.ui.respondent_import import ImportDialog

    wb = Workbook()
    for r, row in enumerate([["Name", "Segment"], ["Ann Lee", "staff"], [None, None],
                             ["Bob Ray", "martian"]]):  # fmt: skip
        for c, value in enumerate(row):
            wb.active.cell(row=3 + r, column=3 + c, value=value)  # the table starts at C3
    wb.save(tmp_path / "people.xlsx")
    dialog = ImportDialog(ctx, tmp_path / "people.xlsx")
    qtbot.addWidget(dialog)
    assert dialog.mapping.rowCount() == 2  # no empty columns A and B to map
    table = dialog.preview_table
    assert [table.item(i, 0).text() for i in range(table.rowCount())] == ["4", "6"]
    assert "martian" in table.item(1, table.columnCount() - 1).text()


def test_the_summary_counts_interviews_as_the_report_does(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    sheet = tmp_path / "held.csv"
    sheet.write_text("Name,interviewer,overall_satisfaction\nAnn Lee,Jo Smith,4\n"
                     "Bob Ray,Jo Smith,3\n", encoding="utf-8")  # fmt: skip
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(sheet, "satisfaction-loyalty")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.summary_label.text().startswith("2 interviews in held.csv;")
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.apply()
    assert dialog.report.startswith("Imported 2 interviews:")


def test_the_summary_leaves_out_a_count_of_no_ignored_columns(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    every = tmp_path / "every.csv"
    every.write_text("Name,overall_satisfaction\nAnn Lee,4\n", encoding="utf-8")
    extra = tmp_path / "extra.csv"
    extra.write_text("Name,overall_satisfaction,Browser\nAnn Lee,4,Firefox\n", encoding="utf-8")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(every, "satisfaction-loyalty")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.summary_label.text().startswith(
        "1 response in every.csv; every cell fits its question."
    )
    assert "ignored" not in dialog.summary_label.text()
    dialog.set_source(extra, "satisfaction-loyalty")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.summary_label.text().startswith(
        "1 response in extra.csv; 1 column ignored; every cell fits its question."
    )
