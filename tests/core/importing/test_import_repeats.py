"""A second file naming people who already have an interview of the form in the wave: the
plan finds those rows before anything is written."""

from __future__ import annotations

from _sheets import sheet
from sqlalchemy import func, select

from workbench.deliver.importer import apply_import, plan_import
from workbench.forms.schema import FormDefinition
from workbench.store.models import Interview

FORM = FormDefinition.model_validate(
    {"id": "servqual", "title": "SERVQUAL", "version": 1,
     "sections": [{"key": "s", "title": "S", "questions": [
         {"key": "q1", "type": "text", "label": "Q1"}]}]}
)  # fmt: skip


def interviews(store) -> int:
    with store.session() as s:
        return s.execute(select(func.count()).select_from(Interview)).scalar()


def test_a_different_file_naming_the_same_people_in_the_same_wave_is_found(store, tmp_path):
    first = sheet(tmp_path / "a.csv", "name,q1", "Ann Lee,a", "Bob Ray,b", "Cy Dee,c", "Di Fo,d")
    held = dict(wave="baseline", interviewer="Sam Patel")  # interviews Sam Patel held
    apply_import(store, plan_import(store, first, "servqual", **held), **held)
    second = sheet(
        tmp_path / "b.csv", "name,q1",
        "ann lee,x", "Eve New,y", "Bob Ray,z", "Cy Dee,w", "Di Fo,v",
    )  # fmt: skip
    plan = plan_import(store, second, "servqual", wave="baseline")
    assert plan.repeats is not None
    assert [row for row, _ in plan.repeats.rows] == [2, 4, 5, 6]  # Eve New is new
    assert plan.repeats.message() == (
        "4 rows name people who already have a 'SERVQUAL' interview in wave 'baseline': "
        "ann lee, Bob Ray, Cy Dee, …"
    )
    assert interviews(store) == 4  # planning wrote nothing
    # the same people in another wave are that wave's interviews: nothing to say
    assert plan_import(store, second, "servqual", wave="follow-up").repeats is None
    # no wave named: the engagement's first wave, as the import reads it
    assert len(plan_import(store, second, "servqual").repeats) == 4
    # the wave named in other letters and spaces: the wave the import goes to, found too
    assert len(plan_import(store, second, "servqual", wave=" BASELINE ").repeats) == 4


def test_the_same_file_again_is_skipped_by_its_rows_not_warned_about(store, tmp_path):
    first = sheet(tmp_path / "a.csv", "name,q1", "Ann Lee,a", "Bob Ray,b")
    apply_import(store, plan_import(store, first, "servqual", wave="w1"), wave="w1")
    plan = plan_import(store, first, "servqual", wave="w1")
    assert plan.repeats is None
    summary = apply_import(store, plan, wave="w1")
    assert (summary.interviews, summary.already_imported) == (0, 2)
    # held by a named consultant, a plain sheet's rows are not recognised as imported
    # already (each is an interview held): those rows are then repeats
    held = plan_import(store, first, "servqual", wave="w1", interviewer="Sam Patel")
    assert held.repeats is not None and len(held.repeats) == 2


def test_a_person_is_the_same_by_name_and_e_mail_when_both_give_one(store, tmp_path):
    first = sheet(tmp_path / "a.csv", "name,email,q1", "Ann Lee,ann@x.org,a", "Bob Ray,,b")
    apply_import(store, plan_import(store, first, "servqual", wave="w1"), wave="w1")
    second = sheet(
        tmp_path / "b.csv", "name,email,q1",
        "Ann Lee,other@y.org,a2",  # another Ann Lee: a new respondent
        "Ann Lee,ANN@x.org,a3",  # the same Ann Lee
        "Bob Ray,bob@x.org,b2",  # Bob Ray was known with no e-mail: the same Bob
    )  # fmt: skip
    plan = plan_import(store, second, "servqual", wave="w1")
    assert plan.repeats is not None and [r for r, _ in plan.repeats.rows] == [3, 4]
    assert plan.repeats.message().startswith("2 rows name people who already have a ")


def test_numbered_respondents_never_name_anyone_already_there(store, tmp_path):
    first = sheet(tmp_path / "a.csv", "q1", "a", "b")
    apply_import(store, plan_import(store, first, "servqual", wave="w1"), wave="w1")
    second = sheet(tmp_path / "b.csv", "q1", "c", "d")
    assert plan_import(store, second, "servqual", wave="w1").repeats is None
    # named by their e-mail address alone, they are the people of that address
    by_mail = sheet(tmp_path / "c.csv", "email,q1", "ann@x.org,a")
    apply_import(store, plan_import(store, by_mail, "servqual", wave="w1"), wave="w1")
    again = sheet(tmp_path / "d.csv", "email,q1", "ann@x.org,b", "bob@x.org,c")
    plan = plan_import(store, again, "servqual", wave="w1")
    assert plan.repeats is not None and plan.repeats.rows == ((2, "ann@x.org"),)
    assert plan.repeats.message() == (
        "1 row names a person who already has a 'SERVQUAL' response in wave 'w1': ann@x.org"
    )  # a sheet's rows with no interviewer: responses


def test_an_interview_in_the_trash_or_of_another_form_does_not_count(store, tmp_path):
    first = sheet(tmp_path / "a.csv", "name,q1", "Ann Lee,a")
    apply_import(store, plan_import(store, first, "servqual", wave="w1"), wave="w1")
    second = sheet(tmp_path / "b.csv", "name,overall_satisfaction", "Ann Lee,4")
    assert plan_import(store, second, "satisfaction-loyalty", wave="w1").repeats is None
    with store.session() as s:
        iid = s.execute(select(Interview.id)).scalar_one()
    store.trash_interview(iid)
    other = sheet(tmp_path / "c.csv", "name,q1", "Ann Lee,b")
    assert plan_import(store, other, "servqual", wave="w1").repeats is None


def test_the_words_fit_the_material_already_there(store, tmp_path):
    """A platform's export holds responses: the warning says so (a sheet's rows with no
    interviewer are responses too; interviews a consultant held are interviews, above)."""
    kobo = sheet(tmp_path / "k.csv", "name,q1,_uuid", "Ann Lee,a,u-1")
    apply_import(store, plan_import(store, kobo, "servqual", wave="w1"), wave="w1")
    again = sheet(tmp_path / "k2.csv", "name,q1,_uuid", "Ann Lee,b,u-2")
    plan = plan_import(store, again, "servqual", wave="w1")
    assert plan.platform and plan.repeats is not None
    assert "a 'SERVQUAL' response in wave 'w1'" in plan.repeats.message()
    assert plan.repeats.words == "responses"


def test_a_mix_of_material_is_named_as_such() -> None:
    from workbench.deliver.import_repeats import Repeats

    both = Repeats("SERVQUAL", None, ((2, "Ann"),), "interview or response")
    assert both.words == "interviews or responses"
    assert both.message() == (
        "1 row names a person who already has a 'SERVQUAL' interview or response with no wave: Ann"
    )
