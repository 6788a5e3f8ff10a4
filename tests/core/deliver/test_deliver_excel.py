from __future__ import annotations

import re
import zipfile

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from workbench.analysis.result import AnalysisResult, Column, Table, format_value
from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.excel import sheet_name, write_workbook
from workbench.deliver.safety import ExportCancelled


@pytest.fixture
def raw(respondents):
    n = 5000
    return {
        "respondents": pd.DataFrame([r.__dict__ for r in respondents]),
        "interviews": pd.DataFrame(
            {
                "respondent": ["Margaret Thornbury", "Dev Patel"],
                "interview_id": ["i1", "i2"],
                "date": pd.to_datetime(["2025-03-03 10:00", "2025-03-04 14:30"]),
                "interviewer": ["Claire Dubois", "Ben Okafor"],
            }
        ),
        "answers": pd.DataFrame(
            {
                "interview_id": [f"i{i % 7}" for i in range(n)],
                "question_key": ["sq_01"] * n,
                "value": ["=CMD|' /C calc'!A0" if i == 0 else str(i) for i in range(n)],
                "num": np.where(np.arange(n) % 10 == 0, np.nan, np.arange(n, dtype=float)),
            }
        ),
    }


@pytest.fixture
def workbook(tmp_path, context, raw):
    path = tmp_path / "engagement.xlsx"
    calls = []
    write_workbook(
        path,
        engagement=context.engagement,
        results=context.results,
        raw=raw,
        progress=lambda f, m: calls.append((f, m)),
    )
    assert calls[0][0] == 0.0 and calls[-1][0] == 1.0
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:], strict=False))
    return path


def test_sheets(workbook):
    wb = load_workbook(workbook)
    assert wb.sheetnames == [
        "Summary",
        "SERVQUAL gaps by dimension",
        "Comments that look like",
        "Respondents",
        "Interviews",
        "Answers (long)",
    ]
    for name in wb.sheetnames:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name)


