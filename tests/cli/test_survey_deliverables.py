"""The three deliverables of an engagement filled by survey imports alone, with fewer than 5
respondents: the deck's summary gives the report's headline scores with the report's marks,
the report's cover names who prepared it (or leaves the line out), and the workbook's
Summary puts each finding beside the sheet its numbers come from."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from openpyxl import load_workbook
from pptx import Presentation

from workbench.cli import main
from workbench.settings import set_consultant_name

# Four people: every figure rests on fewer than 5 respondents.  By hand: satisfaction
# (5+3+4+2)/4 = 3.50, loyalty (5+3+4+2)/4 = 3.50, recommend (9+6+8+3)/4 = 6.50, made it
# easy (6+4+5+2)/4 = 4.25; NPS: promoters 9 (1 of 4, 25%), detractors 6 and 3 (50%): -25.
GOOGLE = """Timestamp,name,overall_satisfaction,recommend,intention_to_stay,switching_barrier,made_it_easy
2022/06/22 11:07:29 AM AST,Ann,5,9,5,2,6
2022/06/22 11:17:29 AM AST,Bob,3,6,3,4,4
2022/06/23 10:07:29 AM AST,Cy,4,8,4,3,5
2022/06/23 12:07:29 PM AST,Di,2,3,2,5,2
"""


def run(*args: str) -> int:
    return main(list(args), out=io.StringIO())


def _survey(tmp_path: Path, creator: str = "") -> Path:
    wbk, sheet = tmp_path / "s.wbk", tmp_path / "google.csv"
    sheet.write_text(GOOGLE, encoding="utf-8")
    if creator:
        set_consultant_name(creator)
    assert run("new", str(wbk), "--client", "Northwind", "--title", "Survey",
               "--wave", "baseline") == 0  # fmt: skip
    assert run("import", str(wbk), str(sheet), "--form", "satisfaction-loyalty",
               "--wave", "baseline") == 0  # fmt: skip
    return wbk


def _plain(text: str) -> str:
    """Text as read: the report's no-break spaces and word joiners (which keep "1–5"
    and "†" on their line) as plain text."""
    return text.replace("\u2060", "").replace("\xa0", " ")


def _report_headlines(docx: Path) -> tuple[list[tuple[str, str, str]], str]:
    """The report's headline rows (measure, score, respondents) and the note under them."""
    doc = Document(str(docx))
    table = next(
        t
        for t in doc.tables
        if [c.text for c in t.rows[0].cells] == ["Measure", "Score", "Respondents"]
    )
    rows = [tuple(_plain(c.text) for c in r.cells) for r in table.rows[1:] if r.cells[1].text]
    texts = [_plain(p.text) for p in doc.paragraphs]
    note = next(t for t in texts if t.startswith("\u2020 "))
    return rows, note


def test_the_deck_summary_gives_every_headline_of_the_report_with_its_marks(tmp_path):
    wbk = _survey(tmp_path)
    assert run("report", str(wbk), "-o", str(tmp_path / "s.docx")) == 0
    assert run("deck", str(wbk), "-o", str(tmp_path / "s.pptx")) == 0
    rows, note = _report_headlines(tmp_path / "s.docx")
    # three scales side by side: each score says its own, so 3.50 of 5 is not read as
    # below 4.25 of 7 or far below 6.50 of 10
    assert [(m, s) for m, s, _n in rows] == [
        ("NPS (-100 to +100) †", "-25"),  # the figure a steering committee asks for
        ("Satisfaction (1–5) †", "3.50 of 5"),
        ("Loyalty (1–5) †", "3.50 of 5"),
        ("Likelihood to recommend (0–10) †", "6.50 of 10"),
        ("Customer effort, made it easy (1–7) †", "4.25 of 7"),
    ]
    assert note == "† Rests on fewer than 5 respondents."

    prs = Presentation(str(tmp_path / "s.pptx"))
    slide = next(
        s for s in prs.slides if s.shapes.title and s.shapes.title.text == "Executive summary"
    )
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    shown = [[_plain(c.text) for c in r.cells] for r in list(table.rows)[1:]]
    # the same numbers and marks: "<analysis>: <measure> †", score, wave, n
    assert [(r[0].split(": ", 1)[1], r[1], r[3]) for r in shown] == rows
    texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    assert note in texts  # under the table, word for word the report's


def _deck_of_survey(tmp_path: Path) -> Presentation:
    wbk = _survey(tmp_path)
    assert run("deck", str(wbk), "-o", str(tmp_path / "s.pptx")) == 0
    return Presentation(str(tmp_path / "s.pptx"))


