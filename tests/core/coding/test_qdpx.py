"""REFI-QDA projects (.qdpx) and codebooks (.qdc): other tools' files, the schemas, round trips."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.coding.codebook import Codebook, CodebookError, CodeEntry
from workbench.coding.qdc import codebook_to_qdc, import_qdc, qdc_to_codebook
from workbench.coding.qdpx import ProjectError, read_project
from workbench.coding.qdpx_export import export_project, project_to_qdpx
from workbench.coding.qdpx_import import import_project
from workbench.coding.service import store_codebook
from workbench.forms.library import builtin_form
from workbench.store import create_engagement

DATA = Path(__file__).resolve().parents[2] / "data"
QDPX = DATA / "qdpx"
NVIVO = QDPX / "nvivo-12-oltas.qdpx"
ATLAS = QDPX / "atlasti-23-target-project.qdpx"


@pytest.fixture(scope="module")
def project_schema():
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "Project.xsd")))


@pytest.fixture(scope="module")
def codebook_schema():
    etree = pytest.importorskip("lxml.etree")
    return etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "Codebook.xsd")))


def _valid(schema, data: bytes) -> None:
    from lxml import etree

    doc = etree.fromstring(data)
    assert schema.validate(doc), [str(e) for e in schema.error_log][:5]


def new_store(tmp_path, name="e.wbk"):
    return create_engagement(tmp_path / name, client="Acme", title="Service review")


# -- projects written by other tools ------------------------------------------------------
def test_nvivo_project_imports_with_nothing_silently_lost(tmp_path):
    project = read_project(NVIVO)
    assert project.origin == "NVivo for Windows 12.6"
    store = new_store(tmp_path)
    report = import_project(store, project)
    assert (report.codes, report.segments, report.interviews, report.notes) == (152, 330, 2, 2)
    # its sources are tables of comments, not transcripts: said to have no speaker marks
    assert report.unmarked == ["videos_selection", "videos_10_selected"]
    # the two rich-text (.docx) versions are named, with what came across instead
    assert len(report.not_carried) == 2
    assert all("rich text" in line and ".docx" in line for line in report.not_carried)
    # GUIDs are kept as the codes' ids; the hierarchy too
    codes = {c.id: c for c in store.codes()}
    covid = codes["7142c1bf-1bbe-4073-88dd-ae1dbfec9f8f"]
    assert covid.name == "COVID"
    assert codes[covid.parent_id].name == "1. Oltás típusa"
    assert codes[covid.parent_id].description == "COVID vay nem COVID" or (
        codes[covid.parent_id].definition == "COVID vay nem COVID"
    )
    # a selection lands on the words NVivo coded: the source's own text with LF line ends;
    # NVivo's 3137-3284 count UTF-16 units, with 5 emoji and 101 CRLFs before them
    with zipfile.ZipFile(NVIVO) as zf:
        raw = zf.read("Sources/68bbdc14-c361-4432-b4dd-ae1dbfc12890.txt").decode("utf-8-sig")
    note = store.notes("68bbdc14-c361-4432-b4dd-ae1dbfc12890")[0]
    assert note.body == raw.replace("\r\n", "\n")
    seg = next(s for s in store.segments() if s.id == "7154a758-6873-4134-badd-ae1dc04d3086")
    assert (seg.start, seg.end) == (3137 - 5 - 101, 3284 - 5 - 101)
    assert seg.text == note.body[seg.start : seg.end]
    assert seg.text.startswith("Senkit nem lehet kötelezni oltásra")
    assert seg.text.endswith("aki nem szaporodhat és nem élhet.")
    assert seg.code_id == "e8811e5d-feb6-458a-b0dd-ae1dbfef84b8"
    # the coding's creating user, by name: whoever applied the code (NVivo names another
    # user, floriansipos, on the selection)
    assert seg.coder == "Gergo"


def test_atlas_ti_project_codes_and_namespace(tmp_path):
    project = read_project(ATLAS)
    store = new_store(tmp_path)
    report = import_project(store, project)
    assert report.codes == 3 and report.interviews == 0 and report.not_carried == []
    paths = set(store.code_paths().values())
    assert paths == {"Commits", "Commits/2022-05-10T02:05:59Z 19e4dce",
                     "Commits/2022-02-11T10:39:25Z cdbfd92"}  # fmt: skip
    assert "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6" in {c.id for c in store.codes()}


def test_atlas_ti_codebook_with_a_code_group():
    book = import_qdc(QDPX / "atlasti-23-codebook.qdc")
    (code,) = book.codes
    assert (code.name, code.colour, code.guid) == (
        "code1", "#46aa00", "1ff58b12-6f6f-4b0c-8be5-bbdc91f55294",
    )  # fmt: skip
    assert book.sets == [
        {"guid": "eca18d76-2b8b-4f26-bc1d-19eca19fb3f0", "name": "code group 1",
         "description": "kategorie 1", "codes": ["code1"]},
    ]  # fmt: skip


# -- namespaces, categories, GUIDs and sets in .qdc ----------------------------------------
FOREIGN = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="{ns}" origin="Tool">
  <Codes>
    <Code guid="{{11111111-2222-3333-4444-555555555555}}" name="Barriers" isCodable="false">
      <Code guid="11111111-2222-3333-4444-666666666666" name="Cost" isCodable="true" color="#0A0"/>
    </Code>
  </Codes>
  <Sets><Set guid="11111111-2222-3333-4444-777777777777" name="Money">
    <MemberCode guid="11111111-2222-3333-4444-666666666666"/></Set></Sets>
</CodeBook>"""


