"""A record moved to the trash in one copy and changed in the other: the merge names it.

The deletion stands (a field changed on one side only) and the other side's work stays
with the record in the trash; the summary, the merge report and `merge-report` name the
record, what was changed, by whom, who deleted it, and that the trash restores it."""

from __future__ import annotations

import argparse
import io
import shutil
from pathlib import Path

from test_merge import TEXT_FORM, TEXT_KEY, content, merge

from workbench.settings import set_consultant_name
from workbench.store import open_engagement

QUESTION = "What is the main reason for your score?"
CORRECTED = "Fine mostly, but the portal is confusing."


def _complete_interview(store) -> tuple[str, str]:
    row = next(
        r for r in store.interview_rows() if r.form_id == TEXT_FORM and r.status == "complete"
    )
    return row.id, store.respondent(row.respondent_id).name


def _correct_and_trash(a: Path, b: Path) -> dict[str, str]:
    """Ben corrects an answer of a completed interview in his copy; Tess trashes it in hers."""
    set_consultant_name("Ben Brown")
    with open_engagement(b) as store:
        iid, who = _complete_interview(store)
        store.set_answer(iid, TEXT_KEY, CORRECTED)
    set_consultant_name("Tess Tester")
    with open_engagement(a) as store:
        store.trash_interview(iid)
    return {"interview": iid, "who": who}


def _report_text(path: Path) -> str:
    import workbench.commands  # noqa: F401 - the command line loads the team commands
    from workbench.team.commands import cmd_merge_report

    out = io.StringIO()
    cmd_merge_report(argparse.Namespace(file=str(path), output=None), out)
    return out.getvalue()


def test_an_interview_corrected_on_one_side_and_trashed_on_the_other_is_named_both_ways(
    two_copies, tmp_path
) -> None:
    a, b = two_copies
    ids = _correct_and_trash(a, b)
    m1, m2 = tmp_path / "m1.wbk", tmp_path / "m2.wbk"
    shutil.copyfile(a, m1)
    shutil.copyfile(b, m2)
    set_consultant_name("Tess Tester")
    r1 = merge(m1, b)  # Tess's copy takes Ben's correction in
    r2 = merge(m2, a)  # Ben's copy takes Tess's deletion in
    for result, path in ((r1, m1), (r2, m2)):
        lines = [i for i in result.items if i["kind"] == "deleted and edited"]
        assert len(lines) == 1, result.items
        line = lines[0]
        assert (line["table"], line["record"]) == ("interview", ids["interview"])
        assert line["label"].startswith(ids["who"] + ": ")
        assert line["field"] == f"Ben Brown corrected the answer to “{QUESTION}”"
        assert "moved to the trash by Tess Tester" in line["detail"]
        assert "Edit ▸ Trash" in line["detail"]
        summary = result.summary()
        assert (
            f"1 record deleted on one side and changed on the other: {line['label']} "
            f"(Ben Brown corrected the answer to “{QUESTION}”; moved to the trash by Tess "
            "Tester, it stays there with the change: Edit ▸ Trash restores it)"
        ) in summary, summary
        report = _report_text(path)
        assert line["label"] in report and "Ben Brown" in report, report
        assert "  no conflicts\n" not in report
        assert "no conflicts of fields changed on both sides" in report
        # the deletion stands; the correction is kept with the interview in the trash
        with open_engagement(path, read_only=True) as store:
            assert store.interview(ids["interview"]).deleted_at is not None
            assert store.answers(ids["interview"])[TEXT_KEY] == CORRECTED
    assert content(m1) == content(m2)
    # merged again with either copy: nothing changes, nothing is named again
    for path in (m1, m2):
        for source in (a, b):
            again = merge(path, source)
            assert not again.changed and again.items == [], (path, source)


