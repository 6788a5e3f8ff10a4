"""Answers, corrections and full-text search through the store."""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form
from workbench.store import AnswerError


@pytest.fixture
def interview(store):
    ana = store.add_respondent("Ana Lopez", segment="internal customer")
    return store.new_interview(ana.id, builtin_form("stakeholder-interview"), interviewer="Jo")


def test_answers_are_typed_and_composite_answers_are_cells(store) -> None:
    ben = store.add_respondent("Ben Ode")
    iv = store.new_interview(ben.id, builtin_form("servqual"))
    store.set_answer(iv.id, "tan_1", {"E": 7, "P": 4})
    alloc = {
        "tangibles": 10,
        "reliability": 40,
        "responsiveness": 20,
        "assurance": 20,
        "empathy": 10,
    }
    store.set_answer(iv.id, "importance", alloc)
    assert store.answers(iv.id) == {"tan_1": {"E": 7, "P": 4}, "importance": alloc}
    with pytest.raises(AnswerError, match="100"):
        store.set_answer(iv.id, "importance", {**alloc, "empathy": 0})
    assert store.answers(iv.id)["importance"] == alloc  # unchanged
    assert store.set_answer(iv.id, "tan_1", None) == {"E": 7, "P": 4}
    assert "tan_1" not in store.answers(iv.id)


def test_corrections_to_a_complete_interview_are_recorded(store, interview) -> None:
    store.set_answer(interview.id, "needs", "Faster fixes")
    assert store.answer_changes(interview.id) == []
    store.update_interview(interview.id, status="complete")
    store.set_answer(interview.id, "needs", "Faster fixes and updates", changed_by="Sam")
    (change,) = store.answer_changes(interview.id)
    assert (change.question_key, change.old_value, change.new_value, change.changed_by) == (
        "needs",
        "Faster fixes",
        "Faster fixes and updates",
        "Sam",
    )


def test_a_corrected_rating_is_recorded_and_leaves_the_search_index_alone(
    store, engagement_path
) -> None:
    import sqlite3

    ben = store.add_respondent("Ben Ode")
    iv = store.new_interview(ben.id, builtin_form("servqual"))
    store.set_answer(iv.id, "tan_1", {"E": 7, "P": 4})
    store.update_interview(iv.id, status="complete")
    entries_before = _index_state(engagement_path)
    assert store.set_answer(iv.id, "tan_1", {"E": 6, "P": 4}, changed_by="Sam") == {
        "E": 7,
        "P": 4,
    }
    store.set_answer(iv.id, "tan_1", None)
    changes = [(c.old_value, c.new_value, c.changed_by) for c in store.answer_changes(iv.id)]
    assert changes == [({"E": 7, "P": 4}, {"E": 6, "P": 4}, "Sam"), ({"E": 6, "P": 4}, None, "")]
    assert _index_state(engagement_path) == entries_before
    conn = sqlite3.connect(engagement_path)
    try:  # the history rows are stored as the model stores them
        stored = conn.execute(
            "SELECT old_value, new_value FROM answer_change ORDER BY created_at"
        ).fetchall()
        assert stored[1] == ('{"E": 6, "P": 4}', "null")
    finally:
        conn.close()