@pytest.mark.parametrize(
    "ns",
    ["urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4", "urn:QDA-XML:codebook:1.0"],
    ids=["nvivo", "atlas.ti", "standard"],
)
def test_codebook_namespaces_categories_guids_sets(ns, tmp_path, codebook_schema):
    book = qdc_to_codebook(FOREIGN.format(ns=ns), "x.qdc")
    barriers, cost = book.get("Barriers"), book.get("Barriers/Cost")
    assert barriers.codable is False and cost.codable is True
    assert barriers.guid == "11111111-2222-3333-4444-555555555555"
    assert cost.colour == "#00aa00"  # #RGB widened
    assert book.sets[0]["codes"] == ["Barriers/Cost"]
    # into an engagement and out again: category, GUIDs and the set survive
    store = new_store(tmp_path)
    store.load_codebook(book)
    by_id = {c.id: c for c in store.codes()}
    assert by_id["11111111-2222-3333-4444-555555555555"].codable is False
    out = codebook_to_qdc(store_codebook(store))
    _valid(codebook_schema, out)
    again = qdc_to_codebook(out, "again.qdc")
    assert again.get("Barriers").codable is False
    assert again.get("Barriers/Cost").guid == "11111111-2222-3333-4444-666666666666"
    assert [s["name"] for s in again.sets] == ["Money"]
    assert again.sets[0]["codes"] == ["Barriers/Cost"]


def test_empty_codebook_is_refused_on_export_not_written_invalid(tmp_path):
    with pytest.raises(CodebookError, match="at least one"):
        codebook_to_qdc(Codebook("Empty"))


