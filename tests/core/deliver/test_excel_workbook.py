"""The demo engagement's workbook, read back as a client would open it: every sheet prints,
holds an Excel table, says whose interview each row is, and the data dictionary matches
the forms."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from workbench.deliver.build import (
    AnalysisChoice,
    export_workbook,
    scoped_data,
    score_changes,
    wave_changes,
)
from workbench.deliver.context import ReportOptions
from workbench.deliver.dictionary import IDENTIFIERS, TYPE_NAMES
from workbench.deliver.excel_sheets import SheetNames, shorten
from workbench.demo import build_demo

HEADER = 3
TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
CELL_REF = re.compile(r"^[A-Za-z]{1,3}\d+$|^[Rr]\d*[Cc]\d*$")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("workbook")
    store = build_demo(folder / "demo.wbk")
    yield store, folder
    store.close()


@pytest.fixture(scope="module")
def book(demo) -> Path:
    store, folder = demo
    return export_workbook(store, folder / "demo.xlsx")


@pytest.fixture(scope="module")
def anon_book(demo) -> Path:
    store, folder = demo
    return export_workbook(store, folder / "anon.xlsx", options=ReportOptions(anonymise=True))


@pytest.fixture(scope="module")
def wb(book):
    return load_workbook(book)


def _data_sheets(wb):
    return [ws for ws in wb if ws.title != "Summary"]


def test_every_sheet_has_page_setup(wb):
    for ws in wb:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert setup.fitToHeight == 0 and setup.fitToWidth >= 1, ws.title
        assert setup.orientation in ("portrait", "landscape"), ws.title
        assert ws.oddHeader.left.text and ws.oddHeader.right.text, ws.title
        assert ws.oddFooter.right.text == "Page &P of &N", ws.title
        widths = sum(
            (ws.column_dimensions[c].width or 8) for c in ws.column_dimensions if c.isalpha()
        )
        if widths > 100:
            assert setup.orientation == "landscape", ws.title
    for ws in _data_sheets(wb):
        assert ws.print_title_rows == f"${HEADER}:${HEADER}", ws.title
    servqual = wb["Answers – SERVQUAL service"]
    assert servqual.page_setup.fitToWidth > 1 and servqual.print_title_cols == "$A:$A"


def test_every_sheet_is_an_excel_table_with_a_valid_unique_name(wb):
    names = []
    for ws in wb:
        assert ws.tables, ws.title
        for table in ws.tables.values():
            name = table.displayName
            assert table.name == name
            assert TABLE_NAME.match(name) and not CELL_REF.match(name), name
            assert table.tableStyleInfo.name.startswith("TableStyle")
            assert table.autoFilter.ref == table.ref
            names.append(name.casefold())
            first = ws[table.ref][0]
            assert [c.value for c in first] == [c.name for c in table.tableColumns]
            assert len({c.name.casefold() for c in table.tableColumns}) == len(first)
        assert ws.auto_filter.ref is None  # a table filters itself; a second filter corrupts
    assert len(names) == len(set(names))
    for ws in _data_sheets(wb):
        (table,) = ws.tables.values()
        assert table.ref.startswith(f"A{HEADER}:")


def test_sheet_names_readable_unique_and_full_title_first(wb):
    names = wb.sheetnames
    assert len({n.casefold() for n in names}) == len(names)
    assert all(len(n) <= 31 for n in names)
    assert not any(re.search(r"\(\d+\)$", n) for n in names), names
    assert "Customer effort" in names and "Customer effort (CES 2.0 made" not in names
    assert {"SERVQUAL – By segment", "Satisfaction – By segment"} <= set(names)
    effort = wb["Customer effort"]["A1"].value
    assert effort.endswith("Customer effort (CES 2.0: made it easy, 1–7 agree)")


def test_shortening_keeps_whole_words_and_balanced_brackets():
    assert shorten("Customer effort (CES 2.0: made it easy, 1–7 agree)") == "Customer effort"
    assert shorten("Gap 1 by dimension: customers' expectation vs management's") == (
        "Gap 1 by dimension"
    )
    assert shorten("Satisfaction and loyalty of every single customer") == (
        "Satisfaction and loyalty"
    )
    names = SheetNames(["Summary"])
    assert names.plan([("By segment", "SERVQUAL"), ("By segment", "Satisfaction and loyalty"),
                       ("Summary", "X")]) == [  # fmt: skip
        "SERVQUAL – By segment",
        "Satisfaction – By segment",
        "X – Summary",
    ]


def test_data_sheets_carry_identifier_columns(wb, demo):
    store, _ = demo
    names = {p.name for p in store.respondents()}
    for ws in wb:
        if not (ws.title.startswith("Answers") or ws.title in ("Interviews", "Coded segments")):
            continue
        header = [c.value for c in ws[HEADER]]
        assert header[:4] == list(IDENTIFIERS), ws.title
        rows = list(ws.iter_rows(min_row=HEADER + 1, max_col=4, values_only=True))
        assert rows and all(r[0] in names for r in rows), ws.title
        assert all(r[2] in ("baseline", "re-audit") for r in rows), ws.title
        assert all(r[3] is not None for r in rows), ws.title


def test_data_dictionary_matches_the_forms(wb, demo):
    store, _ = demo
    data = scoped_data(store, ReportOptions())
    ws = wb["Data dictionary"]
    header = [c.value for c in ws[HEADER]]
    rows = [dict(zip(header, r, strict=True))
            for r in ws.iter_rows(min_row=HEADER + 1, values_only=True)]  # fmt: skip
    by_place = {(r["sheet"], r["column"]): r for r in rows}
    # Every column of every data sheet is described.
    for sheet in wb.sheetnames[wb.sheetnames.index("Data dictionary") + 1 :]:
        for cell in wb[sheet][HEADER]:
            assert (sheet, cell.value) in by_place, (sheet, cell.value)
    servqual = data.forms["servqual"]
    checked = 0
    for section in servqual.sections:
        for q in section.questions:
            if q.type == "pair":
                row = by_place[("Answers – SERVQUAL service", f"{q.key}.E")]
                assert row["wording"] == f"{q.label} — {q.expectation_label}"
                assert row["scale"].startswith(f"{q.min}–{q.max}")
            elif q.type in ("scale", "single", "text", "longtext", "nps", "number"):
                row = by_place.get(("Answers – SERVQUAL service", q.key))
                if row is None:
                    continue  # not answered in the demo: no column
                assert row["wording"] == q.label
            else:
                continue
            assert row["type"] == TYPE_NAMES[q.type]
            assert row["form"] == servqual.title and row["section"] == section.title
            assert row["question"] == q.key
            checked += 1
    assert checked >= 20
    nps = next(r for r in rows if r["type"] == TYPE_NAMES["nps"])
    assert nps["scale"].startswith("0–10 (0 = ")
    # Each row links to the header of the column it describes.
    for row in ws.iter_rows(min_row=HEADER + 1, max_col=2):
        link = row[0].hyperlink
        assert link is not None
        target_sheet, cell = _target(link.location)
        assert wb[target_sheet][cell].value == row[1].value


def _target(location: str) -> tuple[str, str]:
    sheet, cell = location.rsplit("!", 1)
    return sheet.strip("'").replace("''", "'"), cell


def test_evidence_names_respondent_and_date_and_links_to_the_raw_row(wb, demo):
    store, _ = demo
    names = {p.name for p in store.respondents()}
    ids = set(scoped_data(store, ReportOptions()).interviews["interview_id"])
    links = 0
    for ws in wb:
        header = [c.value for c in ws[HEADER]]
        if "Evidence: interviews" not in header:
            continue
        listed = header.index("Evidence: interviews")
        first = header.index("Evidence: first in data")
        (table,) = ws.tables.values()
        last = range_boundaries(table.ref)[3]
        for row in ws.iter_rows(min_row=HEADER + 1, max_row=last):
            text = row[listed].value
            if not text:
                continue
            assert not any(i in text for i in ids), text
            assert any(n in text for n in names), text
            assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}", text), text
            link = row[first].hyperlink
            assert link is not None and link.location
            sheet, cell = _target(link.location)
            target = wb[sheet]
            assert target[cell].value is not None, link.location
            person = target.cell(target[cell].row, 1).value
            assert person in names and person in row[first].value
            links += 1
    assert links > 50


def test_no_formula_looking_text_unneutralised(book):
    from workbench.deliver.safety import is_formula_like

    with zipfile.ZipFile(book) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = zf.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml
    wb = load_workbook(book)
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell)


def test_anonymised_workbook_keeps_the_rules(anon_book, demo):
    store, _ = demo
    wb = load_workbook(anon_book)
    names = [p.name for p in store.respondents()]
    for ws in wb:
        header = [c.value for c in ws[HEADER]] if ws.max_row >= HEADER else []
        if header[:1] == ["respondent"]:
            people = [r[0] for r in ws.iter_rows(min_row=HEADER + 1, max_col=1, values_only=True)]
            assert all(p is None or re.fullmatch(r"Respondent \d+", p) for p in people), ws.title
        text = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
        for name in names:
            assert name not in text, (ws.title, name)
    dictionary = wb["Data dictionary"]
    described = {r[1] for r in dictionary.iter_rows(min_row=HEADER + 1, values_only=True)
                 if r[0] == "Respondents"}  # fmt: skip
    assert "respondent" in described and "name" not in described


def test_workbook_changes_equal_the_full_comparison(demo):
    store, _ = demo
    from workbench.deliver.build import run_selected_analyses

    data = scoped_data(store, ReportOptions())
    results = run_selected_analyses(data, [AnalysisChoice("servqual"), AnalysisChoice("seven-sins")])
    fast = score_changes(data, results)
    full = wave_changes(data, results)
    assert [r.title for r in fast] == [r.title for r in full] and fast
    for a, b in zip(fast, full, strict=True):
        assert a.tables[0].rows == b.tables[0].rows
        assert a.findings == b.findings
        assert a.params == b.params


@pytest.mark.slow
def test_demo_workbook_prints_on_a_sensible_number_of_pages(book, tmp_path):
    """LibreOffice printed the demo workbook on 715 pages before it had a page setup."""
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt: libreoffice-calc)")
    subprocess.run(
        [office, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(book)],  # fmt: skip
        check=True,
        capture_output=True,
        timeout=600,
    )
    pdf = (tmp_path / book.with_suffix(".pdf").name).read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    sheets = len(load_workbook(book, read_only=True).sheetnames)
    assert sheets <= pages <= 200, pages


def test_an_empty_engagement_still_gets_a_table_on_every_sheet(tmp_path):
    from workbench.store import create_engagement

    store = create_engagement(tmp_path / "empty.wbk", client="Client", title="Nothing yet")
    try:
        path = export_workbook(store, tmp_path / "empty.xlsx")
    finally:
        store.close()
    wb = load_workbook(path)
    assert "Codebook" in wb.sheetnames
    for ws in wb:
        assert ws.tables, ws.title
        for table in ws.tables.values():
            first, last = range_boundaries(table.ref)[1::2]
            assert last > first  # a header and at least one (empty) row


def test_a_comparison_sheet_names_its_waves_once(wb):
    """The title read "SERVQUAL: service quality gaps: baseline → re-audit — What changed:
    baseline → re-audit"; the waves are said once."""
    title = wb["SERVQUAL – What changed"]["A1"].value
    assert title == "SERVQUAL: service quality gaps — What changed: baseline → re-audit"
    assert all(str(ws["A1"].value).count("→") <= 1 for ws in wb)
