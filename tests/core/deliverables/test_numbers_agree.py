"""One number, one string, on the demo: every number of every built-in analysis reads the
same in the Word report, the Excel workbook, ``analyze --json`` and the findings; the
demo's own findings quote its tables; drafts are never quoted; one fieldwork period."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout

import pytest

from workbench.analysis.numbers import display
from workbench.analysis.registry import discover
from workbench.analysis.result import cell_value, format_value
from workbench.deliver.build import (
    AnalysisChoice,
    export_report,
    export_workbook,
    report_context,
    scoped_data,
)
from workbench.deliver.context import ReportOptions
from workbench.demo import build_demo

# Builds the demo and every deliverable once for the module: about a minute.
pytestmark = pytest.mark.slow

NUMBER = re.compile(r"(?<![\w.])[+-]?\d+(?:\.\d+)?%?")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("numbers") / "demo.wbk"
    store = build_demo(path)
    yield path, store
    store.close()


@pytest.fixture(scope="module")
def choices(demo):
    _path, store = demo
    data = scoped_data(store, ReportOptions())
    registry = discover()
    return [AnalysisChoice(a.id) for a in registry.analyses() if a.check(data).ok]


@pytest.fixture(scope="module")
def context(demo, choices):
    return report_context(demo[1], ReportOptions(), choices)


def _shown(result) -> list[list[str]]:
    return [
        [t.format_cell(r, c) for c in range(len(t.columns))]
        for t in result.tables
        for r in range(len(t.rows))
    ]


def _allowed_numbers(result) -> set[str]:
    """Numbers a finding may quote: the displayed cells, and the constants named in the
    column labels and method notes (thresholds such as 0.70)."""
    allowed = {cell for row in _shown(result) for cell in row}
    allowed |= {m for cell in list(allowed) for m in NUMBER.findall(cell)}
    for t in result.tables:
        for c in t.columns:
            allowed |= set(NUMBER.findall(c.label))
    for note in result.method_notes:
        allowed |= set(NUMBER.findall(note))
    return allowed


def _excel(value):
    """Missing values are empty cells in Excel."""
    return None if value is None or value != value else value


def test_every_builtin_analysis_runs_on_the_demo(choices):
    ids = {c.analysis_id for c in choices}
    assert {"servqual", "total-customer-service", "importance-performance", "gaps-model"} <= ids
    assert {"itsm-maturity", "satisfaction-loyalty", "seven-sins", "intercoder-agreement"} <= ids


def test_findings_quote_numbers_as_the_tables_display_them(context):
    for result in context.results:
        allowed = _allowed_numbers(result)
        for finding in result.findings:
            for number in NUMBER.findall(finding):
                if "." not in number and "%" not in number:
                    continue  # counts: the scope checks own them
                assert number in allowed or number.lstrip("+") in allowed, (
                    result.analysis_id,
                    number,
                    finding,
                )


def test_word_cells_equal_the_displayed_values(demo, choices, context, tmp_path):
    from docx import Document

    path = export_report(
        demo[1], tmp_path / "report.docx", ReportOptions(sections=["analyses"]), choices=choices
    )
    doc = Document(str(path))

    # Word holds a number to its sign, a range to its ends and "†" to its word with
    # no-break characters; the displayed value is the same text.
    def plain(text: str) -> str:
        return text.replace("\u00a0", " ").replace("\u2060", "")

    word_tables = [[[plain(c.text) for c in row.cells] for row in t.rows] for t in doc.tables]
    checked = 0
    for result in context.results:
        for table in result.tables:
            headers = [c.label for c in table.columns]
            # As displayed: a row resting on fewer than 5 respondents carries "†".
            expected = [
                [table.display_cell(r, c) for c in range(len(table.columns))]
                for r in range(len(table.rows))
            ]
            # A column naming each row's interview ("Checklist 3") names the respondent's
            # role in the report: the numbers are compared, not that column.
            named = [i for i, c in enumerate(table.columns) if c.name == "visit"]
            for i in named:
                headers[i] = "Role"
            matches = [w for w in word_tables if w and w[0] == headers]
            assert matches, (result.analysis_id, table.name)

            def strip(rows: list[list[str]], named: list[int] = named) -> list[list[str]]:
                return [[v for i, v in enumerate(row) if i not in named] for row in rows]

            assert any(strip(w[1:]) == strip(expected) for w in matches), (
                result.analysis_id,
                table.name,
            )
            checked += 1
    assert checked >= 25


def test_excel_cells_hold_the_displayed_values(demo, choices, context, tmp_path):
    from openpyxl import load_workbook

    from workbench.deliver.excel_sheets import header_labels

    path = export_workbook(demo[1], tmp_path / "tables.xlsx", choices=choices)
    wb = load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(min_row=1, max_row=ws.max_row))
        sheets.append(rows)
    checked = 0
    for result in context.results:
        for table in result.tables:
            headers = header_labels([c.label for c in table.columns])  # as a table has them
            found = None
            for rows in sheets:
                if len(rows) < 3 or [c.value for c in rows[2][: len(headers)]] != headers:
                    continue
                body = rows[3 : 3 + len(table.rows)]
                numeric = [i for i, c in enumerate(table.columns) if c.kind != "text"]
                values = [[row[i].value for i in numeric] for row in body]
                wanted = [
                    [_excel(cell_value(row[i], table.columns[i])) for i in numeric]
                    for row in table.rows
                ]
                if len(body) == len(table.rows) and values == wanted:
                    found = body
                    break
            assert found is not None, (result.analysis_id, table.name)
            for r, row in enumerate(found):
                for c, col in enumerate(table.columns):
                    cell = row[c]
                    if col.kind == "text" or cell.value is None:
                        continue
                    # What Excel shows: the stored (already rounded) value in its format.
                    shown = display(cell.value, col.kind, cell.number_format)
                    assert shown == table.format_cell(r, c), (
                        result.analysis_id,
                        table.name,
                        r,
                        col.name,
                    )
            checked += 1
    assert checked >= 25


def test_json_rows_and_display_equal_the_report(demo, context):
    from workbench.cli import main

    path = demo[0]
    shares: set[str] = set()
    for result in context.results:
        out = io.StringIO()
        with redirect_stdout(out):
            code = main(["analyze", str(path), result.analysis_id, "--json"])
        assert code == 0, result.analysis_id
        payload = json.loads(out.getvalue())
        by_name = {t["name"]: t for t in payload["tables"]}
        for table in result.tables:
            got = by_name[table.name]
            shown = [
                [table.format_cell(r, c) for c in range(len(table.columns))]
                for r in range(len(table.rows))
            ]
            assert got["display"] == shown, (result.analysis_id, table.name)
            for r, (row, json_row) in enumerate(zip(table.rows, got["rows"], strict=True)):
                for c, (value, json_value) in enumerate(zip(row, json_row, strict=True)):
                    col = table.column_at(r, c)
                    if col.kind == "text":
                        continue
                    assert format_value(json_value, col) == format_value(value, col)
                    mean = col.name in ("mean", "min", "max")  # of per-person shares
                    if col.kind == "percent" and json_value is not None and not mean:
                        # A share of a count is stored as shown (0.43 beside "43%", not
                        # 0.4285…); a mean keeps its precision, as every mean does.
                        assert json_value == cell_value(value, col), (
                            result.analysis_id,
                            table.name,
                            col.name,
                        )
                        shares.add(result.analysis_id)
        assert payload["findings"] == result.findings
    assert {
        "seven-sins",
        "code-frequency",
        "intercoder-agreement",
        "total-customer-service",
    } <= shares


def test_demo_findings_agree_with_the_tables(demo, context):
    _path, store = demo
    results = {r.analysis_id: r for r in context.results}
    findings = store.findings()
    assert len(findings) == 4
    for finding in findings:
        [ref] = [e for e in finding.evidence if e.get("kind") == "analysis"]
        result = results[ref["id"]]
        allowed = _allowed_numbers(result)
        numbers = NUMBER.findall(finding.statement)
        assert numbers, finding.statement  # each demo finding quotes its evidence
        for number in numbers:
            assert number in allowed, (ref["id"], number, finding.statement)
    # The level F3 names is the level the maturity table shows.
    itsm = results["itsm-maturity"].table("practices")
    levels = {
        itsm.format_cell(r, itsm.column_index("practice")): itsm.format_cell(
            r, itsm.column_index("level")
        )
        for r in range(len(itsm.rows))
    }
    f3 = next(f.statement for f in findings if "Problem" in f.statement)
    assert f"{levels['Problem management'].lower()} level" in f3
    assert "initial level" not in f3 or levels["Problem management"] == "Initial"
    recommendations = " ".join(r.text for r in store.recommendations())
    assert "Re-audit" not in recommendations  # the file already holds the re-audit


def test_drafts_are_never_quoted(demo, context):
    _path, store = demo
    from workbench.analysis.loader import load_engagement_data

    data = load_engagement_data(store)
    status = dict(zip(data.interviews["interview_id"], data.interviews["status"], strict=True))
    paths = store.code_paths()
    segs = data.segments[data.segments["status"] == "accepted"]
    from_complete = {
        (paths.get(s.code_id), s.text)
        for s in segs.itertuples()
        if status.get(s.interview_id) == "complete"
    }
    from_drafts = {
        (paths.get(s.code_id), s.text)
        for s in segs.itertuples()
        if status.get(s.interview_id) != "complete"
    }
    assert from_drafts - from_complete  # the demo has draft material that could be quoted
    for quote in context.quotes:
        assert (quote.code_path, quote.text) in from_complete, quote.text


def test_one_fieldwork_period_everywhere(demo, choices, context, tmp_path):
    from openpyxl import load_workbook

    from workbench.deliver.word import _title_values
    from workbench.deliver.word_text import (
        _during,
        _method_sentences,
        _summary_intro,
        format_period,
    )

    m = context.method
    period = format_period(m.date_from, m.date_to)
    assert period
    assert str(_title_values(context, None)["period"]) == period
    assert _during(period) in _summary_intro(context)
    assert any(_during(period) in s for s in _method_sentences(context))
    wb = load_workbook(export_workbook(demo[1], tmp_path / "t.xlsx", choices=choices[:1]))
    facts = {row[0]: row[1] for row in wb["Summary"].iter_rows(values_only=True) if row}
    assert facts["Fieldwork"] == period