# -- Workbench's own export: the schema, and back unchanged ---------------------------------
def _engagement(tmp_path):
    store = new_store(tmp_path, "src.wbk")
    alice = store.add_respondent(
        "Alice Kent", role="Service desk lead", org_unit="IT", segment="staff", consent_given=True,
        attributes={"site": "Leeds", "years": 7, "manager": True, "score": 0.25},
    )  # fmt: skip
    bob = store.add_respondent("Bob Lane", attributes={"site": "York"})
    form = builtin_form("stakeholder-interview")
    store.add_wave("re-audit")
    iv = store.new_interview(alice.id, form, interviewer="Jo Smith", date=date(2026, 3, 2),
                             wave_id=store.wave_by_name("re-audit").id)  # fmt: skip
    store.update_interview(iv.id, status="complete")
    n1 = store.add_note(iv.id, "Tickets wait three days.\r\nNobody calls back.", stamp="00:01:10")
    n2 = store.add_note(iv.id, "We lose customers over it.", stamp="00:02:05")
    iv2 = store.new_interview(bob.id, form, interviewer="Jo Smith")
    n3 = store.add_note(iv2.id, "Fine on the whole.")
    cat = store.add_code("Operation", codable=False, colour="#112233")
    inc = store.add_code("Incident", parent_id=cat.id, colour="#445566", definition="A break")
    emp = store.add_code("Empathy")
    s1 = store.code_segment(inc.id, "note", n1.id, 0, 24, coder="Jo Smith")
    s2 = store.code_segment(emp.id, "note", n2.id, 3, 7, coder="Ann Other")
    store.code_segment(emp.id, "note", n3.id, 0, 4, coder="Jo Smith")
    store.add_memo("code", inc.id, "Incidents come up in every interview.", title="On incidents")
    store.add_memo("segment", s1.id, "Quote for the report.", title="Quote")
    store.add_memo("interview", iv.id, "Long interview.", title="Note on Alice")
    store.add_memo("engagement", None, "Scope agreed.", title="Kick-off")
    with store.writing() as s:
        from sqlalchemy import select

        from workbench.store.models import Engagement, Note

        s.execute(select(Engagement)).scalar_one().code_sets = [
            {"guid": "99999999-8888-7777-6666-555555555555", "name": "Quality",
             "description": "", "codes": [inc.id, emp.id]},
        ]  # fmt: skip
        s.get(Note, n1.id).speaker = "respondent"
    return store, {"s1": s1.id, "s2": s2.id}


def _snapshot(store):
    codes = sorted(
        (c.id, c.name, c.parent_id, c.colour, c.definition, c.codable) for c in store.codes()
    )
    segs = sorted(
        (s.id, s.code_id, s.interview_id, s.source_id, s.start, s.end, s.text, s.coder)
        for s in store.segments()
    )
    resp = sorted(
        (r.id, r.name, r.role, r.org_unit, r.segment, r.attributes, r.consent_given)
        for r in store.respondents()
    )
    from sqlalchemy import select

    from workbench.store.models import Engagement, Interview, Memo, Note

    with store.session() as s:
        notes = sorted(
            (n.id, n.interview_id, n.body, n.stamp, n.speaker, n.position)
            for n in s.execute(select(Note)).scalars()
        )
        ivs = sorted(
            (i.id, i.respondent_id, i.interviewer, i.status, i.date,
             i.form_version.form_id, i.wave.name if i.wave else None)
            for i in s.execute(select(Interview)).scalars()
        )  # fmt: skip
        memos = sorted(
            (m.id, m.target_kind, m.target_id, m.title, m.body)
            for m in s.execute(select(Memo)).scalars()
        )
        sets = s.execute(select(Engagement)).scalar_one().code_sets
    return {"codes": codes, "segments": segs, "respondents": resp, "notes": notes,
            "interviews": ivs, "memos": memos, "sets": sets}  # fmt: skip


def test_export_validates_and_imports_back_unchanged(tmp_path, project_schema):
    store, _ = _engagement(tmp_path)
    qde, files, report = project_to_qdpx(store)
    _valid(project_schema, qde)
    # Alice's notes hold a speaker turn: her interview is one source; Bob's note another
    assert report.selections == 3 and report.sources == 2 and report.cases == 2
    path = tmp_path / "out.qdpx"
    export_project(store, path)
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist())[0] == "Sources/" + sorted(files)[0].split("/")[1]
        _valid(project_schema, zf.read("project.qde"))
    back = new_store(tmp_path, "back.wbk")
    import_project(back, read_project(path))
    before, after = _snapshot(store), _snapshot(back)
    for key in before:
        assert after[key] == before[key], key


