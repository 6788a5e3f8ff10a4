"""Survey exports as a consultant meets them: Kobo's nothing-selected rows, dates whose
order one column decides, SurveyMonkey's first and last names, respondents told apart by
e-mail, and refusals in words."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from workbench.cli import main
from workbench.forms.xlsform import import_xlsform
from workbench.store import create_engagement, open_engagement

DATA = Path(__file__).parents[2] / "data"
EXPORTS = DATA / "survey_exports"


def run(*argv: str) -> tuple[int, str, str]:
    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(list(argv), out=out)
    return code, out.getvalue(), err.getvalue()


def engagement_with(tmp_path: Path, form) -> Path:
    path = tmp_path / "e.wbk"
    s = create_engagement(path, client="A", title="B")
    s.ensure_form_version(form, source="imported")
    s.close()
    return path


def transportation(tmp_path: Path) -> tuple[Path, str]:
    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    return engagement_with(tmp_path, form), form.id


def stored_keys(engagement: Path) -> dict[str, set[str]]:
    """The question keys answered, by the interview's submission reference."""
    from sqlalchemy import select

    from workbench.store.models import Answer, Interview

    s = open_engagement(engagement)
    try:
        with s.session() as db:
            out: dict[str, set[str]] = {
                ref: set() for ref in db.execute(select(Interview.source_ref)).scalars()
            }
            for ref, key in db.execute(
                select(Interview.source_ref, Answer.question_key).join(
                    Answer, Answer.interview_id == Interview.id
                )
            ):
                out[ref].add(key)
    finally:
        s.close()
    return out


# -- Kobo: a row with nothing selected ------------------------------------------------------
def test_the_real_kobo_xlsx_export_imports_every_submission(tmp_path: Path) -> None:
    engagement, form_id = transportation(tmp_path)
    xlsx = str(EXPORTS / "kobo_transportation_export.xlsx")
    code, out, err = run("import", str(engagement), xlsx, "--form", form_id)
    assert code == 0, err
    assert "Imported 4 responses" in out
    # the same data as the CSV export: the first submission chose nothing
    key = "available_transportation_types_to_referral_facility"
    chosen = stored_keys(engagement)
    assert key not in chosen["kobo:5b2cc313-fc09-437e-8149-fcd32f695d41"]
    assert key in chosen["kobo:f3d8dc65-91a6-4d0f-9e97-802128083390"]


def test_a_refusal_for_bad_rows_names_the_way_to_import_the_rest(tmp_path: Path) -> None:
    from workbench.forms.schema import FormDefinition

    form = FormDefinition.model_validate({
        "id": "desk", "title": "Desk", "version": 1,
        "sections": [{"key": "s", "title": "S", "questions": [
            {"key": "satisfaction", "type": "scale", "min": 1, "max": 5, "label": "Satisfaction"},
        ]}],
    })  # fmt: skip
    engagement = engagement_with(tmp_path, form)
    csv = tmp_path / "r.csv"
    csv.write_text("Name,Satisfaction\nAnn,4\nBob,9\nCy,3\n", encoding="utf-8")
    code, _, err = run("import", str(engagement), str(csv), "--form", "desk")
    assert code != 0
    last = err.strip().splitlines()[-1]
    assert "1 row(s) have bad cells; nothing was imported" in last
    assert "--skip-bad-rows" in last and "other 2 rows" in last


# -- dates: one reading for a whole column --------------------------------------------------
def desk_engagement(tmp_path: Path) -> Path:
    from workbench.forms.schema import FormDefinition

    form = FormDefinition.model_validate({
        "id": "desk", "title": "Desk", "version": 1,
        "sections": [{"key": "s", "title": "S", "questions": [
            {"key": "satisfaction", "type": "scale", "min": 1, "max": 5,
             "label": "How satisfied are you with the service desk?"},
        ]}],
    })  # fmt: skip
    return engagement_with(tmp_path, form)


