"""Every note has a place of its own in its interview, whatever the order of edits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.forms.library import builtin_form


@pytest.fixture
def interview(store):
    ana = store.add_respondent("Ana Lopez")
    return store.new_interview(ana.id, builtin_form("stakeholder-interview"))


def _places(store, interview_id: str) -> list[tuple[str, int]]:
    return [(n.body, n.position) for n in store.notes(interview_id)]


def test_a_note_added_after_a_deletion_takes_a_free_place(store, interview) -> None:
    a, b, c = (store.add_note(interview.id, body) for body in "abc")
    store.delete_note(b.id)
    store.add_note(interview.id, "d")
    assert _places(store, interview.id) == [("a", 0), ("c", 2), ("d", 3)]


def test_a_deleted_note_comes_back_in_its_place_even_when_taken(store, interview) -> None:
    store.add_note(interview.id, "a")
    b = store.add_note(interview.id, "b")
    gone = store.delete_note(b.id)
    store.add_note(interview.id, "c")  # takes place 1, which b had
    store.undelete_note(gone)
    assert _places(store, interview.id) == [("a", 0), ("b", 1), ("c", 2)]


def test_the_file_refuses_two_notes_in_one_place(store, interview, engagement_path: Path) -> None:
    store.add_note(interview.id, "a")
    conn = sqlite3.connect(engagement_path)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        conn.execute(
            "INSERT INTO note (id, interview_id, body, stamp, position, created_at, modified_at)"
            " VALUES ('n2', ?, 'b', '', 0, '2026-01-01', '2026-01-01')",
            (interview.id,),
        )
    conn.close()


def test_an_added_note_reads_back_as_written(store, interview) -> None:
    note = store.add_note(interview.id, "The desk called back", stamp="00:12:30")
    (again,) = store.notes(interview.id)
    assert (again.id, again.body, again.stamp, again.position) == (
        note.id,
        "The desk called back",
        "00:12:30",
        0,
    )
    assert again.created_at == note.created_at and again.modified_at == note.modified_at
    with pytest.raises(KeyError):
        store.add_note("no-such-interview", "lost")