def _index_state(path) -> tuple:
    """The search index's bookkeeping: its entries and the last rowid it handed out."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("SELECT count(*), max(rowid) FROM search_index").fetchone(),
            conn.execute("SELECT count(*) FROM search_ref").fetchone(),
        )
    finally:
        conn.close()


def test_search_finds_notes_and_text_answers_of_live_interviews(store, interview) -> None:
    other = store.new_interview(
        store.add_respondent("Cy").id, builtin_form("stakeholder-interview")
    )
    store.add_note(interview.id, "The escalation desk never calls back.")
    store.set_answer(other.id, "pain_points", "Escalations vanish into second line")
    hits = store.search("escalat")
    assert {h.interview_id for h in hits} == {interview.id, other.id}
    note_hit = next(h for h in hits if h.kind == "note")
    assert "[[escalation]]" in note_hit.snippet and note_hit.respondent == "Ana Lopez"
    # Edits keep the index in step.
    note = store.notes(interview.id)[0]
    store.update_note(note.id, "The service desk is friendly.")
    assert [h.interview_id for h in store.search("escalat")] == [other.id]
    store.set_answer(other.id, "pain_points", None)
    assert store.search("escalat") == []
    # The trash hides its interviews from search; restoring brings them back.
    assert [h.interview_id for h in store.search("friendly")] == [interview.id]
    store.trash_interview(interview.id)
    assert store.search("friendly") == []
    store.restore_interview(interview.id)
    assert len(store.search("friendly")) == 1
    # What a person types never breaks the query syntax.
    assert store.search('"(AND* OR') == []
    assert store.search("") == []


def test_trash_then_purge_is_two_steps(store, interview) -> None:
    with pytest.raises(ValueError, match="trash first"):
        store.purge_interview(interview.id)
    store.trash_interview(interview.id)
    assert [r.id for r in store.interview_rows(include_deleted=True) if r.deleted] == [interview.id]
    store.purge_interview(interview.id)
    assert store.interview_rows(include_deleted=True) == []


def test_purging_a_respondent_takes_their_interviews_and_index_entries(store, interview) -> None:
    from workbench.store import check_engagement

    store.add_note(interview.id, "Escalations vanish.")
    store.set_answer(interview.id, "needs", "Faster escalations")
    person = store.interview(interview.id).respondent_id
    store.trash_respondent(person)
    store.purge_respondent(person)
    assert store.interview_rows(include_deleted=True) == []
    assert store.search("escalations") == []
    assert check_engagement(store.path) == []


def test_purging_a_code_takes_its_sub_codes_and_segments(store, interview) -> None:
    note = store.add_note(interview.id, "The desk never calls back.")
    parent = store.add_code("Sins")
    child = store.add_code("Runaround", parent_id=parent.id)
    store.code_segment(child.id, "note", note.id, 0, 8)
    with pytest.raises(ValueError, match="trash first"):
        store.purge_code(parent.id)
    store.trash_code(parent.id)
    store.purge_code(parent.id)
    assert store.codes(include_deleted=True) == [] and store.segments() == []


def test_a_deleted_note_comes_back_in_place_with_its_coding(store, interview) -> None:
    first = store.add_note(interview.id, "First note.")
    second = store.add_note(interview.id, "The escalation desk never calls back.")
    store.add_note(interview.id, "Third note.")
    code = store.add_code("Runaround")
    seg = store.code_segment(code.id, "note", second.id, 4, 19, coder="Jo")
    removed = store.delete_note(second.id)
    assert store.segments() == [] and store.search("escalation") == []
    store.undelete_note(removed)
    assert [n.body for n in store.notes(interview.id)][:2] == ["First note.", second.body]
    assert [s.id for s in store.segments()] == [seg.id]
    assert [h.ref_id for h in store.search("escalation")] == [second.id]
    assert first.id in {n.id for n in store.notes(interview.id)}


def test_search_pages_the_first_live_matches_best_first(store) -> None:
    from workbench.forms.library import builtin_form

    form = builtin_form("servqual")
    early = store.new_interview(store.add_respondent("Early").id, form)
    store.add_note(early.id, "ticket")  # matched first, then trashed: not on the page
    live = store.new_interview(store.add_respondent("Ana").id, form)
    for i in range(6):
        store.add_note(live.id, "ticket " + "filler words " * (6 - i) + f"n{i}")
    store.add_note(live.id, "ticket ticket ticket")
    store.trash_interview(early.id)
    hits = store.search("ticket", limit=4)
    # the page: the first four live matches, trashed text skipped, the best (shortest,
    # most frequent) first
    assert len(hits) == 4
    assert [h.snippet.split("n")[-1] for h in hits] == ["3", "2", "1", "0"]
    assert all(h.interview_id == live.id and h.respondent == "Ana" for h in hits)
    assert len(store.search("ticket")) == 7
    assert "[[ticket]] [[ticket]] [[ticket]]" in store.search("ticket")[0].snippet


def test_search_pages_follow_each_other(store) -> None:
    from workbench.forms.library import builtin_form

    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("servqual"))
    for i in range(9):
        store.add_note(iv.id, f"printer jam number{i}")
    pages = [store.search("printer", limit=4, offset=k) for k in (0, 4, 8, 12)]
    assert [len(p) for p in pages] == [4, 4, 1, 0]
    numbers = sorted(h.snippet.rsplit("number", 1)[1] for page in pages for h in page)
    assert numbers == [str(i) for i in range(9)]
    assert len({h.ref_id for page in pages for h in page}) == 9


@pytest.mark.parametrize("form_id", ["servqual", "seven-sins", "satisfaction-loyalty"])
def test_answers_are_stored_alike_by_the_store_and_by_the_import(store, form_id) -> None:
    """set_answer writes its cells with plain SQL; the import through the ORM. Same bytes."""
    import sqlite3

    from workbench.forms.answers import to_cells
    from workbench.store.interviews import _write_cells

    form = builtin_form(form_id)
    ana = store.add_respondent("Ana")
    by_store = store.new_interview(ana.id, form)
    by_orm = store.new_interview(ana.id, form)
    samples = {
        "pair": {"E": 7, "P": 4},
        "text": "Zürich desk — “slow”",
        "longtext": "Line one\nline two",
        "nps": 9,
        "date": "2026-03-01",
        "checklist": {"observed": True, "severity": 2, "touchpoint": "phone", "evidence": "ü"},
    }
    written = 0
    for q in form.iter_questions():
        value = samples.get(q.type)
        if q.type == "single":
            value = q.choices[0].value
        if value is None:
            continue
        store.set_answer(by_store.id, q.key, value)
        with store.writing() as s:
            _write_cells(s, by_orm.id, q, {}, value, {c.item: c for c in to_cells(q, value)})
        written += 1
    assert written >= 2
    conn = sqlite3.connect(store.path)
    query = (
        "SELECT question_key, item, value, typeof(value), num, typeof(num), text "
        "FROM answer WHERE interview_id = ? ORDER BY 1, 2"
    )
    assert (
        conn.execute(query, (by_store.id,)).fetchall()
        == conn.execute(query, (by_orm.id,)).fetchall()
    )
    conn.close()
    assert store.answers(by_store.id) == store.answers(by_orm.id)


def test_progress_counts_a_half_answered_pair_as_unanswered(store) -> None:
    iv = store.new_interview(store.add_respondent("Ben Ode").id, builtin_form("servqual"))
    store.set_answer(iv.id, "tan_1", {"E": 7, "P": 4})
    store.set_answer(iv.id, "tan_2", {"E": 7})  # the perception not given yet
    (row,) = store.interview_rows()
    assert row.answered == 1
    store.set_answer(iv.id, "tan_2", {"E": 7, "P": 6})
    (row,) = store.interview_rows()
    assert row.answered == 2


def test_progress_counts_grids_and_checklist_items_only_when_whole(store) -> None:
    from workbench.forms.loader import load_form_text

    form = load_form_text(
        """\
