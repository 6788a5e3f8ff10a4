"""Survey exports: labels in every language of the form, the sheets of a workbook that
are not imported, and the encodings of CSV files."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.deliver.importer import ImportFailed, plan_import
from workbench.deliver.survey_exports import eight_bit_encoding, single_value
from workbench.forms.xlsform import import_xlsform
from workbench.store import create_engagement

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    yield s
    s.close()


def two_language_form(tmp_path: Path):
    """A KoboToolbox form in English and French (an XLSForm built here)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in [
        ["type", "name", "label::English (en)", "label::Français (fr)"],
        ["begin_group", "intro", "Introduction", "Introduction"],
        ["select_one yn", "recommend", "Would you recommend us?", "Nous recommanderiez-vous ?"],
        ["select_multiple ch", "channels", "Which channels do you use?",
         "Quels canaux utilisez-vous ?"],
        ["end_group", "", "", ""],
        ["text", "comments", "Comments", "Commentaires"],
    ]:  # fmt: skip
        ws.append(row)
    ws = wb.create_sheet("choices")
    ws.append(["list_name", "name", "label::English (en)", "label::Français (fr)"])
    for row in [["yn", "yes", "Yes", "Oui"], ["yn", "no", "No", "Non"],
                ["ch", "phone", "Phone", "Téléphone"], ["ch", "web_portal", "Web portal",
                 "Portail web"], ["ch", "email", "E-mail", "Courriel"]]:  # fmt: skip
        ws.append(row)
    ws = wb.create_sheet("settings")
    ws.append(["form_id", "default_language"])
    ws.append(["desk_fr", "English (en)"])
    wb.save(tmp_path / "desk.xlsx")
    form, _ = import_xlsform(tmp_path / "desk.xlsx")
    return form


# Kobo's "Labels" export in the form's second language, with group names in the headers:
# question and choice labels in French, a multi-select as one column of labels separated
# by spaces and as one 1/0 column per option (built here to the shape Kobo writes)
KOBO_FRENCH = (
    "Introduction/Nous recommanderiez-vous ?,Introduction/Quels canaux utilisez-vous ?,"
    "Introduction/Quels canaux utilisez-vous ?/Téléphone,"
    "Introduction/Quels canaux utilisez-vous ?/Portail web,"
    "Introduction/Quels canaux utilisez-vous ?/Courriel,Commentaires,"
    "_id,_uuid,_submission_time,_index\n"
    "Oui,Téléphone Portail web,1,1,0,Rapide,1,9c1f-1,2024-03-01T10:00:00,1\n"
    "Non,Courriel,0,0,1,Lent,2,9c1f-2,2024-03-02T11:00:00,2\n"
)


def test_a_kobo_export_in_the_forms_second_language(store, tmp_path: Path) -> None:
    form = two_language_form(tmp_path)
    assert form.languages[1:] == ["Français (fr)"]
    store.ensure_form_version(form, source="imported")
    path = tmp_path / "kobo_fr.csv"
    path.write_text(KOBO_FRENCH, encoding="utf-8")
    plan = plan_import(store, path, form.id)
    assert plan.platform == "kobo"
    m = plan.mapping
    assert m["Introduction/Nous recommanderiez-vous ?"] == "recommend"
    assert m["Introduction/Quels canaux utilisez-vous ?"] == "channels"
    assert m["Commentaires"] == "comments"
    assert m["_submission_time"] == "respondent.date"
    assert not plan.problems and not plan.bad_rows, [str(p) for p in plan.all_problems]
    rows = list(plan.rows)
    assert [r.answers for r in rows] == [
        {"recommend": "yes", "channels": ["phone", "web_portal"], "comments": "Rapide"},
        {"recommend": "no", "channels": ["email"], "comments": "Lent"},
    ]
    assert [r.respondent["date"] for r in rows] == [date(2024, 3, 1), date(2024, 3, 2)]


def test_option_columns_alone_are_read_by_their_label_in_another_language(
    store, tmp_path: Path
) -> None:
    form = two_language_form(tmp_path)
    store.ensure_form_version(form, source="imported")
    path = tmp_path / "kobo_fr_split.csv"
    lines = KOBO_FRENCH.splitlines()
    keep = [0, 2, 3, 4, 7]  # the question, the three option columns, _uuid
    path.write_text(
        "\n".join(",".join(line.split(",")[i] for i in keep) for line in lines) + "\n",
        encoding="utf-8",
    )
    plan = plan_import(store, path, form.id)
    assert plan.mapping["Introduction/Quels canaux utilisez-vous ?/Portail web"] == (
        "channels.web_portal"
    )
    assert not plan.all_problems, [str(p) for p in plan.all_problems]
    assert [r.answers for r in plan.rows] == [
        {"recommend": "yes", "channels": ["phone", "web_portal"]},
        {"recommend": "no", "channels": ["email"]},
    ]


