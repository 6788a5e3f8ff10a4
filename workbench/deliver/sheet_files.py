"""Reading the first sheet of a response file (.xlsx, .xls, .ods, .csv, .tsv, .txt) as rows.

A CSV file is read one row at a time (bounded memory), its encoding and delimiter
recognised; a workbook is read with calamine.  Every file is checked first (a regular file
within the size limits; a workbook that does not inflate without end; at most 16,384
columns), and a file that cannot be read raises :class:`ImportFailed` with the reason.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


class ImportFailed(Exception):
    """The file cannot be read or the plan cannot be applied; nothing was imported."""


MAX_COLUMNS = 16_384  # Excel's own limit


def csv_encoding(head: bytes) -> str:
    """The encoding of a CSV file from its first bytes.

    UTF-16 (Excel's "Unicode text", tab-separated) is recognised by its byte-order mark,
    or without one by the NUL byte beside every ASCII character; UTF-8 (with or without
    a mark) next; anything else is recognised by charset-normalizer when it is read.
    """
    import codecs

    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    sample = head[:4096]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 3:
        odd_nuls = sample[1::2].count(0)
        even_nuls = sample[0::2].count(0)
        return "utf-16-le" if odd_nuls >= even_nuls else "utf-16-be"
    return "utf-8"


def _is_utf8_file(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8, checked in chunks (bounded memory)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as fh:
        try:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _iter_csv(path: Path) -> Iterator[list[Any]]:
    with path.open("rb") as fh:
        head = fh.read(65536)
    encoding = csv_encoding(head)
    if encoding == "utf-8" and not _is_utf8_file(path):
        from workbench.deliver.survey_exports import eight_bit_encoding

        try:
            encoding = eight_bit_encoding(path)
        except ValueError as exc:
            raise ImportFailed(f"{path}: {exc}") from None
    dialect = sniff_dialect(head.decode(encoding, errors="ignore")[:4096])
    with path.open(encoding=encoding, newline="", errors="strict") as fh:
        for number, row in enumerate(csv_rows(fh, dialect, str(path)), start=1):
            if len(row) > MAX_COLUMNS:
                raise ImportFailed(
                    f"{path}: row {number} has {len(row):,} columns; Workbench reads at most "
                    f"{MAX_COLUMNS:,} (as Excel does)"
                )
            yield row


DELIMITERS = ",;\t"


def sniff_dialect(sample: str) -> Any:
    """The CSV dialect of a file's first lines: Python's sniffer, and where it cannot
    tell (a cell holding quotes and the other separators, as a formula or a comment
    may), the separator the header line uses most outside quotes.  Excel and
    KoboToolbox write ``;`` where the decimal mark is a comma: read as ``,``, such a
    file is one column per row and would import rows of nothing."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        pass
    header = next((line for line in sample.splitlines() if line.strip()), "")
    outside, quoted = [], False
    for ch in header:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if not counts[best]:
        return csv.excel

    class Header(csv.excel):
        delimiter = best

    return Header


def csv_rows(lines: Iterable[str], dialect: Any, where: str) -> Iterator[list[str]]:
    """The rows of CSV text, refusing a file that ends inside a quoted field.

    Python's reader takes everything after an unclosed quote (a stray ``"`` in a cell)
    into that one cell, swallowing the rows that follow without a word; such a file is
    damaged, and :class:`ImportFailed` names the row and column where the quote opens.
    A quoted cell that spans lines and is closed is read as one cell, as it should be.
    The text of the current row only is kept (bounded memory).
    """
    record: list[str] = []

    def source() -> Iterator[str]:
        for line in lines:
            record.append(line)
            yield line

    for number, row in enumerate(csv.reader(source(), dialect), start=1):
        text = "".join(record)
        record.clear()
        if _ends_inside_quote(text, dialect):
            raise ImportFailed(
                f"{where}: row {number}, column {column_letter(max(len(row) - 1, 0))} opens a "
                "quote that is never closed; the file ends inside it (the rows after it "
                "would be read as part of that cell). Close or remove the stray quote "
                "and import the file again"
            )
        yield row


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index`` (A, …, Z, AA, …)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class TableRows:
    """A sheet's rows, one list of cells each, and ``first_column``: the 0-based column
    of the sheet its rows' first cell sits in (a table that starts in column C is read
    from C, and its cells are named by the letters the spreadsheet shows)."""

    def __init__(self, rows: Iterable[list[Any]], first_column: int = 0) -> None:
        self._rows = iter(rows)
        self.first_column = first_column

    def __iter__(self) -> TableRows:
        return self

    def __next__(self) -> list[Any]:
        return next(self._rows)


def _ends_inside_quote(text: str, dialect: Any) -> bool:
    """Whether one row's text ends inside a quoted cell, following the csv module's rules
    (a quote opens a quoted cell only at the cell's start; ``""`` inside is a quote)."""
    quote = getattr(dialect, "quotechar", '"')
    if not quote or getattr(dialect, "quoting", csv.QUOTE_MINIMAL) == csv.QUOTE_NONE:
        return False
    if quote not in text:
        return False
    delimiter = dialect.delimiter
    escape = getattr(dialect, "escapechar", None)
    doubled = getattr(dialect, "doublequote", True)
    skip_space = getattr(dialect, "skipinitialspace", False)
    state = "start"
    for ch in text:
        if state == "start":
            if ch == quote:
                state = "quoted"
            elif ch == delimiter or ch in "\r\n" or (skip_space and ch == " "):
                pass
            elif ch == escape:
                state = "escape"
            else:
                state = "field"
        elif state in ("field", "escape"):
            if state == "escape":
                state = "field"
            elif ch == delimiter or ch in "\r\n":
                state = "start"
            elif ch == escape:
                state = "escape"
        elif state == "quoted":
            if ch == escape:
                state = "quoted-escape"
            elif ch == quote:
                state = "quote-in-quoted" if doubled else "field"
        elif state == "quoted-escape":
            state = "quoted"
        else:  # "quote-in-quoted": a doubled quote goes on, anything else ends the quote
            if ch == quote:
                state = "quoted"
            elif ch == delimiter or ch in "\r\n":
                state = "start"
            else:
                state = "field"
    return state in ("quoted", "quoted-escape")


def iter_table(path: Path) -> tuple[str, TableRows]:
    """(sheet name, rows) of the first sheet; CSV rows are read as they are needed.

    The file is checked first (a regular file, within the size limits, a workbook that
    does not inflate without end); raises ImportFailed with the reason.
    """
    from workbench.limits import InputLimitError, check_input_file, check_zip

    suffix = path.suffix.lower()
    try:
        check_input_file(path, "spreadsheet")
        if suffix == ".csv" or suffix in (".tsv", ".txt"):
            return path.name, TableRows(_guard(path, _iter_csv(path)))
        check_zip(path, "workbook")
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        if not book.sheet_names:
            raise ImportFailed(f"{path}: the workbook has no sheets")
        name = book.sheet_names[0]
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python()
        if rows and len(rows[0]) > MAX_COLUMNS:
            raise ImportFailed(f"{path}: the sheet has more than {MAX_COLUMNS:,} columns")
        # the sheet's cells start at its first filled row: the empty rows above it are
        # given back, so that a row's place is its number as the spreadsheet shows it
        # (and its cells start at its first filled column: their letters start there)
        above, left = (sheet.start or (0, 0)) if rows else (0, 0)
        return name, TableRows(_chain_rows([[] for _ in range(above)], rows), left)
    except (ImportFailed, InputLimitError) as exc:
        raise ImportFailed(str(exc)) from None
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except Exception as exc:  # calamine raises its own error types for broken files
        raise ImportFailed(f"{path}: {_unreadable(path, exc)}") from None


def _unreadable(path: Path, exc: Exception) -> str:
    """Why a workbook cannot be read, in words: a zip archive (.xlsx, .ods) that does not
    open is damaged or incomplete (a download or copy cut short)."""
    import zipfile

    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError:
        head = b""
    if head.startswith(b"PK"):
        try:
            zipfile.ZipFile(path).close()
        except (OSError, zipfile.BadZipFile):
            return (
                "the file is damaged or is not a complete spreadsheet: it ends before the "
                "end of its contents (a download or a copy cut short?); save or download "
                "it again"
            )
        return f"the file is damaged: the spreadsheet inside it cannot be read ({exc})"
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".ods") or (
        suffix == ".xls" and head[:4] != b"\xd0\xcf\x11\xe0"
    ):
        return (
            f"the file is not a {suffix} spreadsheet: its contents are not those of one "
            "(damaged, or another kind of file renamed)"
        )
    return f"the file is damaged or cannot be read as a spreadsheet ({exc})"


def _chain_rows(*parts: list[list[Any]]) -> Iterator[list[Any]]:
    for part in parts:
        yield from part


def _guard(path: Path, rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """Rows, with a failure half-way through the file turned into ImportFailed."""
    try:
        yield from rows
    except ImportFailed:
        raise
    except (UnicodeDecodeError, csv.Error, OSError) as exc:
        raise ImportFailed(f"{path}: cannot be read as CSV ({exc})") from None


def read_table(path: Path) -> tuple[str, list[list[Any]]]:
    """(sheet name, rows) of the first sheet; raises ImportFailed with the reason."""
    name, rows = iter_table(path)
    return name, list(rows)
