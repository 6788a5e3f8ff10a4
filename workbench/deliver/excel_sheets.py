"""What every sheet of the workbook shares: its name, its print setup, its Excel table and
the references from evidence cells to the raw-data rows.

* :class:`SheetNames` gives readable, unique names of at most 31 characters: a title is
  shortened by dropping what is in brackets or after a colon before it is cut, and titles
  that come out the same (two analyses' "By segment") are told apart by their analysis.
* :func:`page_setup` makes a sheet print sensibly: landscape when wide, fitted to the
  page width (to a few pages across, with the identifier column repeated, when it is very
  wide), the header row repeated on every page, and a header and footer naming the
  engagement, the sheet and "Page X of Y".
* :class:`TableNames` and :func:`add_table` make a range a real Excel table (ListObject)
  with a style and a unique, valid name.
* :class:`EvidenceIndex` turns interview ids into "Respondent, 7 September 2026" with a
  link to the interview's row of the raw data.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Sequence
from typing import Any

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED = {"history"}
_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_TRAILING = {"and", "of", "the", "by", "for", "in", "on", "to", "a", "an", "with", "vs", "&"}

#: Width (Excel character units) that fits an A4/Letter page at 100%, with narrow margins.
PORTRAIT_WIDTH = 100
LANDSCAPE_WIDTH = 148
#: The smallest print scale a sheet is fitted down to before it spreads over more pages.
SMALLEST_SCALE = 0.6
TABLE_STYLE = "TableStyleMedium2"


# -- sheet names ------------------------------------------------------------------------------


def clean_name(text: Any) -> str:
    base = _FORBIDDEN.sub(" ", str(text or ""))
    base = " ".join(base.split()).strip("'").strip() or "Sheet"
    if base.casefold() in _RESERVED:
        base += " sheet"
    return base


def shorten(text: str, limit: int = MAX_SHEET_NAME) -> str:
    """``text`` as a sheet name of at most ``limit`` characters, read as a title:
    bracketed asides go first, then what follows a colon, then whole words from the end."""
    raw = " ".join(str(text or "").split())
    name = clean_name(raw)
    if len(name) <= limit:
        return name
    bare = " ".join(_BRACKETS.sub("", raw).split()) or raw
    if len(clean_name(bare)) <= limit:
        return clean_name(bare)
    head = bare.split(":", 1)[0].strip()
    if head and len(clean_name(head)) <= limit:
        return clean_name(head)
    return cut_words(clean_name(head or bare), limit)


def cut_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    words = re.split(r"(?<=[\s–—-])", text)
    out = ""
    for word in words:
        if len((out + word).rstrip()) > limit:
            break
        out += word
    out = out.strip(" -–—,;.'")
    while out and out.split()[-1].casefold().strip(" -–—,;.'") in _TRAILING:
        out = " ".join(out.split()[:-1]).strip(" -–—,;.'")
    if len(out) < limit * 0.4:  # one long word: cut inside it
        out = text[:limit].rstrip(" -–—,;.'")
    return out or text[:limit]


def analysis_label(title: str) -> str:
    """The short name of an analysis from its title: "SERVQUAL: service quality gaps" →
    "SERVQUAL", "The seven sins of service: A → B" → "Seven sins of service"."""
    head = str(title).split(":", 1)[0].split("→", 1)[0].strip()
    if head.casefold().startswith("the "):
        head = head[4:]
    return head[:1].upper() + head[1:]


class SheetNames:
    """Hands out the workbook's sheet names, all unique (ignoring case)."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = {t.casefold() for t in taken}

    def __call__(self, text: str) -> str:
        return self._unique(shorten(text))

    def plan(self, entries: Sequence[tuple[str, str]]) -> list[str]:
        """Names for (title, qualifier) pairs: a title shared by several entries, or
        already taken, gets its qualifier ("SERVQUAL – By segment")."""
        bases = [shorten(title) for title, _ in entries]
        counts: dict[str, int] = {}
        for b in bases:
            counts[b.casefold()] = counts.get(b.casefold(), 0) + 1
        names = []
        for base, (_title, qualifier) in zip(bases, entries, strict=True):
            if (counts[base.casefold()] > 1 or base.casefold() in self.taken) and qualifier:
                room = MAX_SHEET_NAME - len(base) - 3
                label = cut_words(clean_name(qualifier), room) if room >= 4 else ""
                if label and label.casefold() != base.casefold():
                    base = f"{label} – {base}"
            names.append(self._unique(base))
        return names

    def _unique(self, base: str) -> str:
        name, n = base, 1
        while name.casefold() in self.taken:
            n += 1
            suffix = f" ({n})"
            name = cut_words(base, MAX_SHEET_NAME - len(suffix)) + suffix
        self.taken.add(name.casefold())
        return name


