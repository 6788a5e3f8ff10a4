"""Every real project other tools wrote, through import → export → import: the second
import compared field by field with the first, and each export valid against Project.xsd."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.store import open_engagement

etree = pytest.importorskip("lxml.etree")

DATA = Path(__file__).resolve().parents[2] / "data"
QDPX = DATA / "qdpx"
PROJECTS = sorted(p.name for p in QDPX.glob("*.qdpx"))
NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "Project.xsd")))


def state(path: Path) -> dict:
    """What an engagement holds of a project, field by field (ids included)."""
    from sqlalchemy import select

    from workbench.store.models import Engagement, Interview, Memo, Note

    with open_engagement(path) as store:
        paths = store.code_paths()
        codes = sorted(
            (c.id, paths.get(c.id), c.colour, c.description, c.definition, c.when_to_use,
             c.when_not_to_use, c.example, c.codable)
            for c in store.codes()
        )  # fmt: skip
        segments = sorted(
            (s.id, s.code_id, s.interview_id, s.source_id, s.start, s.end, s.text, s.coder,
             s.selection_user, s.coding_user, s.qda_selection, s.qda_coding, s.status)
            for s in store.segments()
        )  # fmt: skip
        respondents = sorted(
            (r.id, r.name, r.role, r.org_unit, r.segment, r.email, r.attributes, r.consent_given)
            for r in store.respondents()
        )
        with store.session() as s:
            notes = sorted(
                (n.id, n.interview_id, n.body, n.stamp, n.speaker, n.position)
                for n in s.execute(select(Note)).scalars()
            )
            interviews = sorted(
                (i.id, i.respondent_id, i.interviewer, i.status, i.date, i.source_ref,
                 i.form_version.form_id, i.wave.name if i.wave else None)
                for i in s.execute(select(Interview)).scalars()
            )  # fmt: skip
            memos = sorted(
                (m.id, m.target_kind, m.target_id, m.title, m.body, m.author)
                for m in s.execute(select(Memo)).scalars()
            )
            eng = s.execute(select(Engagement)).scalar_one()
            engagement = (eng.title, eng.client, eng.scope, eng.qda_users, eng.code_sets)
    return {
        "codes": codes,
        "segments": segments,
        "respondents": respondents,
        "notes": notes,
        "interviews": interviews,
        "memos": memos,
        "engagement": engagement,
    }


@pytest.fixture(scope="module", params=PROJECTS)
def trip(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(Path(request.param).stem)
    first, out, second = folder / "first.wbk", folder / "out.qdpx", folder / "second.wbk"
    for argv in (
        ["qdpx", "import", str(QDPX / request.param), "-o", str(first)],
        ["qdpx", "export", str(first), "-o", str(out)],
        ["qdpx", "import", str(out), "-o", str(second)],
    ):
        assert main(argv, out=io.StringIO()) == 0, argv
    return QDPX / request.param, first, out, second


def test_the_export_validates(trip, schema):
    _, _, out, _ = trip
    with zipfile.ZipFile(out) as zf:
        doc = etree.fromstring(zf.read("project.qde"))
    assert schema.validate(doc), [str(e) for e in schema.error_log][:5]


def test_import_export_import_changes_nothing(trip):
    _, first, _, second = trip
    before, after = state(first), state(second)
    assert before["codes"], "the project brought no codes"
    for key in before:
        assert after[key] == before[key], key


def test_codes_without_a_colour_are_written_without_one(trip):
    original, _, out, _ = trip
    with zipfile.ZipFile(original) as zf:
        qde = next(n for n in zf.namelist() if n.lower().endswith(".qde"))
        root = etree.fromstring(zf.read(qde))
    with zipfile.ZipFile(out) as zf:
        again = etree.fromstring(zf.read("project.qde"))

    def colours(root):
        return {
            c.get("guid").strip("{}").lower(): (c.get("color") or "").upper()
            for c in root.iter("{*}Code")
        }

    assert colours(again) == colours(root)


def _trip(name: str, folder: Path) -> tuple[Path, Path, Path]:
    first, out, second = folder / "first.wbk", folder / "out.qdpx", folder / "second.wbk"
    for argv in (
        ["qdpx", "import", str(QDPX / name), "-o", str(first)],
        ["qdpx", "export", str(first), "-o", str(out)],
        ["qdpx", "import", str(out), "-o", str(second)],
    ):
        assert main(argv, out=io.StringIO()) == 0, argv
    return first, out, second


def _qde(path: Path):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("project.qde"))


def test_nvivo_codes_keep_no_colour_and_show_grey(tmp_path):
    from workbench.coding.codebook import NEUTRAL_COLOUR, shown_colour

    first, out, second = _trip("nvivo-12-oltas.qdpx", tmp_path)
    for path in (first, second):
        with open_engagement(path) as store:
            colours = [c.colour for c in store.codes()]
        assert len(colours) == 152 and set(colours) == {""}
    assert not [c for c in _qde(out).iter("{*}Code") if c.get("color") is not None]
    assert shown_colour("") == NEUTRAL_COLOUR and shown_colour("#112233") == "#112233"


def test_qualcoders_descriptions_and_file_variables_go_back_where_they_were(tmp_path):
    """A source's and a selection's description, a case's description and a source's
    variables are written back in their own places, not as notes."""
    _, out, _ = _trip("qualcoder-4.0-course-feedback.qdpx", tmp_path)
    original, again = _qde(QDPX / "qualcoder-4.0-course-feedback.qdpx"), _qde(out)

    def described(root, tag):
        return {
            e.get("guid"): e.findtext("q:Description", namespaces=NS)
            for e in root.iter(f"{{{NS['q']}}}{tag}")
            if e.findtext("q:Description", namespaces=NS)
        }

    for tag in ("TextSource", "PlainTextSelection", "Case"):
        assert described(again, tag) == described(original, tag), tag
    assert described(again, "TextSource") == {
        "d4bc705d-df95-4783-b8d3-ef500e7f8124": "Course feedback focus group"
    }

    def source_values(root):
        names = {v.get("guid"): v.get("name") for v in root.iter("{*}Variable")}
        return {
            (s.get("name"), names[vv.find("q:VariableRef", NS).get("targetGUID")],
             vv.findtext("q:TextValue", namespaces=NS))
            for s in root.iter("{*}TextSource")
            for vv in s.findall("q:VariableValue", NS)
            if vv.findtext("q:TextValue", namespaces=NS)
        }  # fmt: skip

    assert {v for v in source_values(again) if not v[1].startswith("Workbench")} == (
        source_values(original)
    ) == {("transcript.txt", "Cohort", "2026 spring")}
    names = [n.get("name") for n in again.iter("{*}Note")]
    assert not [n for n in names if n.startswith(("Description of", "Variables of", "Selection"))]
