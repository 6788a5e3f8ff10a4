"""Survey exports downloaded again, date answers read day first, respondents without a
name column."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.deliver.importer import ImportFailed, apply_import, plan_import
from workbench.forms.schema import FormDefinition
from workbench.forms.xlsform import import_xlsform
from workbench.store import create_engagement
from workbench.store.models import Answer, Interview, Respondent

DATA = Path(__file__).parents[2] / "data"


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    yield s
    s.close()


def form_with(*questions: dict) -> FormDefinition:
    return FormDefinition.model_validate(
        {"id": "visit", "title": "Visit", "version": 1,
         "sections": [{"key": "s", "title": "S", "questions": list(questions)}]}
    )  # fmt: skip


def count(store, model) -> int:
    with store.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar()


def test_the_same_kobo_export_imported_twice_is_skipped_the_second_time(store) -> None:
    form, _ = import_xlsform(DATA / "xlsform" / "transportation.xls")
    store.ensure_form_version(form, source="imported")
    path = DATA / "survey_exports" / "kobo_transportation.csv"
    first = apply_import(store, plan_import(store, path, form.id))
    assert first.interviews == 4 and first.already_imported == 0
    again = apply_import(store, plan_import(store, path, form.id))
    assert again.interviews == 0 and again.already_imported == 4
    assert count(store, Interview) == 4
    with store.session() as s:
        refs = set(s.execute(select(Interview.source_ref)).scalars())
        names = sorted(s.execute(select(Respondent.name)).scalars())
    assert "kobo:5b2cc313-fc09-437e-8149-fcd32f695d41" in refs
    # no name column: numbered respondents, the submission id kept with the interview
    assert names == ["Respondent 1", "Respondent 2", "Respondent 3", "Respondent 4"]


def test_a_new_download_adds_only_the_new_submissions(store, tmp_path: Path) -> None:
    form = form_with({"key": "q1", "type": "text", "label": "Q1"})
    store.ensure_form_version(form, source="imported")
    path = tmp_path / "odk.csv"
    path.write_text("SubmissionDate,name,q1,KEY\n2024-03-01,Ann,a,uuid:1\n", encoding="utf-8")
    apply_import(store, plan_import(store, path, form.id))
    path.write_text(
        "SubmissionDate,name,q1,KEY\n2024-03-01,Ann,a,uuid:1\n2024-03-02,Bob,b,uuid:2\n",
        encoding="utf-8",
    )
    summary = apply_import(store, plan_import(store, path, form.id))
    assert (summary.interviews, summary.already_imported) == (1, 1)
    assert count(store, Interview) == 2


def test_google_forms_resubmissions_are_told_apart_by_time_and_respondent(store) -> None:
    from tests.core.importing.test_survey_exports import desk_form

    form = desk_form()
    store.ensure_form_version(form, source="imported")
    path = DATA / "survey_exports" / "google_forms_sample.csv"
    apply_import(store, plan_import(store, path, form.id))
    summary = apply_import(store, plan_import(store, path, form.id))
    assert (summary.interviews, summary.already_imported) == (0, 2)


def test_the_cli_says_what_was_already_imported(tmp_path: Path, capsys) -> None:
    from workbench.cli import main

    engagement = tmp_path / "e.wbk"
    create_engagement(engagement, client="A", title="B").close()
    form = DATA / "xlsform" / "transportation.xls"
    assert main(["form", "import", str(engagement), str(form)]) == 0
    data = DATA / "survey_exports" / "kobo_transportation.csv"
    args = ["import", str(engagement), str(data), "--form", "transportation-2011-07-25"]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 0
    assert "4 already imported, skipped" in capsys.readouterr().out


def test_date_answers_follow_the_day_first_choice(store, tmp_path: Path) -> None:
    form = form_with({"key": "visit_date", "type": "date", "label": "Visit date"})
    store.ensure_form_version(form, source="imported")
    path = tmp_path / "visits.csv"
    path.write_text("name,Visit date\nAnn,03/04/2024\n", encoding="utf-8")
    plan = plan_import(store, path, form.id, dayfirst=True)
    assert not plan.bad_rows, [str(p) for p in plan.all_problems]
    assert list(plan.rows)[0].answers == {"visit_date": "2024-04-03"}
    plan = plan_import(store, path, form.id)
    assert list(plan.rows)[0].answers == {"visit_date": "2024-03-04"}
    apply_import(store, plan_import(store, path, form.id, dayfirst=True))
    with store.session() as s:
        assert s.execute(select(Answer.value)).scalar() == "2024-04-03"


def test_google_forms_email_without_a_name_column_names_the_respondent(
    store, tmp_path: Path
) -> None:
    form = form_with({"key": "q1", "type": "text", "label": "Q1"})
    store.ensure_form_version(form, source="imported")
    path = tmp_path / "google.csv"
    path.write_text(
        "Timestamp,Email address,Q1\n2022/06/22 11:07:29 AM AST,ann@example.com,fine\n",
        encoding="utf-8",
    )
    plan = plan_import(store, path, form.id)
    assert not plan.problems and not plan.bad_rows, [str(p) for p in plan.all_problems]
    assert list(plan.rows)[0].respondent["name"] == "ann@example.com"


def test_checkbox_labels_holding_a_comma_are_matched_whole() -> None:
    from workbench.deliver.survey_exports import multi_value

    form = form_with(
        {"key": "city", "type": "multi", "label": "City",
         "choices": [{"value": "lon", "label": "London"},
                     {"value": "nbo", "label": "Nairobi, Kenya"},
                     {"value": "nai", "label": "Nairobi"}]}
    )  # fmt: skip
    q = form.question("city")
    assert multi_value("London, Nairobi, Kenya", q) == "lon;nbo"
    assert multi_value("Nairobi, London", q) == "nai;lon"
    assert multi_value("London, Paris", q) == "London, Paris"  # named as not a choice


ITIL = (
    {"key": "uses_itil", "type": "single", "label": "Uses ITIL", "required": True,
     "choices": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]},
    {"key": "years", "type": "number", "label": "Years", "relevant": "uses_itil == 'yes'"},
)  # fmt: skip


def test_answers_to_questions_not_asked_are_refused_by_row(store, tmp_path: Path) -> None:
    form = form_with(*ITIL)
    store.ensure_form_version(form, source="imported")
    path = tmp_path / "itil.csv"
    path.write_text("name,uses_itil,years\nAnn,no,7\nBob,yes,3\nCy,,\n", encoding="utf-8")
    plan = plan_import(store, path, form.id)
    (bad,) = plan.bad_rows
    assert bad.row == 2 and bad.problems[0].column == "C (years)"
    assert "answered though not asked because" in bad.problems[0].message
    assert "uses_itil == 'yes'" in bad.problems[0].message
    assert [(w.row, w.column, w.message) for w in plan.warnings] == [
        (4, "B (uses_itil)", "a required question is empty")
    ]
    with pytest.raises(ImportFailed, match="1 row"):
        apply_import(store, plan)
    summary = apply_import(store, plan, skip_bad_rows=True)
    assert summary.interviews == 2 and summary.skipped_rows == [2]
    with store.session() as s:
        assert list(s.execute(select(Answer.value).where(Answer.question_key == "years"))) == [
            (3,)
        ]