def test_the_nps_reads_one_way_in_report_deck_and_workbook(tmp_path):
    """NPS -25 (by hand above) is one string: the report's section and headline table, the
    deck's slides and the workbook read "-25" with the hyphen-minus of every other number
    (the deck holds it to its number with an invisible word joiner), never a minus sign."""
    wbk = _survey(tmp_path)
    assert run("report", str(wbk), "-o", str(tmp_path / "s.docx")) == 0
    assert run("deck", str(wbk), "-o", str(tmp_path / "s.pptx")) == 0
    assert run("export", str(wbk), "-o", str(tmp_path / "s.xlsx")) == 0
    doc = Document(str(tmp_path / "s.docx"))
    report = [_plain(p.text) for p in doc.paragraphs]
    report += [_plain(c.text) for t in doc.tables for r in t.rows for c in r.cells]
    finding = "NPS -25 (25% promoters, 50% detractors, 4 respondents)."
    assert finding in report and "-25" in report  # the section's finding, the headline
    prs = Presentation(str(tmp_path / "s.pptx"))
    raw = [
        p.text
        for slide in prs.slides
        for sh in slide.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
    ]
    raw += [
        c.text for slide in prs.slides for sh in slide.shapes if sh.has_table
        for r in sh.table.rows for c in r.cells
    ]  # fmt: skip
    deck = [_plain(t) for t in raw]
    assert any(finding in t for t in deck)
    assert "-25" in deck  # the summary table's cell, as the report's
    # (a formula's minus, "% promoters − % detractors", is no number's sign)
    assert not any(re.search("\u2212\\d", t) for t in raw + report)
    sheets = load_workbook(tmp_path / "s.xlsx")
    rows = [r for ws in sheets for r in ws.iter_rows() if str(r[0].value).startswith("Net Prom")]
    assert any(c.value == -25 and c.number_format.startswith("+0;-0") for r in rows for c in r)


