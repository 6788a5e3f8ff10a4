"""The rows of a raw-data sheet, written as the worksheet's XML straight from its columns.

openpyxl's write-only mode makes a scratch cell, types it, checks it and writes it
through lxml for every cell, which is most of what a large workbook costs.  A raw sheet's
columns are already made safe once per distinct value (``excel._column_cells``), so here
each distinct item of a column becomes the XML of its cell once, and a row is those pieces
joined behind their coordinates.  What is written is what openpyxl writes for the same
items, byte for byte (the tests compare the two): inline strings, ``%.16g`` numbers,
styled cells (dates, quote-prefixed text) through openpyxl itself, once each.  The parts
of openpyxl this needs beyond its public API are reached only through
:mod:`workbench.deliver.openpyxl_internals`.

:func:`write_rows` takes a write-only worksheet whose title and header rows are appended
and whose table is added, closes it, and writes the data rows into its ``sheetData``.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Sequence
from typing import Any

from workbench.deliver.openpyxl_internals import (
    cell_rules,
    cell_xml,
    closed_sheet_file,
    sheet_data_end,
)

#: Rows per piece written to the sheet's file (memory stays bounded on a large sheet).
CHUNK_ROWS = 4000

_ESCAPES = re.compile(r"[&<>\r]")
_ESCAPED = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}


def _text(value: str) -> str:
    """What lxml writes for ``value`` as an element's text (ASCII; the rest as
    character references, done when the piece is encoded)."""
    return _ESCAPES.sub(lambda m: _ESCAPED[m.group()], value)


def can_write(items: Sequence[Any]) -> bool:
    """Whether every item of a column can go through here (no hyperlinks, no comments)."""
    cell_type = cell_rules().cell_type
    for item in items:
        if isinstance(item, cell_type) and (item.hyperlink is not None or item.comment is not None):
            return False
    return True


class _Pieces:
    """The XML of one column's cells after their coordinate, one per distinct item; with
    ``align`` (an openpyxl ``Alignment``), every cell of the column carries it."""

    def __init__(self, ws: Any, align: Any = None) -> None:
        rules = cell_rules()
        self.ws = ws
        self.cell_type = rules.cell_type
        self.illegal = rules.illegal_characters
        self.error_codes = rules.error_codes
        self.cache: dict[Any, str | None] = {}
        self.align = align
        self.style = ""  # the ' s="N"' of a plain cell with ``align``, as openpyxl writes it
        if align is not None:
            from openpyxl.cell import WriteOnlyCell

            sample = WriteOnlyCell(ws, "x")
            sample.alignment = align
            xml = cell_xml(ws, sample) or ""
            found = re.match(r' s="\d+"', xml)
            self.style = found.group(0) if found else ""

    def column(self, items: Sequence[Any]) -> list[str | None]:
        cache, out = self.cache, []
        append = out.append
        for item in items:
            if item is None:
                append(None)
                continue
            if isinstance(item, self.cell_type):
                key: Any = ("cell", id(item))
            else:
                key = (item.__class__, item)
            try:
                append(cache[key])
            except KeyError:
                cache[key] = piece = self.piece(item)
                append(piece)
            except TypeError:  # unhashable: on its own
                append(self.piece(item))
        return out

    def piece(self, item: Any) -> str | None:
        kind = item.__class__
        if kind is str:
            value = item[:32767]
            if (
                self.illegal.search(value) is None
                and not (len(value) > 1 and value.startswith("="))
                and value not in self.error_codes
            ):
                if not value:
                    return f'{self.style} t="inlineStr"></c>'
                space = ' xml:space="preserve"' if value != value.strip() else ""
                return f'{self.style} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'
        elif kind is int or (kind is float and math.isfinite(item)):
            return f'{self.style} t="n"><v>{item:.16g}</v></c>'
        elif kind is bool:
            return f'{self.style} t="b"><v>{int(item)}</v></c>'
        return self._through_openpyxl(item)

    def _through_openpyxl(self, item: Any) -> str | None:
        """Anything else (a styled cell, a date, an odd value) as openpyxl writes it."""
        from openpyxl.cell import WriteOnlyCell

        if isinstance(item, self.cell_type):
            cell = item
        else:
            cell = WriteOnlyCell(self.ws)
            cell.value = item  # raises as openpyxl does for what a cell cannot hold
        if self.align is not None:
            cell.alignment = self.align
        return cell_xml(self.ws, cell)


def write_rows(
    ws: Any,
    first_row: int,
    columns: Sequence[Sequence[Any]],
    *,
    aligns: Sequence[Any] = (),
    heights: Sequence[float | None] | None = None,
) -> None:
    """Close ``ws`` and write ``columns`` (equal lengths, one list of items per column:
    values or openpyxl cells, as ``ws.append`` takes them) as its rows from ``first_row``.

    ``aligns`` gives a column's cells an alignment (None: none; wrapped text), ``heights``
    each row its height in points (None: one line's), as ``ws.row_dimensions`` would."""
    from openpyxl.utils import get_column_letter

    pieces = [
        _Pieces(ws, aligns[i] if i < len(aligns) else None).column(items)
        for i, items in enumerate(columns)
    ]
    letters = [get_column_letter(i + 1) for i in range(len(columns))]
    n_rows = len(pieces[0]) if pieces else 0
    path = closed_sheet_file(ws)
    with open(path, "rb") as src:
        xml = src.read()
    end = sheet_data_end(xml)
    tmp = f"{path}.rows"
    with open(tmp, "wb") as out:
        out.write(xml[:end])
        for start in range(0, n_rows, CHUNK_ROWS):
            stop = min(start + CHUNK_ROWS, n_rows)
            parts = []
            for r, row in zip(
                range(first_row + start, first_row + stop),
                zip(*(column[start:stop] for column in pieces), strict=True),
                strict=True,
            ):
                number = str(r)
                height = heights[r - first_row] if heights is not None else None
                if height is None:
                    parts.append(f'<row r="{number}">')
                else:
                    parts.append(f'<row r="{number}" ht="{height:g}" customHeight="1">')
                parts.extend(
                    f'<c r="{letter}{number}"{piece}'
                    for letter, piece in zip(letters, row, strict=True)
                    if piece is not None
                )
                parts.append("</row>")
            out.write("".join(parts).encode("ascii", "xmlcharrefreplace"))
        out.write(xml[end:])
    os.replace(tmp, path)
