"""The parts of openpyxl outside its public API that the raw sheets' rows
(:mod:`workbench.deliver.excel_rows`) are written with, in one place.

openpyxl is pinned to the releases these were checked with (:data:`TESTED`, the range in
``pyproject.toml``; a test keeps the two equal).  Should a release move or change one of
them, writing a workbook stops here with :class:`OpenpyxlChanged` naming the part, never
with a damaged file; the tests compare the rows written through them with the XML openpyxl
writes for the same cells, byte for byte.

The parts: the cell's class with its refused characters and error codes
(``openpyxl.cell.cell``), the cell writer (``openpyxl.cell._writer.write_cell``) and its XML
stream (``openpyxl.xml.functions.xmlfile``), a cell's raw value (``cell._value``), and the
file a closed write-only worksheet keeps its XML in (``ws._writer.out``) with its
``</sheetData>``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

#: The openpyxl releases the raw sheets' rows are checked with (as in pyproject.toml).
TESTED = ">=3.1,<3.2"

_HEAD = '<c r="A1"'


class OpenpyxlChanged(RuntimeError):
    """The installed openpyxl lacks or changed a part the raw sheets' rows are written with."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"openpyxl {_version()} has changed: {what}. Workbench writes its workbooks' raw "
            f"sheets with openpyxl {TESTED}; install a release in that range."
        )


def _version() -> str:
    try:
        import openpyxl

        return str(openpyxl.__version__)
    except (ImportError, AttributeError):  # pragma: no cover - openpyxl is a dependency
        return "(of unknown version)"


@dataclass(frozen=True)
class CellRules:
    """What openpyxl makes of a value put in a cell: its cell class, the characters a cell
    refuses and the texts it takes for error codes."""

    cell_type: type
    illegal_characters: Any  # a compiled pattern
    error_codes: Any  # a container of str


def cell_rules() -> CellRules:
    try:
        from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
    except ImportError as error:
        raise OpenpyxlChanged(f"openpyxl.cell.cell has no {_missing(error)}") from error
    return CellRules(Cell, ILLEGAL_CHARACTERS_RE, ERROR_CODES)


def cell_xml(ws: Any, cell: Any) -> str | None:
    """The XML openpyxl writes for ``cell`` of the write-only sheet ``ws``, from just after
    its coordinate (``<c r="A1"``) to its end; None where openpyxl writes no cell (no value
    and no style).  The cell is moved to A1 on the way."""
    from io import BytesIO

    try:
        from openpyxl.cell._writer import write_cell
        from openpyxl.xml.functions import xmlfile
    except ImportError as error:
        raise OpenpyxlChanged(f"its cell writer has no {_missing(error)}") from error
    try:
        value, styled = cell._value, cell.has_style
    except AttributeError as error:
        raise OpenpyxlChanged(f"a cell has no {error.name or error}") from error
    if value is None and not styled:
        return None
    cell.row, cell.column = 1, 1
    buffer = BytesIO()
    with xmlfile(buffer) as xf:
        write_cell(xf, ws, cell, styled)
    xml = buffer.getvalue().decode("ascii")
    if not xml.startswith(_HEAD) or not xml.endswith("</c>"):
        raise OpenpyxlChanged(f"its cell writer wrote {xml[:80]!r} for a cell in A1")
    return xml[len(_HEAD) :]


def closed_sheet_file(ws: Any) -> str:
    """Close the write-only sheet ``ws``: the path of the file its XML was written to (the
    workbook takes it from there when saved)."""
    ws.close()
    out = getattr(getattr(ws, "_writer", None), "out", None)
    if not isinstance(out, str) or not os.path.isfile(out):
        raise OpenpyxlChanged(
            "a closed write-only worksheet keeps no file of its XML (ws._writer.out)"
        )
    return out


def sheet_data_end(xml: bytes) -> int:
    """Where the ``</sheetData>`` of a closed sheet's XML starts (rows go before it)."""
    end = xml.rfind(b"</sheetData>")
    if end < 0:
        raise OpenpyxlChanged("a closed write-only worksheet's XML has no </sheetData>")
    return end


def _missing(error: ImportError) -> str:
    name = getattr(error, "name", None)
    text = str(error)
    if "cannot import name" in text:
        return text.split("cannot import name", 1)[1].split("(", 1)[0].strip(" '\"")
    return name or text