def test_with_one_wave_the_agenda_promises_no_change(tmp_path):
    prs = _deck_of_survey(tmp_path)
    agenda = next(s for s in prs.slides if s.shapes.title and s.shapes.title.text == "Agenda")
    items = [p.text for sh in agenda.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    assert "Executive summary: the headline scores" in items  # one wave: nothing changed
    assert not any("what changed" in i for i in items)


def test_the_loyalty_slide_is_titled_by_what_its_chart_shows(tmp_path):
    """The loyalty slide's chart shows the matrix's groups, so its title is the finding
    about them, not a headline score (the weakest) the chart does not show."""
    prs = _deck_of_survey(tmp_path)
    loyalty = next(
        s
        for s in prs.slides
        if any(sh.has_chart for sh in s.shapes)
        and any("hostages" in sh.text_frame.text for sh in s.shapes if sh.has_text_frame)
    )
    chart = next(sh.chart for sh in loyalty.shapes if sh.has_chart)
    shown = [*chart.plots[0].categories, *(s.name for s in chart.plots[0].series)]
    assert {"Loyalists", "Hostages", "Defectors"} <= set(shown)  # a chart of groups …
    title = _plain(loyalty.shapes.title.text)
    assert title.startswith("Of 4 respondents, 25% are loyalists")  # … under their finding
    assert "weakest" not in title


def test_a_slide_with_more_headlines_than_room_says_where_the_rest_are():
    from types import SimpleNamespace

    from workbench.deliver.deck_summary import MAX_ROWS, headline_rows
    from workbench.deliver.headlines import Headline, HeadlineSummary

    lines = [
        Headline("a", f"Analysis {i // 4}", f"Measure {i}", 3.0, "3.00", "baseline",
                 respondents=3 if i == 0 else 12,
                 caution="rests on fewer than 5 respondents" if i == 0 else "")
        for i in range(20)
    ]  # fmt: skip
    ctx = SimpleNamespace(
        headlines=HeadlineSummary(lines), options=SimpleNamespace(anonymise=False)
    )
    _header, rows, notes, footnotes = headline_rows(ctx)
    assert len(rows) == 10 < MAX_ROWS  # the first 2 of each of the 5 analyses
    assert rows[0][0] == "Analysis 0: Measure 0 †"
    assert footnotes[0] == "† Rests on fewer than 5 respondents."
    assert footnotes[1].startswith("The slide shows 10 of the 20 headline scores")
    assert "the report's table of headline scores" in footnotes[1]
    assert sum(n.startswith("Analysis ") for n in notes) == 20  # the notes give them all

    ctx.headlines = HeadlineSummary(lines[:MAX_ROWS])  # as many as fit: all of them
    _header, rows, _notes, footnotes = headline_rows(ctx)
    assert len(rows) == MAX_ROWS and len(footnotes) == 1


def _cover(docx: Path) -> list[str]:
    """The title page's lines, up to its confidentiality line."""
    texts = [p.text for p in Document(str(docx)).paragraphs]
    end = next(i for i, t in enumerate(texts) if t.startswith("Confidential."))
    return texts[:end]


def test_the_cover_names_the_consultant_exporting_not_the_files_creator(tmp_path):
    """On a shared machine the file's creator may be whoever set a name there last: the
    cover of an engagement that names no consultant gives the consultant signed in to
    export, and --prepared-by names whoever the consultant says."""
    wbk = _survey(tmp_path, creator="Mia Manager")
    set_consultant_name("Ben Carter")  # another consultant exports: they prepared it
    assert run("report", str(wbk), "-o", str(tmp_path / "s.docx")) == 0
    cover = _cover(tmp_path / "s.docx")
    assert "Prepared by  Ben Carter" in cover
    assert not any("Mia Manager" in line for line in cover)
    assert Document(str(tmp_path / "s.docx")).core_properties.author == "Ben Carter"
    args = ["--prepared-by", "Ann Lee, Bo Chen", "--prepared-by", "Cy Dee"]
    assert run("report", str(wbk), "-o", str(tmp_path / "p.docx"), *args) == 0
    assert "Prepared by  Ann Lee, Bo Chen and Cy Dee" in _cover(tmp_path / "p.docx")
    assert run("export", str(wbk), "-o", str(tmp_path / "p.xlsx"), *args) == 0
    assert load_workbook(tmp_path / "p.xlsx").properties.creator == "Ann Lee, Bo Chen and Cy Dee"
    assert run("deck", str(wbk), "-o", str(tmp_path / "p.pptx"), *args) == 0
    from pptx import Presentation

    author = Presentation(str(tmp_path / "p.pptx")).core_properties.author
    assert author == "Ann Lee, Bo Chen and Cy Dee"
    # a name of no letters is no name: refused, nothing written
    assert run("report", str(wbk), "-o", str(tmp_path / "x.docx"), "--prepared-by", " , ") == 1
    assert not (tmp_path / "x.docx").exists()


def test_the_cover_leaves_out_prepared_by_when_no_name_is_known(tmp_path):
    wbk = _survey(tmp_path)
    assert run("report", str(wbk), "-o", str(tmp_path / "s.docx")) == 0
    cover = _cover(tmp_path / "s.docx")
    assert not any(line.startswith("Prepared by") for line in cover)
    assert "Prepared for  Northwind" in cover and any(t.startswith("Fieldwork") for t in cover)
    # signed in at the time of the export: that name
    set_consultant_name("Ben Carter")
    assert run("report", str(wbk), "-o", str(tmp_path / "b.docx")) == 0
    assert "Prepared by  Ben Carter" in _cover(tmp_path / "b.docx")


def test_the_workbook_summary_puts_each_finding_beside_its_sheet(tmp_path):
    wbk = _survey(tmp_path)
    assert run("export", str(wbk), "-o", str(tmp_path / "s.xlsx")) == 0
    book = load_workbook(tmp_path / "s.xlsx")
    rows = [r for r in book["Summary"].iter_rows(values_only=True)]
    start = rows.index(("Analysis", "Findings", "Scope", "Sheets")) + 1
    beside: dict[str, object] = {}
    for title, finding, _scope, sheets in rows[start:]:
        if title is None:
            break
        beside[finding] = sheets

    def at(start: str) -> object:
        (sheets,) = [v for k, v in beside.items() if str(k).startswith(start)]
        return sheets

    # NPS -25 is in the NPS sheet and in By segment's NPS column: the NPS sheet is named
    assert at("• NPS -25 (25% promoters") == "Net Promoter Score"
    assert at("• Customer effort: mean 4.25") == "Customer effort"
    assert at("• Of 4 respondents, 25% are loyalists") == "Satisfaction–loyalty matrix"
    assert at("• Hostages report a mean switching barrier of 3.00") == (
        "Satisfaction–loyalty matrix"
    )
    # a note on every figure: no sheet; a sheet no finding quotes has a row of its own
    assert at("• † Every figure") is None
    assert beside["Further table: By segment"] == "By segment"
    # every sheet named is one of the workbook's, linked to it
    summary = book["Summary"]
    for row in summary.iter_rows(min_row=start + 1):
        cell = row[3]
        if cell.value:
            assert cell.hyperlink.location == f"'{str(cell.value).split('; ')[0]}'!A1"
            assert all(name in book.sheetnames for name in str(cell.value).split("; "))


def test_responses_of_several_forms_are_not_called_interviews():
    from types import SimpleNamespace

    from workbench.deliver.word_text import _followed

    surveys = SimpleNamespace(by_origin={"survey:google-forms": 5, "survey:kobo": 3})
    assert _followed(surveys, each=True) == "Each response followed a structured form"
    assert _followed(surveys) == "Responses followed a structured form"
    held = SimpleNamespace(by_origin={})
    assert _followed(held, each=True) == "Each interview followed a structured form"