def test_empty_engagement_exports_valid(tmp_path, project_schema):
    store = new_store(tmp_path)
    qde, files, report = project_to_qdpx(store)
    _valid(project_schema, qde)
    assert files == {} and report.codes == 0


def test_importing_the_same_project_twice_is_refused(tmp_path):
    store = new_store(tmp_path)
    import_project(store, read_project(NVIVO))
    with pytest.raises(ProjectError, match="imported before"):
        import_project(store, read_project(NVIVO))
    assert len(store.segments()) == 330


# -- broken projects change nothing ---------------------------------------------------------
def _with_qde(tmp_path, old: str, new: str) -> Path:
    out = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(NVIVO) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "project.qde":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            dst.writestr(info, data)
    return out


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('endPosition="3284"', 'endPosition="999999"', "PlainTextSelection[1]: positions 3137–999999"),
        ('<CodeRef targetGUID="e8811e5d', '<CodeRef targetGUID="00000000',
         "not in the codebook"),
        ('plainTextPath="internal://68bbdc14', 'plainTextPath="internal://00bbdc14',
         "the project has no Sources/00bbdc14"),
        ("<Sources>", "<Sources><Broken", "not well-formed XML"),
    ],
    ids=["selection outside the text", "unknown code", "missing source file", "bad xml"],
)  # fmt: skip
def test_broken_project_changes_nothing(tmp_path, old, new, message):
    broken = _with_qde(tmp_path, old, new)
    out = tmp_path / "new.wbk"
    err = io.StringIO()
    import contextlib

    with contextlib.redirect_stderr(err):
        assert main(["qdpx", "import", str(broken), "-o", str(out)], out=io.StringIO()) == 1
    assert message in err.getvalue()
    assert "broken.qdpx" in err.getvalue()
    assert not out.exists()  # nothing made for a project that does not import
    existing = new_store(tmp_path, "existing.wbk")
    existing.close()
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["qdpx", "import", str(broken), "-o", str(tmp_path / "existing.wbk")]) == 1


def test_not_a_project(tmp_path):
    path = tmp_path / "x.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ProjectError, match="no project.qde"):
        read_project(path)
    path.write_text("plain text")
    with pytest.raises(ProjectError, match="not a zip"):
        read_project(path)


# -- the command line ---------------------------------------------------------------------
def test_cli_import_and_export(tmp_path, project_schema):
    out = io.StringIO()
    wbk = tmp_path / "nvivo.wbk"
    assert main(["qdpx", "import", str(NVIVO), "-o", str(wbk)], out=out) == 0
    text = out.getvalue()
    assert "152 codes, 330 coded segments" in text and "Not carried (2)" in text
    qdpx = tmp_path / "again.qdpx"
    assert main(["qdpx", "export", str(wbk), "-o", str(qdpx)], out=io.StringIO()) == 0
    with zipfile.ZipFile(qdpx) as zf:
        _valid(project_schema, zf.read("project.qde"))
    assert main(["qdpx", "import", str(qdpx), "-o", str(tmp_path / "b.wbk")],
                out=io.StringIO()) == 0  # fmt: skip


def test_categories_survive_a_second_engagement(tmp_path):
    entry = CodeEntry(name="Group", codable=False, guid="12345678-1234-1234-1234-123456789abc")
    book = Codebook("b", codes=[entry, CodeEntry(name="Leaf", parent="Group")])
    store = new_store(tmp_path)
    store.load_codebook(book)
    store.load_codebook(Codebook("c", codes=[CodeEntry(name="Other", guid=entry.guid)]))
    ids = [c.id for c in store.codes()]
    assert len(ids) == len(set(ids)) == 3  # a GUID taken already gets a new id


