"""An answer changed in place keeps the interview's progress without counting again,
where that cannot change it (a form without conditions, no cell added or removed); a
cell added or removed, or a form whose conditions read the answer, counts again."""

from __future__ import annotations

import sqlite3

import pytest

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
