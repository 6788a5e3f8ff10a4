"""The finish of the Word report, checked on the demo engagement's report: the contents
and lists as fields Word updates on opening, cross-references that resolve, alt text on
every chart, and table columns that no header word or number overflows, measured with
the real font's metrics."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from workbench.deliver.word_fonts import font_file, style_font, unbreakable
from workbench.deliver.word_layout import measured_widths

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    from workbench.deliver.build import export_report
    from workbench.deliver.context import ReportOptions
    from workbench.demo import build_demo

    folder = tmp_path_factory.mktemp("finish")
    store = build_demo(folder / "demo.wbk")
    try:
        return export_report(store, folder / "report.docx", ReportOptions())
    finally:
        store.close()


def _instructions(doc) -> list[str]:
    return [" ".join(t.text.split()) for t in doc.element.body.iter(f"{W}instrText")]


def test_contents_and_lists_are_fields_word_updates_on_opening(demo_report):
    doc = Document(str(demo_report))
    settings = doc.settings.element
    update = settings.find(f"{W}updateFields")
    assert update is not None and update.get(f"{W}val") == "true"
    instructions = _instructions(doc)
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions
    assert 'TOC \\h \\z \\c "Table"' in instructions
    assert 'TOC \\h \\z \\c "Figure"' in instructions
    # The cached entries are the report's own headings and captions, so a reader that does
    # not update fields shows them filled.
    texts = [p.text for p in doc.paragraphs]
    chapters = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    contents = [t for t in texts[: texts.index("List of tables")] if "\t" in t]
    assert [t.split("\t", 1)[1] for t in contents[: len(chapters) - 1]] == chapters[:-1]
    assert contents[0] == "1\tExecutive summary"
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    listed = texts[texts.index("List of tables") + 1 : texts.index("List of figures")]
    assert listed == [c for c in captions if c.startswith("Table ")]
    # The contents heading is kept out of the contents and out of the numbering.
    heading = next(p for p in doc.paragraphs if p.text == "Contents")
    assert heading._p.pPr.numPr.numId.val == 0


def test_every_cross_reference_resolves_to_a_caption_bookmark(demo_report):
    doc = Document(str(demo_report))
    body = doc.element.body
    bookmarks = {}
    for start in body.iter(f"{W}bookmarkStart"):
        bookmarks[start.get(f"{W}name")] = start
    refs = [i.split()[1] for i in _instructions(doc) if i.startswith("REF ")]
    assert refs
    assert set(refs) <= set(bookmarks), set(refs) - set(bookmarks)
    # Each caption bookmark holds "Table n" / "Figure n" with its SEQ field.
    for name in set(refs):
        kind, number = re.fullmatch(r"_Ref(Table|Figure)(\d+)", name).groups()
        paragraph = bookmarks[name].getparent()
        text = "".join(t.text for t in paragraph.iter(f"{W}t"))
        assert text.startswith(f"{kind} {number}"), text
        assert any(f"SEQ {kind}" in (t.text or "") for t in paragraph.iter(f"{W}instrText"))
    # Every table and every figure is referred to in the text.
    tables = len(doc.tables)
    figures = len(doc.inline_shapes)
    assert {f"_RefTable{n}" for n in range(1, tables + 1)} <= set(refs)
    assert {f"_RefFigure{n}" for n in range(1, figures + 1)} <= set(refs)


def test_every_picture_has_alt_text_saying_what_it_shows(demo_report):
    doc = Document(str(demo_report))
    shapes = list(doc.inline_shapes)
    assert len(shapes) >= 8
    for shape in shapes:
        pr = shape._inline.docPr
        assert pr.get("title"), pr.get("name")
        descr = pr.get("descr") or ""
        assert descr.startswith(f"Chart: {pr.get('title')}.") and len(descr) > 60, descr
    first = shapes[0]._inline.docPr.get("descr")
    # The gap chart names its dimensions and values, top to bottom as drawn.
    assert "Horizontal bar chart of Gap (P − E) for Tangibles, Reliability" in first
    assert re.search(r"Values: Tangibles -?\d\.\d\d; Reliability", first)


def _table_font(doc) -> tuple[str, float]:
    return style_font(doc, "Table Text")


def test_no_header_word_or_number_is_wider_than_its_column(demo_report):
    from PIL import ImageFont

    doc = Document(str(demo_report))
    family, size = _table_font(doc)
    faces = {}
    for bold in (False, True):
        path = font_file(family, bold)
        faces[bold] = ImageFont.truetype(path, 1000, layout_engine=ImageFont.Layout.BASIC)
    margins = 85 * 2 / 20  # the Workbench Table style's cell margins, in points
    checked = 0
    for table in doc.tables:
        grid = [int(g.get(qn("w:w"))) / 20 for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                runs = cell.paragraphs[0].runs
                points = runs[0].font.size.pt if runs and runs[0].font.size else size
                pieces = cell.text.split() if r == 0 else unbreakable(cell.text)
                for piece in pieces:
                    if r == 0 or re.fullmatch(r"[+\-−]?\d[\d.,]*%?", piece):
                        width = faces[r == 0].getlength(piece) * points / 1000
                        assert width <= grid[c] - margins, (cell.text, piece, grid[c])
                        checked += 1
    assert checked > 500


def test_a_long_item_wording_gets_the_room():
    # Letters 5 pt wide, margins 10 pt, 400 pt of page: the wording wants 300 pt of line,
    # the key and the number their words.  Keys and numbers keep their whole line; the
    # wording takes all the rest.
    class Fixed:
        def width(self, text):
            return 5.0 * len(text)

        def longest_word(self, text):
            return max((self.width(w) for w in unbreakable(text)), default=0.0)

    m = Fixed()
    rows = [["tan_1", "word " * 12 + "wording", "+0.95"]]
    widths, fits = measured_widths(
        ["Key", "Item", "Gap"], rows, body=m, head=m, margin_pt=10, available_pt=300
    )
    assert fits
    assert widths[0] == pytest.approx(5 * 5 + 10)  # "tan_1"
    assert widths[2] == pytest.approx(5 * 5 + 10)  # "+0.95" never splits
    assert widths[1] == pytest.approx(300 - 70)
    # Headers wrap between words before a cell's line does.
    widths, _ = measured_widths(
        ["Key", "Respondents in both waves"],
        [["a", "12"]],
        body=m,
        head=m,
        margin_pt=0,
        available_pt=70,
    )
    assert widths[1] == pytest.approx(5 * len("Respondents"))


def test_unbreakable_pieces_follow_the_line_breaking_rules():
    assert unbreakable("Importance–performance -0.95 +0.95 re-audit (0–5)") == [
        "Importance–",
        "performance",
        "-0.95",
        "+0.95",
        "re-",
        "audit",
        "(0–5)",
    ]


def test_calibri_is_measured_with_its_metric_twin_when_absent():
    path = font_file("Calibri")
    name = Path(path).name.lower()
    if "calibri" not in name and "carlito" not in name:
        pytest.skip("neither Calibri nor Carlito is installed")
    assert "calibri" in name or "carlito" in name


def test_the_summary_page_shows_headline_scores_with_their_change(demo_report):
    doc = Document(str(demo_report))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Measure"
                 and t.rows[0].cells[-1].text == "Verdict")  # fmt: skip
    assert [c.text for c in table.rows[0].cells] == [
        "Measure", "Baseline", "Re-audit", "Change", "95% CI", "People", "Verdict",
    ]  # fmt: skip
    # Cells keep ranges and intervals on one line (a word joiner, no-break spaces).
    def plain(text: str) -> str:
        return text.replace("\u2060", "").replace("\u00a0", " ")

    rows = {plain(r.cells[0].text): [plain(c.text) for c in r.cells] for r in table.rows[1:]}
    assert rows["SERVQUAL"][1:] == [""] * 6  # the analysis heads its measures
    # One group throughout: the 8 people in both waves (their baseline 1.88, not the 1.86
    # of all 12 at baseline), their mean change +0.17 and its paired interval, centred on
    # it ((0.01 + 0.32) / 2 = 0.165); the row says it rests on those 8.
    assert rows["Overall maturity (0–5)"] == [
        "Overall maturity (0–5)", "1.88 of 5", "2.05 of 5", "+0.17", "+0.01 to +0.32", "8",
        "Better",
    ]  # fmt: skip


def test_the_body_styles_carry_the_normal_font():
    from workbench.deliver.word import default_template

    doc = Document(str(default_template()))
    own = {}
    for style in doc.styles:
        # paragraph styles; the macro-text style keeps its typewriter font
        if style.type == 1 and style.name not in ("Normal", "macro"):
            rpr = style.element.rPr
            fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
            if fonts is not None and fonts.attrib:
                own[style.name] = dict(fonts.attrib)
    assert own == {}
    assert doc.styles["Normal"].font.name == "Calibri"
    assert doc.styles["Heading 1"].element.pPr.numPr.numId.val > 0


@pytest.mark.slow
def test_libreoffice_shows_the_contents_and_references_filled(demo_report, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and pdftotext are needed")
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(demo_report)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / demo_report.with_suffix(".pdf").name
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    contents = text[text.index("Contents") : text.index("List of tables")]
    assert "Executive summary" in contents and "Scope and method" in contents
    assert "Table 1: Headline scores" in text[text.index("List of tables") :]
    assert re.search(r"Table 1\s+shows each headline score", text)
    with zipfile.ZipFile(demo_report) as zf:
        assert "word/settings.xml" in zf.namelist()


def test_the_evidence_column_names_role_and_date_not_ids(demo_report, tmp_path):
    doc = Document(str(demo_report))
    table = next(t for t in doc.tables if "Evidence" in [c.text for c in t.rows[0].cells])
    header = [c.text for c in table.rows[0].cells]
    assert header[-2:] == ["Role", "Date"]
    assert len(table.rows) > 1
    for row in table.rows[1:]:
        role, date = (c.text for c in row.cells[-2:])
        assert role in {"Service desk analyst", "Field engineer", "Infrastructure engineer",
                        "Change coordinator", "Service desk team leader",
                        "Database administrator"}, role  # fmt: skip
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", date), date
    assert not re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-", doc.element.body.xml)


def test_an_anonymised_evidence_column_gives_the_pseudonym_only(tmp_path):
    from workbench.deliver.build import AnalysisChoice, export_report
    from workbench.deliver.context import ReportOptions
    from workbench.demo import build_demo

    store = build_demo(tmp_path / "demo.wbk")
    try:
        path = export_report(
            store,
            tmp_path / "anon.docx",
            ReportOptions(anonymise=True),
            choices=[AnalysisChoice("seven-sins")],
        )
        roles = {p.role for p in store.respondents()} - {""}
    finally:
        store.close()
    doc = Document(str(path))
    table = next(t for t in doc.tables if "Evidence" in [c.text for c in t.rows[0].cells])
    assert [c.text for c in table.rows[0].cells][-1] == "Respondent"
    for row in table.rows[1:]:
        assert re.fullmatch(r"Respondent \d+", row.cells[-1].text), row.cells[-1].text
        assert not any(role in c.text for c in row.cells for role in roles)


def test_a_row_taller_than_a_third_of_a_page_may_split(tmp_path, make_ctx):
    from workbench.analysis.result import AnalysisResult, Column, Table
    from workbench.deliver.word import build_report

    words = "long evidence words "
    rows = [[f"Sin {i}", (words * (400 if i == 1 else 5)).strip()] for i in range(4)]
    table = Table("evidence", "Evidence noted", [Column("sin", "Sin"), Column("e", "Evidence")],
                  rows)  # fmt: skip
    ctx = make_ctx(sections=["analyses"])
    ctx.results = [AnalysisResult("x", "Seven sins", tables=[table])]
    path = build_report(tmp_path / "r.docx", ctx)
    (out,) = Document(str(path)).tables
    splits = [not r._tr.xpath("./w:trPr/w:cantSplit") for r in out.rows]
    # The header row and short rows stay whole; the 1,200-word row (taller than a page,
    # which Word would cut off at the page's foot) may break across pages.
    assert splits == [False, False, True, False, False]
