"""An answer changed in place keeps the interview's progress without counting again,
where that cannot change it (a form without conditions, no cell added or removed); a
cell added or removed, or a form whose conditions read the answer, counts again."""

from __future__ import annotations

import sqlite3

import pytest
from schema_downgrade import downgrade

from workbench.forms.library import builtin_form
from workbench.forms.loader import load_form_text
from workbench.store import progress

SKIP = """\
id: skip-logic
title: Skip logic
version: 1
sections:
  - key: s
    title: S
    questions:
      - key: used
        type: single
        label: Used the desk?
        choices: [{value: "yes"}, {value: "no"}]
      - {key: rating, type: scale, label: Rating, relevant: used == "yes"}
      - {key: other, type: text, label: Other}
"""


def _kept(path, interview_id: str) -> tuple[int, int] | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute(
            "SELECT answered, relevant FROM interview_progress WHERE interview_id = ?",
            (interview_id,),
        ).fetchone()
    finally:
        conn.close()
    return tuple(row) if row else None


def _counted(store, monkeypatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = progress.compute

    def counting(conn, form_of, ids=None, **kw):
        calls.append(list(ids or []))
        return real(conn, form_of, ids, **kw)

    monkeypatch.setattr(progress, "compute", counting)
    return calls


def test_a_rating_changed_in_place_keeps_the_progress_without_counting(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    servqual = builtin_form("servqual")
    pairs = [q.key for q in servqual.iter_questions() if q.type == "pair"]
    iid = store.new_interview(store.add_respondent("Ana").id, servqual).id
    store.set_answers(iid, {pairs[0]: {"E": 3, "P": 4}, pairs[1]: {"E": 5}})
    total = servqual.question_count()
    assert _kept(store.path, iid) == (1, total)  # a pair counts only when whole
    calls = _counted(store, monkeypatch)
    store.set_answer(iid, pairs[0], {"E": 6, "P": 2})  # in place: no count
    assert calls == [] and _kept(store.path, iid) == (1, total)
    store.set_answer(iid, pairs[1], {"E": 5, "P": 1})  # a cell added: counted again
    assert calls == [[iid]] and _kept(store.path, iid) == (2, total)
    store.set_answer(iid, pairs[0], None)  # cells removed: counted again
    assert len(calls) == 2 and _kept(store.path, iid) == (1, total)


def test_an_answer_a_condition_reads_is_counted_again(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = load_form_text(SKIP, "skip.yaml")
    iid = store.new_interview(store.add_respondent("Ben").id, form).id
    store.set_answers(iid, {"used": "yes", "rating": 4})
    assert _kept(store.path, iid) == (2, 3)
    calls = _counted(store, monkeypatch)
    store.set_answer(iid, "used", "no")  # in place, but the rating is no longer asked
    assert calls == [[iid]] and _kept(store.path, iid) == (1, 2)


def test_the_trigger_keeps_a_fixed_forms_progress_for_any_program(store) -> None:
    """Schema 0013: the kept row says whether an answer can change the form's relevance;
    another program's in-place value change keeps it where none can, drops it where one
    can, and a cell added drops it on either."""
    servqual = builtin_form("servqual")
    pair = next(q.key for q in servqual.iter_questions() if q.type == "pair")
    fixed = store.new_interview(store.add_respondent("Ana").id, servqual).id
    store.set_answer(fixed, pair, {"E": 3, "P": 4})
    skip = store.new_interview(store.add_respondent("Ben").id, load_form_text(SKIP, "s.yaml")).id
    store.set_answers(skip, {"used": "yes", "rating": 4})
    conn = sqlite3.connect(store.path)
    try:
        flags = dict(conn.execute("SELECT interview_id, fixed FROM interview_progress"))
        assert flags == {fixed: 1, skip: 0}
        with conn:
            conn.execute(
                "UPDATE answer SET value = '7', num = 7 WHERE interview_id = ? AND item = 'E'",
                (fixed,),
            )
            conn.execute(
                "UPDATE answer SET value = '\"no\"' WHERE interview_id = ? AND question_key = 'used'",
                (skip,),
            )
        assert _kept(store.path, fixed) == (1, servqual.question_count())
        assert _kept(store.path, skip) is None  # the list works it out again
        with conn:
            conn.execute(
                "UPDATE answer SET item = 'X' WHERE interview_id = ? AND item = 'E'", (fixed,)
            )
        assert _kept(store.path, fixed) is None
    finally:
        conn.close()
    rows = {r.id: r for r in store.interview_rows()}
    assert (rows[skip].answered, rows[skip].total) == (1, 2)


def test_a_file_of_0012_is_upgraded_with_its_trail_and_progress_kept(tmp_path) -> None:
    """Down to 0012 and up again: the audit trail is rebuilt without a rowid with every
    event kept, each interview's kept row is marked ``fixed`` from its form, and the file
    holds exactly the objects of the head schema."""
    from workbench.store import create_engagement, database, open_engagement
    from workbench.store.schema_check import foreign_objects

    path = tmp_path / "e.wbk"
    servqual = builtin_form("servqual")
    pair = next(q.key for q in servqual.iter_questions() if q.type == "pair")
    with create_engagement(path, client="A", title="B") as store:
        fixed = store.new_interview(store.add_respondent("Ana").id, servqual).id
        store.set_answer(fixed, pair, {"E": 3, "P": 4})
        form = load_form_text(SKIP, "s.yaml")
        skip = store.new_interview(store.add_respondent("Ben").id, form).id
        store.set_answers(skip, {"used": "yes", "rating": 4})

    def trail() -> list[tuple]:
        conn = sqlite3.connect(path)
        try:
            return conn.execute("SELECT * FROM audit_event ORDER BY id").fetchall()
        finally:
            conn.close()

    events = trail()
    downgrade(path, "0012")
    conn = sqlite3.connect(path)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(interview_progress)")]
        assert "fixed" not in columns
        assert conn.execute("SELECT max(rowid) FROM audit_event").fetchone()[0] == len(events)
        assert foreign_objects(conn, "0012") == []
    finally:
        conn.close()
    database.migrate(path)
    assert trail() == events
    conn = sqlite3.connect(path)
    try:
        flags = dict(conn.execute("SELECT interview_id, fixed FROM interview_progress"))
        assert flags == {fixed: 1, skip: 0}
        assert foreign_objects(conn, database.SCHEMA_HEAD) == []
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_event'").fetchone()
        assert sql[0].rstrip().endswith("WITHOUT ROWID")
    finally:
        conn.close()
    with open_engagement(path, backup=False) as store:
        assert {r.id: r.answered for r in store.interview_rows()} == {fixed: 1, skip: 2}