# -- Excel tables -----------------------------------------------------------------------------


class TableNames:
    """Unique, valid Excel table names: a letter first, then letters, digits and
    underscores, never read as a cell reference (``tbl`` keeps them apart from those)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, sheet: str) -> str:
        words = re.findall(r"[A-Za-z0-9]+", sheet)
        base = "tbl" + "".join(w[:1].upper() + w[1:] for w in words)[:60] if words else "tblData"
        name, n = base, 1
        while name.casefold() in self.taken:
            n += 1
            name = f"{base}_{n}"
        self.taken.add(name.casefold())
        return name


def header_labels(labels: Sequence[Any]) -> list[str]:
    """Header texts a table accepts: text on one line, none empty, all different."""
    out: list[str] = []
    seen: set[str] = set()
    for i, label in enumerate(labels, start=1):
        text = " ".join(str("" if label is None else label).split())[:200] or f"Column {i}"
        name, n = text, 1
        while name.casefold() in seen:
            n += 1
            name = f"{text} ({n})"
        seen.add(name.casefold())
        out.append(name)
    return out


def add_table(ws: Any, name: str, headers: Sequence[str], first_row: int, rows: int) -> Any:
    """Make the range with ``headers`` in ``first_row`` and ``rows`` data rows below (at
    least one, empty if need be) a styled Excel table; return it."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.filters import AutoFilter
    from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

    last = first_row + max(rows, 1)
    ref = f"A{first_row}:{get_column_letter(len(headers))}{last}"
    table = Table(displayName=name, name=name, ref=ref, autoFilter=AutoFilter(ref=ref))
    table.tableColumns = [TableColumn(id=i, name=h) for i, h in enumerate(headers, start=1)]
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    with warnings.catch_warnings():  # the columns are given: openpyxl warns regardless
        warnings.filterwarnings("ignore", "In write-only mode", UserWarning)
        ws.add_table(table)
    return table


LINE_HEIGHT = 15.0


def row_height(texts: Sequence[Any], widths: Sequence[float], wrapped: Sequence[bool]) -> float | None:  # fmt: skip
    """The height a row needs for its wrapped text (None: one line does), estimated from
    the text's length against each column's width."""
    lines = 1
    for text, width, wrap in zip(texts, widths, wrapped, strict=False):
        if not wrap or text is None:
            continue
        lines = max(lines, text_lines(str(text), width))
    return lines_height(lines)


def text_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    per_line = max(width * 1.2 - 2, 4)
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def width_to_spare(widths: Sequence[float]) -> float:
    """How much wider a sheet of columns ``widths`` can grow and still print on as many
    pages across (:func:`page_setup`)."""
    total = sum(widths)
    page = LANDSCAPE_WIDTH / SMALLEST_SCALE
    across = 1 if total <= PORTRAIT_WIDTH else max(1, math.ceil(total / page))
    return max(across * page - total, 0.0)


def lines_height(lines: int) -> float | None:
    """The height of a row of ``lines`` lines (None for one: the sheet's default)."""
    return None if lines <= 1 else min(LINE_HEIGHT * lines + 2, 409.0)


# -- printing ---------------------------------------------------------------------------------