def ms_forms(tmp_path: Path, *times: str) -> Path:
    path = tmp_path / "ms.csv"
    lines = [
        "ID,Start time,Completion time,Email,Name,How satisfied are you with the service desk?"
    ]
    for n, when in enumerate(times, 1):
        lines.append(f"{n},{when} 11:02,{when} 11:07,p{n}@example.com,P{n},4")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_dates(engagement: Path) -> list:
    from sqlalchemy import select

    from workbench.store.models import Interview

    s = open_engagement(engagement)
    try:
        with s.session() as db:
            return sorted(db.execute(select(Interview.date)).scalars())
    finally:
        s.close()


def test_a_day_first_column_is_read_day_first_throughout(tmp_path: Path) -> None:
    from datetime import date

    engagement = desk_engagement(tmp_path)
    code, _, err = run("import", str(engagement), str(ms_forms(tmp_path, "6/7/22", "22/6/22")),
                       "--form", "desk")  # fmt: skip
    assert code == 0, err
    assert stored_dates(engagement) == [date(2022, 6, 22), date(2022, 7, 6)]
    assert "column C (Completion time) are read day first: row 3 holds '22/6/22 11:07'" in err


def test_a_month_first_cell_is_refused_when_days_come_first(tmp_path: Path) -> None:
    engagement = desk_engagement(tmp_path)
    code, _, err = run("import", str(engagement), str(ms_forms(tmp_path, "6/7/22", "6/22/22")),
                       "--form", "desk", "--dayfirst")  # fmt: skip
    assert code != 0
    assert (
        "ms.csv, row 3, column C (Completion time): '6/22/22 11:07' reads only month first" in err
    )
    assert stored_dates(engagement) == []


def test_contradicting_cells_are_refused_by_row_and_column(tmp_path: Path) -> None:
    from workbench.deliver.importer import plan_import

    engagement = desk_engagement(tmp_path)
    s = open_engagement(engagement)
    try:
        plan = plan_import(s, ms_forms(tmp_path, "22/6/22", "23/6/22", "6/22/22"), "desk")
    finally:
        s.close()
    (bad,) = plan.bad_rows
    assert bad.row == 4 and bad.problems[0].column == "C (Completion time)"
    assert "reads only month first" in bad.problems[0].message


def test_an_ambiguous_column_says_which_order_it_is_read_in(tmp_path: Path) -> None:
    from datetime import date

    engagement = desk_engagement(tmp_path)
    code, _, err = run("import", str(engagement), str(ms_forms(tmp_path, "6/7/22", "3/4/22")),
                       "--form", "desk")  # fmt: skip
    assert code == 0, err
    assert "are read month first: every date in it reads either way" in err
    assert stored_dates(engagement) == [date(2022, 3, 4), date(2022, 6, 7)]