id: parts
title: Parts
version: 1
sections:
  - key: s
    title: S
    questions:
      - key: grid
        type: matrix
        label: Practices
        rows: [{key: incident, label: Incident}, {key: change, label: Change}]
      - {key: seen, type: checklist, label: Apathy}
      - {key: item, type: pair, label: Item}
""",
        "parts.yaml",
    )
    iv = store.new_interview(store.add_respondent("Cy").id, form)
    store.set_answers(
        iv.id, {"grid": {"incident": 3}, "seen": {"evidence": "a shrug"}, "item": {"P": 2}}
    )
    (row,) = store.interview_rows()
    assert (row.answered, row.total) == (0, 3)
    store.set_answers(
        iv.id,
        {
            "grid": {"incident": 3, "change": 1},
            "seen": {"observed": True},
            "item": {"E": 5, "P": 2},
        },
    )
    (row,) = store.interview_rows()
    assert (row.answered, row.total) == (3, 3)


def test_hits_past_the_first_screen_get_their_snippet_on_request(store) -> None:
    from workbench.forms.library import builtin_form

    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("servqual"))
    for i in range(7):
        store.add_note(iv.id, f"the printer jammed again, number{i}")
    hits = store.search("printer jammed", snippets=3)
    assert len(hits) == 7 and len({h.entry for h in hits}) == 7
    assert all("[[printer]] [[jammed]]" in h.snippet for h in hits[:3])
    assert [h.snippet for h in hits[3:]] == [""] * 4
    later = store.snippets("printer jammed", hits[3:])
    assert set(later) == {h.entry for h in hits[3:]}
    whole = {h.entry: h.snippet for h in store.search("printer jammed", snippets=7)}
    assert all(whole[entry] == text for entry, text in later.items())
    assert store.snippets("", hits) == {} and store.snippets("printer", []) == {}


def test_the_list_without_progress_reads_no_form_relevance(store, monkeypatch) -> None:
    """Views that only count or name interviews (the Overview) ask without progress: the
    same rows, progress left out (None), no form's relevance evaluated."""
    from workbench.store import progress

    iv = store.new_interview(store.add_respondent("Ben Ode").id, builtin_form("servqual"))
    store.set_answer(iv.id, "tan_1", {"E": 7, "P": 4})
    full = store.interview_rows()
    with store.raw_writing() as conn:  # no kept progress: the list with it works it out
        conn.execute("DELETE FROM interview_progress")
    monkeypatch.setattr(progress, "compute", lambda *a, **k: pytest.fail("progress computed"))
    bare = store.interview_rows(progress=False)
    assert [(r.id, r.respondent, r.form_title, r.status) for r in bare] == [
        (r.id, r.respondent, r.form_title, r.status) for r in full
    ]
    assert (full[0].answered, bare[0].answered, bare[0].total) == (1, None, None)