def _hf(text: Any, limit: int = 60) -> str:
    """Text for a header or footer: ``&`` doubled (it starts a code there), kept short."""
    text = " ".join(str(text or "").split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text.replace("&", "&&")


def page_setup(
    ws: Any,
    *,
    engagement: str,
    title: str,
    widths: Sequence[float],
    header_row: int | None,
    repeat_columns: int = 0,
) -> None:
    """Print setup for a write-only sheet (set before its first row is written)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    total = sum(widths) or 1.0
    setup = ws.page_setup
    if total <= PORTRAIT_WIDTH:
        setup.orientation, across = "portrait", 1
    else:
        setup.orientation = "landscape"
        across = max(1, math.ceil(total / (LANDSCAPE_WIDTH / SMALLEST_SCALE)))
    setup.fitToWidth = across
    setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    margins = ws.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    ws.print_options.horizontalCentered = across == 1 and total <= PORTRAIT_WIDTH
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
    if repeat_columns and across > 1:
        ws.print_title_cols = f"A:{get_column_letter(repeat_columns)}"
    header = ws.oddHeader
    header.left.text = _hf(engagement)
    header.left.size = 8
    header.right.text = _hf(title)
    header.right.size = 8
    footer = ws.oddFooter
    footer.left.text = "&A"  # the sheet's name
    footer.left.size = 8
    footer.right.text = "Page &P of &N"
    footer.right.size = 8


# -- evidence ---------------------------------------------------------------------------------


class EvidenceIndex:
    """Where each interview of the raw data is, and how to name it to a reader.

    ``people`` maps an interview id to (respondent, date); ``rows`` to (sheet, row, the
    sheet's columns by name) of the row that holds its answers (a wide answer sheet, or
    the interviews sheet)."""

    MAX_LISTED = 12

    def __init__(self) -> None:
        self.people: dict[str, tuple[Any, Any]] = {}
        self.rows: dict[str, tuple[str, int, dict[str, int]]] = {}

    def add_people(self, frame: Any) -> None:
        ids = interview_ids(frame)
        if ids is None or "respondent" not in frame.columns:
            return
        dates = frame["date"] if "date" in frame.columns else [None] * len(frame)
        for iid, who, when in zip(ids, frame["respondent"], dates, strict=True):
            self.people.setdefault(str(iid), (who, when))

    def add_rows(self, frame: Any, sheet: str, first_row: int, *, prefer: bool) -> None:
        ids = interview_ids(frame)
        if ids is None:
            return
        columns = {str(c): i for i, c in enumerate(frame.columns, start=1)}
        for r, iid in enumerate(ids):
            key = str(iid)
            if prefer or key not in self.rows:
                self.rows[key] = (sheet, first_row + r, columns)

    def reference(self, interview_id: str) -> str:
        who, when = self.people.get(str(interview_id), (None, None))
        who = "" if who is None or who != who else str(who)
        date = _date_text(when)
        if not who and not date:
            return "an interview not in this workbook"
        return f"{who or 'Respondent'}, {date}" if date else who

    def describe(self, interview_ids: Sequence[str]) -> str | None:
        """The interviews as a reader names them: "Respondent 7, 3 Mar 2026; …"."""
        if not interview_ids:
            return None
        shown = [self.reference(i) for i in interview_ids[: self.MAX_LISTED]]
        text = "; ".join(shown)
        if len(interview_ids) > self.MAX_LISTED:
            text += f"; and {len(interview_ids) - self.MAX_LISTED} more"
        return text

    def location(self, interview_id: str, question_keys: Sequence[str] = ()) -> str | None:
        found = self.rows.get(str(interview_id))
        if found is None:
            return None
        sheet, row, columns = found
        col = 1
        for key in question_keys:
            match = columns.get(key) or next(
                (i for c, i in columns.items() if c.startswith(f"{key}.")), None
            )
            if match:
                col = match
                break
        from openpyxl.utils import get_column_letter

        quoted = sheet.replace("'", "''")
        return f"'{quoted}'!{get_column_letter(col)}{row}"


def interview_ids(frame: Any) -> list[Any] | None:
    """The interview ids of a raw frame's rows: its ``interview_id`` column, or, on an
    anonymised frame (which shows no ids), the ids it keeps off the sheet."""
    from workbench.deliver.anonymise import HIDDEN_IDS

    if "interview_id" in getattr(frame, "columns", ()):
        return frame["interview_id"].tolist()
    kept = (getattr(frame, "attrs", None) or {}).get(HIDDEN_IDS)
    return list(kept) if kept is not None and len(kept) == len(frame) else None


def _date_text(value: Any) -> str:
    if value is None:
        return ""
    try:
        if value != value:  # NaN / NaT
            return ""
    except (TypeError, ValueError):
        pass
    if hasattr(value, "strftime"):
        try:
            return f"{value.day} {value.strftime('%b %Y')}"
        except ValueError:
            return ""
    return str(value)
