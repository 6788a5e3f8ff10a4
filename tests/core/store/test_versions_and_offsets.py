"""Old interviews keep their form version; coded words survive edits to the note."""

from __future__ import annotations

from workbench.forms.library import builtin_form
from workbench.forms.loader import load_form_text


def test_a_newer_form_never_changes_old_interviews(store) -> None:
    v1 = builtin_form("satisfaction-loyalty")
    ana = store.add_respondent("Ana")
    old = store.new_interview(ana.id, v1)
    store.set_answer(old.id, "overall_satisfaction", 4)
    text = v1.to_yaml().replace("version: 1", "version: 2", 1)
    v2 = load_form_text(text.replace("max: 5", "max: 7", 1), "satisfaction-loyalty v2")
    new = store.new_interview(ana.id, v2)
    assert store.interview(old.id).form_version.version == 1
    assert store.interview(new.id).form_version.version == 2
    assert store.form_definition(store.interview(old.id).form_version_id) == v1
    assert store.answers(old.id) == {"overall_satisfaction": 4}
    assert [f.version for f in store.engagement_forms()] == [2]


def test_coded_words_keep_their_place_when_the_note_changes(store) -> None:
    ana = store.add_respondent("Ana")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    note = store.add_note(iv.id, "The desk never calls back after an escalation.")
    code = store.add_code("Runaround")
    start = note.body.index("never calls back")
    seg = store.code_segment(code.id, "note", note.id, start, start + len("never calls back"))
    store.update_note(note.id, "Honestly, the service desk never calls back after an escalation.")
    (moved,) = store.segments()
    assert moved.id == seg.id and moved.text == "never calls back"
    body = store.notes(iv.id)[0].body
    assert body[moved.start : moved.end] == "never calls back"
    store.update_note(note.id, "The desk is friendly.")  # the coded words are gone
    assert store.segments() == []


def test_undoing_an_edit_brings_back_the_coding_it_removed(store) -> None:
    ana = store.add_respondent("Ana")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    note = store.add_note(iv.id, "The desk never calls back after an escalation.")
    code = store.add_code("Runaround")
    seg = store.code_segment(code.id, "note", note.id, 9, 25)  # "never calls back"
    edit = store.edit_note(note.id, "The desk is friendly.")
    assert store.segments() == []  # the words went, so did the coding (to the trash)
    store.undo_note_edit(edit)
    (back,) = store.segments()
    assert (back.id, back.start, back.end, back.text) == (seg.id, 9, 25, "never calls back")
    assert store.notes(iv.id)[0].body == "The desk never calls back after an escalation."
