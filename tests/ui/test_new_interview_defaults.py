"""The New interview dialog proposes what this engagement uses: its most used form, the
interviewer named last in it, its latest wave in use (or one just added), each read from
the engagement, so another engagement opened after it proposes its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.store.waves import add_wave
from workbench.ui.interviews import NewInterviewDialog

pytestmark = pytest.mark.app_context(
    engagement="new", waves=("baseline", "re-audit"), settings={"user/name": "Tess DPO"}
)


def alphabetically_first(qtbot, ctx) -> str:
    dialog = NewInterviewDialog(ctx)
    qtbot.addWidget(dialog)
    return dialog.forms[0].id


def proposed(qtbot, ctx) -> tuple[str, str, str]:
    dialog = NewInterviewDialog(ctx)
    qtbot.addWidget(dialog)
    values = dialog.values()
    return values["form"].id, values["interviewer"], dialog.wave.currentText()


def interview(store, form_id: str, wave: str, interviewer: str = "") -> str:
    person = store.add_respondent(f"Person {len(store.respondents()) + 1}")
    row = store.new_interview(
        person.id,
        builtin_form(form_id),
        wave_id=store.wave_by_name(wave).id,
        interviewer=interviewer,
    )
    return row.id


def test_the_form_used_most_and_the_interviewer_named_last(qtbot, ctx) -> None:
    store = ctx.store
    store.add_respondent("Ana Lima")
    first_form = alphabetically_first(qtbot, ctx)
    assert first_form != "servqual"
    assert proposed(qtbot, ctx) == (first_form, "Tess DPO", "baseline")  # no interview yet
    interview(store, "servqual", "baseline", "Olga Brennan")
    interview(store, "servqual", "baseline", "Sam Patel")
    assert proposed(qtbot, ctx) == ("servqual", "Sam Patel", "baseline")
    interview(store, "itsm-maturity", "baseline", "")  # an unnamed interviewer is no name
    assert proposed(qtbot, ctx) == ("servqual", "Sam Patel", "baseline")
    gone = interview(store, "itsm-maturity", "baseline", "Jo Whitfield")
    third = interview(store, "itsm-maturity", "baseline", "Jo Whitfield")
    assert proposed(qtbot, ctx) == ("itsm-maturity", "Jo Whitfield", "baseline")
    store.trash_interview(gone)
    store.trash_interview(third)
    # two servqual, one itsm left: servqual again, and the name of the latest named one
    assert proposed(qtbot, ctx) == ("servqual", "Sam Patel", "baseline")


def test_a_wave_added_since_the_last_interview_is_proposed(qtbot, ctx) -> None:
    store = ctx.store
    interview(store, "servqual", "baseline", "Jo")
    assert proposed(qtbot, ctx)[2] == "baseline"  # the re-audit set up on day one is unused
    add_wave(store, "re-audit 2027")  # months later
    assert proposed(qtbot, ctx)[2] == "re-audit 2027"
    interview(store, "servqual", "baseline", "Jo")  # one more baseline interview after all
    assert proposed(qtbot, ctx)[2] == "baseline"
    interview(store, "servqual", "re-audit 2027", "Jo")
    interview(store, "servqual", "baseline", "Jo")
    assert proposed(qtbot, ctx)[2] == "re-audit 2027"


def test_an_imported_form_is_proposed_before_any_interview(qtbot, ctx) -> None:
    from workbench.forms.library import builtin_forms

    own = builtin_form("servqual").model_copy(update={"id": "acme-desk", "title": "Acme desk"})
    ctx.store.ensure_form_version(own, source="imported")
    ctx.store.add_respondent("Ana Lima")
    assert "acme-desk" not in builtin_forms()
    assert proposed(qtbot, ctx)[0] == "acme-desk"


def test_another_engagement_does_not_take_the_first_ones_choices(
    qtbot, ctx, tmp_path: Path
) -> None:
    store = ctx.store
    interview(store, "servqual", "re-audit", "Olga Brennan")
    assert proposed(qtbot, ctx) == ("servqual", "Olga Brennan", "re-audit")
    other = create_engagement(
        tmp_path / "other.wbk", client="Other", title="Review", waves=("baseline", "re-audit")
    )
    ctx.set_store(other)
    other.add_respondent("Wendy Marsh")
    assert proposed(qtbot, ctx) == (alphabetically_first(qtbot, ctx), "Tess DPO", "baseline")


def test_the_person_proposed_is_the_first_not_yet_interviewed_there(qtbot, ctx) -> None:
    """With nobody highlighted, New interview proposes the first person with no interview
    on the proposed form in the proposed wave, not the list's first, already done."""
    store = ctx.store
    people = [store.add_respondent(n) for n in ("Ana Lima", "Ben Ode", "Cy Park")]
    for person in people[:2]:
        store.new_interview(
            person.id, builtin_form("servqual"), wave_id=store.wave_by_name("baseline").id
        )

    def person() -> str:
        dialog = NewInterviewDialog(ctx)
        qtbot.addWidget(dialog)
        assert not dialog.warning.isVisibleTo(dialog)  # no "already has" to read
        return dialog.respondent.currentText().split("  ·  ")[0]

    assert person() == "Cy Park"
    store.new_interview(
        people[2].id, builtin_form("servqual"), wave_id=store.wave_by_name("baseline").id
    )
    dialog = NewInterviewDialog(ctx)  # everyone done: the list's first, with the warning
    qtbot.addWidget(dialog)
    assert dialog.respondent.currentText().startswith("Ana Lima")
    assert dialog.warning.isVisibleTo(dialog)
