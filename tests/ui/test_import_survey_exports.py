"""The import dialog proposes the mapping of a survey platform's export."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.forms.xlsform import import_xlsform

DATA = Path(__file__).parents[1] / "data"


pytestmark = pytest.mark.app_context(engagement="new")


def test_a_kobo_export_is_recognised_and_mapped_in_the_dialog(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    ctx.store.ensure_form_version(form, source="imported")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(DATA / "survey_exports" / "kobo_transportation.csv", form.id)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    key = "available_transportation_types_to_referral_facility"
    mapping = dialog.mapping()
    assert mapping[f"transport/{key}/bus"] == f"{key}.bus"  # kept by the combo
    assert mapping["_uuid"] == ""  # no name column: "Respondent <n>"
    assert dialog.summary_label.text().startswith("A KoboToolbox export")
    assert dialog.import_button.isEnabled()
    dialog.resize(980, 640)
    dialog.grab().save(str(tmp_path / "kobo.png"))


def test_the_dialog_names_a_repeat_sheet_it_does_not_import(qtbot, ctx, tmp_path) -> None:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    from workbench.ui.import_dialog import ImportDialog

    # Kobo's real .xlsx export, then a sheet as Kobo writes a repeat group's (built here)
    real = CalamineWorkbook.from_path(
        str(DATA / "survey_exports" / "kobo_transportation_export.xlsx")
    )
    wb = Workbook()
    wb.active.title = real.sheet_names[0]
    for row in real.get_sheet_by_index(0).to_python():
        wb.active.append(row)
    rep = wb.create_sheet("household_members")
    rep.append(["member_name", "_index", "_parent_table_name", "_parent_index"])
    for i, parent in enumerate([1, 1, 2, 3, 3], 1):
        rep.append([f"member {i}", i, real.sheet_names[0], parent])
    path = tmp_path / "with_repeat.xlsx"
    wb.save(path)

    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    ctx.store.ensure_form_version(form, source="imported")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(path, form.id)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    text = dialog.summary_label.text()
    assert "Sheet 'household_members' (5 rows) is not imported: a repeat group" in text
    dialog.resize(980, 640)
    dialog.grab().save(str(tmp_path / "repeat.png"))
    dialog.grab().save(str(tmp_path / "rf-repeat.png"))


def test_the_dialog_reads_what_the_command_reads(qtbot, ctx, tmp_path) -> None:
    """Kobo's real .xlsx export (a row with nothing selected) can be imported whole; a
    date column's order is named; SurveyMonkey's first and last names make the name."""
    from workbench.forms.schema import FormDefinition
    from workbench.ui.import_dialog import ImportDialog

    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    ctx.store.ensure_form_version(form, source="imported")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(DATA / "survey_exports" / "kobo_transportation_export.xlsx", form.id)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert not dialog.plan.bad_rows and dialog.import_button.isEnabled()
    assert "every cell fits its question" in dialog.summary_label.text()
    assert "Column '_uuid' is used to recognise submissions already imported" in (
        dialog.summary_label.text()
    )

    desk = FormDefinition.model_validate({
        "id": "desk", "title": "Desk", "version": 1,
        "sections": [{"key": "s", "title": "S", "questions": [
            {"key": "satisfaction", "type": "scale", "min": 1, "max": 5,
             "label": "How satisfied are you with the service desk?"},
        ]}],
    })  # fmt: skip
    ctx.store.ensure_form_version(desk, source="imported")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(DATA / "survey_exports" / "surveymonkey_expanded_sample.csv", "desk")
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    mapping = dialog.mapping()
    assert mapping["First Name"] == "respondent.first_name"
    assert mapping["Last Name"] == "respondent.last_name"
    assert [r.respondent["name"] for r in dialog.plan.rows] == ["Ann Lee", "Bob Roy"]
    assert "Dates in column D (End Date) are read month first" in dialog.summary_label.text()


def test_the_window_says_how_many_imported_answers_are_kept_flagged(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    form, _ = import_xlsform(DATA / "xlsform" / "choice_filter_test.xlsx")
    ctx.store.ensure_form_version(form, source="imported")
    csv = tmp_path / "r.csv"
    csv.write_text("name,state,county,city\nAna,texas,pierce,seattle\n"
                   "Bob,texas,cameron,harlingen\n")  # fmt: skip
    messages: list[str] = []
    ctx.status.connect(messages.append)
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(csv, form.id)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    with qtbot.waitSignal(dialog.imported, timeout=20000) as imported:
        dialog.import_button.click()
    assert imported.args[0].flagged == 2
    assert any(
        "2 answers kept as given but flagged: not offered by their choice filter" in m
        for m in messages
    ), messages
