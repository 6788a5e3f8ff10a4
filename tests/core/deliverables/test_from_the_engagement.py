"""Deliverables built from a real engagement: the numbers equal the analyses, names stay
out of an anonymised report, interview text is data, formulas never run."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from workbench.analysis.loader import load_engagement_data
from workbench.analysis.registry import discover, run_analysis
from workbench.analysis.result import cell_value, format_value
from workbench.deliver.build import AnalysisChoice, export_report, export_workbook
from workbench.deliver.context import ReportOptions
from workbench.demo import build_demo
from workbench.forms.library import builtin_form

TRAP = "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %} {{ ''.__class__ }}"


@pytest.fixture(scope="module")
def engagement(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("deliverables") / "demo.wbk"
    store = build_demo(path)
    # A note with template code in it, coded so that it reaches the quotes appendix, and
    # a respondent whose role starts like a spreadsheet formula.
    person = store.add_respondent("Zygmunt Quillfeather", role="=SUM(A1:A9)", segment="staff")
    # In the latest wave: the report's quotes come from the wave it covers (the latest).
    latest = store.waves()[-1]
    iv = store.new_interview(person.id, builtin_form("stakeholder-interview"), wave_id=latest.id)
    store.update_interview(iv.id, status="complete")  # drafts are never quoted
    note = store.add_note(iv.id, f"Quillfeather said: {TRAP}")
    code = store.ensure_code_path("Emergent themes/Template test")
    store.code_segment(code, "note", note.id, 0, len(note.body), coder="Jo")
    yield store
    store.close()


def _document_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "\n".join(
            z.read(name).decode("utf-8")
            for name in z.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )


def test_the_report_carries_the_analysis_numbers(engagement, tmp_path: Path) -> None:
    from docx import Document

    path = export_report(
        engagement,
        tmp_path / "report.docx",
        ReportOptions(),
        choices=[AnalysisChoice("servqual"), AnalysisChoice("seven-sins")],
    )
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading 1")]
    assert any("SERVQUAL" in h for h in headings) and any("seven sins" in h for h in headings)
    expected = run_analysis(discover().get("servqual"), load_engagement_data(engagement), {})
    dims = expected.table("dimensions")
    word_rows = {tuple(c.text for c in row.cells) for table in doc.tables for row in table.rows}
    for r in range(len(dims.rows)):
        cells = tuple(dims.format_cell(r, c) for c in range(len(dims.columns)))
        assert cells in word_rows, cells
    assert len(doc.inline_shapes) >= 3  # charts
    captions = [p.text for p in doc.paragraphs if p.text.startswith(("Figure ", "Table "))]
    assert any(c.startswith("Figure 1") for c in captions)
    text = _document_text(path)
    assert TRAP.replace("'", "&apos;") in text or "{{ 7*7 }}" in text  # literal, not 49
    assert "loop loop loop" not in text and ">49<" not in text


def test_an_anonymised_report_names_nobody(engagement, tmp_path: Path) -> None:
    path = export_report(engagement, tmp_path / "anon.docx", ReportOptions(anonymise=True))
    import re

    # Every word a reader can see: body, tables, headers, footers, notes, properties.
    xml = _document_text(path)
    with zipfile.ZipFile(path) as z:
        xml += z.read("docProps/core.xml").decode("utf-8")
    visible = " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    visible += " ".join(re.findall(r"<dc:[a-z]+>([^<]*)</dc:", xml))
    assert "Respondent 1" in visible
    # A citation is not a person: "Martilla & James" stays in the method text.
    assert "Martilla &amp; James" in visible
    visible = visible.replace("Martilla &amp; James", "")
    for person in engagement.respondents():
        assert person.name not in visible
        for part in person.name.replace("'", " ").split():
            # "Price" is also a measure of total customer service: the word stays.
            if len(part) >= 3 and part != "Price":
                assert not re.search(rf"\b{re.escape(part)}\b", visible), part


def test_the_workbook_equals_the_analyses_and_never_holds_a_formula(
    engagement, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    path = export_workbook(
        engagement, tmp_path / "tables.xlsx", choices=[AnalysisChoice("servqual")]
    )
    wb = load_workbook(path)
    assert wb.sheetnames[0] == "Summary"
    result = run_analysis(discover().get("servqual"), load_engagement_data(engagement), {})
    dims = result.table("dimensions")
    sheet = next(ws for ws in wb.worksheets if ws.title.startswith(dims.title[:20]))
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    # Excel holds each value as displayed (rounded once, under the same number format).
    first = [cell_value(x, c) for x, c in zip(dims.rows[0], dims.columns, strict=True)]
    assert any(list(v[: len(first)]) == first for v in values)
    respondents = wb["Respondents"]
    roles = [c for row in respondents.iter_rows() for c in row if c.value == "=SUM(A1:A9)"]
    assert roles and all(c.data_type == "s" for c in roles)
    with zipfile.ZipFile(path) as z:
        assert not any(
            "<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")
        )
    assert format_value  # the same formatter feeds the window and Word