def test_hits_past_the_first_screen_are_filled_on_request(store) -> None:
    """Only the first screen of hits carries snippet, respondent and form title; the
    others get theirs from ``fill_hits``, the same as a search filling them at once."""
    from workbench.forms.library import builtin_form

    ana = store.add_respondent("Ana")
    ben = store.add_respondent("Ben")
    for person, form in ((ana, "servqual"), (ben, "stakeholder-interview")):
        iv = store.new_interview(person.id, builtin_form(form))
        for i in range(4):
            store.add_note(iv.id, f"the printer jammed again, number{i}")
    hits = store.search("printer jammed", snippets=3)
    assert len(hits) == 8 and [h.filled for h in hits] == [True] * 3 + [False] * 5
    assert [(h.snippet, h.respondent, h.form_title) for h in hits[3:]] == [("", "", "")] * 5
    filled = store.fill_hits("printer jammed", hits[3:])
    at_once = {h.entry: h for h in store.search("printer jammed", snippets=8)}
    assert filled == {e: h for e, h in at_once.items() if e in filled}
    assert set(filled) == {h.entry for h in hits[3:]}
    assert {h.respondent for h in at_once.values()} == {"Ana", "Ben"}
    assert {h.form_title for h in at_once.values()} == {
        builtin_form("servqual").title,
        builtin_form("stakeholder-interview").title,
    }
    assert store.fill_hits("", hits) == {} and store.fill_hits("printer", []) == {}
    store.trash_respondent(ben.id)
    assert {h.respondent for h in store.search("printer jammed", snippets=8)} == {"Ana"}


def test_a_snippet_holds_every_matched_word_in_its_context(store) -> None:
    """The index's own snippet kept one stretch of 16 words: a second word of the query
    further on was left out.  Each matched word now comes with the words around it."""
    from workbench.forms.library import builtin_form

    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("servqual"))
    filler = " ".join(f"word{i}" for i in range(40))
    store.add_note(
        iv.id,
        f"The printer on the third floor {filler} and yesterday it jammed during the board pack",
    )
    (hit,) = store.search("printer jammed")
    assert hit.snippet == (
        "The [[printer]] on the third floor word0 word1 word2 word3 word4 word5 word6 word7"
        " word8 word9 word10 … word31 word32 word33 word34 word35 word36 word37 word38 word39"
        " and yesterday it [[jammed]] during the board pack"
    ), hit.snippet
    (again,) = store.snippets("printer jammed", [hit]).values()
    assert again == hit.snippet
    (hit,) = store.search("jammed")  # deep inside a long text: the match in its context
    assert hit.snippet == (
        "…word31 word32 word33 word34 word35 word36 word37 word38 word39"
        " and yesterday it [[jammed]] during the board pack"
    )
