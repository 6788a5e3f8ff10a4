"""A project written by QualCoder 4.0's REFI-QDA export, imported field by field and
exported again (see tests/data/qdpx/README.md for how the file was made)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.coding.qdpx import read_project
from workbench.coding.qdpx_import import import_as_new_engagement
from workbench.store import open_engagement

etree = pytest.importorskip("lxml.etree")

DATA = Path(__file__).resolve().parents[2] / "data"
QUALCODER = DATA / "qdpx" / "qualcoder-4.0-course-feedback.qdpx"
NS = {"q": "urn:QDA-XML:project:1.0"}
TRANSCRIPT = "d4bc705d-df95-4783-b8d3-ef500e7f8124"
NOTES = "78ab5fae-ef84-4c8a-a794-95ab7cb11992"
ANA, BEN = "2081586f-210e-4a79-8947-d4a0d06acf31", "81958a82-a433-4f1f-a37c-d55970bf87f7"


def _member(name: str) -> str:
    with zipfile.ZipFile(QUALCODER) as zf:
        return zf.read(name).decode("utf-8-sig")


def _interviews(store):
    from sqlalchemy import select

    from workbench.store.models import Interview

    with store.session() as s:
        return list(s.execute(select(Interview)).scalars())


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    wbk = tmp_path_factory.mktemp("qualcoder") / "qc.wbk"
    report = import_as_new_engagement(read_project(QUALCODER), wbk)
    return report, wbk


def test_nothing_is_listed_as_lost_and_the_counts_are_qualcoders(imported):
    report, _ = imported
    assert read_project(QUALCODER).origin == "QualCoder 4.0 Beta"
    assert report.not_carried == []
    # transcript.txt's seven "[id1] words" turns (QualCoder's own speaker marks) are one
    # note each; NOTES.txt, with no speaker marks, is one note
    assert (report.respondents, report.interviews, report.notes) == (2, 2, 8)
    assert (report.codes, report.segments, report.without_case) == (6, 5, 0)


def test_sources_keep_their_names_and_exact_text(imported):
    _, wbk = imported
    with open_engagement(wbk) as store:
        turns = store.notes(TRANSCRIPT)
        assert "".join(n.body for n in turns) == _member(
            "sources/f64cc579-9934-43a5-912c-3b82bf1b431d.txt"
        )
        assert [n.body[:5] for n in turns] == ["[id1]", "[id2]", "[id3]", "[id1]",
                                               "[id3]", "[id1]", "[id2]"]  # fmt: skip
        assert store.notes(NOTES)[0].body.startswith("These files can be used to te")
        refs = sorted(iv.source_ref for iv in _interviews(store))
    assert refs == ["refi-qda:NOTES.txt", "refi-qda:transcript.txt"]


def test_cases_hold_their_sources_and_variables(imported):
    # QualCoder's SourceRef names the copy of the document it puts in sources/, not the
    # TextSource: the copy's text identifies the source
    _, wbk = imported
    with open_engagement(wbk) as store:
        people = {r.name: r for r in store.respondents()}
        assert set(people) == {"ID1", "ID2"}
        assert people["ID1"].attributes == {
            "Age": 20.0,
            "gender": "f",
            "Description": "first student",
        }
        assert people["ID2"].attributes == {"Age": 22.0, "gender": "m"}
        held = {iv.id: iv.respondent_id for iv in _interviews(store)}
    assert held == {
        TRANSCRIPT: "62c7833b-844e-404e-85d6-9ff40814990f",
        NOTES: "45cedbb8-3dec-499f-a3d8-a091a23509b4",
    }


def test_codes_keep_hierarchy_colours_guids_and_descriptions(imported):
    _, wbk = imported
    with open_engagement(wbk) as store:
        codes = {c.id: c for c in store.codes()}
        paths = store.code_paths()
    got = {paths[g]: (c.colour, c.codable, c.definition) for g, c in codes.items()}
    assert got == {
        "Course": (got["Course"][0], False, "About the course"),
        "Course/positive": ("#6fdb6f", True, "Says something good"),
        "Course/slides": ("#ffaaff", True, ""),
        "Course/Workload": (got["Course/Workload"][0], False, ""),
        "Course/Workload/assignments": ("#f4fa58", True, "Too many or too long"),
        "Course/Workload/assignments/too long": ("#fa8258", True, ""),
    }
    assert codes["57f1a1cf-a616-4694-858e-9f42fdac39e3"].name == "too long"


def test_selections_keep_positions_words_and_users(imported):
    _, wbk = imported
    text = _member("sources/f64cc579-9934-43a5-912c-3b82bf1b431d.txt")
    with open_engagement(wbk) as store:
        # each turn is a note: a selection's position in the source is its turn's
        # place in the text plus its position in the turn
        at, place = 0, {}
        for note in store.notes(TRANSCRIPT):
            place[note.id] = at
            at += len(note.body)
        segs = {s.id: s for s in store.segments()}
        where = {k: (s.start + place[s.source_id], s.end + place[s.source_id], s.coder)
                 for k, s in segs.items()}  # fmt: skip
    assert where == {
        "e379d797-a789-4074-9aba-e140fc3db933": (13, 30, "ana"),
        "5cafe3f0-cebd-492c-bf60-3460d21ac998": (442, 461, "ben"),
        "9a368f59-c4ef-4fa2-85e0-bb29c1a8f55a": (185, 224, "ana"),
        "10d69ba0-1687-43ba-b476-d338597b2c5e": (318, 350, "ben"),
        "9bb97b19-635c-4405-bbe6-7540776fbac5": (411, 434, "ben"),
    }
    assert all(segs[k].text == text[a:b] for k, (a, b, _c) in where.items())
    assert segs["9bb97b19-635c-4405-bbe6-7540776fbac5"].code_id == (
        "57f1a1cf-a616-4694-858e-9f42fdac39e3"
    )


def test_journal_annotation_descriptions_and_file_variables_become_memos(imported):
    _, wbk = imported
    from sqlalchemy import select

    from workbench.store.models import Memo

    with open_engagement(wbk) as store, store.session() as s:
        memos = {
            (m.target_kind, m.title, m.body, m.author) for m in s.execute(select(Memo)).scalars()
        }
        scope = store.engagement().scope
    assert memos == {
        ("engagement", "Reflections", "Slides come up twice.", "ana"),
        # QualCoder's annotation: a note holding the annotated words' position
        ("interview", "Note on “too busy” (248–256)", "Ask what busy means", "ana"),
        ("interview", "Description of transcript.txt", "Course feedback focus group", ""),
        ("interview", "Variables of transcript.txt", "Cohort: 2026 spring", ""),
        ("segment", "Selection 13–30 of transcript.txt", "clear praise", ""),
        # the project memo whole, its personal part too (kept out of the scope)
        ("engagement", "Project memo (ServiceDesk.qda) with personal notes", MEMO, ""),
    }
    # the scope keeps the memo's words without its Markdown; the memo kept is as written
    assert scope.startswith("Research topic, questions, and objectives:\nThe project")
    assert "**" not in scope and MEMO.startswith("**Research topic")


def _project_memo() -> str:
    with zipfile.ZipFile(QUALCODER) as zf:
        root = etree.fromstring(zf.read("project.qde"))
    return root.findtext("q:Description", namespaces=NS).strip()


MEMO = _project_memo()


def test_the_project_memos_personal_note_stays_out_of_the_scope(imported):
    report, wbk = imported
    public, personal = MEMO.split("#####")
    assert personal.strip().startswith("(Anything below this mark")
    with open_engagement(wbk) as store:
        scope = store.engagement().scope
    assert scope == public.rstrip().replace("**", "")
    assert "#####" not in scope and "personal note" not in scope
    line = next(r for r in report.reshaped if r.startswith("Project memo"))
    assert "kept back from the scope" in line and "personal note below '#####'" in line
    assert any("kept back" in x for x in report.lines())


def test_a_code_memos_personal_note_stays_out_of_the_codebook(tmp_path):
    from sqlalchemy import select

    from workbench.store.models import Memo

    path = _altered(
        tmp_path,
        "<Description>Says something good</Description>",
        "<Description>Says something good\n#####\nAsk Ben about this</Description>",
    )
    wbk = tmp_path / "qc.wbk"
    report = import_as_new_engagement(read_project(path), wbk)
    with open_engagement(wbk) as store, store.session() as s:
        code = next(c for c in store.codes() if c.name == "positive")
        memos = [
            (m.target_kind, m.target_id, m.body)
            for m in s.execute(select(Memo)).scalars()
            if m.target_kind == "code"
        ]
    assert (code.description, code.definition) == ("", "Says something good")
    assert memos == [("code", code.id, "Says something good\n#####\nAsk Ben about this")]
    assert any(r.startswith("Code 'Course/positive'") for r in report.reshaped)


def test_another_tools_description_is_not_split(tmp_path):
    path = _altered(tmp_path, 'origin="QualCoder 4.0 Beta"', 'origin="MAXQDA 24"')
    wbk = tmp_path / "mx.wbk"
    import_as_new_engagement(read_project(path), wbk)
    with open_engagement(wbk) as store:
        scope = store.engagement().scope
    assert "#####" in scope  # (only QualCoder marks a personal note so)
    assert scope == MEMO.replace("**", "")  # the Markdown shown as plain text


def _altered(tmp_path, old: str, new: str) -> Path:
    """The QualCoder project with one change made to its project.qde."""
    out = tmp_path / "altered.qdpx"
    with zipfile.ZipFile(QUALCODER) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "project.qde":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            dst.writestr(info, data)
    return out


def test_a_case_link_to_no_source_is_listed(tmp_path):
    project = read_project(
        _altered(
            tmp_path,
            '<SourceRef targetGUID="83aacefa-df4c-4918-b98c-e46fa2720dbb"/>',
            '<SourceRef targetGUID="00000000-0000-4000-8000-000000000001"/>',
        )
    )
    assert project.not_carried == [
        "Cases/Case[1] (ID1): its link to source 00000000-0000-4000-8000-000000000001, which "
        "the project does not hold"
    ]
    assert project.case_of_source() == {NOTES: "45cedbb8-3dec-499f-a3d8-a091a23509b4"}


def test_a_note_selection_with_no_source_is_listed(tmp_path):
    project = read_project(
        _altered(tmp_path, '<NoteRef targetGUID="d0ffabc7-8c5f-4475-a03a-14d690e3b082" />', "")
    )
    assert project.not_carried == [
        "Notes/Note[2]/PlainTextSelection[1]: a selection inside a note that is attached to "
        "no source"
    ]
    assert project.notes["d0ffabc7-8c5f-4475-a03a-14d690e3b082"].title == ""


def test_export_validates_and_keeps_users_and_each_selections_user(imported, tmp_path):
    _, wbk = imported
    out = tmp_path / "again.qdpx"
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    schema = etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "Project.xsd")))
    with zipfile.ZipFile(out) as zf:
        again = etree.fromstring(zf.read("project.qde"))
    assert schema.validate(again), [str(e) for e in schema.error_log][:5]
    users = {u.get("guid"): u.get("name") for u in again.iterfind("q:Users/q:User", NS)}
    assert users == {ANA: "ana", BEN: "ben"}
    makers = {
        s.get("guid"): (s.get("creatingUser"), s.find("q:Coding", NS).get("creatingUser"))
        for s in again.iterfind(".//q:PlainTextSelection", NS)
        if s.find("q:Coding", NS) is not None
    }
    assert makers["e379d797-a789-4074-9aba-e140fc3db933"] == (ANA, ANA)
    assert makers["10d69ba0-1687-43ba-b476-d338597b2c5e"] == (BEN, BEN)


def test_what_changes_shape_is_listed_as_carried_in_another_form(tmp_path):
    """The command's report (the window shows the same lines) names each item of the
    project that arrives in another form, and where."""
    out = io.StringIO()
    assert main(["qdpx", "import", str(QUALCODER), "-o", str(tmp_path / "q.wbk")], out=out) == 0
    text = out.getvalue()
    head = "Carried in another form (6):"
    assert head in text
    listed = text.split(head, 1)[1].split("No speaker marks", 1)[0]
    lines = [line.strip() for line in listed.strip().splitlines()]
    assert len(lines) == 6 and all(line.startswith("- ") for line in lines)
    assert any(line.startswith("- Sources/TextSource[1] (transcript.txt): 7 speaker turns "
                               "(id1, id2, id3) became its notes") for line in lines)  # fmt: skip
    assert any(line.startswith("- Project memo: its personal note") for line in lines)
    assert any("anchored to “too busy” (248–256)" in line and "memo" in line for line in lines)
    assert any("'transcript.txt'" in line and "(Cohort)" in line for line in lines)
    assert any("Case 'ID1'" in line and "'Description'" in line for line in lines)
    assert any(
        line.startswith("- Variables: 3 variable(s) (Age, gender, Cohort)") and "GUID" in line
        for line in lines
    )


def test_variables_of_a_workbench_export_keep_their_guids_so_none_is_listed(tmp_path):
    wbk, out = tmp_path / "q.wbk", tmp_path / "again.qdpx"
    import_as_new_engagement(read_project(QUALCODER), wbk)
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    assert not any(line.startswith("Variables:") for line in read_project(out).reshaped)


def test_into_an_open_engagement_the_whole_memo_is_one_memo(tmp_path):
    from sqlalchemy import select

    from workbench.coding.qdpx_import import import_project
    from workbench.store import create_engagement
    from workbench.store.models import Memo

    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Review", scope="Ours")
    with store:
        import_project(store, read_project(QUALCODER))
        with store.session() as s:
            memos = [
                (m.title, m.body)
                for m in s.execute(select(Memo)).scalars()
                if m.target_kind == "engagement" and m.title != "Reflections"
            ]
        assert store.engagement().scope == "Ours"
    assert memos == [("Project memo (ServiceDesk.qda) with personal notes", MEMO)]


def test_the_client_taken_from_the_project_name_is_said(tmp_path):
    named = import_as_new_engagement(read_project(QUALCODER), tmp_path / "a.wbk")
    said = [line for line in named.lines() if "client is named after the project" in line]
    assert said == [
        "The client is named after the project ('ServiceDesk.qda'), which names none: the "
        "report's cover says \"Prepared for ServiceDesk.qda\" until you change it (Overview "
        "\u25b8 Edit details\u2026 \u25b8 Client in the window, or import with --client NAME)"
    ]
    with open_engagement(tmp_path / "a.wbk") as store:
        assert store.engagement().client == "ServiceDesk.qda"
    given = import_as_new_engagement(read_project(QUALCODER), tmp_path / "b.wbk", client="Acme")
    assert not any("client is named" in line for line in given.lines())


def test_a_markdown_memo_without_personal_note_is_kept_as_written(tmp_path):
    from dataclasses import replace

    from sqlalchemy import select

    from workbench.store.models import Memo

    written = "## Aims\n**Scope:** the _service desk_ and `P1` tickets"
    project = replace(read_project(QUALCODER), description=written, project_memo="")
    import_as_new_engagement(project, tmp_path / "m.wbk")
    with open_engagement(tmp_path / "m.wbk") as store, store.session() as s:
        assert store.engagement().scope == "Aims\nScope: the service desk and P1 tickets"
        bodies = [m.body for m in s.execute(select(Memo)).scalars()]
    assert written in bodies
