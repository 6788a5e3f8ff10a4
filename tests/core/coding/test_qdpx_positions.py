"""Where another tool's selections land: positions counted in UTF-16 units (NVivo) or in
characters (REFI-QDA), sources with CRLF line ends, and the way back out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from tests.core.coding.test_qdpx import new_store
from workbench.coding.qdpx import ProjectError, read_project
from workbench.coding.qdpx_export import export_project
from workbench.coding.qdpx_import import import_project
from workbench.coding.qdpx_positions import CHARACTERS, UTF16, placement

NVIVO = Path(__file__).resolve().parents[2] / "data" / "qdpx" / "nvivo-12-oltas.qdpx"
NS = "{urn:QDA-XML:project:1.0}"

# Line 1 is 10 characters (11 UTF-16 units: the emoji counts two) and a CRLF.  In UTF-16
# units "three days" is 28-38 and "desk was closed" 45-60; in characters 25-35 and 42-57;
# in the text stored with LF line ends 24-34 and 40-55.
TEXT = "Hi 😀 there\r\nWe waited 🙈🙈 three days.\r\nThe desk was closed.\r\n"
STORED = "Hi 😀 there\nWe waited 🙈🙈 three days.\nThe desk was closed.\n"


# -- the counting rule -----------------------------------------------------------------------
def test_utf16_units_are_recognised_by_where_selections_fall():
    placed = placement(TEXT, [(28, 38, ""), (45, 60, "")])
    assert placed.counting == UTF16
    assert placed.text == STORED
    assert placed.place(28, 38) == (24, 34)
    assert placed.place(45, 60) == (40, 55)
    assert STORED[24:34] == "three days" and STORED[40:55] == "desk was closed"


def test_characters_are_kept_when_selections_fit_them():
    placed = placement(TEXT, [(25, 35, ""), (42, 57, "")], "NVivo for Windows 12.6")
    assert placed.counting == CHARACTERS
    assert placed.place(25, 35) == (24, 34)


def test_a_selections_own_words_decide():
    # in "😀 a b c" every one-character span is on word boundaries in both countings
    assert placement("😀 a b c", [(2, 3, "")]).counting == CHARACTERS
    assert placement("😀 a b c", [(2, 3, "a")]).counting == CHARACTERS  # characters 2-3
    assert placement("😀 a b c", [(3, 4, "a")]).counting == UTF16  # units 3-4


def test_a_tie_is_characters_unless_the_project_comes_from_nvivo():
    # before the first emoji both countings agree
    assert placement(TEXT, [(0, 2, "")]).counting == CHARACTERS
    assert placement(TEXT, [(0, 2, "")], "NVivo 14").counting == UTF16
    # a Workbench export counts characters whatever its selections look like
    assert placement(TEXT, [(28, 38, "")], own=True).counting == CHARACTERS


def test_a_position_inside_an_emoji_or_past_the_end_is_refused():
    placed = placement(TEXT, [(28, 38, "")])
    assert placed.place(4, 10) is None  # unit 4 is the emoji's second half
    assert placed.place(0, placed.length + 1) is None
    # a CR and the LF after it are one place in the stored text
    assert placement("a\r\nb", []).place(1, 2) == (1, 1)


# -- a small project with CRLF line ends and emoji ----------------------------------------------
G = "{:08d}-0000-4000-8000-000000000000".format
PROJECT = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Desk" origin="NVivo for Windows 12.6">
  <Users><User guid="{u}" name="Rita"/></Users>
  <CodeBook><Codes><Code guid="{c}" name="Waiting" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="{s}" name="Desk visit" plainTextPath="internal://{s}.txt">
      <PlainTextSelection guid="{p1}" startPosition="28" endPosition="38" creatingUser="{u}">
        <Coding guid="{g1}" creatingUser="{u}"><CodeRef targetGUID="{c}"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="{p2}" startPosition="45" endPosition="60" creatingUser="{u}">
        <Coding guid="{g2}" creatingUser="{u}"><CodeRef targetGUID="{c}"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"""
IDS = {k: G(i) for i, k in enumerate(["u", "c", "s", "p1", "p2", "g1", "g2"], start=1)}


