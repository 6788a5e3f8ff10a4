"""The interviews edited last (the Overview's "Last edited"): an interview's last edit is
the latest of its own, its answers', notes', coding's and its respondent's."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from workbench.forms.library import builtin_form
from workbench.store import glance


@pytest.fixture
def three(store):
    """Three interviews of three respondents, edited in the order A, B, C."""
    form = builtin_form("satisfaction-loyalty")
    ids = {}
    for name in ("A", "B", "C"):
        ids[name] = store.new_interview(store.add_respondent(name).id, form).id
        time.sleep(0.005)
    return store, ids


def _by_trail(store, limit: int) -> list[tuple[str, object]]:
    """The same worked out the long way: every event of the trail and every interview."""
    with store.session() as s:
        live = dict(
            s.execute(
                text(
                    "SELECT i.id, i.modified_at FROM interview i JOIN respondent r "
                    "ON r.id = i.respondent_id WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL"
                )
            ).all()
        )
        owner = dict(s.execute(text("SELECT id, respondent_id FROM interview")).all())
        events = s.execute(text("SELECT at, table_name, row_id, parent_id FROM audit_event")).all()
    last = {iid: str(when) for iid, when in live.items()}
    for at, table, row_id, parent_id in events:
        if table == "respondent":
            hit = [i for i, r in owner.items() if r == row_id]
        else:
            hit = [row_id if table == "interview" else parent_id]
        for iid in hit:
            if iid in last and str(at) > last[iid]:
                last[iid] = str(at)
    ranked = sorted(last.items(), key=lambda kv: kv[1], reverse=True)[:limit]
    return [(iid, glance.as_datetime(when)) for iid, when in ranked]


def _first(store) -> str:
    return store.recent_interviews(1)[0][0]


def test_a_note_edit_makes_its_interview_the_last_edited(three) -> None:
    store, ids = three
    assert _first(store) == ids["C"]
    note = store.add_note(ids["A"], "First words")
    assert _first(store) == ids["A"]
    time.sleep(0.005)
    store.set_answer(ids["B"], "recommend", 8)
    assert _first(store) == ids["B"]
    time.sleep(0.005)
    store.update_note(note.id, "First words, and more")  # a note's edit alone
    (iid, when), *_ = store.recent_interviews(3)
    assert iid == ids["A"]
    with store.session() as s:
        edited = s.execute(text("SELECT modified_at FROM note WHERE id = :i"), {"i": note.id})
        edited = edited.scalar_one()
    # the note's time, not the interview's
    assert abs((when - glance.as_datetime(edited)).total_seconds()) < 0.5
    assert store.recent_interviews(3) == _by_trail(store, 3)


def test_coding_and_a_respondent_edit_count_and_the_trash_does_not(three) -> None:
    store, ids = three
    note = store.add_note(ids["C"], "The desk calls back within the hour.")
    time.sleep(0.005)
    code = store.add_code("Responsiveness")
    store.code_segment(code.id, "note", note.id, 0, 8)
    assert _first(store) == ids["C"]
    time.sleep(0.005)
    store.update_respondent(store.interview(ids["A"]).respondent_id, role="Head of IT")
    assert _first(store) == ids["A"]
    time.sleep(0.005)
    store.add_note(ids["B"], "Later words")
    store.trash_interview(ids["B"])
    assert [iid for iid, _ in store.recent_interviews(8)] == [ids["A"], ids["C"]]
    assert store.recent_interviews(8) == _by_trail(store, 8)


def test_many_saves_of_one_note_do_not_hide_the_others(three, monkeypatch) -> None:
    """The trail is read a page at a time until the interviews are known: a long run of
    one interview's events spans pages."""
    store, ids = three
    monkeypatch.setattr(glance, "EVENT_PAGE", 4)
    note = store.add_note(ids["A"], "x")
    store.add_note(ids["B"], "y")
    time.sleep(0.005)
    for n in range(15):
        store.update_note(note.id, "x" * (n + 2))
    got = store.recent_interviews(2)
    assert [iid for iid, _ in got] == [ids["A"], ids["B"]]
    assert got == _by_trail(store, 2)
    assert store.recent_interviews(3) == _by_trail(store, 3)


def test_the_trail_is_read_only_as_far_as_it_must(three, engagement_path, monkeypatch) -> None:
    """Every interview is known once its last event is read; none at all reads nothing."""
    import sqlite3

    store, ids = three
    monkeypatch.setattr(glance, "EVENT_PAGE", 4)
    note = store.add_note(ids["A"], "x")
    for n in range(40):  # many saves, after the last event of every other interview
        store.update_note(note.id, "x" * (n + 2))
    conn = sqlite3.connect(engagement_path)
    pages = []
    conn.set_trace_callback(lambda sql: pages.append(sql) if "FROM audit_event" in sql else None)
    assert [iid for iid, _ in glance.recent_interviews(conn, 8)] == [ids["A"], ids["C"], ids["B"]]
    with store.session() as s:
        events = s.execute(text("SELECT count(*) FROM audit_event")).scalar_one()
    # read to the last event of the interview edited first, not the rest of the trail
    assert len(pages) * glance.EVENT_PAGE < events - 4
    for iid in ids.values():
        store.trash_interview(iid)
    pages.clear()
    assert glance.recent_interviews(conn, 8) == []
    assert pages == []
    conn.close()
