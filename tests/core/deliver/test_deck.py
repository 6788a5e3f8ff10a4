"""The steering-committee deck of the demo engagement, read back with python-pptx and as
the zip it is: its slides, native charts holding the analyses' numbers, speaker notes with
the evidence, the report selection, anonymisation in every part, and a firm's master."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from workbench.deliver.context import ReportOptions
from workbench.deliver.deck import DeckError, export_deck
from workbench.deliver.safety import ExportCancelled
from workbench.demo import build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("deck")
    store = build_demo(folder / "demo.wbk")
    yield store, folder
    store.close()


@pytest.fixture(scope="module")
def deck(demo) -> Path:
    store, folder = demo
    return export_deck(store, folder / "deck.pptx")


@pytest.fixture(scope="module")
def anon_deck(demo) -> Path:
    store, folder = demo
    return export_deck(store, folder / "anon.pptx", ReportOptions(anonymise=True))


def _titles(path: Path) -> list[str]:
    from pptx import Presentation

    prs = Presentation(str(path))
    return [s.shapes.title.text if s.shapes.title is not None else "" for s in prs.slides]


def _parts(path: Path) -> dict[str, str]:
    """Every XML part, the charts' embedded workbooks opened too."""
    out: dict[str, str] = {}

    def walk(z: zipfile.ZipFile, prefix: str) -> None:
        for name in z.namelist():
            data = z.read(name)
            if name.endswith(".xlsx"):
                walk(zipfile.ZipFile(io.BytesIO(data)), f"{prefix}{name}!")
            elif name.endswith((".xml", ".rels")):
                out[prefix + name] = data.decode("utf-8")

    with zipfile.ZipFile(path) as z:
        walk(z, "")
    return out


def test_the_deck_tells_the_story_in_order(demo, deck):
    store, _ = demo
    titles = _titles(deck)
    assert titles[0] == store.engagement().title
    assert titles[1:3] == ["Agenda", "Executive summary"]
    # One slide per finding of the register, its statement as the action title, most
    # severe first; then the analyses no finding speaks of, titled by their own finding.
    from workbench.deliver.deck_layout import signed

    statements = [signed(f.statement) for f in store.findings()]
    assert titles[3:7] == statements  # the demo's findings: high, high, medium, medium
    # The analyses outside the register: an action title from their headline score (the
    # executive summary's), the largest gap or the weakest score, not a baseline statement.
    assert (
        signed("Gap 5 customer gap (P − E) falls short of expectations at -1.20 in the baseline")
        in titles
    )
    assert (
        signed(
            "Reliability performance is the weakest at 4.81 of 7, +0.31 since the baseline "
            "(no clear change)"
        )
        in titles
    )
    assert not any(t.startswith("In the baseline:") for t in titles)
    rest = titles[titles.index("Recommendations") :]
    assert rest == ["Recommendations", "Action plan", *rest[2:]]
    assert rest[2].startswith("Appendix: method") and rest[-1] == "Appendix: sample"