# -- what the standard allows beyond the two real projects -----------------------------------
G = "{:08d}-0000-4000-8000-000000000000".format

PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{ns}" name="Clinic study" origin="{origin}">
  <Users><User guid="{u1}" name="Rita"/></Users>
  <CodeBook><Codes>
    <Code guid="{c1}" name="Access" isCodable="false">
      <NoteRef targetGUID="{n1}"/>
      <Code guid="{c2}" name="Opening hours" isCodable="true" color="#FF0000"/>
    </Code>
  </Codes></CodeBook>
  <Variables>
    <Variable guid="{v1}" name="Age" typeOfVariable="Integer"/>
    <Variable guid="{v2}" name="Role" typeOfVariable="Text"/>
  </Variables>
  <Cases>
    <Case guid="{k1}" name="Patient 7">
      <VariableValue><VariableRef targetGUID="{v1}"/><IntegerValue>54</IntegerValue></VariableValue>
      <VariableValue><VariableRef targetGUID="{v2}"/><TextValue>Carer</TextValue></VariableValue>
      <SourceRef targetGUID="{s1}"/>
    </Case>
  </Cases>
  <Sources>
    <TextSource guid="{s1}" name="Interview 7" creatingUser="{u1}">
      <Description>Recorded at the clinic.</Description>
      <PlainTextContent>We can never get an appointment before work.</PlainTextContent>
      <PlainTextSelection guid="{p1}" startPosition="7" endPosition="31" creatingUser="{u1}">
        <Coding guid="{g1}" creatingUser="{u1}"><CodeRef targetGUID="{c2}"/></Coding>
        <NoteRef targetGUID="{n2}"/>
      </PlainTextSelection>
      <NoteRef targetGUID="{n3}"/>
    </TextSource>
    <PDFSource guid="{s2}" name="Leaflet" path="internal://leaflet.pdf">
      <Representation guid="{s3}" name="Leaflet text">
        <PlainTextContent>Open 9 to 5 on weekdays.</PlainTextContent>
        <PlainTextSelection guid="{p2}" startPosition="0" endPosition="9">
          <Coding guid="{g2}"><CodeRef targetGUID="{c2}"/></Coding>
        </PlainTextSelection>
      </Representation>
    </PDFSource>
    <PictureSource guid="{s4}" name="Waiting room" path="internal://room.jpg">
      <PictureSelection guid="{p3}" firstX="0" firstY="0" secondX="5" secondY="5">
        <Coding guid="{g3}"><CodeRef targetGUID="{c2}"/></Coding>
      </PictureSelection>
    </PictureSource>
    <AudioSource guid="{s5}" name="Call" path="internal://call.m4a"/>
  </Sources>
  <Notes>
    <Note guid="{n1}" name="Access memo"><PlainTextContent>Access is about time.</PlainTextContent></Note>
    <Note guid="{n2}" name="Quote"><PlainTextContent>Use in the report.</PlainTextContent></Note>
    <Note guid="{n3}" name="Interview memo"><PlainTextContent>Long wait.</PlainTextContent></Note>
    <Note guid="{n4}" name="Loose"><PlainTextContent>About the study.</PlainTextContent></Note>
  </Notes>
  <Links><Link guid="{l1}" name="causes" direction="OneWay" originGUID="{c1}" targetGUID="{c2}"/></Links>
  <Sets><Set guid="{t1}" name="Barriers"><MemberCode targetGUID="{c2}"/><MemberSource targetGUID="{s1}"/></Set></Sets>
