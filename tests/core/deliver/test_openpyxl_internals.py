"""The openpyxl internals the raw sheets' rows use: pinned to the releases they are tested
with, and a clear error naming the part when a release changes one of them."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from workbench.deliver import openpyxl_internals
from workbench.deliver.excel import _discard
from workbench.deliver.excel_rows import write_rows
from workbench.deliver.openpyxl_internals import (
    TESTED,
    OpenpyxlChanged,
    closed_sheet_file,
    sheet_data_end,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def sheet():
    """A write-only sheet with its header row; its workbook's files go after the test."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    ws.append(["header"])
    yield ws
    _discard(wb)


def test_the_pin_is_the_tested_range_and_the_installed_release_is_in_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = [Requirement(d) for d in project["dependencies"] if d.startswith("openpyxl")]
    assert [str(r.specifier) for r in pins] == [str(SpecifierSet(TESTED))]
    assert openpyxl.__version__ in SpecifierSet(TESTED)


def test_a_missing_cell_writer_is_named(sheet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr("openpyxl.cell._writer.write_cell")
    with pytest.raises(OpenpyxlChanged) as raised:
        write_rows(sheet, 2, [[dt.date(2026, 3, 4)]])  # a styled cell: openpyxl's writer
    text = str(raised.value)
    assert "write_cell" in text and TESTED in text and openpyxl.__version__ in text


def test_a_missing_cell_class_part_is_named(sheet, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr("openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE")
    with pytest.raises(OpenpyxlChanged, match="openpyxl.cell.cell has no ILLEGAL_CHARACTERS_RE"):
        write_rows(sheet, 2, [["text"]])


def test_a_cell_writer_writing_another_shape_is_refused(
    sheet, monkeypatch: pytest.MonkeyPatch
) -> None:
    def other(xf, worksheet, cell, styled=None):
        xf.write(openpyxl.xml.functions.Element("cell", {"ref": "A1"}))

    monkeypatch.setattr("openpyxl.cell._writer.write_cell", other)
    with pytest.raises(OpenpyxlChanged, match='cell writer wrote \'<cell ref="A1"'):
        write_rows(sheet, 2, [[dt.date(2026, 3, 4)]])


def test_a_cell_without_its_raw_value_is_named(sheet) -> None:
    class Odd:
        has_style = True

    with pytest.raises(OpenpyxlChanged, match="a cell has no _value"):
        openpyxl_internals.cell_xml(sheet, Odd())


def test_a_sheet_keeping_no_file_is_named() -> None:
    class Closed:
        def close(self) -> None:
            pass

    with pytest.raises(OpenpyxlChanged, match=r"ws\._writer\.out"):
        closed_sheet_file(Closed())


def test_xml_without_sheet_data_is_named() -> None:
    assert sheet_data_end(b"<worksheet><sheetData></sheetData></worksheet>") == 22
    with pytest.raises(OpenpyxlChanged, match="no </sheetData>"):
        sheet_data_end(b"<worksheet><sheetData/></worksheet>")