# -- the workbook's answers sheet keeps an interview with nothing answered ------------------
def test_a_respondent_with_nothing_selected_keeps_a_row_in_the_answers_sheet(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    engagement, form_id = transportation(tmp_path)
    csv = str(EXPORTS / "kobo_transportation.csv")
    assert run("import", str(engagement), csv, "--form", form_id)[0] == 0
    xlsx = tmp_path / "out.xlsx"
    code, _, err = run("export", str(engagement), "-o", str(xlsx))
    assert code == 0, err
    wb = load_workbook(xlsx, read_only=True)

    def named(sheet) -> set[str]:
        return {
            str(v) for row in sheet.iter_rows(values_only=True) for v in row
            if isinstance(v, str) and v.startswith("Respondent ")
        }  # fmt: skip

    answers = next(ws for ws in wb if ws.title.startswith("Answers – "))
    expected = {f"Respondent {n}" for n in range(1, 5)}
    assert named(wb["Interviews"]) >= expected
    assert named(answers) >= expected  # Respondent 1 chose nothing: its row stays


# -- SurveyMonkey: first and last names ------------------------------------------------------
def test_surveymonkey_first_and_last_names_make_the_respondent(tmp_path: Path) -> None:
    from workbench.deliver.importer import plan_import

    engagement = desk_engagement(tmp_path)
    s = open_engagement(engagement)
    try:
        plan = plan_import(s, EXPORTS / "surveymonkey_expanded_sample.csv", "desk")
    finally:
        s.close()
    assert plan.mapping["First Name"] == "respondent.first_name"
    assert plan.mapping["Last Name"] == "respondent.last_name"
    assert [r.respondent["name"] for r in plan.rows] == ["Ann Lee", "Bob Roy"]
    code, out, err = run(
        "import", str(engagement), str(EXPORTS / "surveymonkey_expanded_sample.csv"),
        "--form", "desk",
    )  # fmt: skip
    assert code == 0, err
    s = open_engagement(engagement)
    try:
        assert sorted(r.name for r in s.respondents()) == ["Ann Lee", "Bob Roy"]
    finally:
        s.close()


# -- respondents of the same name with other e-mail addresses --------------------------------
def test_a_known_name_with_another_email_is_a_new_respondent_and_warned(tmp_path: Path) -> None:
    engagement = desk_engagement(tmp_path)
    google = str(EXPORTS / "google_forms_sample.csv")
    ms = str(EXPORTS / "microsoft_forms_sample.csv")
    assert run("import", str(engagement), google, "--form", "desk")[0] == 0
    code, out, err = run("import", str(engagement), ms, "--form", "desk")
    assert code == 0, err
    assert "2 new and 0 known respondents" in out
    assert (
        "warning: microsoft_forms_sample.csv, row 2, column D (Email): 'Ann Lee' is known with "
        "the e-mail ann@example.com, not ann.lee@example.com: imported as a new respondent"
    ) in err
    # the same file again: each row finds the respondent of its own e-mail, no warning
    code, out, err = run("import", str(engagement), ms, "--form", "desk")
    assert "2 already imported" in out and "is known with the e-mail" not in err


def test_a_row_matches_the_respondent_of_its_email_or_one_without() -> None:
    from workbench.deliver.importer import same_person

    known = [("a", "ann@example.com"), ("b", "")]
    assert same_person(known, "ANN@example.com ") == "a"
    assert same_person(known, "other@example.com") == "b"  # no e-mail known: the same
    assert same_person([("a", "ann@example.com")], "other@example.com") is None
    assert same_person([("a", "ann@example.com")], "") == "a"
    assert same_person([], "ann@example.com") is None


# -- refusals and lists in words ---------------------------------------------------------------
def test_a_truncated_workbook_is_named_damaged_in_words(tmp_path: Path) -> None:
    engagement, form_id = transportation(tmp_path)
    whole = (EXPORTS / "kobo_transportation_export.xlsx").read_bytes()
    cut = tmp_path / "responses.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    code, _, err = run("import", str(engagement), str(cut), "--form", form_id)
    assert code != 0
    assert f"{cut}: the file is damaged or is not a complete spreadsheet" in err
    assert "EOCD" not in err and "Zip" not in err
    renamed = tmp_path / "notes.xlsx"
    renamed.write_text("Name,Role\nAnn,Lead\n", encoding="utf-8")
    code, _, err = run("import", str(engagement), str(renamed), "--form", form_id)
    assert f"{renamed}: the file is not a .xlsx spreadsheet" in err and "EOCD" not in err


def test_columns_not_imported_are_named_whole_and_the_submission_id_says_why(
    tmp_path: Path,
) -> None:
    from workbench.deliver.importer import shown_header

    engagement, form_id = transportation(tmp_path)
    csv = str(EXPORTS / "kobo_transportation.csv")
    code, _, err = run("import", str(engagement), csv, "--form", form_id)
    assert code == 0, err
    loop = "transport/loop_over_transport_types_frequency/ambulance/frequency_to_referral_facility"
    assert f"column not imported: {loop!r}" in err  # 86 characters, whole
    assert "column '_uuid': not an answer; used to recognise submissions already imported" in err
    assert "column not imported: '_uuid'" not in err
    assert "are read month first" not in err  # ISO dates: no order to name
    long = "How satisfied " + "were you with the way the service desk answered " * 5
    shown = shown_header(long)
    assert shown.endswith("…") and len(shown) <= 160
    assert long.startswith(shown[:-1]) and long[len(shown) - 1] == " "  # cut at a word
