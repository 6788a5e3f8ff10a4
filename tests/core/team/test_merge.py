"""Two copies of the demo engagement, edited apart, merge into one in either order."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from workbench.store import check_engagement, open_engagement
from workbench.team.merge import MergeRefused, merge_into, read_store
from workbench.team.state import ORDER, canonical

TEXT_FORM = "satisfaction-loyalty"
TEXT_KEY = "satisfaction_reason"


def content(path: Path) -> dict[str, dict[str, str]]:
    """Every record of the engagement (not the bookkeeping of merges), comparable."""
    with open_engagement(path, read_only=True) as store:
        copy = read_store(store)
    return {
        table: {key: canonical(row) for key, row in copy.rows[table].items()} for table in ORDER
    }


def edit_apart(a: Path, b: Path) -> dict[str, str]:
    """Anna and Ben work on their own copies; returns the ids the checks need."""
    ids: dict[str, str] = {}
    with open_engagement(a) as store:
        rows = [r for r in store.interview_rows() if r.form_id == TEXT_FORM]
        shared, doomed = rows[0], rows[1]
        ids.update(shared=shared.id, doomed=doomed.id, person=shared.respondent_id)
        form = store.form_definition(store.interview(shared.id).form_version_id)
        new = store.add_respondent("Ada Newcombe", role="Service desk lead")
        iv = store.new_interview(new.id, form, interviewer="Anna")
        store.set_answer(iv.id, TEXT_KEY, "Anna's new interview")
        ids["anna_interview"] = iv.id
        store.set_answer(shared.id, TEXT_KEY, "Anna's reading of the answer")
        store.update_respondent(shared.respondent_id, role="Head of IT (Anna)")
        store.trash_interview(doomed.id)
        store.purge_interview(doomed.id)
        ids["anna_code"] = store.add_code("Anna's theme").id
        ids["anna_billing"] = store.add_code("Billing disputes").id
    time.sleep(0.01)  # Ben's edit of the shared answer is the newer one
    with open_engagement(b) as store:
        person = store.respondent(ids["person"])
        iv = store.new_interview(
            person.id, store.form_definition(store.interview(ids["shared"]).form_version_id)
        )
        store.set_answer(iv.id, TEXT_KEY, "Ben's new interview")
        ids["ben_interview"] = iv.id
        store.set_answer(ids["shared"], TEXT_KEY, "Ben's reading of the answer")
        store.update_respondent(ids["person"], name="Colin Baxter-Smith")
        ids["ben_code"] = store.add_code("Ben's theme").id
        ids["ben_billing"] = store.add_code("Billing disputes").id
    return ids


def merge(target: Path, source: Path, **options) -> object:
    with open_engagement(target) as t, open_engagement(source, read_only=True) as s:
        return merge_into(t, s, source_label=str(source), **options)


def test_two_copies_merge_into_the_expected_content_in_either_order(two_copies, tmp_path) -> None:
    a, b = two_copies
    ids = edit_apart(a, b)
    a2, b2 = tmp_path / "a2.wbk", tmp_path / "b2.wbk"
    shutil.copyfile(a, a2)
    shutil.copyfile(b, b2)

    first = merge(b, a2)  # Anna's copy into Ben's
    second = merge(a, b2)  # Ben's copy into Anna's
    assert first.changed and second.changed
    assert content(a) == content(b)

    with open_engagement(a, read_only=True) as store:
        live = {r.id for r in store.interview_rows()}
        assert {ids["anna_interview"], ids["ben_interview"]} <= live
        assert ids["doomed"] not in {r.id for r in store.interview_rows(include_deleted=True)}
        # The same answer edited on both sides: the newer change (Ben's) stays.
        assert store.answers(ids["shared"])[TEXT_KEY] == "Ben's reading of the answer"
        assert store.answers(ids["anna_interview"])[TEXT_KEY] == "Anna's new interview"
        # Different fields of one record edited on each side: both changes stay.
        person = store.respondent(ids["person"])
        assert (person.name, person.role) == ("Colin Baxter-Smith", "Head of IT (Anna)")
        names = [c.name for c in store.codes()]
        assert "Anna's theme" in names and "Ben's theme" in names
        assert names.count("Billing disputes") == 2  # offered for merging, not merged unasked
        # The search index holds the merged texts.
        assert {h.interview_id for h in store.search("Ben's reading")} == {ids["shared"]}
        assert store.search("Anna's reading") == []
    for path in (a, b):
        assert check_engagement(path) == []
    for result in (first, second):
        kinds = {(i["kind"], i["table"]) for i in result.items}
        assert ("conflict", "answer") in kinds
        assert ("same-name codes", "code") in kinds
        conflict = next(i for i in result.items if i["table"] == "answer")
        assert conflict["kept"] == "Ben's reading of the answer"
        assert conflict["other"] == "Anna's reading of the answer"


def test_a_second_merge_changes_nothing(two_copies) -> None:
    a, b = two_copies
    edit_apart(a, b)
    assert merge(b, a).changed
    before = content(b)
    again = merge(b, a)
    assert not again.changed and again.report_id is None
    assert content(b) == before
    # and back the other way: Anna's copy takes Ben's, then both agree
    merge(a, b)
    assert content(a) == content(b)
    assert not merge(b, a).changed


def test_an_identical_copy_changes_nothing(two_copies) -> None:
    a, b = two_copies
    before = content(a)
    result = merge(a, b)
    assert not result.changed and result.items == []
    assert content(a) == before


def test_codes_of_one_name_are_merged_when_asked(two_copies) -> None:
    a, b = two_copies
    ids = edit_apart(a, b)
    merge(b, a, merge_codes=True)
    with open_engagement(b, read_only=True) as store:
        billing = [c for c in store.codes() if c.name == "Billing disputes"]
        assert [c.id for c in billing] == [min(ids["anna_billing"], ids["ben_billing"])]
    # the fold is carried: Anna's copy, merged with Ben's, folds the same way
    merge(a, b)
    assert content(a) == content(b)


def test_a_deleted_row_is_not_brought_back_and_its_segments_follow(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        note = next(n for r in store.interview_rows() for n in store.notes(r.id) if n.body)
        store.delete_note(note.id)
    merge(b, a)
    with open_engagement(b, read_only=True) as store:
        segs = [g for g in store.segments() if g.source_id == note.id]
        assert all(g.deleted_at is not None for g in segs)
        assert note.id not in {n.id for n in store.notes(note.interview_id)}


def test_a_copy_of_another_engagement_is_refused_and_nothing_changes(two_copies, tmp_path) -> None:
    from workbench.store import create_engagement

    a, _ = two_copies
    other = tmp_path / "other.wbk"
    create_engagement(other, client="Other Ltd", title="Elsewhere").close()
    before = content(a)
    with pytest.raises(MergeRefused, match="another engagement"):
        merge(a, other)
    assert content(a) == before


def test_a_failure_half_way_leaves_the_target_as_it_was(two_copies, monkeypatch) -> None:
    from workbench.team import merge as merging

    a, b = two_copies
    edit_apart(a, b)
    before = content(b)
    real = merging.write_plan

    def failing(conn, todo, after, progress=None):
        real(conn, todo, after, progress)
        raise OSError("the disk went away")

    monkeypatch.setattr(merging, "write_plan", failing)
    with pytest.raises(OSError):
        merge(b, a)
    assert content(b) == before
    assert check_engagement(b) == []


def test_coded_segments_follow_their_notes_words(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        note = next(
            n for r in store.interview_rows() for n in store.notes(r.id) if len(n.body) > 40
        )
        code = store.codes()[0]
        store.edit_note(note.id, "Added at the start. " + note.body)
    with open_engagement(b) as store:
        seg = store.code_segment(code.id, "note", note.id, 5, 25)
        words = note.body[5:25]
    merge(b, a)
    with open_engagement(b, read_only=True) as store:
        moved = next(g for g in store.segments() if g.id == seg.id)
        body = next(n.body for n in store.notes(note.interview_id) if n.id == note.id)
        assert body.startswith("Added at the start. ")
        assert (moved.start, moved.end) == (25, 45) and body[moved.start : moved.end] == words
        assert moved.deleted_at is None


def test_what_was_added_to_a_record_deleted_on_the_other_side_is_reported(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        row = next(r for r in store.interview_rows() if r.form_id == TEXT_FORM)
        store.trash_interview(row.id)
        store.purge_interview(row.id)
    with open_engagement(b) as store:
        note = store.add_note(row.id, "written after the split")
    result = merge(b, a)
    gone = [i for i in result.items if i["kind"] == "removed with its parent"]
    assert [(i["table"], i["record"]) for i in gone] == [("note", note.id)]
    # the words that went are in the report, in full, and the line begins with them
    assert gone[0]["other"] == "written after the split"
    assert gone[0]["label"].endswith("— note “written after the split”")
    merge(a, b)
    assert content(a) == content(b)


def test_erasing_a_person_takes_them_out_of_merge_reports_too(two_copies) -> None:
    import io

    from workbench.cli import main

    a, b = two_copies
    edit_apart(a, b)
    result = merge(b, a)
    with open_engagement(b, read_only=True) as store:
        reports = read_store(store).reports
        conflict = next(i for i in result.items if i["table"] == "answer")
        name = conflict["label"].split(":")[0]
    assert any(name in str(r["items"]) for r in reports.values())
    assert main(["erase", str(b), "--respondent", name, "--yes"], out=io.StringIO()) == 0
    assert name.encode() not in b.read_bytes()


def test_a_segment_whose_words_the_other_side_removed_is_listed_as_lost(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        note = next(
            n for r in store.interview_rows() for n in store.notes(r.id) if len(n.body) > 40
        )
        code = store.add_code("Quick win")
        seg = store.code_segment(code.id, "note", note.id, 5, 25)
        words = note.body[5:25]
    time.sleep(0.01)  # Ben's version of the note is the newer one
    with open_engagement(b) as store:
        store.edit_note(note.id, "Ben rewrote the whole note.")
    a2, b2 = a.with_name("anna2.wbk"), b.with_name("ben2.wbk")
    shutil.copyfile(a, a2)
    shutil.copyfile(b, b2)
    for target, source in ((a, b), (b2, a2)):
        result = merge(target, source)
        lost = [i for i in result.items if i["kind"] == "segment lost"]
        assert [(i["record"], i["field"], i["other"]) for i in lost] == [
            (seg.id, "code Quick win", words)
        ]
        assert "no longer holds these words" in lost[0]["detail"]
        assert not [i for i in result.items if i["kind"] == "conflict"]
        with open_engagement(target, read_only=True) as store:
            assert seg.id not in [g.id for g in store.segments()]
        # merged again: nothing changes and nothing is listed, no contradictory conflict
        before = target.read_bytes()
        again = merge(target, source)
        assert not again.changed and again.items == []
        assert target.read_bytes() == before


def test_merging_again_lists_no_conflict_about_a_segment_the_merge_trashed(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        note = next(
            n for r in store.interview_rows() for n in store.notes(r.id) if len(n.body) > 40
        )
        seg = store.code_segment(store.codes()[0].id, "note", note.id, 5, 25)
    time.sleep(0.01)
    with open_engagement(b) as store:
        store.edit_note(note.id, "Ben rewrote the whole note.")
    first = merge(b, a)
    assert [i["record"] for i in first.items if i["kind"] == "segment lost"] == [seg.id]
    before = b.read_bytes()
    again = merge(b, a)  # Anna's copy still holds the segment; it stays in the trash
    assert not again.changed and again.items == []
    assert b.read_bytes() == before
    with open_engagement(b, read_only=True) as store:
        assert seg.id not in [g.id for g in store.segments()]


def test_codes_of_one_name_are_offered_as_the_consultants_wrote_them(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        store.add_code("Quick win")
    with open_engagement(b) as store:
        store.add_code("Quick win")
    result = merge(a, b)
    assert [i["record"] for i in result.items if i["kind"] == "same-name codes"] == ["Quick win"]


def test_history_says_an_interview_went_to_the_trash_and_which(two_copies) -> None:
    from workbench.team.audit import history

    a, _ = two_copies
    with open_engagement(a) as store:
        row = next(r for r in store.interview_rows() if r.form_id == TEXT_FORM)
        iv = store.interview(row.id)
        title = iv.form_version.title
        store.trash_interview(row.id)
        time.sleep(0.01)
        store.restore_interview(row.id)
        lines = [line.what for line in history(store, row.respondent_id)]
    named = f"interview “{title}" + (f", {iv.date}”" if iv.date else "”")
    assert lines[0] == f"{named} restored from the trash"
    assert lines[1] == f"{named} moved to the trash"
    assert not any("deleted_at" in line for line in lines)
