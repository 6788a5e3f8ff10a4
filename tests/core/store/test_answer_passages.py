"""A corrected answer's coded passages follow the correction, by the rule a note's follow."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.forms.library import builtin_form
from workbench.store import check_engagement

OLD = "The portal is fine but the depot printers are never fixed on the first visit."
NEW = "The portal is fine but the warehouse scanners are never fixed on the first visit."
KEY = "satisfaction_reason"  # a long text of the satisfaction form, no form tags


def answer_cell(store, iid: str, key: str = KEY) -> str:
    from workbench.coding.service import answer_source

    return answer_source(store, iid, key)[0]


def live(store, iid):
    return {s.id: s for s in store.segments(interview_id=iid)}


def trashed(path, seg_id: str):
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT deleted_at FROM coded_segment WHERE id = ?", (seg_id,)
        ).fetchone()[0]


@pytest.fixture
def olga(store):
    person = store.add_respondent("Olga Brennan")
    iv = store.new_interview(person.id, builtin_form("satisfaction-loyalty"))
    store.set_answer(iv.id, KEY, OLD)
    return iv.id


def code(store, iid: str, start: int, end: int, name: str = "First-time fix"):
    found = next((c.id for c in store.codes() if c.name == name), None)
    code_id = found or store.add_code(name).id
    return store.code_segment(code_id, "answer", answer_cell(store, iid), start, end)


def test_the_consultants_correction_moves_the_quote_in_every_deliverable(
    store, engagement_path, olga
) -> None:
    seg = code(store, olga, 0, len(OLD))
    store.update_interview(olga, status="complete")
    store.set_answer(olga, KEY, NEW, changed_by="Tess")
    (moved,) = live(store, olga).values()
    assert (moved.id, moved.start, moved.end, moved.text) == (seg.id, 0, 81, NEW)
    (change,) = store.answer_changes(olga)
    assert (change.old_value, change.new_value) == (OLD, NEW)
    # what the workbook's Coded segments sheet and the report's quotes print
    from workbench.analysis.loader import load_engagement_data
    from workbench.deliver.build import _quotes

    data = load_engagement_data(store)
    assert list(data.segments["text"]) == [NEW]
    assert [q.text for q in _quotes(store, data)] == [NEW]
    store.close()
    assert check_engagement(engagement_path) == []


@pytest.mark.parametrize(
    ("new", "coded"),
    [
        # before the passage: shifted
        (
            "Honestly, the portal is fine but the depot printers are never fixed on the "
            "first visit.",
            "never fixed",
        ),
        # inside it: stretched or shrunk
        (OLD.replace("never fixed", "never properly fixed"), "never properly fixed"),
        (OLD.replace("never fixed", "neverfixed"), "neverfixed"),
        # after it: unchanged
        (OLD.replace("first visit", "second visit"), "never fixed"),
        # on both sides at once
        (OLD.replace("are never fixed on", "are, sadly, never fixed at"), "never fixed"),
        # its own words rewritten: it takes the new words
        (OLD.replace("never fixed", "rarely repaired"), "rarely repaired"),
    ],
    ids=["before", "inside-longer", "inside-shorter", "after", "around", "rewritten"],
)
def test_a_passage_follows_edits_before_inside_after_and_around_it(
    store, engagement_path, olga, new, coded
) -> None:
    at = OLD.index("never fixed")
    seg = code(store, olga, at, at + len("never fixed"))
    store.set_answer(olga, KEY, new)
    (moved,) = live(store, olga).values()
    assert moved.id == seg.id and moved.text == coded
    assert new[moved.start : moved.end] == coded
    store.close()
    assert check_engagement(engagement_path) == []


def test_a_passage_whose_words_were_deleted_goes_to_the_trash_and_undo_brings_it_back(
    store, engagement_path, olga
) -> None:
    at = OLD.index("depot printers")
    printers = code(store, olga, at, at + len("depot printers"), "Equipment")
    visit = code(store, olga, OLD.index("first visit"), len(OLD) - 1, "Visits")
    store.update_interview(olga, status="complete")
    edit = store.edit_answers(olga, {KEY: OLD.replace("the depot printers ", "")})
    assert set(live(store, olga)) == {visit.id}  # its words went, so did the passage
    assert trashed(engagement_path, printers.id) is not None
    assert [c.old_value for c in store.answer_changes(olga)] == [OLD]  # the words are kept
    store.undo_answer_edit(edit)
    back = live(store, olga)
    assert {(s.start, s.end, s.text) for s in back.values()} == {
        (at, at + 14, "depot printers"),
        (OLD.index("first visit"), len(OLD) - 1, "first visit"),
    }
    assert store.answers(olga)[KEY] == OLD
    store.close()
    assert check_engagement(engagement_path) == []


def test_undo_of_a_correction_puts_the_passage_back_exactly(store, olga) -> None:
    seg = code(store, olga, 0, len(OLD))
    edit = store.edit_answers(olga, {KEY: NEW})
    assert live(store, olga)[seg.id].text == NEW
    store.undo_answer_edit(edit)
    (back,) = live(store, olga).values()
    assert (back.id, back.start, back.end, back.text) == (seg.id, 0, len(OLD), OLD)
    # and again: the correction done once more moves it the same way
    store.edit_answers(olga, {KEY: NEW})
    assert (live(store, olga)[seg.id].start, live(store, olga)[seg.id].end) == (0, 81)


def test_a_cleared_answer_trashes_its_passages_and_undo_puts_them_on_it_again(
    store, engagement_path, olga
) -> None:
    seg = code(store, olga, OLD.index("portal"), OLD.index("portal") + 6)
    old_cell = answer_cell(store, olga)
    edit = store.edit_answers(olga, {KEY: None})
    assert live(store, olga) == {}
    store.undo_answer_edit(edit)
    (back,) = live(store, olga).values()
    assert back.id == seg.id and back.text == "portal"
    assert back.source_id == answer_cell(store, olga) != old_cell  # the answer's new cell
    store.close()
    assert check_engagement(engagement_path) == []


def test_a_note_and_an_answer_follow_one_rule(store, olga) -> None:
    """The same edit moves a passage on a note and one on an answer alike."""
    note = store.add_note(olga, OLD)
    tag = store.add_code("Printers")
    at = OLD.index("depot printers")
    on_note = store.code_segment(tag.id, "note", note.id, at, at + 14)
    on_answer = code(store, olga, at, at + 14, "Printers")
    store.update_note(note.id, NEW)
    store.set_answer(olga, KEY, NEW)
    moved = live(store, olga)
    assert moved[on_note.id].text == moved[on_answer.id].text == "warehouse scanners"
    assert (moved[on_note.id].start, moved[on_note.id].end) == (
        moved[on_answer.id].start,
        moved[on_answer.id].end,
    )


def test_form_tag_passages_still_cover_the_whole_answer(store) -> None:
    from workbench.store.tagcoding import FORM_CODER

    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("seven-sins"))
    value = {"observed": True, "evidence": "Passed on three times by the desk."}
    store.set_answer(iv.id, "runaround", value)
    (tagged,) = store.segments(interview_id=iv.id)
    cell = tagged.source_id
    mine = store.code_segment(store.add_code("Desk").id, "answer", cell, 29, 33)  # "desk"
    store.set_answer(iv.id, "runaround", {**value, "evidence": "Passed on twice by the desk."})
    got = {s.coder: s for s in store.segments(interview_id=iv.id)}
    assert (got[FORM_CODER].start, got[FORM_CODER].end, got[FORM_CODER].text) == (
        0,
        28,
        "Passed on twice by the desk.",
    )
    assert got[""].id == mine.id and got[""].text == "desk" and got[""].start == 23


def test_the_check_reports_a_passage_whose_words_are_not_its_text(
    store, engagement_path, olga
) -> None:
    seg = code(store, olga, 0, len(OLD))
    note = store.add_note(olga, "Olga keeps a spreadsheet.")
    store.code_segment(store.add_code("Workarounds").id, "note", note.id, 13, 24)
    store.close()
    assert check_engagement(engagement_path) == []
    # what an earlier version left behind: the answer corrected, the passage not
    with sqlite3.connect(engagement_path) as conn:
        conn.execute("UPDATE answer SET text = ?, value = ? WHERE text = ?", (NEW, f'"{NEW}"', OLD))
    problems = check_engagement(engagement_path)
    assert len(problems) == 2 and "--mend-passages" in problems[1]
    assert f"coded passage {seg.id}" in problems[0]
    assert "“First-time fix”" in problems[0] and "Olga Brennan's interview" in problems[0]
    assert "the answer to satisfaction_reason" in problems[0]
    assert "depot printers" in problems[0] and "characters 0–77" in problems[0]
    # ``workbench check`` says so and fails; a passage on an answer that is gone too
    from workbench.cli import main

    assert main(["check", str(engagement_path)]) == 1
    with sqlite3.connect(engagement_path) as conn:
        conn.execute("DELETE FROM answer WHERE text = ?", (NEW,))
    gone, _hint = check_engagement(engagement_path)
    assert "codes an answer that is not there any more" in gone and seg.id in gone


def test_check_mend_passages_puts_passages_back_on_their_text(
    store, engagement_path, olga, capsys
) -> None:
    from workbench.cli import main

    whole = code(store, olga, 0, len(OLD))
    at = OLD.index("first visit")
    visit = code(store, olga, at, at + len("first visit"), "Visits")
    note = store.add_note(olga, "Olga keeps a spreadsheet.")
    sheet = store.code_segment(store.add_code("Workarounds").id, "note", note.id, 13, 24)
    store.close()
    with sqlite3.connect(engagement_path) as conn:  # left behind by an earlier version
        conn.execute("UPDATE answer SET text = ?, value = ? WHERE text = ?", (NEW, f'"{NEW}"', OLD))
        conn.execute("DELETE FROM note")
    assert main(["check", str(engagement_path), "--mend-passages"]) == 0
    said = capsys.readouterr().out
    assert f"coded passage {whole.id} (“First-time fix”, Olga Brennan's interview)" in said
    assert f"{sheet.id} (“Workarounds”, Olga Brennan's interview): its words are gone" in said
    assert said.rstrip().endswith(": OK")
    from workbench.store import open_engagement

    again = open_engagement(engagement_path)
    try:
        mended = live(again, olga)
        assert mended[whole.id].text == NEW and (mended[whole.id].start, mended[whole.id].end) == (
            0,
            len(NEW),
        )
        assert mended[visit.id].text == "first visit"
        assert sheet.id not in mended  # in the trash
    finally:
        again.close()


def test_the_next_edit_mends_a_passage_an_earlier_version_left_behind(
    store, engagement_path, olga
) -> None:
    seg = code(store, olga, OLD.index("never fixed"), OLD.index("never fixed") + 11)
    whole = code(store, olga, 0, len(OLD), "Printers")
    store.close()
    with sqlite3.connect(engagement_path) as conn:  # corrected, the passage left as it was
        conn.execute("UPDATE answer SET text = ?, value = ? WHERE text = ?", (NEW, f'"{NEW}"', OLD))
    assert check_engagement(engagement_path) != []
    from workbench.store import open_engagement

    store = open_engagement(engagement_path)
    try:
        store.set_answer(olga, KEY, NEW + " Twice.")
        mended = live(store, olga)
        assert mended[seg.id].text == "never fixed"  # its words, where they are now
        # the whole corrected answer, not its first 77 characters ("…first vi")
        assert mended[whole.id].text == NEW
    finally:
        store.close()
    assert check_engagement(engagement_path) == []


def test_an_answer_rewritten_whole_takes_its_passage_to_the_trash(
    store, engagement_path, olga
) -> None:
    """Every word of a coded answer replaced ("No comment."): the code does not move onto
    words it was never given; the passage goes to the trash, and Undo brings it back."""
    whole = code(store, olga, 0, len(OLD))
    part = code(store, olga, 27, 41, "Printers")  # "depot printers"
    store.update_interview(olga, status="complete")
    edit = store.edit_answers(olga, {KEY: "No comment."}, changed_by="Tess")
    assert live(store, olga) == {}
    assert trashed(engagement_path, whole.id) is not None
    assert trashed(engagement_path, part.id) is not None
    store.undo_answer_edit(edit)
    back = live(store, olga)
    assert {(s.start, s.end, s.text) for s in back.values()} == {
        (0, len(OLD), OLD),
        (27, 41, "depot printers"),
    }
    store.close()
    assert check_engagement(engagement_path) == []


def test_an_edit_names_the_coded_passages_whose_words_it_deleted(store, olga) -> None:
    """The edit says which coded passages went to the trash with their words (by code,
    in the order of the text): not a passage that kept words, nor a proposal never
    accepted, nor one already in the trash; its undo brings them back."""
    printers = OLD.index("depot printers")
    code(store, olga, printers + 6, printers + 14, "Printers")  # "printers"
    code(store, olga, printers, printers + 14)  # "depot printers"
    kept = code(store, olga, 0, OLD.index(" is"), "Portal")  # "The portal"
    store.code_segment(kept.code_id, "answer", answer_cell(store, olga), printers, printers + 5,
                       automatic=True)  # fmt: skip
    gone = code(store, olga, printers, printers + 5, "Depot")  # "depot", removed before
    store.uncode_segment(gone.id)
    edit = store.edit_answers(olga, {KEY: OLD.replace("depot printers ", "")})
    assert edit.trashed == ("First-time fix", "Printers")
    assert set(live(store, olga)) == {kept.id}
    store.undo_answer_edit(edit)
    assert len(live(store, olga)) == 4
    note = store.add_note(olga, "Printers jam daily.")
    again = store.edit_note(note.id, "Printers jam daily!")
    assert again.trashed == ()
    store.code_segment(kept.code_id, "note", note.id, 0, 8)
    assert store.edit_note(note.id, "Jam daily!").trashed == ("Portal",)