def test_a_trashed_respondent_names_the_work_done_in_their_interviews_once(
    two_copies, tmp_path
) -> None:
    a, b = two_copies
    set_consultant_name("Ben Brown")
    with open_engagement(b) as store:
        iid, who = _complete_interview(store)
        person = store.interview(iid).respondent_id
        store.set_answer(iid, TEXT_KEY, CORRECTED)
        store.add_note(iid, "Asked again by phone")
    set_consultant_name("Tess Tester")
    with open_engagement(a) as store:
        store.trash_respondent(person)
        store.trash_interview(iid)
    result = merge(a, b)
    lines = [i for i in result.items if i["kind"] == "deleted and edited"]
    assert [(i["table"], i["record"]) for i in lines] == [("respondent", person)]
    assert lines[0]["label"] == who
    assert lines[0]["field"] == f"Ben Brown corrected the answer to “{QUESTION}” and added 1 note"


def test_a_trashed_interview_nobody_changed_is_not_named(two_copies) -> None:
    a, b = two_copies
    with open_engagement(b) as store:
        iid, _ = _complete_interview(store)
        other = next(r.id for r in store.interview_rows() if r.id != iid)
        store.add_note(other, "Ben works elsewhere")
    with open_engagement(a) as store:
        store.trash_interview(iid)
    result = merge(a, b)
    assert not [i for i in result.items if i["kind"] == "deleted and edited"]
    assert "deleted on one side" not in result.summary()


def test_an_interview_trashed_after_seeing_the_correction_is_not_named(two_copies) -> None:
    a, b = two_copies
    with open_engagement(b) as store:
        iid, _ = _complete_interview(store)
        store.set_answer(iid, TEXT_KEY, CORRECTED)
    merge(a, b)  # Tess sees Ben's correction, then trashes the interview
    with open_engagement(a) as store:
        store.trash_interview(iid)
    result = merge(b, a)
    assert not [i for i in result.items if i["kind"] == "deleted and edited"]


def test_a_coded_passage_recoded_on_one_side_and_uncoded_on_the_other_is_named(
    two_copies, tmp_path
) -> None:
    a, b = two_copies
    with open_engagement(a, read_only=True) as store:
        seg = store.segments()[0]
    set_consultant_name("Ben Brown")
    with open_engagement(b) as store:
        other = store.add_code("Portal usability")
        store.update_segment(seg.id, code_id=other.id)
    set_consultant_name("Tess Tester")
    with open_engagement(a) as store:
        store.uncode_segment(seg.id)
    shutil.copyfile(a, tmp_path / "a2.wbk")
    for target, source in ((a, b), (b, tmp_path / "a2.wbk")):
        result = merge(target, source)
        lines = [i for i in result.items if i["kind"] == "deleted and edited"]
        assert [(i["table"], i["record"]) for i in lines] == [("coded_segment", seg.id)]
        assert lines[0]["field"] == "Ben Brown changed its code"
        assert "went to the trash with the coded passage" in lines[0]["detail"]
        assert seg.text[:20] in lines[0]["label"]
        with open_engagement(target, read_only=True) as store:
            assert seg.id not in {g.id for g in store.segments()}


def test_an_interview_purged_on_one_side_and_corrected_on_the_other_names_who_and_where(
    two_copies,
) -> None:
    a, b = two_copies
    set_consultant_name("Ben Brown")
    with open_engagement(b) as store:
        iid, who = _complete_interview(store)
        store.set_answer(iid, TEXT_KEY, CORRECTED)
    set_consultant_name("Tess Tester")
    with open_engagement(a) as store:
        store.trash_interview(iid)
        store.purge_interview(iid)
    result = merge(a, b)
    line = next(
        i for i in result.items if i["kind"] == "deleted and edited" and i["table"] == "answer"
    )
    assert line["label"].startswith(f"{who}: Satisfaction, loyalty and effort, ")
    assert line["label"].endswith(", an interview since deleted")
    assert line["field"] == f"Ben Brown corrected the answer to “{QUESTION}”"
    assert "the deletion stands; the copy it was changed in still holds it" in line["detail"]
    assert f"{line['label']} (edited by Ben Brown on one side" in result.summary()
    with open_engagement(a, read_only=True) as store:
        assert iid not in {r.id for r in store.interview_rows()}
