"""Rows of one file naming the same person: found in the plan, before anything is written,
by the rule that matches a row to a respondent (the same name, and the same e-mail address
when both give one)."""

from __future__ import annotations

from _sheets import sheet
from sqlalchemy import func, select

from workbench.deliver.import_repeats import Duplicates
from workbench.deliver.importer import apply_import, plan_import
from workbench.forms.schema import FormDefinition
from workbench.store.models import Interview, Respondent

FORM = FormDefinition.model_validate(
    {"id": "servqual", "title": "SERVQUAL", "version": 1,
     "sections": [{"key": "s", "title": "S", "questions": [
         {"key": "q1", "type": "text", "label": "Q1"}]}]}
)  # fmt: skip


def count(store, model) -> int:
    with store.session() as s:
        return s.execute(select(func.count()).select_from(model)).scalar()


def test_two_rows_of_one_new_person_are_found_before_anything_is_written(store, tmp_path):
    data = sheet(
        tmp_path / "a.csv", "name,q1",
        "Ann Lee,a", "Bob Ray,b", "ann lee ,c", "Cy Dee,d", "Bob Ray,e", "Bob Ray,f",
    )  # fmt: skip
    plan = plan_import(store, data, "servqual", wave="w1")
    assert plan.repeats is None  # nobody is in the engagement yet
    # named as the second row naming them writes it (the first row's words are not kept)
    assert plan.duplicates == Duplicates((("ann lee", (2, 4)), ("Bob Ray", (3, 6, 7))))
    assert plan.duplicates.rows == 3
    assert plan.duplicates.message() == (
        "2 people are named in more than one row of the file: ann lee (rows 2 and 4), "
        "Bob Ray (rows 3, 6 and 7)"
    )
    assert count(store, Interview) == 0 and count(store, Respondent) == 0
    # imported all the same, they are one person each with several interviews
    summary = apply_import(store, plan, wave="w1")
    assert (summary.interviews, summary.respondents_created) == (6, 3)


def test_e_mail_addresses_tell_people_of_one_name_apart(store, tmp_path):
    data = sheet(
        tmp_path / "a.csv", "name,email,q1",
        "Ann Lee,ann@x.org,a",
        "Ann Lee,other@y.org,b",  # another Ann Lee
        "Ann Lee,ANN@x.org,c",  # the first one again
        "Bob Ray,,d",
        "Bob Ray,bob@x.org,e",  # Bob of the earlier row, who gave no address
    )  # fmt: skip
    plan = plan_import(store, data, "servqual")
    assert plan.duplicates is not None
    assert plan.duplicates.people == (("Ann Lee", (2, 4)), ("Bob Ray", (5, 6)))
    assert plan.duplicates.message().startswith("2 people are named in more than one row")
    summary = apply_import(store, plan)
    assert summary.respondents_created == 3  # the two Ann Lees and Bob: as the plan said


def test_a_known_respondent_named_twice_is_found_too(store, tmp_path):
    first = sheet(tmp_path / "a.csv", "name,q1", "Ann Lee,a")
    apply_import(store, plan_import(store, first, "servqual", wave="w1"), wave="w1")
    second = sheet(tmp_path / "b.csv", "name,q1", "Ann Lee,b", "Cy Dee,c", "ANN LEE,d")
    plan = plan_import(store, second, "servqual", wave="w2")  # nobody in w2 yet
    assert plan.repeats is None
    assert plan.duplicates is not None and plan.duplicates.people == (("Ann Lee", (2, 4)),)
    assert plan.duplicates.message() == (
        "1 person is named in more than one row of the file: Ann Lee (rows 2 and 4)"
    )


def test_numbered_rows_bad_rows_and_one_submission_twice_are_not_duplicates(store, tmp_path):
    numbered = sheet(tmp_path / "a.csv", "q1", "a", "a", "a")
    assert plan_import(store, numbered, "servqual").duplicates is None
    form = FormDefinition.model_validate(
        {"id": "rated", "title": "Rated", "version": 1,
         "sections": [{"key": "s", "title": "S", "questions": [
             {"key": "r", "type": "number", "label": "R"}]}]}
    )  # fmt: skip
    store.ensure_form_version(form, source="imported")
    bad = sheet(tmp_path / "b.csv", "name,r", "Ann Lee,1", "Ann Lee,not a number")
    plan = plan_import(store, bad, "rated")
    assert len(plan.bad_rows) == 1 and plan.duplicates is None  # skipped, not imported
    # a platform's export listing one submission twice: the import skips the second
    kobo = sheet(tmp_path / "k.csv", "name,q1,_uuid", "Ann Lee,a,u-1", "Ann Lee,a,u-1")
    assert plan_import(store, kobo, "servqual").duplicates is None
    both = sheet(tmp_path / "k2.csv", "name,q1,_uuid", "Ann Lee,a,u-1", "Ann Lee,b,u-2")
    plan = plan_import(store, both, "servqual")
    assert plan.duplicates is not None and plan.duplicates.people == (("Ann Lee", (2, 3)),)
    # once u-1 is imported, its row is skipped: Ann Lee's one new submission is no duplicate
    apply_import(store, plan_import(store, kobo, "servqual"))
    assert plan_import(store, both, "servqual").duplicates is None


def test_a_long_list_is_cut_and_counted() -> None:
    people = tuple((f"P{i}", (10 + i, 100 + i)) for i in range(7))
    many = Duplicates((("Ann Lee", tuple(range(2, 12))), *people))
    assert many.message() == (
        "8 people are named in more than one row of the file: Ann Lee (rows 2, 3, 4, 5, 6, "
        "7 and 4 more), P0 (rows 10 and 100), P1 (rows 11 and 101), P2 (rows 12 and 102), "
        "P3 (rows 13 and 103), and 3 more"
    )


def test_rows_are_numbered_as_the_spreadsheet_shows_them(store, tmp_path):
    """Blank rows count in the row numbers (a workbook's rows above its first filled one
    too); a plain sheet's rows are still known by their place among the filled rows, as
    they were when imported before."""
    import openpyxl

    data = sheet(tmp_path / "a.csv", "name,q1", "Ann Lee,a", "", "", "Bob Ray,b", "Ann Lee,c")
    plan = plan_import(store, data, "servqual")
    assert plan.duplicates is not None and plan.duplicates.people == (("Ann Lee", (2, 6)),)
    assert [row.row for row in plan.rows] == [2, 5, 6]
    apply_import(store, plan)
    with store.session() as s:
        refs = sorted(
            r.rsplit(":", 1)[1] for r in s.execute(select(Interview.source_ref)).scalars()
        )
    assert refs == ["2", "3", "4"]

    book = openpyxl.Workbook()
    cells = book.active
    for ref, value in {"B3": "name", "C3": "r", "B4": "Cy Dee", "C4": "1", "B6": "Cy Dee",
                       "C6": "x"}.items():  # fmt: skip
        cells[ref] = value
    book.save(tmp_path / "b.xlsx")
    form = FormDefinition.model_validate(
        {"id": "rated", "title": "Rated", "version": 1,
         "sections": [{"key": "s", "title": "S", "questions": [
             {"key": "r", "type": "number", "label": "R"}]}]}
    )  # fmt: skip
    store.ensure_form_version(form, source="imported")
    plan = plan_import(store, tmp_path / "b.xlsx", "rated")
    assert [r.row for r in plan.bad_rows] == [6]
    assert plan.all_problems[0].row == 6
