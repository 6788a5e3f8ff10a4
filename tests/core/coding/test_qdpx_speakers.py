"""Speaker turns in other tools' sources: mapped as the transcript import maps them, so that
"Respondents' words" works on an imported project; a source without them is said to have
no speaker marks, in the import report and in retrieval."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.coding.qdpx import read_project
from workbench.coding.qdpx_import import import_as_new_engagement
from workbench.coding.retrieval import UNMARKED, RetrievalFilter, retrieve
from workbench.store import open_engagement

DATA = Path(__file__).resolve().parents[2] / "data" / "qdpx"
QC = DATA / "qc-1.3.2-demo.qdpx"
NVIVO = DATA / "nvivo-12-oltas.qdpx"
QUALCODER = DATA / "qualcoder-4.0-course-feedback.qdpx"
ADMIN = "66653866-6334-3535-3435-366637306566"
BOARD = "33663939-3636-3632-3038-613431643463"
# QualCoder's focus group and the copy of it the case ID1 refers to
FOCUS = ("sources/f64cc579-9934-43a5-912c-3b82bf1b431d.txt",
         "sources/83aacefa-df4c-4918-b98c-e46fa2720dbb.txt")  # fmt: skip


def _imported(path: Path, folder: Path):
    wbk = folder / "p.wbk"
    report = import_as_new_engagement(read_project(path), wbk)
    return report, wbk


def test_qc_turns_are_mapped_and_reported(tmp_path):
    report, wbk = _imported(QC, tmp_path)
    lines = "\n".join(report.lines())
    assert "No speaker marks" not in lines
    admin = next(line for line in report.reshaped if "(admin-1.txt)" in line)
    assert "86 speaker turns (Automation, Max Bigman, admin-1)" in admin
    assert "admin-1 (named like the source 'admin-1') is the respondent" in admin
    board = next(line for line in report.reshaped if "(board_2017.txt)" in line)
    assert "every speaker counts as another speaker" in board
    with open_engagement(wbk) as store:
        roles = {n.speaker for n in store.notes(ADMIN)}
    assert roles == {
        "respondent:admin-1",
        "interviewer:Max Bigman",
        "interviewer:Automation",
    }


def test_respondents_words_keeps_to_the_respondents_turns(tmp_path):
    _, wbk = _imported(QC, tmp_path)
    with open_engagement(wbk) as store:
        code = store.add_code("Consent")
        notes = store.notes(ADMIN)
        asked = next(n for n in notes if n.speaker == "interviewer:Max Bigman")
        said = next(n for n in notes if n.body.startswith("admin-1:     Sure."))
        store.code_segment(code.id, "note", asked.id, 20, 40, coder="cp")
        at = said.body.index("Sure")
        store.code_segment(code.id, "note", said.id, at, at + 5, coder="cp")
        everyone = retrieve(store, [code.id])
        theirs = retrieve(store, [code.id], filters=RetrievalFilter(speaker="respondent"))
        # board_2017's speakers are nobody's respondent: its codings are other speakers'
        board = {s.code_id for s in store.segments() if s.interview_id == BOARD}
        board_theirs = retrieve(store, board, filters=RetrievalFilter(speaker="respondent"))
    assert len(everyone) == 2
    assert [r.text for r in theirs] == ["Sure."]
    assert theirs[0].speaker == "respondent:admin-1"
    assert list(board_theirs) == []
    assert "205 coded segments left out: 205 in turns of other speakers" in (
        board_theirs.left_out_note()
    )


def test_a_source_without_speaker_marks_says_so(tmp_path):
    out = io.StringIO()
    wbk = tmp_path / "n.wbk"
    assert main(["qdpx", "import", str(NVIVO), "-o", str(wbk)], out=out) == 0
    text = out.getvalue()
    assert "No speaker marks (2):" in text
    assert "\"Respondents' words\" cannot filter them" in text
    assert "  - videos_selection\n" in text
    with open_engagement(wbk) as store:
        codes = {s.code_id for s in store.segments()}
        found = retrieve(store, codes, filters=RetrievalFilter(speaker="respondent"))
    assert list(found) == []
    assert found.left_out_note() == f"330 coded segments left out: 330 {UNMARKED}"
    assert "no speaker marks" in UNMARKED


def _focus_group_with_names(tmp_path) -> Path:
    """QualCoder's focus group with its "[id1] " marks written "Id1:  " (as long, so the
    selections keep their positions): speaker turns of the case ID1 and two others."""
    out = tmp_path / "named.qdpx"
    with zipfile.ZipFile(QUALCODER) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in FOCUS:
                for k in (1, 2, 3):
                    data = data.replace(f"[id{k}] ".encode(), f"Id{k}:  ".encode())
            dst.writestr(info, data)
    return out


def test_the_cases_respondent_and_the_others_as_interviewers(tmp_path):
    report, wbk = _imported(_focus_group_with_names(tmp_path), tmp_path)
    line = next(r for r in report.reshaped if "(transcript.txt)" in r)
    assert "Id1 (named like the case 'ID1') is the respondent" in line
    assert report.unmarked == ["NOTES.txt"]
    with open_engagement(wbk) as store:
        iv = "d4bc705d-df95-4783-b8d3-ef500e7f8124"
        speakers = [n.speaker for n in store.notes(iv)]
        codes = {s.code_id for s in store.segments()}
        theirs = retrieve(store, codes, filters=RetrievalFilter(speaker="respondent"))
        asked = retrieve(store, codes, filters=RetrievalFilter(speaker="interviewer"))
    assert speakers == [
        "respondent:Id1", "interviewer:Id2", "interviewer:Id3", "respondent:Id1",
        "interviewer:Id3", "respondent:Id1", "interviewer:Id2",
    ]  # fmt: skip
    assert sorted(r.text for r in theirs) == ["I am learning a lot", "I like the course"]
    assert len(asked) == 3


def test_turns_go_back_as_the_source_was_written(tmp_path):
    """The turns' notes together are the source's text: an export writes it unchanged,
    under the source's own GUID, with the selections where they were."""
    path = _focus_group_with_names(tmp_path)
    _, wbk = _imported(path, tmp_path)
    out = tmp_path / "again.qdpx"
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    before, after = read_project(path), read_project(out)
    for project in (before, after):
        assert [s.name for s in project.sources] == ["transcript.txt", "NOTES.txt"]
    old, new = before.sources[0], after.sources[0]
    assert new.guid == old.guid and new.text == old.text
    assert sorted((s.guid, s.start, s.end) for s in new.selections) == sorted(
        (s.guid, s.start, s.end) for s in old.selections
    )


