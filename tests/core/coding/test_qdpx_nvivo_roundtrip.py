"""The real NVivo project, imported and exported again: what Workbench writes back compared
field by field with what NVivo wrote (both project.qde files parsed with lxml)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.coding.qdpx import ProjectError, read_project
from workbench.coding.qdpx_import import import_as_new_engagement, import_project
from workbench.store import open_engagement

etree = pytest.importorskip("lxml.etree")

QDPX = Path(__file__).resolve().parents[2] / "data" / "qdpx"
NVIVO = QDPX / "nvivo-12-oltas.qdpx"
NS = {"q": "urn:QDA-XML:project:1.0"}


def _qde(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("project.qde"))


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """(NVivo's project, Workbench's export of it) through the command line."""
    folder = tmp_path_factory.mktemp("nvivo")
    wbk, out = folder / "nvivo.wbk", folder / "again.qdpx"
    assert main(["qdpx", "import", str(NVIVO), "-o", str(wbk)], out=io.StringIO()) == 0
    assert main(["qdpx", "export", str(wbk), "-o", str(out)], out=io.StringIO()) == 0
    return _qde(NVIVO), _qde(out), wbk


def test_source_names_come_back(both):
    original, exported, _ = both

    def names(root):
        return {s.get("guid"): s.get("name") for s in root.iterfind(".//q:TextSource", NS)}

    assert names(original) == {
        "ddbebe1b-306f-4271-acdd-ae1da7c06fcd": "videos_selection",
        "68bbdc14-c361-4432-b4dd-ae1dbfc12890": "videos_10_selected",
    }
    assert names(exported) == names(original)


def test_each_selection_keeps_its_creating_user(both):
    original, exported, _ = both

    def makers(root):
        users = {u.get("guid"): u.get("name") for u in root.iterfind("q:Users/q:User", NS)}
        return {
            s.get("guid"): users.get(s.get("creatingUser"))
            for s in root.iterfind(".//q:PlainTextSelection", NS)
        }

    before, after = makers(original), makers(exported)
    assert len(before) == 330 and after == before
    # NVivo names floriansipos on 297 selections whose codings name Gergo
    assert sum(1 for name in before.values() if name == "floriansipos") == 297


def test_code_descriptions_come_back_exactly(both):
    original, exported, _ = both

    def descriptions(root):
        return {
            c.get("guid"): (c.findtext("q:Description", default=None, namespaces=NS) or "")
            for c in root.iterfind(".//q:Code", NS)
        }

    before, after = descriptions(original), descriptions(exported)
    assert len(before) == 152 and after == before
    assert before["5067d381-1dc9-4816-81dd-ae1dbfea2ad7"] == "COVID vay nem COVID"


def test_no_case_variables_are_invented(both):
    original, exported, wbk = both
    assert original.find("q:Cases", NS) is None
    values = {
        (v.find("q:VariableRef", NS).get("targetGUID"), v[1].text)
        for case in exported.iterfind("q:Cases/q:Case", NS)
        for v in case.iterfind("q:VariableValue", NS)
    }
    variables = {v.get("guid"): v.get("name") for v in exported.iterfind(".//q:Variable", NS)}
    named = {variables[guid]: text for guid, text in values}
    # the project gives no segment, consent or description: none is written back
    assert named == {}
    assert {v.get("name") for v in exported.iterfind(".//q:Variable", NS)} <= {
        "Workbench interview", "Workbench form", "Workbench wave", "Workbench date",
        "Workbench interviewer", "Workbench status", "Workbench client",
        "Workbench source name",
    }  # fmt: skip
    with open_engagement(wbk) as store:
        assert [(r.segment, r.attributes) for r in store.respondents()] == [("", {})]


def test_a_new_engagement_takes_a_workbench_exports_client_and_title(tmp_path):
    from workbench.coding.qdpx_export import export_project
    from workbench.store import create_engagement

    store = create_engagement(tmp_path / "a.wbk", client="Acme", title="Service review")
    iv = store.new_interview(store.add_respondent("Alice").id, _form())
    store.add_note(iv.id, "Tickets wait.")
    report = export_project(store, tmp_path / "a.qdpx")
    store.close()
    assert report.lines()[0].startswith("0 codes, 1 case, 1 text source, 0 coded selections")
    import_as_new_engagement(read_project(tmp_path / "a.qdpx"), tmp_path / "b.wbk")
    with open_engagement(tmp_path / "b.wbk") as back:
        assert (back.engagement().client, back.engagement().title) == ("Acme", "Service review")


def _form():
    from workbench.forms.library import builtin_form

    return builtin_form("stakeholder-interview")


def test_reimport_refusal_counts_sources_and_selections_apart(tmp_path):
    from workbench.store import create_engagement

    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Service review")
    import_project(store, read_project(NVIVO))
    with pytest.raises(ProjectError) as exc:
        import_project(store, read_project(NVIVO))
    assert "holds 2 sources and 330 selections of this project" in str(exc.value)
    assert read_project(NVIVO).summary() == (
        "152 codes, 0 cases, 2 text sources, 330 codings, 0 notes"
    )


def test_a_codebook_given_as_a_project_points_to_codebook_import():
    with pytest.raises(ProjectError) as exc:
        read_project(QDPX / "atlasti-23-codebook.qdc")
    assert "codebook (.qdc), not a project" in str(exc.value)
    assert "workbench codebook import" in str(exc.value)
    assert "not a zip" not in str(exc.value)


def test_an_unknown_segment_is_missing_in_the_analyses(both):
    from workbench.analysis.loader import load_engagement_data

    *_, wbk = both
    with open_engagement(wbk) as store:
        data = load_engagement_data(store)
    assert data.respondents["segment"].isna().all()  # shown as "(none)", not as a group ""
    assert data.segment_names() == []


def test_users_and_each_selections_and_codings_user_guid_come_back(both):
    original, exported, _ = both
    assert len(exported.find("q:Sources", NS)) == 2
    users = {u.get("guid"): u.get("name") for u in original.iterfind("q:Users/q:User", NS)}
    assert {u.get("guid"): u.get("name") for u in exported.iterfind("q:Users/q:User", NS)} == users

    def makers(root):
        return {
            s.get("guid"): (
                s.get("creatingUser"),
                tuple(c.get("creatingUser") for c in s.iterfind("q:Coding", NS)),
            )
            for s in root.iterfind(".//q:PlainTextSelection", NS)
        }

    before, after = makers(original), makers(exported)
    assert len(before) == 330 and after == before
    # NVivo names another user on 297 codings than on their selections: both kept
    assert sum(1 for sel, codings in before.values() if codings != (sel,)) == 297


def test_selections_and_codings_keep_their_guids(both):
    original, exported, _ = both

    def codings(root):
        return {
            s.get("guid"): sorted(
                (c.get("guid"), c.find("q:CodeRef", NS).get("targetGUID"))
                for c in s.iterfind("q:Coding", NS)
            )
            for s in root.iterfind(".//q:PlainTextSelection", NS)
        }

    assert codings(exported) == codings(original)


def test_the_coder_is_the_user_who_applied_the_code(both):
    """NVivo's 297 codings by Gergo on selections made by floriansipos are Gergo's: the coder
    column and intercoder agreement name the coding's user, not the selection's."""
    from collections import Counter

    from workbench.store.models import CodedSegment

    original, _, wbk = both
    users = {u.get("guid"): u.get("name") for u in original.iterfind("q:Users/q:User", NS)}
    expected = Counter(
        users[c.get("creatingUser")] for c in original.iterfind(".//q:Coding", NS)
    )
    with open_engagement(wbk) as store, store.session() as s:
        coders = Counter(seg.coder for seg in s.query(CodedSegment))
    assert coders == expected
    assert coders["Gergo"] >= 297
