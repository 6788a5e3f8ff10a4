"""What an import gives the people it adds: the summary's words match what is stored."""

from __future__ import annotations

from pathlib import Path

from _sheets import sheet
from sqlalchemy import select

from workbench.deliver.import_people import DEFAULT_SEGMENT, new_people_note
from workbench.deliver.importer import apply_import, plan_import
from workbench.forms.schema import FormDefinition
from workbench.store.models import Respondent

FORM = FormDefinition.model_validate(
    {"id": "f", "title": "F", "version": 1,
     "sections": [{"key": "s", "title": "S", "questions": [
         {"key": "q1", "type": "text", "label": "Q1"},
         {"key": "consent", "type": "text", "label": "Do you agree to take part?"}]}]}
)  # fmt: skip


def stored(store) -> dict[str, tuple[str, bool]]:
    with store.session() as s:
        rows = s.execute(select(Respondent.name, Respondent.segment, Respondent.consent_given))
        return {name: (segment, consent) for name, segment, consent in rows}


def imported(store, path: Path) -> str:
    plan = plan_import(store, path, "f")
    summary = apply_import(store, plan)
    return new_people_note(plan, summary.respondents_created)


def test_without_a_segment_column_new_people_get_the_default_and_no_consent(store, tmp_path):
    note = imported(store, sheet(tmp_path / "a.csv", "name,q1", "Ann Lee,a", "Bob Ray,b"))
    assert stored(store) == {
        "Ann Lee": (DEFAULT_SEGMENT, False),
        "Bob Ray": (DEFAULT_SEGMENT, False),
    }
    assert note == (
        "The 2 new respondents are in the segment external customer (no column of the file "
        "gives a segment; change it on the Respondents page where it is wrong); no consent is "
        "recorded for any of them: tick Consent on the Respondents page for those who gave it."
    )
    # one new person, one known: the words are the new one's
    note = imported(store, sheet(tmp_path / "b.csv", "name,q1", "Ann Lee,c", "Cy Dee,d"))
    assert note == (
        "The new respondent is in the segment external customer (no column of the file gives "
        "a segment; change it on the Respondents page where it is wrong); no consent is "
        "recorded: tick Consent on the Respondents page once it is given."
    )
    # no one new: nothing to say
    assert imported(store, sheet(tmp_path / "c.csv", "name,q1", "Ann Lee,e")) == ""


def test_a_segment_column_is_named_with_what_it_gave(store, tmp_path):
    imported(store, sheet(tmp_path / "a.csv", "name,q1", "Ann Lee,a"))
    note = imported(store, sheet(
        tmp_path / "b.csv", "Name,Stakeholder group,q1",
        "Bob Ray,Staff,b", "Cy Dee,staff,c", "Di Fo,,d", "Ed Gu,management,e",
        "Ann Lee,management,f",  # known: keeps her segment
        "Bob Ray,supplier,g",  # Bob again: the segment of his first row
    ))  # fmt: skip
    assert stored(store) == {
        "Ann Lee": (DEFAULT_SEGMENT, False),
        "Bob Ray": ("staff", False),
        "Cy Dee": ("staff", False),
        "Di Fo": (DEFAULT_SEGMENT, False),
        "Ed Gu": ("management", False),
    }
    assert note.startswith(
        "The 4 new respondents' segments come from column B (Stakeholder group): 2 staff, "
        "1 management, 1 external customer where the cell is empty (respondents already in "
        "the engagement keep theirs); no consent is recorded for any of them:"
    ), note


def test_a_consent_column_is_said_not_to_be_read_as_consent(store, tmp_path):
    note = imported(store, sheet(tmp_path / "a.csv", "name,q1,Consent given", "Ann Lee,a,yes"))
    assert stored(store) == {"Ann Lee": (DEFAULT_SEGMENT, False)}
    assert note.endswith("Column C (Consent given) is not read: the import records no consent."), (
        note
    )
    # a question of the form keyed "consent": its answer, not the respondent's consent
    note = imported(store, sheet(tmp_path / "b.csv", "name,q1,consent", "Bob Ray,b,yes"))
    assert stored(store)["Bob Ray"] == (DEFAULT_SEGMENT, False)
    assert note.endswith(
        "Column C (consent) is read as the answer to the question 'consent', not as the "
        "respondents' consent."
    ), note


def test_numbered_respondents_are_counted_in_their_segments(store, tmp_path):
    note = imported(store, sheet(tmp_path / "a.csv", "q1,segment", "a,staff", "b,", "c,staff"))
    assert sorted(stored(store).values()) == [
        (DEFAULT_SEGMENT, False),
        ("staff", False),
        ("staff", False),
    ]
    assert note.startswith(
        "The 3 new respondents' segments come from column B (segment): 2 staff, "
        "1 external customer where the cell is empty; no consent"
    ), note