def test_the_charts_are_native_and_hold_the_tables_numbers(demo, deck):
    from pptx import Presentation

    from workbench.deliver.build import report_context

    store, _ = demo
    parts = _parts(deck)
    charts = [n for n in parts if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
    assert len(charts) >= 6
    # The SERVQUAL finding's chart is the gap per dimension, rounded as the table shows it.
    ctx = report_context(store, ReportOptions())
    servqual = next(r for r in ctx.results if r.analysis_id == "servqual").table("dimensions")
    gaps = [servqual.cell_value(r, servqual.column_index("gap")) for r in range(5)]
    prs = Presentation(str(deck))
    slide = prs.slides[3]
    frames = [s for s in slide.shapes if s.has_chart]
    assert len(frames) == 1 and not [s for s in slide.shapes if s.shape_type == 13]
    chart = frames[0].chart
    assert list(chart.plots[0].categories) == [
        "Tangibles",
        "Reliability",
        "Responsiveness",
        "Assurance",
        "Empathy",
    ]
    assert [round(v, 2) for v in chart.plots[0].series[0].values] == gaps
    assert gaps[2] == -1.30  # responsiveness, the widest gap the finding names
    # The consultant can edit the data: each chart carries its workbook.
    assert any(
        n.startswith("ppt/embeddings/") and n.endswith(".xlsx!xl/worksheets/sheet1.xml")
        for n in parts
    )
    # The colour-blind-safe palette: negative gaps in vermillion.
    assert "D55E00" in parts["ppt/charts/" + frames[0].chart.part.partname.split("/")[-1]]


def test_a_heatmap_falls_back_to_the_figure_with_alt_text(demo):
    from pptx import Presentation

    from workbench.deliver.build import AnalysisChoice

    store, folder = demo
    path = export_deck(store, folder / "cooc.pptx", choices=[AnalysisChoice("code-cooccurrence")])
    prs = Presentation(str(path))
    slide = next(s for s in prs.slides if "occur together most often" in s.shapes.title.text)
    pictures = [s for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1 and not [s for s in slide.shapes if s.has_chart]
    descr = pictures[0]._element.nvPicPr.cNvPr.get("descr")
    assert descr.startswith("Code co-occurrence") and "occur together most often" in descr


def test_every_slide_has_speaker_notes_with_the_evidence(deck):
    from pptx import Presentation

    prs = Presentation(str(deck))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert all(n.strip() for n in notes)
    runaround = notes[4]
    assert runaround.startswith("F2 (High): Tickets are passed between resolver groups")
    assert "Chart drawn from the table \u201cSins by frequency\u201d" in runaround
    assert "What people said:" in runaround and "[Seven sins of service/Runaround]" in runaround
    # The executive summary's notes give each headline with its test.
    assert "Unweighted SERVQUAL score -0.91 (re-audit); baseline -1.14; change +0.24" in notes[2]
    assert "n = 16" in notes[2]


def test_the_summary_shows_the_headline_scores_and_their_change(deck):
    from pptx import Presentation

    prs = Presentation(str(deck))
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Headline score", "Baseline", "Re-audit", "Change", "n"]
    assert ["Unweighted SERVQUAL score", "-1.14", "-0.91", "+0.24", "16"] in rows
    # a mean on a scale says which, beside the gaps and shares of other analyses
    assert [
        "ITSM maturity: Overall maturity (0–5)", "1.88 of 5", "2.05 of 5", "+0.17 (better)", "8"
    ] in rows  # fmt: skip


def test_the_deck_honours_the_report_selection(tmp_path):
    from pptx import Presentation

    store = build_demo(tmp_path / "sel.wbk")
    try:
        store.add_report_entry("seven-sins", "The seven sins of service")
        path = export_deck(store, tmp_path / "sel.pptx")
    finally:
        store.close()
    prs = Presentation(str(path))
    sources = [
        sh.text_frame.text
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame and sh.text_frame.text.startswith("Source: ")
    ]
    assert sources and all(s.startswith("Source: The seven sins of service") for s in sources)
    titles = _titles(path)
    assert not any("SERVQUAL" in t and "Concentrate" in t for t in titles)
    assert "Concentrate here: Reliability, Responsiveness." not in titles


def test_an_anonymised_deck_names_no_respondent_anywhere(demo, anon_deck):
    store, _ = demo
    names = [r.name for r in store.respondents()]
    parts = _parts(anon_deck)
    assert any(n.startswith("ppt/notesSlides/") for n in parts)
    text = "\n".join(parts.values())
    for name in names:
        assert name not in text, name
    for name in names:
        for part in re.split(r"[\s\-']+", name):
            # "Price" is a measure of total customer service, kept as a word.
            if len(part) >= 3 and part != "Price":
                assert not re.search(rf"(?<![\w]){re.escape(part)}(?!\w)", text), part
    # Quotes carry the pseudonym and a shared segment only.
    assert re.search(r"\u2014 Respondent \d+", text)


def test_an_anonymised_deck_keeps_out_charts_of_small_groups(demo, anon_deck):
    from pptx import Presentation

    prs = Presentation(str(anon_deck))
    slide = next(s for s in prs.slides if s.shapes.title.text.startswith("Gap 5 customer gap"))
    assert not [s for s in slide.shapes if s.has_chart or s.shape_type == 13]
    notes = slide.notes_slide.notes_text_frame.text
    assert "left out: it would show groups of fewer than 5 respondents" in notes
    # A result without suppressed figures keeps its chart, as in the report.
    slide = next(s for s in prs.slides if "runaround" in s.shapes.title.text)
    assert [s for s in slide.shapes if s.has_chart]


def _firm_template(path: Path, reorder: bool = True) -> Path:
    """A firm's template: a dark green background and Courier New titles on the master,
    its layouts in another order, and a slide of its own."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn

    prs = Presentation()
    master = prs.slide_master
    fill = master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0x1B, 0x4D, 0x3E)
    rpr = master.element.find(
        f"{qn('p:txStyles')}/{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
    )
    latin = rpr.find(qn("a:latin"))
    if latin is None:
        latin = rpr.makeelement(qn("a:latin"), {})
        rpr.append(latin)
    latin.set("typeface", "Courier New")
    if reorder:
        # Index-based choice would take the wrong layouts: reverse their order.
        ids = master.element.find(qn("p:sldLayoutIdLst"))
        for el in list(ids)[::-1]:
            ids.remove(el)
            ids.append(el)
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "FIRM SAMPLE SLIDE"
    prs.save(str(path))
    return path


def test_a_firm_template_master_and_layouts_are_used(demo, tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    store, _ = demo
    template = _firm_template(tmp_path / "firm.pptx")
    path = export_deck(store, tmp_path / "firm-deck.pptx", template=template)
    parts = _parts(path)
    assert "FIRM SAMPLE SLIDE" not in "\n".join(parts.values())
    master = parts["ppt/slideMasters/slideMaster1.xml"]
    assert 'srgbClr val="1B4D3E"' in master and 'typeface="Courier New"' in master
    prs = Presentation(str(path))
    assert prs.slide_width == Presentation(str(template)).slide_width
    types = [{ph.placeholder_format.type for ph in s.slide_layout.placeholders} for s in prs.slides]
    assert P.CENTER_TITLE in types[0] and P.SUBTITLE in types[0]  # the title layout
    assert P.OBJECT in types[1]  # the agenda: title and content
    chart_slides = [i for i, s in enumerate(prs.slides) if any(x.has_chart for x in s.shapes)]
    for i in chart_slides:
        assert types[i] & {P.OBJECT, P.BODY, P.SUBTITLE} == set(), i  # "Title Only"
    # The firm's theme colours the series: no palette colour is forced on them.
    chart = next(x for x in prs.slides[chart_slides[1]].shapes if x.has_chart).chart
    assert "0072B2" not in chart.part.blob.decode("utf-8")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "not found"),
        (lambda p: (p.write_text("not a deck"), p)[1], "is not a PowerPoint presentation"),
        (lambda p: _as_potx(_firm_template(p)), "is a PowerPoint template (.potx)"),
        (
            lambda p: _without_titles(_firm_template(p, reorder=False)),
            "no slide layout with a title",
        ),
    ],
)
def test_a_bad_template_is_refused_and_nothing_is_written(demo, tmp_path, make, message):
    store, _ = demo
    template = make(tmp_path / "t.pptx")
    target = tmp_path / "out.pptx"
    target.write_bytes(b"the deck as it was")
    with pytest.raises(DeckError, match=re.escape(message)) as info:
        export_deck(store, target, template=template)
    assert str(tmp_path / "t.pptx") in str(info.value)
    assert target.read_bytes() == b"the deck as it was"


def _as_potx(path: Path) -> Path:
    out = path.with_name("t2.pptx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
                )
            dst.writestr(item, data)
    out.replace(path)
    return path


def _without_titles(path: Path) -> Path:
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    prs = Presentation(str(path))
    for layout in prs.slide_layouts:
        for ph in list(layout.placeholders):
            if ph.placeholder_format.type in (P.TITLE, P.CENTER_TITLE):
                ph.element.getparent().remove(ph.element)
    prs.save(str(path))
    return path


def test_a_cancelled_deck_leaves_nothing(demo, tmp_path):
    store, _ = demo
    seen = []

    def progress(fraction: float, message: str) -> bool:
        seen.append(message)
        return not message.startswith("Writing the slide")

    with pytest.raises(ExportCancelled):
        export_deck(store, tmp_path / "c.pptx", progress=progress)
    assert not list(tmp_path.iterdir())
    assert "Writing the executive summary" in seen


def test_no_shapes_overlap_or_leave_the_slide(deck, anon_deck):
    """What the eye checks on the pictures: boxes stay apart and on the slide."""
    from pptx import Presentation

    for path in (deck, anon_deck):
        prs = Presentation(str(path))
        for n, slide in enumerate(prs.slides, start=1):
            boxes = [
                (s.left, s.top, s.left + s.width, s.top + s.height)
                for s in slide.shapes
                if s.width is not None and s.left is not None
            ]
            for a, (l1, t1, r1, b1) in enumerate(boxes):
                assert l1 >= 0 and t1 >= 0 and r1 <= prs.slide_width and b1 <= prs.slide_height, n
                for l2, t2, r2, b2 in boxes[a + 1 :]:
                    assert r1 <= l2 or r2 <= l1 or b1 <= t2 or b2 <= t1, (path.name, n)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_deck(deck, tmp_path):
    from pptx import Presentation

    done = subprocess.run(
        ["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)],
        capture_output=True,
        timeout=300,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "deck.pdf"
    assert pdf.exists(), done.stderr.decode()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == len(Presentation(str(deck)).slides)


def test_the_summary_slide_says_what_the_reports_summary_says(deck):
    """A score measured in the baseline only stands in the baseline column, labelled so;
    every clear change the report counts is on the slide; every finding is listed."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    slide = prs.slides[2]
    table = next(s for s in slide.shapes if s.has_table).table
    rows = {r.cells[0].text: [c.text for c in r.cells][1:] for r in table.rows}
    # marked as the report marks it: it rests on 3 respondents
    gap2 = "The gaps model: Gap 2 standards (design): drivers' mean agreement (1–7) \u2020"
    assert rows[gap2] == ["3.25 of 7", "–", "Baseline only", "3"]
    assert rows["Total customer service (mean over measures)"][:3] == [
        "-1.03",
        "–",
        "Baseline only",
    ]
    # The report's three clear improvements, Responsiveness performance among them.
    clear = [k for k, v in rows.items() if v[2].endswith("(better)")]
    responsiveness = "Importance–performance analysis: Responsiveness performance (1–7)"
    assert responsiveness in clear
    assert rows[responsiveness][2] == "+0.77 (better)"
    assert len(clear) == 3
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    for ref in ("F1", "F2", "F3", "F4"):
        assert ref in text
    assert "\u2020 Rests on fewer than 5 respondents." in text  # the mark's note, as the report's


def test_the_agenda_counts_the_findings_and_numbers_keep_their_sign(demo, deck):
    from pptx import Presentation

    store, _ = demo
    prs = Presentation(str(deck))
    agenda = next(
        s for s in prs.slides[1].shapes if s.has_text_frame and "Key" in s.text_frame.text
    )
    items = agenda.text_frame.text.split("\n")
    assert f"Key findings ({len(store.findings())})" in items  # 4 in the demo, not 7
    assert "Further analyses (4)" in items  # the code frequency too: the demo is coded
    # A negative number's sign is the report's hyphen-minus held to its number by a word
    # joiner (no line break after it), never "(-" + "1.30)", nor a minus sign (U+2212).
    texts = [s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame]
    assert any("(-\u20601.30)" in t for t in texts)
    assert not any(re.search(r"(?<![\w.])-\d", t) for t in texts)
    assert not any(re.search("\u2212\\d", t) for t in texts)


def test_a_findings_chart_draws_the_table_its_title_names(deck):
    """The maturity finding names two practices: its chart is the practices table (both
    among its bars), not the lifecycle stages, and the source line says so."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    slide = next(s for s in prs.slides if s.shapes.title.text.startswith("Problem management"))
    chart = next(s for s in slide.shapes if s.has_chart).chart
    categories = list(chart.plots[0].categories)
    assert "Problem management" in categories and "Knowledge management" in categories
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "table \u201cMaturity by practice\u201d" in text


def test_a_crowded_summary_slide_keeps_the_nps(deck):
    """The demo's 19 headline scores do not fit: each analysis keeps its first two, and
    satisfaction and loyalty's first is its Net Promoter Score, at re-audit the section's
    "NPS 0" (5 promoters and 5 detractors of 16: 31% and 31%)."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    slide = next(s for s in prs.slides if s.shapes.title.text == "Executive summary")
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows}
    row = rows["Satisfaction and loyalty: NPS (-100 to +100)"]
    assert row[2] == "0" and row[4] == "16"
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert any("NPS 0 (31% promoters, 31% detractors, 16 respondents)" in t for t in texts)