</Project>
"""
KEYS = "u1 c1 c2 v1 v2 k1 s1 s2 s3 s4 s5 p1 p2 p3 g1 g2 g3 n1 n2 n3 n4 l1 t1"
IDS = {k: G(i) for i, k in enumerate(KEYS.split(" "), start=1)}


@pytest.mark.parametrize(
    "ns, origin",
    [("urn:QDA-XML:project:1.0", "MAXQDA 2022 (Release 22.4.0)"),
     ("urn:QDA-XML:project:1:0", "Qualcoder-1.4"),
     ("urn:QDA-XML:project:0:4", "ATLAS.ti Win 23.4.0")],
    ids=["maxqda", "qualcoder", "atlas.ti"],
)  # fmt: skip
def test_cases_memos_pdfs_and_what_cannot_come(tmp_path, ns, origin):
    path = tmp_path / "p.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", PROJECT.format(ns=ns, origin=origin, **IDS))
    store = new_store(tmp_path)
    report = import_project(store, read_project(path))
    # a case is a respondent with its variables; its source is their interview
    (patient,) = [r for r in store.respondents() if r.id == IDS["k1"]]
    assert (patient.name, patient.role, patient.attributes) == ("Patient 7", "Carer", {"Age": 54})
    assert store.interview(IDS["s1"]).respondent_id == IDS["k1"]
    # the PDF's text representation came across with its coding; no case holds it, so its
    # interview is with the project's one respondent for such sources
    leaflet = store.interview(IDS["s2"])
    assert store.respondent(leaflet.respondent_id).name == "Unassigned (from Clinic study)"
    assert report.without_case == 1 and len(store.respondents()) == 2
    assert "1 source belonged to no case" in "\n".join(report.lines())
    # no case gives a segment: none is invented, for the case or for the unassigned sources
    assert {r.segment for r in store.respondents()} == {""}
    segs = {s.id: s for s in store.segments()}
    assert segs[IDS["p1"]].text == "never get an appointment"
    assert segs[IDS["p1"]].coder == "Rita"
    assert segs[IDS["p2"]].text == "Open 9 to"
    # memos land where they were referred to from; a loose one on the engagement
    memos = {m.title: m for m in store.memos()}
    assert (memos["Access memo"].target_kind, memos["Access memo"].target_id) == ("code", IDS["c1"])
    assert (memos["Quote"].target_kind, memos["Quote"].target_id) == ("segment", IDS["p1"])
    assert memos["Interview memo"].target_kind == "interview"
    assert memos["Loose"].target_kind == "engagement"
    assert memos["Description of Interview 7"].body == "Recorded at the clinic."
    # the category stays one; the set keeps its code and names the source it dropped
    assert {c.id: c.codable for c in store.codes()} == {IDS["c1"]: False, IDS["c2"]: True}
    assert store.engagement().code_sets[0]["codes"] == [IDS["c2"]]
    lost = "\n".join(report.not_carried)
    assert "a picture, with 1 coding(s)" in lost
    assert "an audio recording" in lost
    assert "Links: 1 links" in lost
    assert "set 'Barriers': 1 member source(s)" in lost
    assert "the PDF itself (internal://leaflet.pdf)" in lost
    assert len(report.not_carried) == 5


def test_a_category_cannot_be_applied_to_text(tmp_path):
    store = new_store(tmp_path)
    store.load_codebook(qdc_to_codebook(FOREIGN.format(ns="urn:QDA-XML:codebook:1:0"), "x.qdc"))
    iv = store.new_interview(store.add_respondent("A").id, builtin_form("stakeholder-interview"))
    note = store.add_note(iv.id, "Too expensive to call.")
    with pytest.raises(ValueError, match="'Barriers' is a category"):
        store.code_segment("11111111-2222-3333-4444-555555555555", "note", note.id, 0, 3)
    assert store.segments() == []
    store.code_segment("11111111-2222-3333-4444-666666666666", "note", note.id, 0, 3)
    assert len(store.segments()) == 1


def test_a_zip_bomb_is_refused_before_reading(tmp_path):
    path = tmp_path / "bomb.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", "<Project/>")
        zf.writestr("Sources/big.txt", b"\0" * (8 * 1024**2))
    with pytest.raises(ProjectError, match="zip bomb"):
        read_project(path)
