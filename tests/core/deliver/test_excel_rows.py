"""The raw sheets' rows written as XML from their columns are what openpyxl writes for the
same cells, byte for byte, and read back as the values they were given."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from workbench.deliver.context import EngagementInfo
from workbench.deliver.excel import _column_cells, _discard, write_workbook
from workbench.deliver.excel_rows import can_write, write_rows
from workbench.deliver.safety import excel_safe

TRICKY = [
    "plain",
    "",
    " leading space",
    "trailing space ",
    "a & b < c > d",
    "line one\r\nline two\ttab",
    "café — naïve 😀 \u2028",
    "\"quoted\" 'single'",
    "=1+1",
    "+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-3",
    "#N/A",
    "x" * 40000,
    "=",
]


def _frame() -> pd.DataFrame:
    n = len(TRICKY)
    return pd.DataFrame(
        {
            "text": pd.Series(TRICKY, dtype="string"),
            "mixed": pd.Series(
                [
                    1,
                    2.5,
                    None,
                    "seven",
                    True,
                    dt.date(2026, 3, 4),
                    10**17,
                    -0.1,
                    3.0,
                    float("nan"),
                    "",
                    "=A1",
                    0,
                    1e-300,
                    12345678901234567890,
                ][:n],  # fmt: skip
                dtype=object,
            ),
            "ints": pd.Series(range(n), dtype="int64") * 7 - 20,
            "floats": pd.Series([1 / 3, float("inf"), float("nan"), -2.0, 1e21] * 3),
            "flags": pd.Series([True, False, True] * 5),
            "when": pd.Series(pd.date_range("2026-01-01", periods=n, freq="D")),
        }
    )


def _sheet_xml(path: Path) -> bytes:
    """The sheet's XML with each style number replaced by what that style is (the order
    in which a workbook numbers its styles is its own)."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        sheet, styles = z.read("xl/worksheets/sheet1.xml"), z.read("xl/styles.xml")
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    tree = etree.fromstring(styles)
    formats = {f.get("numFmtId"): f.get("formatCode") for f in tree.iterfind(".//m:numFmt", ns)}
    xfs = []
    for xf in tree.find("m:cellXfs", ns):
        xf.set("numFmtId", formats.get(xf.get("numFmtId"), xf.get("numFmtId")))
        xfs.append(etree.tostring(xf).hex().encode())
    return re.sub(rb' s="(\d+)"', lambda m: b' s="' + xfs[int(m.group(1))] + b'"', sheet)


def _write(path: Path, fast: bool) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    frame = _frame()
    ws.append(["title"])
    ws.append([str(c) for c in frame.columns])
    cells = [
        _column_cells(ws, frame.iloc[:, i], None, "yyyy-mm-dd" if c == "when" else None)
        for i, c in enumerate(frame.columns)
    ]
    cells.append([None] * len(frame))  # an empty column: no cells at all
    if fast:
        write_rows(ws, 3, cells)
    else:
        for row in zip(*cells, strict=True):
            ws.append(row)
    wb.save(path)


def test_rows_are_the_xml_openpyxl_writes(tmp_path: Path) -> None:
    _write(tmp_path / "slow.xlsx", fast=False)
    _write(tmp_path / "fast.xlsx", fast=True)
    assert _sheet_xml(tmp_path / "fast.xlsx") == _sheet_xml(tmp_path / "slow.xlsx")


ONE_OF_EACH = [
    "=SUM(A1:A3)",  # looks like a formula
    "=",
    dt.date(2026, 3, 4),
    dt.datetime(2026, 3, 4, 13, 45, 6),
    dt.time(9, 30),
    42,
    -0.1,
    1e21,
    Decimal("1.10"),
    True,
    None,
    "x" * 40000,  # longer than a cell holds: cut as openpyxl cuts it
    "é" * 32767 + "tail",
]


@pytest.mark.parametrize("made_safe", [True, False], ids=["made-safe", "as-given"])
@pytest.mark.parametrize(
    "value",
    ONE_OF_EACH,
    ids=lambda v: f"text of {len(v)}" if isinstance(v, str) and len(v) > 30 else repr(v),
)
def test_each_kind_of_value_is_the_xml_openpyxl_writes(
    tmp_path: Path, value: object, made_safe: bool
) -> None:
    """Each kind on its own, as the raw sheets give it (made safe per column) and as a
    caller may (the value itself, a formula staying a formula), twice and beside None."""

    def write(path: Path, fast: bool) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("Data")
        ws.append(["header"])
        items = [value, None, value]
        if made_safe:
            items = _column_cells(ws, pd.Series(items, dtype=object), None, None)
        if fast:
            write_rows(ws, 2, [items])
        else:
            for item in items:
                ws.append([item])
        wb.save(path)

    write(tmp_path / "slow.xlsx", fast=False)
    write(tmp_path / "fast.xlsx", fast=True)
    assert _sheet_xml(tmp_path / "fast.xlsx") == _sheet_xml(tmp_path / "slow.xlsx")


def test_rows_read_back_as_written(tmp_path: Path) -> None:
    _write(tmp_path / "fast.xlsx", fast=True)
    ws = load_workbook(tmp_path / "fast.xlsx")["Data"]
    texts = [ws.cell(row=r, column=1) for r in range(3, 3 + len(TRICKY))]
    assert [c.value or "" for c in texts] == [excel_safe(t) for t in TRICKY]
    formula = texts[TRICKY.index("=1+1")]
    assert formula.data_type == "s" and formula.quotePrefix
    assert ws.cell(row=3, column=3).value == -20
    assert ws.cell(row=4, column=4).value is None  # infinity: an empty cell
    assert ws.cell(row=3, column=6).value == dt.datetime(2026, 1, 1)
    assert ws.cell(row=3, column=6).number_format == "yyyy-mm-dd"


def test_a_linked_cell_goes_the_slow_way() -> None:
    ws = Workbook(write_only=True).create_sheet("x")
    cell = WriteOnlyCell(ws, "see")
    cell.hyperlink = "#'x'!A1"
    assert can_write(["a", 1, None])
    assert not can_write(["a", cell])


def test_a_large_raw_sheet_is_written_whole(tmp_path: Path) -> None:
    """Past one piece of rows: every row lands, in order, in the workbook's own sheet."""
    n = 9_500
    frame = pd.DataFrame(
        {"interview_id": [f"iv-{i:05d}" for i in range(n)], "score": [i % 7 for i in range(n)]}
    )
    info = EngagementInfo(title="Large", client="Client")
    path = write_workbook(tmp_path / "big.xlsx", engagement=info, results=[], raw={"big": frame})
    ws = load_workbook(path, read_only=True)["Big"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == n
    assert rows[0] == ("iv-00000", 0) and rows[-1] == (f"iv-{n - 1:05d}", (n - 1) % 7)


@pytest.mark.parametrize("value", ["bad \x07 bell"])
def test_text_a_cell_cannot_hold_is_refused_as_before(tmp_path: Path, value: str) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    ws.append(["h"])
    with pytest.raises(IllegalCharacterError):
        write_rows(ws, 2, [[value]])
    _discard(wb)  # what write_workbook does with a sheet that failed