def _project(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "desk.qdpx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("project.qde", PROJECT.format(**IDS))
        zf.writestr(f"Sources/{IDS['s']}.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    return path


def test_crlf_and_emoji_project_lands_on_its_words_and_comes_back(tmp_path):
    store = new_store(tmp_path)
    report = import_project(store, read_project(_project(tmp_path)))
    (note,) = store.notes(IDS["s"])
    assert note.body == STORED
    segs = {s.id: s for s in store.segments()}
    assert (segs[IDS["p1"]].start, segs[IDS["p1"]].end, segs[IDS["p1"]].text) == (
        24, 34, "three days")  # fmt: skip
    assert (segs[IDS["p2"]].start, segs[IDS["p2"]].end, segs[IDS["p2"]].text) == (
        40, 55, "desk was closed")  # fmt: skip
    remarks = "\n".join(report.lines())
    assert "UTF-16 units" in remarks and "CRLF" in remarks
    # exported: positions are characters of the text written
    out = tmp_path / "out.qdpx"
    export_project(store, out)
    with zipfile.ZipFile(out) as zf:
        root = ET.fromstring(zf.read("project.qde"))
        (src,) = root.iter(f"{NS}TextSource")
        text = zf.read(f"Sources/{src.get('guid')}.txt").decode("utf-8-sig")
    quoted = {
        sel.get("guid"): text[int(sel.get("startPosition")) : int(sel.get("endPosition"))]
        for sel in src.iter(f"{NS}PlainTextSelection")
    }
    assert quoted == {IDS["p1"]: "three days", IDS["p2"]: "desk was closed"}
    # and read back as the same words
    again = new_store(tmp_path, "again.wbk")
    import_project(again, read_project(out))
    assert {s.id: s.text for s in again.segments()} == {
        IDS["p1"]: "three days", IDS["p2"]: "desk was closed"}  # fmt: skip


def test_a_selection_outside_the_text_in_either_counting_is_refused(tmp_path):
    path = _project(tmp_path, "Hi 😀\r\n")
    with pytest.raises(ProjectError, match=r"PlainTextSelection\[1\]: positions 28–38 fall"):
        read_project(path)


# -- NVivo 12's project: positions in UTF-16 units, CRLF line ends --------------------------
# Passages worked out by hand from the project's own Sources/…txt: its UTF-16-LE bytes
# 2*start to 2*end, read back.
PASSAGES = {
    "7154a758-6873-4134-badd-ae1dc04d3086": (
        "Senkit nem lehet kötelezni oltásra, ilyet csak ostoba korlátolt agyi kapacitással "
        "rendelkező emberhulladék hozhat aki nem szaporodhat és nem élhet."
    ),
    "09a0a8e3-0814-4416-b6dd-ae1dc1f4d31b": (
        "Természetesen a transzhumanista ügynök szándékosan nem beszél arról, hogy",
        "ellensúlyozva a transzhumanista oltásszopó oltásnácizmust: "
        "https://www.youtube.com/watch?v=cxUp2aWkEnk&t=454s",
    ),
    "472c4320-f0f8-42a5-9d2d-d4341c805282": (
        "Igen tovább nő a járvány , remélem április 3 kor vége Orbán versenyző",
        "gyermek ételeknek? stb stb stb , a legnagyobb Magyar gyülölő Orbán",
    ),
}
# three selections the coder cut inside a word (their neighbours, at the same offsets, are
# whole words): "…, A|KI IGEN-t", "J|avitsatok", "hiede|lem"
CODERS_OWN_CUTS = {
    "6db718ec-4186-488b-83dd-ae1dc0942aaa",
    "1f7cdeb8-49ab-4a96-bbdd-ae1dc2115ce2",
    "9ee54e83-9c9d-4bf3-b1dd-ae1dc26ef856",
}


@pytest.fixture(scope="module")
def nvivo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nvivo-positions")
    store = new_store(folder)
    import_project(store, read_project(NVIVO))
    return folder, store


def test_nvivo_selections_land_on_the_hand_worked_passages(nvivo):
    _, store = nvivo
    segs = {s.id: s for s in store.segments()}
    whole = PASSAGES["7154a758-6873-4134-badd-ae1dc04d3086"]
    assert segs["7154a758-6873-4134-badd-ae1dc04d3086"].text == whole
    for guid in ("09a0a8e3-0814-4416-b6dd-ae1dc1f4d31b", "472c4320-f0f8-42a5-9d2d-d4341c805282"):
        first, last = PASSAGES[guid]
        assert segs[guid].text.startswith(first) and segs[guid].text.endswith(last)


def test_no_nvivo_selection_cuts_a_word_but_the_coders_own(nvivo):
    _, store = nvivo
    sources = ("ddbebe1b-306f-4271-acdd-ae1da7c06fcd", "68bbdc14-c361-4432-b4dd-ae1dbfc12890")
    bodies = {n.id: n.body for iv in sources for n in store.notes(iv)}
    assert all("\r" not in body for body in bodies.values())

    def inside(body: str, at: int) -> bool:
        return 0 < at < len(body) and body[at - 1].isalnum() and body[at].isalnum()

    segs = store.segments()
    assert len(segs) == 330
    cut = set()
    for seg in segs:
        body = bodies[seg.source_id]
        assert body[seg.start : seg.end] == seg.text
        if inside(body, seg.start) or inside(body, seg.end):
            cut.add(seg.id)
    assert cut == CODERS_OWN_CUTS


def test_nvivo_import_export_import_keeps_every_selections_words(nvivo):
    folder, store = nvivo
    out = folder / "again.qdpx"
    export_project(store, out)
    again = new_store(folder, "again.wbk")
    import_project(again, read_project(out))
    before = {s.id: s.text for s in store.segments()}
    assert len(before) == 330
    assert {s.id: s.text for s in again.segments()} == before
