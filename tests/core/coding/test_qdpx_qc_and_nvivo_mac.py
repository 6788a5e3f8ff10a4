"""Two projects shipped in the qualitative-coding package (see tests/data/qdpx/README.md):
one written by qc 1.3.2 itself, one by NVivo for Mac 15; each imported field by field and
exported again."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.coding.qdpx import read_project
from workbench.store import open_engagement

etree = pytest.importorskip("lxml.etree")

DATA = Path(__file__).resolve().parents[2] / "data"
QC = DATA / "qdpx" / "qc-1.3.2-demo.qdpx"
NVIVO_MAC = DATA / "qdpx" / "nvivo-mac-15-qc-project.qdpx"
NS = {"q": "urn:QDA-XML:project:1.0"}
CP = "39633935-3331-3962-6632-373436373264"


def _qde(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("project.qde"))


def _round_trip(path: Path, folder: Path):
    wbk, out = folder / "p.wbk", folder / "again.qdpx"
    assert main(["qdpx", "import", str(path), "-o", str(wbk)], out=io.StringIO()) == 0
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    schema = etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "Project.xsd")))
    again = _qde(out)
    assert schema.validate(again), [str(e) for e in schema.error_log][:5]
    return wbk, again


@pytest.fixture(scope="module")
def qc(tmp_path_factory):
    return _round_trip(QC, tmp_path_factory.mktemp("qc"))


def test_qc_sources_named_by_their_files_are_read_from_the_project(qc):
    # qc gives each source no name and a bare file name (no internal://) in sources/
    project = read_project(QC)
    assert project.origin == "qc 1.3.2" and project.not_carried == []
    wbk, _ = qc
    with zipfile.ZipFile(QC) as zf:
        board = zf.read("sources/board_2017.txt").decode("utf-8")
        admin = zf.read("sources/admin-1.txt").decode("utf-8")
    with open_engagement(wbk) as store:
        # the speaker turns are the notes; together they are the source's text exactly
        board_notes = store.notes("33663939-3636-3632-3038-613431643463")
        admin_notes = store.notes("66653866-6334-3535-3435-366637306566")
    assert "".join(n.body for n in board_notes) == board.replace("\r\n", "\n")
    assert "".join(n.body for n in admin_notes) == admin.replace("\r\n", "\n")
    assert (len(board_notes), len(admin_notes)) == (131, 86)
    assert admin_notes[1].body.startswith("Max Bigman:         And I keep forgetting")
    assert admin_notes[1].speaker == "interviewer:Max Bigman"
    assert admin_notes[2].body == "admin-1:     Sure.\n\n"
    assert admin_notes[2].speaker == "respondent:admin-1"
    assert [s.name for s in project.sources] == ["board_2017.txt", "admin-1.txt"]


def test_qc_codes_and_codings_come_across(qc):
    wbk, _ = qc
    original = _qde(QC)
    with zipfile.ZipFile(QC) as zf:
        board = zf.read("sources/board_2017.txt").decode("utf-8")
    with open_engagement(wbk) as store:
        paths = store.code_paths()
        segs = store.segments()
        notes = store.notes("33663939-3636-3632-3038-613431643463")
    at, offset = {}, 0  # where each turn's note starts in the source's text
    for n in notes:
        at[n.id], offset = offset, offset + len(n.body)
    assert len(paths) == len(original.findall(".//q:Code", NS)) == 262
    assert paths["36636563-3863-6264-3638-303637613863"] == (
        "rq1_definition/competencies/programming"
    )
    # 158 selections with 205 codings: a segment per coding, on the selection's words
    assert len(segs) == 205
    assert {s.coder for s in segs} == {"cp"}
    first = next(s for s in segs if s.id == "37323865-3734-6533-3337-623138653238")
    assert (at[first.source_id] + first.start, at[first.source_id] + first.end) == (320, 400)
    assert first.code_id == "37613432-3130-6635-3839-613934656566"
    assert first.text == board[320:400]
    assert first.text.startswith("This district goal is engage every student")
    assert all(s.text for s in segs)


def _selections(root):
    """selection GUID -> (start, end, creating user, {coding GUID: (code, creating user)})"""
    return {
        s.get("guid"): (
            s.get("startPosition"),
            s.get("endPosition"),
            s.get("creatingUser"),
            {
                c.get("guid"): (c.find("q:CodeRef", NS).get("targetGUID"), c.get("creatingUser"))
                for c in s.iterfind("q:Coding", NS)
            },
        )
        for s in root.iterfind(".//q:PlainTextSelection", NS)
    }


def test_qc_selections_codings_and_users_come_back_as_qc_wrote_them(qc):
    _, again = qc
    assert [(u.get("guid"), u.get("name")) for u in again.iterfind("q:Users/q:User", NS)] == [
        (CP, "cp")
    ]
    before, after = _selections(_qde(QC)), _selections(again)
    assert len(before) == 158 and sum(len(v[3]) for v in before.values()) == 205
    # the same selections, positions and codings, by GUID; the user on the codings only
    assert after == before
    assert {v[2] for v in after.values()} == {None}


def test_nvivo_for_mac_project_and_both_its_users(tmp_path):
    project = read_project(NVIVO_MAC)
    assert project.origin == "NVivo for Mac 15.0.0"
    assert project.users == {"1b0b1791-be46-4557-9957-7333544cfaf2": "chrisp", CP: "cp"}
    # its two sources are empty documents (a line break as plain text, an empty .docx)
    assert [s.text for s in project.sources] == ["\n", "\n"]
    assert [line.split(": ", 1)[1] for line in project.not_carried] == [
        "its rich text (formatting, internal://d097e6fd-7671-4d95-a8b6-7795fa4a72e1.docx); "
        "the plain text came across",
        "its rich text (formatting, internal://e65f5ee2-9a55-47f1-bb0b-4921d8ce15c4.docx); "
        "the plain text came across",
    ]
    wbk, again = _round_trip(NVIVO_MAC, tmp_path)
    with open_engagement(wbk) as store:
        assert len(store.code_paths()) == 262
    original = _qde(NVIVO_MAC)
    guids = {c.get("guid"): c.get("name") for c in original.iterfind(".//q:Code", NS)}
    assert {c.get("guid"): c.get("name") for c in again.iterfind(".//q:Code", NS)} == guids
    # a user who made nothing in the project is written back too
    users = {u.get("guid"): u.get("name") for u in again.iterfind("q:Users/q:User", NS)}
    assert users == project.users


def test_a_coding_moved_off_its_selection_becomes_a_selection_of_its_own(qc, tmp_path):
    import shutil

    from sqlalchemy import select

    from workbench.coding.qdpx_export import export_project
    from workbench.store.models import CodedSegment

    wbk = tmp_path / "moved.wbk"
    shutil.copy(qc[0], wbk)
    with open_engagement(wbk) as store:
        with store.writing() as s:
            segs = list(s.execute(select(CodedSegment)).scalars())
            shared = {}
            for seg in segs:
                shared.setdefault(seg.qda_selection, []).append(seg)
            guid, (kept, moved, *_) = next((g, v) for g, v in shared.items() if len(v) > 1)
            moved.end -= 1
            moved.text = moved.text[:-1]
        export_project(store, tmp_path / "moved.qdpx")
    again = _qde(tmp_path / "moved.qdpx")
    schema = etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "Project.xsd")))
    assert schema.validate(again), [str(e) for e in schema.error_log][:5]
    after = _selections(again)
    assert len(after) == 159  # the moved coding is a selection of its own, no GUID twice
    assert moved.qda_coding not in after[guid][3] and kept.qda_coding in after[guid][3]
    (alone,) = [v for v in after.values() if moved.qda_coding in v[3]]
    assert alone[3] == {moved.qda_coding: (moved.code_id, CP)}
    assert int(alone[1]) == int(after[guid][1]) - 1


@pytest.mark.parametrize("name", ["qc-1.3.2-demo.qdpx", "qualcoder-4.0-course-feedback.qdpx"])
def test_source_names_survive_a_second_round_trip(name, tmp_path):
    """Each source comes back under the name it came with, after import, export, import of
    that export and export again; no two sources share a name."""
    path = DATA / "qdpx" / name
    expected = sorted(s.name for s in read_project(path).sources)
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir(), second.mkdir()
    _, once = _round_trip(path, first)
    _, twice = _round_trip(first / "again.qdpx", second)

    def names(root):
        return sorted(s.get("name") for s in root.iterfind(".//q:TextSource", NS))

    assert names(once) == expected
    assert names(twice) == expected
    assert len(set(expected)) == len(expected)


def test_two_sources_that_came_with_one_name_are_told_apart(tmp_path):
    """Two interviews that came with the same name export as "x" and "x (2)"."""
    from workbench.coding.qdpx import SOURCE_REF
    from workbench.store.models import Interview

    wbk, _ = _round_trip(QC, tmp_path)
    with open_engagement(wbk) as store, store.session() as s:
        for iv in s.query(Interview):
            iv.source_ref = f"{SOURCE_REF}same.txt"
    out = tmp_path / "same.qdpx"
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    got = sorted(s.get("name") for s in _qde(out).iterfind(".//q:TextSource", NS))
    assert got == ["same.txt", "same.txt (2)"]


def test_sources_of_no_case_go_back_with_no_case_round_after_round(qc, tmp_path):
    # qc's two sources belong to no case: on import they share one respondent,
    # "Unassigned (from qc project)", which an export writes as no case, so that a
    # second round trip brings the same sources of no case back to the same respondent
    assert not [c for c in read_project(QC).cases]
    wbk, again = qc
    assert again.findall("q:Cases/q:Case", NS) == []
    names = sorted(s.get("name") for s in again.findall("q:Sources/q:TextSource", NS))
    assert names == ["admin-1.txt", "board_2017.txt"]
    first = tmp_path / "again.qdpx"
    assert main(["qdpx", "export", str(wbk), "-o", str(first)], out=io.StringIO()) == 0
    second_wbk, second = tmp_path / "b.wbk", tmp_path / "b.qdpx"
    assert main(["qdpx", "import", str(first), "-o", str(second_wbk)], out=io.StringIO()) == 0
    assert main(["qdpx", "export", str(second_wbk), "-o", str(second)],
                out=io.StringIO()) == 0  # fmt: skip
    assert _qde(second).findall("q:Cases/q:Case", NS) == []
    with open_engagement(second_wbk) as store:
        assert [r.name for r in store.respondents()] == ["Unassigned (from qc project)"]
        assert len(store.interview_rows(progress=False)) == 2
    names = sorted(s.get("name") for s in _qde(second).findall("q:Sources/q:TextSource", NS))
    assert names == ["admin-1.txt", "board_2017.txt"]


def test_the_unassigned_respondent_given_something_is_a_case(tmp_path):
    wbk, out = tmp_path / "p.wbk", tmp_path / "p.qdpx"
    assert main(["qdpx", "import", str(QC), "-o", str(wbk)], out=io.StringIO()) == 0
    with open_engagement(wbk) as store:
        (person,) = store.respondents()
        store.update_respondent(person.id, role="Board member")
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    cases = _qde(out).findall("q:Cases/q:Case", NS)
    assert [c.get("name") for c in cases] == ["Unassigned (from qc project)"]
    assert len(cases[0].findall("q:SourceRef", NS)) == 2