def test_a_single_choice_by_its_label_in_any_language(tmp_path: Path) -> None:
    q = two_language_form(tmp_path).question("recommend")
    assert single_value("Oui", q) == "yes"
    assert single_value(" non ", q) == "no"
    assert single_value("yes", q) == "yes"
    assert single_value("Peut-être", q) == "Peut-être"  # left for the reader to name


# -- a workbook's other sheets ---------------------------------------------------------------
def kobo_export_with_a_repeat(tmp_path: Path) -> Path:
    """Kobo's real .xlsx export of transportation.xls with, after it, a sheet such as Kobo
    writes for a repeat group (one row per repetition, ``_parent_index`` naming its
    submission) — that sheet built here."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    real = CalamineWorkbook.from_path(
        str(DATA / "survey_exports" / "kobo_transportation_export.xlsx")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = real.sheet_names[0]
    for row in real.get_sheet_by_index(0).to_python():
        ws.append(row)
    rep = wb.create_sheet("household_members")
    rep.append(["member_name", "member_age", "_index", "_parent_table_name", "_parent_index",
                "_submission__uuid"])  # fmt: skip
    for i, (name, age, parent) in enumerate(
        [("Ama", 34, 1), ("Kofi", 9, 1), ("Esi", 61, 2), ("Yaw", 27, 3), ("Adjoa", 3, 3)], 1
    ):
        rep.append([name, age, i, real.sheet_names[0], parent, f"uuid-{parent}"])
    path = tmp_path / "transportation_with_repeat.xlsx"
    wb.save(path)
    return path


REPEAT_REASON = "a repeat group"


def test_a_repeat_sheet_is_named_with_its_rows_and_why(store, tmp_path: Path) -> None:
    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    store.ensure_form_version(form, source="imported")
    path = kobo_export_with_a_repeat(tmp_path)
    plan = plan_import(store, path, form.id)
    assert plan.row_count == 4  # the first sheet, as before
    ((sheet, rows, why),) = plan.sheets_not_imported
    assert (sheet, rows) == ("household_members", 5)
    assert REPEAT_REASON in why and "cannot be carried" in why
    # the real export alone has one sheet: nothing to say
    alone = plan_import(store, DATA / "survey_exports" / "kobo_transportation_export.xlsx", form.id)
    assert alone.sheets_not_imported == []


def test_the_command_line_names_the_sheet_not_imported(tmp_path: Path) -> None:
    engagement = tmp_path / "cli.wbk"
    s = create_engagement(engagement, client="A", title="B")
    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    s.ensure_form_version(form, source="imported")
    s.close()
    path = kobo_export_with_a_repeat(tmp_path)
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        main(["import", str(engagement), str(path), "--form", form.id, "--skip-bad-rows"], out=out)
    line = next(x for x in err.getvalue().splitlines() if x.startswith("sheet not imported"))
    assert "'household_members' (5 rows)" in line and REPEAT_REASON in line


# -- encodings -------------------------------------------------------------------------------
POLISH = "Name;Role\nŁukasz Żółć;Kierownik\nZofia Świętek;Łódź\n"


def test_a_central_european_csv_is_read_in_its_own_encoding(store, tmp_path: Path) -> None:
    path = tmp_path / "pl.csv"
    path.write_bytes(POLISH.encode("cp1250"))
    assert eight_bit_encoding(path) == "cp1250"
    plan = plan_import(store, path, "stakeholder-interview")
    assert [r.respondent["name"] for r in plan.rows] == ["Łukasz Żółć", "Zofia Świętek"]


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Name;Role\nJosé Núñez;Gérant\n", "cp1252"),
        ("Name;overall_satisfaction\nZoë;4\n", "cp1252"),
        ("Name,Comment\nAnne,“quoted” – 5 € don’t\n", "cp1252"),
        ("Имя,Комментарий\nИван Петров,Очень хорошо\nМария,Медленно отвечали\n", "cp1251"),
        ("Имя,Комментарий\nИван Петров,Очень хорошо\nМария,Медленно отвечали\n", "koi8_r"),
        (
            "名前,コメント\n山田太郎,とても良いサービスでした\n佐藤花子,対応が遅かった\n",
            "shift_jis",
        ),
    ],
)
def test_eight_bit_encodings(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(text.encode(encoding))
    assert path.read_bytes().decode(eight_bit_encoding(path)) == text


def test_a_file_in_no_text_encoding_is_refused_with_the_reason_last(store, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ImportFailed) as info:
        plan_import(store, path, "stakeholder-interview")
    last = str(info.value).splitlines()[-1]
    assert "encoding cannot be recognised" in last and "CSV UTF-8" in last
    engagement = store.path
    store.close()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["import", str(engagement), str(path), "--form", "stakeholder-interview"],
                    out=io.StringIO())  # fmt: skip
    assert code != 0
    assert "encoding cannot be recognised" in err.getvalue().strip().splitlines()[-1]