@pytest.mark.parametrize("source", ["admin-1.txt", "board_2017.txt"])
def test_qc_sources_go_back_as_qc_wrote_them(source, tmp_path):
    _, wbk = _imported(QC, tmp_path)
    out = tmp_path / "again.qdpx"
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    with zipfile.ZipFile(QC) as zf:
        text = zf.read(f"sources/{source}").decode("utf-8").replace("\r\n", "\n")
    again = next(s for s in read_project(out).sources if s.name == source)
    original = next(s for s in read_project(QC).sources if s.name == source)
    assert again.text == text and again.guid == original.guid


TEAMS_TEXT = (
    "Service desk interview\n\n"
    "Jo Smith   0:03\nThanks for making the time.\n\n"
    "Alice Kent   0:08\nMost of them come in by mail.\nSome by phone.\n\n"
    "Jo Smith   0:15\nAnd then?\n"
)
COLON_TEXT = (
    "[00:00:03] Jo Smith:   Thanks for making the time.\n"
    "[00:00:08] Alice Kent: Most of them come in by mail,\n"
    "00:00:09] and some by phone.\n"
    "[00:00:15] Jo Smith:   And then?"
)


@pytest.mark.parametrize("text", [TEAMS_TEXT, COLON_TEXT], ids=["name-above", "name-colon"])
def test_turns_of_either_layout_are_stretches_written_back_unchanged(text):
    from datetime import datetime
    from types import SimpleNamespace

    from workbench.coding.qdpx import Source
    from workbench.coding.qdpx_export import _units
    from workbench.coding.qdpx_speakers import _stretches, _turns

    src = Source("5f0c8a9e-3f4e-4a55-9a57-1c7f5c7a0b11", "Alice Kent", text, "here", None, "")
    turns = _turns(src)
    roles = {"": "", "Jo Smith": "interviewer:Jo Smith", "Alice Kent": "respondent:Alice Kent"}
    stretches = _stretches(src, turns, roles)
    bodies = [text[t.start : t.end] for t in stretches]
    assert "".join(bodies) == text
    assert [t.speaker for t in stretches][-3:] == [
        "interviewer:Jo Smith", "respondent:Alice Kent", "interviewer:Jo Smith",
    ]  # fmt: skip
    assert bodies[-2].lstrip().startswith(("Alice Kent", "[00:00:08] Alice Kent"))
    now = datetime(2026, 1, 1)
    notes = [
        SimpleNamespace(id=t.note_id, body=b, stamp=t.stamp, speaker=t.speaker,
                        created_at=now, modified_at=now)
        for t, b in zip(stretches, bodies, strict=True)
    ]  # fmt: skip
    iv = SimpleNamespace(id=src.guid, source_ref="refi-qda:Alice Kent")
    (unit,) = _units(iv, notes, "Alice Kent")
    assert unit.text == text and unit.guid == src.guid
