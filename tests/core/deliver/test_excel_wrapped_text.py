"""Long and multi-line text in the workbook's raw sheets wraps in rows as tall as it needs
(so that a PDF of the workbook shows it, instead of letting it run over the next rows),
written by the fast row writer exactly as openpyxl writes the same cells."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment

from workbench.deliver.build import export_workbook
from workbench.deliver.excel import _column_cells
from workbench.deliver.excel_rows import write_rows
from workbench.deliver.excel_sheets import LINE_HEIGHT
from workbench.forms.library import builtin_forms
from workbench.store import create_engagement

TURNS = (
    "Interviewer: How did the outage start?\n"
    "Respondent: The service desk phoned at eight, the portal was down.\n"
    "Interviewer: And then?\n"
    "Respondent: Nobody knew who owned the fix, so we waited until noon."
)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Outage review")
    try:
        form = builtin_forms()["stakeholder-interview"]
        person = store.add_respondent("Ana Silva")
        iid = store.new_interview(person.id, form, date=dt.date(2024, 3, 1)).id
        note = store.add_note(iid, "Before.\n" + TURNS + "\nAfter.")
        code = store.add_code("Ownership", definition="Who owns a fix.\nSecond line.")
        start = len("Before.\n")
        store.code_segment(code.id, "note", note.id, start, start + len(TURNS))
        return export_workbook(store, tmp_path / "e.xlsx")
    finally:
        store.close()


def _column(ws, name: str) -> int:
    return [c.value for c in ws[3]].index(name) + 1


def test_a_multi_line_coded_text_wraps_in_a_row_tall_enough(book: Path) -> None:
    ws = load_workbook(book)["Coded segments"]
    col = _column(ws, "text")
    cell = ws.cell(4, col)
    assert cell.value == TURNS
    assert cell.alignment.wrap_text and cell.alignment.vertical == "top"
    assert ws.cell(4, _column(ws, "code")).alignment.vertical == "top"  # beside it, at the top
    width = ws.column_dimensions[cell.column_letter].width
    assert 40 <= width <= 60
    assert ws.row_dimensions[4].height >= 4 * LINE_HEIGHT  # four turns, four lines at least
    codebook = load_workbook(book)["Codebook"]
    definition = codebook.cell(4, _column(codebook, "definition"))
    assert definition.value == "Who owns a fix.\nSecond line." and definition.alignment.wrap_text
    assert codebook.row_dimensions[4].height >= 2 * LINE_HEIGHT


def test_short_single_line_columns_do_not_wrap(book: Path) -> None:
    ws = load_workbook(book)["Interviews"]
    for col in range(1, ws.max_column + 1):
        assert not ws.cell(4, col).alignment.wrap_text, ws.cell(3, col).value
    assert ws.row_dimensions[4].height is None


@pytest.mark.slow
def test_the_pdf_shows_every_line_of_the_coded_text(book: Path, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and poppler-utils are not installed")
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],  # fmt: skip
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "e.pdf"), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    flat = " ".join(text.split())
    for turn in TURNS.splitlines():  # each turn is there whole, however it wrapped
        words = turn.split()
        assert all(w in flat for w in words), turn
    assert "Nobody knew who owned the fix" in " ".join(text.split())


def test_wrapped_rows_are_the_xml_openpyxl_writes(tmp_path: Path) -> None:
    import pandas as pd

    from tests.core.deliver.test_excel_rows import _sheet_xml

    frame = pd.DataFrame({
        "text": ["short", "a\nb", "=looks like a formula\nand more", "", None],
        "n": [1, 2.5, None, 4, 5],
        "when": pd.to_datetime(["2024-01-01", None, "2024-01-03", "2024-01-04", "2024-01-05"]),
    })  # fmt: skip
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    heights = [None, 32.0, 47.5, None, None]

    def write(path: Path, fast: bool) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Data")
        ws.append(["title"])
        cells = [
            _column_cells(ws, frame.iloc[:, i], None, "yyyy-mm-dd" if c == "when" else None)
            for i, c in enumerate(frame.columns)
        ]
        aligns = [wrap, top, top]
        if fast:
            write_rows(ws, 2, cells, aligns=aligns, heights=heights)
        else:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.cell.cell import Cell

            for r, row in enumerate(zip(*cells, strict=True)):
                out = []
                for item, align in zip(row, aligns, strict=True):
                    if item is None:
                        out.append(None)
                        continue
                    cell = item if isinstance(item, Cell) else WriteOnlyCell(ws, item)
                    cell.alignment = align
                    out.append(cell)
                if heights[r] is not None:
                    ws.row_dimensions[r + 2].height = heights[r]
                ws.append(out)
        wb.save(path)

    write(tmp_path / "slow.xlsx", fast=False)
    write(tmp_path / "fast.xlsx", fast=True)
    assert _sheet_xml(tmp_path / "fast.xlsx") == _sheet_xml(tmp_path / "slow.xlsx")


def test_a_quote_of_several_lines_wraps_in_an_analysis_table(tmp_path: Path, context) -> None:
    from workbench.analysis.result import AnalysisResult, Column, Table
    from workbench.deliver.excel import write_workbook

    quote = "Interviewer: And then?\nRespondent: We waited.\nInterviewer: How long?"
    result = AnalysisResult(
        "quotes",
        "Quotes",
        tables=[Table("q", "Quotes", [Column("code", "Code"), Column("quote", "Quote")],
                      [["Ownership", quote], ["Speed", "Fast enough."]])],  # fmt: skip
    )
    path = write_workbook(tmp_path / "q.xlsx", engagement=context.engagement, results=[result])
    ws = load_workbook(path)["Quotes"]
    cell = ws.cell(4, 2)
    assert cell.value == quote and cell.alignment.wrap_text
    assert ws.row_dimensions[4].height >= 3 * LINE_HEIGHT
    assert ws.row_dimensions[5].height is None  # one line: as it was
