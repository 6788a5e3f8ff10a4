"""REFI-QDA exchange of transcripts (one source per interview, its turns as lines) and of
sources that belong to no case."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from tests.core.coding.test_qdpx import _snapshot, _valid, new_store
from workbench.cli import main
from workbench.coding.qdpx import VAR_TURNS, read_project
from workbench.coding.qdpx_export import export_project, project_to_qdpx
from workbench.coding.qdpx_import import import_project
from workbench.coding.transcripts import import_transcript, propose_roles, read_transcript
from workbench.forms.library import builtin_form

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def project_schema():
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "Project.xsd")))


def _transcribed(tmp_path):
    store = new_store(tmp_path, "t.wbk")
    alice = store.add_respondent("Alice Kent")
    iv = store.new_interview(alice.id, builtin_form("stakeholder-interview"),
                             interviewer="Jo Smith")  # fmt: skip
    t = read_transcript(DATA / "transcripts" / "teams-meeting.vtt")
    ids = import_transcript(store, iv.id, t, propose_roles(t, "Alice Kent", ["Jo Smith"]))
    code = store.add_code("Waiting")
    notes = {n.id: n for n in store.notes(iv.id)}
    body = notes[ids[1]].body
    at = body.index("tickets wait three days")
    seg = store.code_segment(code.id, "note", ids[1], at, at + len("tickets wait three days"),
                             coder="Jo Smith")  # fmt: skip
    store.code_segment(code.id, "note", ids[3], 0, 9, coder="Jo Smith")
    return store, iv.id, ids, seg


def test_a_transcript_is_one_source_of_turns(tmp_path, project_schema):
    store, iv_id, ids, seg = _transcribed(tmp_path)
    qde, files, report = project_to_qdpx(store)
    _valid(project_schema, qde)
    assert report.sources == 1 and report.selections == 2
    (text,) = files.values()
    lines = text.split("\n")
    assert len(lines) == 4
    assert lines[0].startswith("[00:00:03.219] Jo Smith: Thanks for making the time today")
    assert lines[1].startswith("[00:00:08.510] Alice Kent (Guest): Most of them come in")
    # the coded selections point at the same words in the source's text
    from xml.etree import ElementTree as ET

    ns = {"p": "urn:QDA-XML:project:1.0"}
    root = ET.fromstring(qde)
    sels = root.findall(".//p:PlainTextSelection", ns)
    spans = [text[int(s.get("startPosition")) : int(s.get("endPosition"))] for s in sels]
    assert spans == ["tickets wait three days", lines[3].split(": ", 1)[1][:9]]
    # the case refers to the one source
    (case,) = root.findall(".//p:Case", ns)
    assert len(case.findall("p:SourceRef", ns)) == 1


def test_a_transcript_comes_back_as_the_same_turns(tmp_path, project_schema):
    store, iv_id, ids, seg = _transcribed(tmp_path)
    # and an interview with no interviewer, a note coded by nobody in particular
    bob = store.new_interview(store.add_respondent("Bob Lane").id,
                              builtin_form("stakeholder-interview"))  # fmt: skip
    note = store.add_note(bob.id, "Fine on the whole.")
    store.code_segment(store.codes()[0].id, "note", note.id, 0, 4)
    path = tmp_path / "t.qdpx"
    export_project(store, path)
    back = new_store(tmp_path, "back.wbk")
    report = import_project(back, read_project(path))
    assert report.notes == 5 and report.interviews == 2 and report.without_case == 0
    before, after = _snapshot(store), _snapshot(back)
    for key in before:
        assert after[key] == before[key], key
    notes = back.notes(iv_id)
    assert [n.stamp for n in notes] == ["00:00:03.219", "00:00:08.510", "00:00:20.030",
                                        "00:00:23.480"]  # fmt: skip
    assert notes[1].speaker == "respondent:Alice Kent (Guest)"
    # and out again: the same project
    again = tmp_path / "again.qdpx"
    export_project(back, again)
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(again) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            if name.startswith("Sources/"):
                assert a.read(name) == b.read(name)


def test_broken_turns_are_refused_naming_where(tmp_path):
    store, *_ = _transcribed(tmp_path)
    qde, files, _report = project_to_qdpx(store)
    text = qde.decode("utf-8")
    start = text.index("[[")
    end = text.index("]]", start) + 2
    turns = json.loads(text[start:end].replace("&quot;", '"'))
    turns[1][2] = 10**6  # words past the end of the text
    bad = text[:start] + json.dumps(turns).replace('"', "&quot;") + text[end:]
    path = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", bad)
        for name, body in files.items():
            zf.writestr(name, body)
    from workbench.coding.qdpx import ProjectError

    with pytest.raises(ProjectError, match=f"'{VAR_TURNS}' turn 2: words at"):
        read_project(path)


def test_sources_of_no_case_share_one_respondent(tmp_path):
    guids = {k: f"00000000-0000-4000-8000-{i:012d}" for i, k in enumerate(["c1", "s1", "s2", "p1"])}
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Pilot" origin="QualCoder 3.5">
  <CodeBook><Codes><Code guid="{guids["c1"]}" name="Cost" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{guids["s1"]}" name="Focus group 1">
      <PlainTextContent>Prices went up twice.</PlainTextContent>
      <PlainTextSelection guid="{guids["p1"]}" startPosition="0" endPosition="6">
        <Coding guid="00000000-0000-4000-8000-000000000099"><CodeRef targetGUID="{guids["c1"]}"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="{guids["s2"]}" name="Focus group 2">
      <PlainTextContent>Nobody complained.</PlainTextContent>
    </TextSource>
  </Sources>
</Project>"""
    path = tmp_path / "pilot.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", qde)
    assert read_project(path).counts() == {
        "sources": 2, "cases": 0, "codes": 1, "selections": 1, "without_case": 2,
        "users": 0, "notes": 0, "variables": 0,
    }  # fmt: skip
    out = io.StringIO()
    wbk = tmp_path / "pilot.wbk"
    assert main(["qdpx", "import", str(path), "-o", str(wbk)], out=out) == 0
    assert "2 sources belonged to no case" in out.getvalue()
    assert "'Unassigned (from Pilot)'" in out.getvalue()
    from workbench.store import open_engagement

    with open_engagement(wbk) as store:
        (person,) = store.respondents()
        assert person.name == "Unassigned (from Pilot)"
        from sqlalchemy import select

        from workbench.store.models import Interview

        with store.session() as s:
            owners = list(s.execute(select(Interview.respondent_id)).scalars())
        assert owners == [person.id, person.id]
