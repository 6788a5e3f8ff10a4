"""The search index follows every edit of a note or a text answer, and heals on upgrade."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.forms.library import builtin_form
from workbench.store import SCHEMA_HEAD, check_engagement, database, open_engagement


def _interview(store):
    ana = store.add_respondent("Ana Lopez", segment="internal customer")
    return store.new_interview(ana.id, builtin_form("stakeholder-interview"), interviewer="Jo")


def test_an_edited_text_answer_stays_in_search(store, engagement_path: Path) -> None:
    iv = _interview(store)
    store.set_answer(iv.id, "needs", "Faster fixes for the escalation desk")
    store.set_answer(iv.id, "needs", "Faster fixes and updates from the escalation desk")
    hits = store.search("escalation")
    assert [(h.kind, h.interview_id) for h in hits] == [("answer", iv.id)]
    assert "[[updates]]" in store.search("updates")[0].snippet
    assert store.search("for") == []  # the old wording left the index
    store.set_answer(iv.id, "needs", None)
    assert store.search("escalation") == []
    store.set_answer(iv.id, "needs", "Escalation again")
    assert len(store.search("escalation")) == 1
    store.close()
    assert check_engagement(engagement_path) == []


def test_an_edited_note_stays_in_search(store, engagement_path: Path) -> None:
    iv = _interview(store)
    note = store.add_note(iv.id, "The escalation desk never calls back")
    store.update_note(note.id, "The escalation desk calls back late")
    assert [h.ref_id for h in store.search("escalation")] == [note.id]
    assert store.search("never") == []
    store.close()
    assert check_engagement(engagement_path) == []


def _damage_the_index_as_the_old_triggers_did(path: Path, revision: str) -> None:
    database.migrate(path, revision)
    conn = sqlite3.connect(path)
    now = "2025-03-01 10:00:00"
    conn.executescript(
        f"""
        INSERT INTO engagement (id, client, title, scope, consultants, created_at, modified_at)
            VALUES ('e1', 'Old Client', 'First review', '', '[]', '{now}', '{now}');
        INSERT INTO respondent (id, name, role, org_unit, segment, email, attributes,
            consent_given, created_at, modified_at)
            VALUES ('r1', 'Ben Okafor', 'Buyer', 'Procurement', 'external customer', '',
                    '{{}}', 0, '{now}', '{now}');
        INSERT INTO form_version (id, form_id, version, title, fingerprint, definition, source,
            created_at, modified_at)
            VALUES ('f1', 'stakeholder-interview', 1, 'Interview', 'abc', '{{}}', 'builtin',
                    '{now}', '{now}');
        INSERT INTO interview (id, respondent_id, form_version_id, interviewer, place, status,
            created_at, modified_at)
            VALUES ('i1', 'r1', 'f1', 'Jo', '', 'complete', '{now}', '{now}');
        INSERT INTO answer (id, interview_id, question_key, item, value, text, created_at,
            modified_at)
            VALUES ('a1', 'i1', 'needs', '', '"Faster fixes"', 'Faster fixes', '{now}', '{now}');
        INSERT INTO note (id, interview_id, body, stamp, position, created_at, modified_at)
            VALUES ('n1', 'i1', 'first', '', 0, '{now}', '{now}'),
                   ('n2', 'i1', 'second', '', 0, '2025-03-01 10:00:01', '{now}');
        UPDATE answer SET value = '"Quicker fixes"', text = 'Quicker fixes' WHERE id = 'a1';
        """
    )
    conn.commit()
    conn.close()


def test_the_old_triggers_lost_an_edited_answer(tmp_path: Path) -> None:
    """The fault the upgrade heals: under schema 0003 an edit dropped the answer's entry."""
    path = tmp_path / "old.wbk"
    _damage_the_index_as_the_old_triggers_did(path, "0003")
    conn = sqlite3.connect(path)
    assert (
        conn.execute("SELECT count(*) FROM search_index WHERE kind = 'answer'").fetchone()[0] == 0
    )
    conn.close()


def test_upgrade_heals_a_damaged_search_index(tmp_path: Path) -> None:
    path = tmp_path / "old.wbk"
    _damage_the_index_as_the_old_triggers_did(path, "0003")
    with open_engagement(path) as store:
        assert store.schema_revision() == SCHEMA_HEAD
        assert [h.ref_id for h in store.search("quicker")] == ["a1"]
        # Two notes that shared a place keep their order, each in a place of its own.
        assert [(n.body, n.position) for n in store.notes("i1")] == [("first", 0), ("second", 1)]
    assert check_engagement(path) == []


def test_texts_written_by_another_program_are_indexed_on_the_next_open(
    store, engagement_path: Path
) -> None:
    iv = _interview(store)
    store.close()
    conn = sqlite3.connect(engagement_path)
    conn.execute(
        "INSERT INTO note (id, interview_id, body, stamp, position, created_at, modified_at) "
        "VALUES ('n-raw', ?, 'Written by a script', '', 0, '2026-01-01', '2026-01-01')",
        (iv.id,),
    )
    conn.commit()
    conn.close()
    # The trigger queued it: the file is whole, its index waits for the next open.
    assert check_engagement(engagement_path) == []
    with sqlite3.connect(engagement_path) as conn:
        assert conn.execute("SELECT ref_id FROM search_pending").fetchall() == [("n-raw",)]
    with open_engagement(engagement_path) as again:
        assert [h.ref_id for h in again.search("script")] == ["n-raw"]
    assert check_engagement(engagement_path) == []


def test_catching_up_the_index_reads_only_the_pending_texts(store) -> None:
    """Each edit's catch-up finds the old entries by key, never by scanning them all."""
    import sqlite3

    from workbench.store.store import _SEARCH_CATCH_UP

    conn = sqlite3.connect(store.path)
    try:
        for sql in _SEARCH_CATCH_UP:
            plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (0,) * sql.count("?"))]
            assert not any(step.startswith(("SCAN r", "SCAN search_ref", "SCAN n", "SCAN a"))
                           for step in plan), (sql, plan)  # fmt: skip
    finally:
        conn.close()


def test_edits_of_a_note_write_one_segment_of_the_index_when_a_search_reads_it(store) -> None:
    """Edits queue their texts; the search that reads the index next takes them in, one
    row per statement: a statement that may write several opens a savepoint, at which
    FTS5 writes out what it holds, one more segment (and more merging later) each."""
    import sqlite3

    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("servqual"))
    note = store.add_note(iv.id, "The desk answers quickly and politely")
    with store.raw_writing() as conn:  # no merging: segments stay countable
        conn.execute("INSERT INTO search_index(search_index, rank) VALUES ('automerge', 0)")

    def rows() -> int:
        conn = sqlite3.connect(store.path)
        try:
            return conn.execute("SELECT count(*) FROM search_index_data").fetchone()[0]
        finally:
            conn.close()

    store.search("desk")  # the new note is in the index
    before = rows()
    for body in ("The desk answers slowly", "The desk answers slowly.", "The desk answers slowly"):
        store.update_note(note.id, body)
    assert rows() == before  # queued: typing does not write the index at each save
    assert [h.ref_id for h in store.search("slowly")] == [note.id]
    assert rows() - before == 1
    assert store.search("quickly") == []
