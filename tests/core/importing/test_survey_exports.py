"""Response exports of survey platforms: recognised, mapped and read."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from workbench.deliver.importer import ImportFailed, plan_import
from workbench.deliver.survey_exports import detect, merge_header_rows, multi_value, parse_date
from workbench.forms.xlsform import import_xlsform
from workbench.store import create_engagement

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    yield s
    s.close()


def test_a_real_kobo_export_maps_onto_its_form(store) -> None:
    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    store.ensure_form_version(form, source="imported")
    path = DATA / "survey_exports" / "kobo_transportation.csv"
    plan = plan_import(store, path, form.id)
    assert plan.platform == "kobo"
    key = "available_transportation_types_to_referral_facility"
    m = plan.mapping
    assert m[f"transport/{key}/ambulance"] == f"{key}.ambulance"
    assert m[f"transport/{key}/other"] == f"{key}.other"
    assert m[f"transport/{key}_other"] == f"{key}_other"
    assert m["_submission_time"] == "respondent.date"
    assert m["_uuid"] == ""  # no name column: "Respondent <n>", the id kept
    # the loop's columns (not imported with the form) stay unmapped, and are listed as such
    assert m["transport/loop_over_transport_types_frequency/bus/frequency_to_referral_facility"] == ""
    assert not plan.problems and not plan.bad_rows, [str(p) for p in plan.all_problems]
    assert plan.row_count == 4
    rows = list(plan.rows)
    assert rows[1].answers == {key: ["ambulance", "bicycle"]}
    assert rows[3].answers == {key: ["taxi", "other"], f"{key}_other": "camel"}
    assert rows[0].respondent["date"] == date(2013, 2, 14)


def test_shapes_are_recognised() -> None:
    assert detect(["Timestamp", "Your name"]) == "google"
    assert detect(["SubmissionDate", "g1-q2", "KEY"]) == "odk"
    assert detect(["ID", "Start time", "Completion time", "Email", "Name"]) == "msforms"
    assert detect(["Respondent ID", "Collector ID", "Q1"]) == "surveymonkey"
    assert detect(["name", "q1"]) is None


def test_surveymonkey_second_header_row() -> None:
    first = ["Respondent ID", "Which channels?", None, "Comments"]
    second = [None, "Phone", "E-mail", "Open-Ended Response"]
    assert merge_header_rows(first, second) == [
        "Respondent ID",
        "Which channels?/Phone",
        "Which channels?/E-mail",
        "Comments",
    ]


def test_surveymonkey_export_is_not_read_as_data(store, tmp_path: Path) -> None:
    from workbench.forms.library import builtin_forms

    form = builtin_forms()["stakeholder-interview"]
    text = next(q for q in form.iter_questions() if q.type in ("text", "longtext"))
    path = tmp_path / "sm.csv"
    path.write_text(
        f"Respondent ID,Collector ID,{text.label}\n,,Open-Ended Response\n"
        "114,9,Fine\n115,9,Slow\n",
        encoding="utf-8",
    )
    plan = plan_import(store, path, form.id)
    assert plan.platform == "surveymonkey" and plan.row_count == 2
    assert plan.mapping[text.label] == text.key
    assert [r.row for r in plan.rows] == [3, 4]


def test_multi_select_cells() -> None:
    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    q = form.question("available_transportation_types_to_referral_facility")
    assert multi_value("ambulance boat_canoe", q) == "ambulance;boat_canoe"
    assert multi_value("ambulance, boat/canoe", q) == "ambulance;boat_canoe"
    assert multi_value("taxi", q) == "taxi"


def test_dates_with_an_explicit_day_first_choice() -> None:
    assert parse_date("2022/06/22 11:07:29 AM AST") == date(2022, 6, 22)
    assert parse_date("03/04/2024") == date(2024, 3, 4)
    assert parse_date("03/04/2024", dayfirst=True) == date(2024, 4, 3)
    assert parse_date("2013-02-14T15:37:21") == date(2013, 2, 14)
    assert parse_date("not a date") is None


def test_google_forms_timestamp_is_a_date(store, tmp_path: Path) -> None:
    from workbench.forms.library import builtin_forms

    form = builtin_forms()["stakeholder-interview"]
    path = tmp_path / "google.csv"
    path.write_bytes(
        codecs.BOM_UTF16_LE
        + "Timestamp\tName\n2022/06/22 11:07:29 AM AST\tZoë\n".encode("utf-16-le")
    )
    plan = plan_import(store, path, form.id)
    assert plan.platform == "google"
    assert plan.mapping["Timestamp"] == "respondent.date"
    assert not plan.bad_rows, [str(p) for p in plan.all_problems]
    (row,) = list(plan.rows)
    assert row.respondent == {"date": date(2022, 6, 22), "name": "Zoë"}


def test_a_refusal_ends_with_its_reason(store, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(ImportFailed) as info:
        plan_import(store, path, "stakeholder-interview")
    last = str(info.value).splitlines()[-1]
    assert not last.rstrip().endswith(":") and "empty" in last


def odk_form(tmp_path: Path):
    """The form of ODK Central's selectMultiple test (q1, and q2 in group g1) as an XLSForm."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in [["type", "name", "label"], ["select_multiple l1", "q1", "one"],
                ["begin_group", "g1", "group"], ["select_multiple l2", "q2", "two"],
                ["end_group", "", ""]]:  # fmt: skip
        ws.append(row)
    ws = wb.create_sheet("choices")
    ws.append(["list_name", "name", "label"])
    for value in "abxyz":
        ws.append(["l1", value, value.upper()])
    for value in "mnxyz":
        ws.append(["l2", value, value.upper()])
    wb.save(tmp_path / "selectMultiple.xlsx")
    form, _ = import_xlsform(tmp_path / "selectMultiple.xlsx")
    return form


