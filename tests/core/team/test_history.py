"""History of a record: a correction of a completed interview is one line with its
values, who and when from its own row; the saves of a note's typing are one line."""

from __future__ import annotations

import shutil
import time
from datetime import date

from sqlalchemy import text

from workbench.store import open_engagement
from workbench.team.audit import history, sign_in

FORM = "satisfaction-loyalty"


def _complete_interview(store):
    row = next(r for r in store.interview_rows() if r.form_id == FORM and r.status == "complete")
    return row, store.form_definition(store.interview(row.id).form_version_id)


def test_a_correction_is_one_line_with_its_title_values_author_and_time(demo_master, tmp_path):
    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        row, form = _complete_interview(store)
        before = store.answers(row.id)
        sign_in(store, "Ben")  # the trail's author; the correction names its own
        store.set_answer(row.id, "recommend", 3, changed_by="Anna")
        store.set_answer(row.id, "effort_detail", "The portal logs me out.", changed_by="Anna")
        lines = history(store, row.id)
        with store.session() as s:
            made = dict(
                s.execute(
                    text(
                        "SELECT question_key, created_at FROM answer_change WHERE interview_id = :i"
                    ),
                    {"i": row.id},
                ).all()
            )
    recommend = form.question("recommend").label
    effort = form.question("effort_detail").label
    assert len(effort) < 80 and len(recommend) < 80  # shown whole
    number = f"correction to recommend ({recommend}): {before['recommend']} → 3"
    words = f"correction to effort_detail ({effort}): {before['effort_detail']} → The portal logs me out."
    assert [line.what for line in lines[:2]] == [words, number]
    assert [line.who() for line in lines[:2]] == ["Anna", "Anna"]
    assert [f"{line.at:%Y-%m-%d %H:%M:%S.%f}" for line in lines[:2]] == [
        str(made["effort_detail"])[:26].ljust(26, "0"),
        str(made["recommend"])[:26].ljust(26, "0"),
    ]
    # the answer's own events of those edits are part of the corrections, not lines
    assert not [line for line in lines if " changed (value" in line.what]


def test_an_answer_of_an_interview_in_progress_reads_with_its_title(demo_master, tmp_path):
    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        row, form = _complete_interview(store)
        store.update_interview(row.id, status="draft")
        store.set_answer(row.id, "recommend", 3)
        lines = [line.what for line in history(store, row.id)]
    title = form.question("recommend").label
    assert lines[0] == f"answer recommend ({title}) changed (value, num)"
    assert not any(line.startswith("correction") for line in lines)


def test_the_saves_of_a_note_read_as_one_edit(demo_master, tmp_path):
    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        row, _ = _complete_interview(store)
        sign_in(store, "Anna")
        note = store.add_note(row.id, "The desk")
        typed = "The desk"
        for word in (" calls", " back", " within", " the", " hour."):
            typed += word
            store.update_note(note.id, typed)
        # The trail's times are whole milliseconds and two events of one millisecond
        # come in no order; one consultant's edit follows another's by more than that.
        time.sleep(0.002)
        sign_in(store, "Ben")
        store.update_note(note.id, typed + " Yes.")
        lines = history(store, row.id)
    name = "note “The desk calls back within the hour. Yes.”"
    assert [(line.who(), line.what.split(" (")[0]) for line in lines[:3]] == [
        ("Ben", f"{name} edited"),
        ("Anna", f"{name} edited"),
        ("Anna", f"{name} added"),
    ]
    assert lines[0].what == f"{name} edited"
    assert lines[1].what.startswith(f"{name} edited (5 saves from ")


def test_answers_added_together_read_as_one_line(demo_master, tmp_path):
    from workbench.forms.library import builtin_form

    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        sign_in(store, "Anna")
        person = store.add_respondent("Dana")
        iid = store.new_interview(person.id, builtin_form(FORM)).id
        store.set_answers(iid, {"recommend": 9, "effort_detail": "Quick", "made_it_easy": 4})
        store.add_note(iid, "One")
        lines = [(line.who(), line.what) for line in history(store, person.id)]
        order = store.form_definition(store.interview(iid).form_version_id).keys()
    keys = sorted(["recommend", "effort_detail", "made_it_easy"], key=order.index)
    assert lines[:2] == [
        ("Anna", "note “One” added"),
        ("Anna", f"3 answers added: {', '.join(keys)}"),  # in the form's order
    ]


def test_a_respondents_history_says_which_interview_a_line_is_of(demo_master, tmp_path):
    from workbench.forms.library import builtin_form

    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        person = store.add_respondent("Dana")
        form = builtin_form(FORM)
        first = store.new_interview(person.id, form, date=date(2026, 3, 2)).id
        second = store.new_interview(person.id, form, date=date(2026, 9, 14)).id
        store.add_note(first, "About the desk")
        store.add_note(second, "About the portal")
        lines = [line.what for line in history(store, person.id)]
        alone = [line.what for line in history(store, second)]
    title = form.title
    assert lines[:2] == [
        f"note “About the portal” added — “{title}, 2026-09-14”",
        f"note “About the desk” added — “{title}, 2026-03-02”",
    ]
    assert alone[0] == "note “About the portal” added"  # one interview's own History


def test_two_notes_of_one_millisecond_read_in_the_order_they_were_made(demo_master, tmp_path):
    """The trail's times are to the millisecond; two notes saved within one still read
    newest first (their events' ids are random, so the order must come from the notes)."""
    from workbench.forms.library import builtin_form

    path = tmp_path / "demo.wbk"
    shutil.copyfile(demo_master, path)
    with open_engagement(path) as store:
        person = store.add_respondent("Dana")
        form = builtin_form(FORM)
        ids = [store.new_interview(person.id, form).id for _ in range(4)]
        for iid, body in zip(ids, ("first", "second", "third", "fourth"), strict=True):
            store.add_note(iid, body)
        with store.session() as s:
            s.execute(
                text(
                    "UPDATE audit_event SET at = (SELECT max(at) FROM audit_event) "
                    "WHERE table_name = 'note'"
                )
            )
            s.commit()
        lines = [line.what.split(" — ")[0] for line in history(store, person.id)]
    assert lines[:4] == [f"note “{b}” added" for b in ("fourth", "third", "second", "first")]