def test_summary_lists_engagement_and_findings(workbook, context):
    ws = load_workbook(workbook)["Summary"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert context.engagement.title in text
    assert context.engagement.scope in text
    for finding in context.results[0].findings:
        assert finding in text
    links = [c.hyperlink.location for row in ws.iter_rows() for c in row if c.hyperlink]
    assert "'SERVQUAL gaps by dimension'!A1" in links


def test_table_sheet_layout_and_values(workbook, result):
    ws = load_workbook(workbook)["SERVQUAL gaps by dimension"]
    table = result.tables[0]
    header = 3
    assert ws.freeze_panes == f"A{header + 1}"
    (listed,) = ws.tables.values()
    assert listed.ref == f"A{header}:I{header + len(table.rows)}"
    assert ws.auto_filter.ref is None
    labels = [ws.cell(header, c + 1).value for c in range(len(table.columns))]
    assert labels == [c.label for c in table.columns]
    assert all(ws.cell(header, c + 1).font.b for c in range(len(table.columns)))
    assert ws.cell(header, 7).value == "Evidence: questions"
    for r, row in enumerate(table.rows):
        for c, col in enumerate(table.columns):
            cell = ws.cell(header + 1 + r, c + 1)
            if col.kind == "text":
                assert cell.value == row[c]
            else:
                assert cell.value == pytest.approx(row[c])
                assert cell.number_format == (col.fmt or "0%")
    assert ws.cell(header + 1, 5).number_format == "0%"
    assert ws.cell(header + 1, 7).value == "sq_01, sq_02"
    assert ws.cell(header + 1, 8).value == "Margaret Thornbury, 3 Mar 2025; Dev Patel, 4 Mar 2025"
    assert ws.cell(header + 1, 9).value == "Margaret Thornbury, 3 Mar 2025"
    assert ws.cell(header + 1, 9).hyperlink.location == "'Interviews'!A4"
    assert ws.column_dimensions["A"].width >= len("Responsiveness")


def test_diverging_columns_get_a_colour_scale(workbook):
    ws = load_workbook(workbook)["SERVQUAL gaps by dimension"]
    ranges = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    assert list(ranges) == ["D4:D8"]
    (rule,) = ranges["D4:D8"]
    assert rule.type == "colorScale"
    values = [float(v.val) for v in rule.colorScale.cfvo]
    assert values[1] == 0 and values[0] == -values[2] == pytest.approx(-1.7)
    colours = [c.rgb[-6:] for c in rule.colorScale.color]
    assert colours == ["F8696B", "FFFFFF", "63BE7B"]


def test_formula_text_is_stored_as_text(workbook, result):
    wb = load_workbook(workbook)
    ws = wb["Comments that look like"]
    comments = result.tables[1].column("comment")
    for r, expected in enumerate(comments):
        cell = ws.cell(4 + r, 2)
        assert cell.value == expected
        assert cell.data_type == "s"
        assert cell.quotePrefix
    answer = wb["Answers (long)"]["C4"]
    assert answer.value == "=CMD|' /C calc'!A0" and answer.data_type == "s" and answer.quotePrefix
    with zipfile.ZipFile(workbook) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in zf.read(name).decode() and "<f " not in zf.read(name).decode()


def test_raw_sheets(workbook, raw):
    wb = load_workbook(workbook)
    ws = wb["Answers (long)"]
    assert ws.max_row == len(raw["answers"]) + 3
    assert ws.freeze_panes == "A4"
    (table,) = ws.tables.values()
    assert table.ref == "A3:D5003" and ws.auto_filter.ref is None
    assert ws["A1"].value == "Answers, one row per answer cell" and ws["A3"].font.b
    assert ws["D4"].value is None and ws["D5"].value == 1.0
    iv = wb["Interviews"]
    assert iv["C4"].is_date and iv["C4"].value.hour == 10


def test_sheet_names():
    taken = ["Summary"]
    assert sheet_name("summary", taken) == "summary (2)"
    assert sheet_name("a/b:c*d?[e]\\f") == "a b c d e f"
    assert sheet_name("'quoted'") == "quoted"
    assert sheet_name("History") == "History sheet"
    assert sheet_name("") == "Sheet"
    long = sheet_name("A very long table title that goes on and on")
    assert len(long) <= 31 and not long.endswith(" ")


def test_duplicate_and_long_table_names_are_unique(tmp_path, context):
    tables = [
        Table("t", "Same title " + "x" * 40, [Column("a", "A", "int")], [[1]]) for _ in range(3)
    ]
    res = AnalysisResult("x", "X", tables=tables)
    path = tmp_path / "w.xlsx"
    write_workbook(path, engagement=context.engagement, results=[res], raw={})
    names = load_workbook(path).sheetnames
    assert len(set(n.casefold() for n in names)) == 4
    assert all(len(n) <= 31 for n in names)


def test_anonymised_workbook(tmp_path, context, raw, named_result, respondents):
    path = tmp_path / "anon.xlsx"
    write_workbook(
        path,
        engagement=context.engagement,
        results=[*context.results, named_result],
        raw=raw,
        anonymiser=Anonymiser(respondents),
    )
    wb = load_workbook(path)
    text = " ".join(
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    )
    for r in respondents:
        for token in re.split(r"[\s-]+", r.name):
            assert not re.search(rf"(?<!\w){re.escape(token)}(?!\w)", text, re.I), token


def test_failed_write_leaves_no_file(tmp_path, context):
    def boom(fig):
        raise AssertionError

    path = tmp_path / "out.xlsx"
    with pytest.raises(ExportCancelled):
        write_workbook(
            path,
            engagement=context.engagement,
            results=context.results,
            raw={},
            progress=lambda f, m: f < 0.5,
        )
    assert list(tmp_path.iterdir()) == []

    class Bad:
        columns = ["a"]

        def __len__(self):
            return 1

        def head(self, n):
            raise RuntimeError("broken frame")

    with pytest.raises(RuntimeError):
        write_workbook(path, engagement=context.engagement, results=[], raw={"bad": Bad()})
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_old_file(tmp_path, context):
    path = tmp_path / "out.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(ExportCancelled):
        write_workbook(
            path,
            engagement=context.engagement,
            results=context.results,
            progress=lambda f, m: f < 0.9,
        )
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_format_value_matches_excel_format(result):
    # Word and the window show format_value; Excel applies Column.fmt to the number.
    table = result.tables[0]
    assert format_value(table.rows[0][3], table.columns[3]) == "-0.30"
    assert format_value(table.rows[4][3], table.columns[3]) == "+0.10"


def test_values_repeated_down_a_column_keep_their_own_type(tmp_path, context):
    """Cells are worked out once per distinct value of a column and shared by the rows:
    a shared cell must come out the same in every row, and values that are equal in
    Python but not in type (True and 1) must stay apart."""
    n = 60
    frame = pd.DataFrame(
        {
            "mixed": [True, 1, 1.5, "1", None, "=1+1", "#N/A", "x"] * (n // 8) + [True] * (n % 8),
            "text": ["=SUM(A1)", "plain", "+cmd", "#DIV/0!", "plain"] * (n // 5),
            "number": np.where(np.arange(n) % 3 == 0, np.inf, np.arange(n, dtype=float)),
            "count": np.arange(n, dtype="int64"),
        }
    )
    result = AnalysisResult(
        "t",
        "Repeats",
        tables=[
            Table(
                "rep",
                "Repeated cells",
                [Column("a", "A"), Column("b", "B", "int", "0")],
                [["same", 3], ["=HYPERLINK()", 3], ["same", None], ["same", 3]] * 5,
            )
        ],
    )
    path = tmp_path / "t.xlsx"
    write_workbook(path, engagement=context.engagement, results=[result], raw={"rep": frame})
    wb = load_workbook(path)
    ws = wb["Rep"]
    for r in range(n):
        expected = frame["mixed"][r]
        cell = ws.cell(r + 4, 1)
        if expected is None:
            assert cell.value is None
        else:
            assert cell.value == expected and type(cell.value) is type(expected), (r, cell.value)
        text = ws.cell(r + 4, 2)
        assert text.value == frame["text"][r] and text.data_type == "s"
        assert text.quotePrefix == (frame["text"][r][0] in "=+#")
        number = ws.cell(r + 4, 3).value
        assert number == (None if r % 3 == 0 else float(r))
        assert ws.cell(r + 4, 4).value == r
    table = wb["Repeated cells"]
    rows = [[table.cell(4 + r, c).value for c in (1, 2)] for r in range(20)]
    assert rows == [["same", 3], ["=HYPERLINK()", 3], ["same", None], ["same", 3]] * 5
    assert all(table.cell(4 + r, 1).data_type == "s" for r in range(20))
    assert table.cell(5, 1).quotePrefix and not table.cell(4, 1).quotePrefix
