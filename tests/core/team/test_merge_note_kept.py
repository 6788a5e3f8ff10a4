"""A note deleted in one copy and worked on in the other: the merge keeps the work."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_merge import content, merge

from workbench.settings import set_consultant_name
from workbench.store import open_engagement

ADDED = " ANNA-EDIT checked with plant manager."


def _edit_and_delete(a: Path, b: Path) -> dict[str, str]:
    """Anna appends to a note and codes the new words; Ben deletes the note."""
    set_consultant_name("Anna Berg")
    with open_engagement(a) as store:
        coded = {g.source_id for g in store.segments() if g.source_kind == "note"}
        row, note = next(
            (r, n) for r in store.interview_rows() for n in store.notes(r.id) if n.id in coded
        )
        old = [g.id for g in store.segments() if g.source_id == note.id]
        body = note.body + ADDED
        store.edit_note(note.id, body)
        code = store.add_code("Owner named")
        start = body.index("ANNA-EDIT")
        seg = store.code_segment(code.id, "note", note.id, start, start + len("ANNA-EDIT"))
        who = store.respondent(store.interview(row.id).respondent_id).name
    set_consultant_name("Ben Carter")
    with open_engagement(b) as store:
        store.delete_note(note.id)
    assert old, "the demo's note is coded"
    return {
        "note": note.id,
        "interview": row.id,
        "seg": seg.id,
        "who": who,
        "body": body,
        "old": old,
    }


def _check_kept(path: Path, ids: dict) -> None:
    with open_engagement(path, read_only=True) as store:
        notes = {n.id: n.body for n in store.notes(ids["interview"])}
        assert notes.get(ids["note"]) == ids["body"]
        live = {g.id for g in store.segments() if g.source_id == ids["note"]}
        assert {ids["seg"], *ids["old"]} <= live  # Anna's coding and the note's earlier coding


def test_a_note_edited_on_one_side_and_deleted_on_the_other_is_kept_in_either_order(
    two_copies, tmp_path
) -> None:
    a, b = two_copies
    ids = _edit_and_delete(a, b)
    m1, m2 = tmp_path / "m1.wbk", tmp_path / "m2.wbk"
    shutil.copyfile(a, m1)
    shutil.copyfile(b, m2)
    r1 = merge(m1, b)  # Anna's copy takes Ben's deletion in
    r2 = merge(m2, a)  # Ben's copy takes Anna's edit in
    for result in (r1, r2):
        line = next(i for i in result.items if i["kind"] == "deleted and edited")
        assert line["table"] == "note" and line["record"] == ids["note"]
        # the line names the respondent, the interview and the start of the words
        assert line["label"].startswith(ids["who"] + ": ")
        assert ids["body"][:30] in line["label"]
        assert "the note is kept" in line["detail"]
        assert not [i for i in result.items if i["kind"] == "segment lost"]
    for path in (m1, m2):
        _check_kept(path, ids)
    assert content(m1) == content(m2)
    # merged again with either copy: nothing changes
    for path in (m1, m2):
        for source in (a, b):
            before = path.read_bytes()
            again = merge(path, source)
            assert not again.changed and again.items == [], (path, source)
            assert path.read_bytes() == before


def test_a_note_deleted_again_after_the_merge_stays_deleted(two_copies) -> None:
    a, b = two_copies
    ids = _edit_and_delete(a, b)
    merge(b, a)
    _check_kept(b, ids)
    with open_engagement(b) as store:
        store.delete_note(ids["note"])
    for source in (a,):
        result = merge(b, source)
        assert not [i for i in result.items if i["kind"] == "deleted and edited"]
    with open_engagement(b, read_only=True) as store:
        assert ids["note"] not in {n.id for n in store.notes(ids["interview"])}


def test_a_deletion_of_an_untouched_note_still_stands(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        note = next(n for r in store.interview_rows() for n in store.notes(r.id) if n.body)
        store.delete_note(note.id)
    with open_engagement(b) as store:  # Ben works elsewhere in the same interview
        store.add_note(note.interview_id, "Ben's own note")
    result = merge(b, a)
    assert not [i for i in result.items if i["kind"] == "deleted and edited"]
    with open_engagement(b, read_only=True) as store:
        assert note.id not in {n.id for n in store.notes(note.interview_id)}
