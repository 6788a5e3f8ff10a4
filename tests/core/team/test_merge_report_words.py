"""What a merge report says: people of one name added apart, choices in words."""

from __future__ import annotations

import shutil
import time

from test_merge import merge

from workbench.settings import set_consultant_name
from workbench.store import open_engagement


def run(*args: str) -> tuple[int, str]:
    import io

    from workbench.cli import main

    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def _add(path, who: str, role: str) -> str:
    set_consultant_name(who)
    with open_engagement(path) as store:
        return store.add_respondent("Nina  Frost", role=role).id


def test_people_of_one_name_added_in_both_copies_are_listed(
    two_copies, demo_master, tmp_path
) -> None:
    a, b = two_copies
    anna = _add(a, "Anna Berg", "Procurement lead")
    ben = _add(b, "Ben Carter", "Buyer")
    target = tmp_path / "manager.wbk"
    shutil.copyfile(b, target)
    result = merge(target, a)
    lines = [i for i in result.items if i["kind"] == "same-name respondents"]
    assert len(lines) == 1
    line = lines[0]
    assert line["label"] == "Nina  Frost" and line["record"] in (anna, ben)
    assert "added by Anna Berg (no interviews; Procurement lead)" in line["detail"]
    assert "added by Ben Carter (no interviews; Buyer)" in line["detail"]
    assert "select both on the Respondents page and Join… them" in line["detail"]
    # a copy that already holds both, or neither, is no news
    neither = tmp_path / "neither.wbk"
    shutil.copyfile(demo_master, neither)
    with open_engagement(neither) as store:
        store.add_note(store.interview_rows()[0].id, "a note of a third consultant")
    third = merge(target, neither)
    assert third.changed
    assert not [i for i in third.items if i["kind"] == "same-name respondents"]
    again = tmp_path / "again.wbk"
    shutil.copyfile(target, again)
    with open_engagement(again) as store:
        store.add_note(store.interview_rows()[0].id, "a later note")
    later = merge(target, again)
    assert later.changed
    assert not [i for i in later.items if i["kind"] == "same-name respondents"]


def test_the_command_line_lists_them_and_names_a_choice_by_its_wording(two_copies) -> None:
    a, b = two_copies
    _add(a, "Anna Berg", "Procurement lead")
    _add(b, "Ben Carter", "Buyer")
    with open_engagement(a) as store:
        for row in store.interview_rows():
            form = store.form_definition(store.interview(row.id).form_version_id)
            question = next(
                (q for q in form.iter_questions() if getattr(q, "type", "") == "single"), None
            )
            if question is not None and len(question.choices) >= 3:
                break
        now = store.answers(row.id).get(question.key)
        first, second = [c for c in question.choices if c.value != now][:2]
        store.set_answer(row.id, question.key, first.value)
    time.sleep(0.01)  # Ben's answer is the newer one
    with open_engagement(b) as store:
        store.set_answer(row.id, question.key, second.value)
    code, out = run("merge", str(b), str(a))
    assert code == 0, out
    assert "respondents with the same name: Nina  Frost" in out
    conflict = next(line for line in out.splitlines() if "conflict:" in line)
    assert f"kept '{second.label}' over '{first.label}'" in conflict
    assert repr(first.value) not in conflict


def test_history_shows_what_a_merge_kept_and_overruled(two_copies) -> None:
    from workbench.team.audit import history

    a, b = two_copies
    with open_engagement(a) as store:
        person = store.respondents()[0]
        store.update_respondent(person.id, role="Service desk manager (Anna)")
    time.sleep(0.01)
    with open_engagement(b) as store:
        store.update_respondent(person.id, role="Team lead (Ben)")
    set_consultant_name("Mia Manager")
    merge(b, a)
    with open_engagement(b, read_only=True) as store:
        lines = history(store, person.id)
    merged = [line for line in lines if line.kind == "merge"]
    assert [(line.actor, line.what) for line in merged] == [
        (
            "Mia Manager",
            "merge of anna.wbk: conflict (role): kept Team lead (Ben), "
            "overruled Service desk manager (Anna)",
        )
    ]
    assert lines[0] == merged[0]  # the newest line