def test_odk_central_export_with_split_multi_selects(store, tmp_path: Path) -> None:
    form = odk_form(tmp_path)
    store.ensure_form_version(form, source="imported")
    plan = plan_import(store, DATA / "survey_exports" / "odk_central_select_multiple.csv", form.id)
    assert plan.platform == "odk"
    m = plan.mapping
    assert (m["q1"], m["g1-q2"], m["KEY"], m["SubmissionDate"]) == (
        "q1", "q2", "", "respondent.date"
    )  # fmt: skip
    # the whole column is kept; the option columns would repeat it (and name only x, y, z)
    assert m["q1/x"] == "" and m["g1-q2/m"] == ""
    assert not plan.problems and not plan.bad_rows, [str(p) for p in plan.all_problems]
    rows = list(plan.rows)
    assert [r.answers for r in rows] == [
        {"q1": ["a", "b"], "q2": ["x", "y", "z"]},
        {"q1": ["b"], "q2": ["m", "x"]},
    ]
    assert rows[0].respondent == {"date": date(2018, 1, 1)}  # named "Respondent <n>"
    assert rows[0].source_ref == "odk:one"


def test_odk_option_columns_alone_are_read(store, tmp_path: Path) -> None:
    form = odk_form(tmp_path)
    store.ensure_form_version(form, source="imported")
    path = tmp_path / "split.csv"
    path.write_text("SubmissionDate,g1-q2/m,g1-q2/n,KEY\n2018-01-01T00:00:00.000Z,1,0,one\n")
    plan = plan_import(store, path, form.id)
    assert plan.mapping["g1-q2/m"] == "q2.m"
    assert [r.answers for r in plan.rows] == [{"q2": ["m"]}]


def desk_form():
    from workbench.forms.schema import FormDefinition

    return FormDefinition.model_validate({
        "id": "desk", "title": "Desk", "version": 1,
        "sections": [{"key": "s", "title": "S", "questions": [
            {"key": "satisfaction", "type": "scale", "min": 1, "max": 5,
             "label": "How satisfied are you with the service desk?"},
            {"key": "channels", "type": "multi", "label": "Which channels do you use?",
             "choices": [{"value": "phone", "label": "Phone"}, {"value": "email", "label": "E-mail"},
                         {"value": "portal", "label": "Portal"}]},
            {"key": "comments", "type": "text", "label": "Anything else?"},
        ]}],
    })  # fmt: skip


@pytest.mark.parametrize(
    ("name", "platform", "first"),
    [
        ("surveymonkey_expanded_sample.csv", "surveymonkey",
         {"satisfaction": 4, "channels": ["phone", "portal"], "comments": "Faster call-backs"}),
        ("google_forms_sample.csv", "google", {"satisfaction": 4, "channels": ["phone", "portal"]}),
        ("microsoft_forms_sample.csv", "msforms",
         {"satisfaction": 4, "channels": ["phone", "portal"]}),
    ],
)  # fmt: skip
def test_platform_samples_map_onto_the_form(store, name, platform, first) -> None:
    form = desk_form()
    store.ensure_form_version(form, source="imported")
    plan = plan_import(store, DATA / "survey_exports" / name, form.id)
    assert plan.platform == platform
    assert not plan.problems and not plan.bad_rows, [str(p) for p in plan.all_problems]
    rows = list(plan.rows)
    assert len(rows) == 2 and rows[0].answers == first
    assert rows[0].respondent["date"] == date(2022, 6, 22)


def test_a_real_kobo_xlsx_export_keeps_the_whole_column_and_reads_none_selected(store) -> None:
    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    store.ensure_form_version(form, source="imported")
    plan = plan_import(store, DATA / "survey_exports" / "kobo_transportation_export.xlsx", form.id)
    key = "available_transportation_types_to_referral_facility"
    assert plan.platform == "kobo"
    assert plan.mapping[f"transport/{key}"] == key
    assert plan.mapping[f"transport/{key}/bus"] == ""  # the whole column says it all
    assert plan.row_count == 4
    # row 2's whole column holds "none" (what the device sent for nothing chosen), not a
    # choice; its option columns are all False: nothing selected, as the CSV export reads
    assert not plan.bad_rows, [str(p) for p in plan.all_problems]
    (warning,) = [w for w in plan.warnings if w.row == 2]
    assert "'none'" in warning.message and "nothing selected" in warning.message
    good = list(plan.rows)
    assert [r.answers.get(key) for r in good] == [
        None, ["ambulance", "bicycle"], ["ambulance"], ["taxi", "other"]
    ]  # fmt: skip
