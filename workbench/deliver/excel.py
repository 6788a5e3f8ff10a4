"""The Excel workbook: a summary, one sheet per analysis table, then the raw data.

``write_workbook(path, engagement=..., results=..., raw=...)`` streams everything with
openpyxl's write-only mode, so memory stays flat however many answers the raw sheets
hold.  Every value goes through :func:`workbench.deliver.safety.set_cell`: text that
looks like a formula is stored as text with Excel's quote prefix and never evaluated.
The file is written next to its target and moved into place only when complete.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from workbench.analysis.result import (
    AnalysisResult,
    Column,
    Table,
    cell_value,
    findings_naming_wave,
    format_value,
)
from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.context import EngagementInfo, format_period, join_names
from workbench.deliver.safety import (
    ExportCancelled,
    atomic_path,
    excel_safe,
    is_formula_like,
    report_progress,
    set_cell,
)

__all__ = ["ExportCancelled", "WorkbookError", "sheet_name", "write_workbook"]

NAVY = "1B2A41"
ACCENT = "0E7C86"
MUTED = "5F6B7A"
BAND = "F2F4F7"
RED = "F8696B"
WHITE = "FFFFFF"
GREEN = "63BE7B"

MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED = {"history"}

#: Friendly titles for the raw frames the caller usually passes.
RAW_TITLES = {
    "respondents": "Respondents",
    "interviews": "Interviews",
    "answers": "Answers (long)",
    "answers_long": "Answers (long)",
    "answers_wide": "Answers (wide)",
    "codebook": "Codebook",
    "codes": "Codebook",
    "segments": "Coded segments",
    "coded_segments": "Coded segments",
    "notes": "Notes",
}

_DEFAULT_FORMATS = {"int": "0", "float": "0.00", "percent": "0%"}
_SAMPLE_ROWS = 300


class WorkbookError(Exception):
    """The workbook cannot be written; the message says why."""


Progress = Callable[[float, str], Any] | None


def write_workbook(
    path: str | Path,
    *,
    engagement: EngagementInfo,
    results: Sequence[AnalysisResult],
    raw: Mapping[str, Any] | None = None,
    progress: Progress = None,
    anonymiser: Anonymiser | None = None,
) -> Path:
    """Write the engagement's workbook to ``path`` and return the path.

    ``raw`` maps a frame name (``"respondents"``, ``"interviews"``, ``"answers"``,
    ``"answers_wide"``, ``"codebook"``, ``"segments"`` ...) to a pandas DataFrame; each
    becomes a sheet after the analysis sheets.  With ``anonymiser`` every text cell is
    scrubbed of respondent names.  Raises :class:`ExportCancelled` when ``progress``
    returns ``False`` and :class:`WorkbookError` when the file cannot be written; either
    way nothing is left at ``path``.
    """
    from openpyxl import Workbook

    path = Path(path)
    raw = dict(raw or {})
    scrub = anonymiser.scrub_label if anonymiser else None
    report_progress(progress, 0.0, "Preparing the workbook")

    namer = _SheetNamer()
    summary_name = namer("Summary")
    table_sheets: list[tuple[AnalysisResult, Table, str]] = []
    for result in results:
        for table in result.tables:
            table_sheets.append((result, table, namer(table.title or table.name or result.title)))
    raw_sheets = [
        (key, frame, namer(RAW_TITLES.get(key, _pretty(key)))) for key, frame in raw.items()
    ]

    wb = Workbook(write_only=True)
    props = wb.properties
    props.title = _clip(engagement.title)
    props.subject = _clip(engagement.client)
    props.creator = _clip(join_names(list(engagement.consultants))) or "Workbench"
    props.lastModifiedBy = None

    try:
        _write_sheets(
            wb, engagement, results, summary_name, table_sheets, raw_sheets, scrub, progress
        )
        report_progress(progress, 0.96, "Saving the workbook")
        with atomic_path(path) as tmp:
            wb.save(str(tmp))
    except BaseException as exc:
        _discard(wb)
        if isinstance(exc, OSError):
            raise WorkbookError(
                f"cannot write the workbook to {path}: {exc.strerror or exc}"
                + (" (is it open in Excel?)" if isinstance(exc, PermissionError) else "")
            ) from exc
        raise
    report_progress(progress, 1.0, "Workbook written")
    return path


def _write_sheets(
    wb: Any,
    engagement: EngagementInfo,
    results: Sequence[AnalysisResult],
    summary_name: str,
    table_sheets: list[tuple[AnalysisResult, Table, str]],
    raw_sheets: list[tuple[str, Any, str]],
    scrub: Callable[[Any], Any] | None,
    progress: Progress,
) -> None:
    styles = _Styles()
    _write_summary(wb, summary_name, engagement, results, table_sheets, raw_sheets, styles, scrub)
    # Progress by weight: a table sheet counts 1, a raw sheet 1 + its rows / 2,000.
    weights = [1.0] * len(table_sheets) + [1.0 + len(f) / 2000 for _, f, _ in raw_sheets]
    total = sum(weights) or 1.0
    done = 0.0
    jobs: list[Callable[[], None]] = [
        (lambda r=r, t=t, n=n: _write_table_sheet(wb, n, r, t, styles, scrub, summary_name))
        for r, t, n in table_sheets
    ] + [(lambda f=f, n=n: _write_frame_sheet(wb, n, f, styles, scrub)) for _, f, n in raw_sheets]
    names = [n for _, _, n in table_sheets] + [n for _, _, n in raw_sheets]
    for job, name, weight in zip(jobs, names, weights, strict=True):
        report_progress(progress, 0.05 + 0.9 * done / total, f"Writing {name}")
        job()
        done += weight


def _discard(wb: Any) -> None:
    """Close a half-written write-only workbook and remove its temporary files."""
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:
            continue
        if not ws.closed:
            with suppress(Exception):
                ws.close()
        with suppress(Exception):
            writer.cleanup()


# -- sheet names ----------------------------------------------------------------------------


def sheet_name(text: str, taken: Iterable[str] = ()) -> str:
    """A legal, unique Excel sheet name for ``text`` (≤31 chars, no ``[]:*?/\\``)."""
    namer = _SheetNamer()
    for name in taken:
        namer.taken.add(name.casefold())
    return namer(text)


class _SheetNamer:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, text: str) -> str:
        base = _FORBIDDEN.sub(" ", str(text or ""))
        base = " ".join(base.split()).strip("'").strip() or "Sheet"
        if base.casefold() in _RESERVED:
            base += " sheet"
        base = _shorten(base, MAX_SHEET_NAME)
        name, n = base, 1
        while name.casefold() in self.taken:
            n += 1
            suffix = f" ({n})"
            name = _shorten(base, MAX_SHEET_NAME - len(suffix)) + suffix
        self.taken.add(name.casefold())
        return name


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" -–—,;.'")


def _pretty(key: str) -> str:
    text = str(key).replace("_", " ").replace("-", " ").strip()
    return text[:1].upper() + text[1:] if text else "Data"


def _clip(text: Any, limit: int = 255) -> str | None:
    text = excel_safe(text)
    return text[:limit] if isinstance(text, str) and text else None


# -- styles ---------------------------------------------------------------------------------


class _Styles:
    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.title = Font(name="Calibri", size=16, bold=True, color=NAVY)
        self.subtitle = Font(name="Calibri", size=11, color=MUTED)
        self.section = Font(name="Calibri", size=12, bold=True, color=NAVY)
        self.label = Font(name="Calibri", size=11, bold=True, color=NAVY)
        self.header_font = Font(name="Calibri", size=11, bold=True, color=WHITE)
        self.header_fill = PatternFill("solid", start_color=NAVY, end_color=NAVY)
        self.header_align = Alignment(vertical="center", wrap_text=True)
        self.header_border = Border(bottom=Side(style="thin", color=NAVY))
        self.note = Font(name="Calibri", size=9, italic=True, color=MUTED)
        self.bold = Font(name="Calibri", size=11, bold=True)
        self.link = Font(name="Calibri", size=11, color=ACCENT, underline="single")
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.top = Alignment(vertical="top")


def _cell(ws: Any, value: Any, *, font=None, fill=None, align=None, fmt=None, border=None) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = set_cell(WriteOnlyCell(ws), value)
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align
    if fmt is not None and not isinstance(cell.value, str):
        cell.number_format = fmt
    if border is not None:
        cell.border = border
    return cell


def _link(ws: Any, text: str, sheet: str, styles: _Styles) -> Any:
    from openpyxl.worksheet.hyperlink import Hyperlink

    cell = _cell(ws, text, font=styles.link, align=styles.top)
    quoted = sheet.replace("'", "''")
    cell.hyperlink = Hyperlink(ref="", location=f"'{quoted}'!A1", display=text)
    return cell


# -- summary --------------------------------------------------------------------------------


def _write_summary(
    wb: Any,
    name: str,
    e: EngagementInfo,
    results: Sequence[AnalysisResult],
    table_sheets: list[tuple[AnalysisResult, Table, str]],
    raw_sheets: list[tuple[str, Any, str]],
    s: _Styles,
    scrub: Callable[[Any], Any] | None,
) -> None:
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = wb.create_sheet(name)
    ws.sheet_properties.tabColor = NAVY
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    for col, width in zip("ABCD", (30, 100, 30, 32), strict=True):
        ws.column_dimensions[col].width = width
    sc = scrub or (lambda v: v)

    ws.append([_cell(ws, sc(e.title) or "Engagement", font=s.title)])
    ws.append([_cell(ws, e.client, font=s.subtitle)])
    ws.append([])
    facts = [
        ("Client", e.client),
        ("Engagement", sc(e.title)),
        ("Scope", sc(e.scope)),
        ("Fieldwork", format_period(e.start_date, e.end_date)),
        ("Consultants", join_names(list(e.consultants))),
        ("Waves", ", ".join(e.waves)),
        ("Workbook created", _dt.date.today()),
    ]
    for label, value in facts:
        if value in (None, ""):
            continue
        fmt = "d mmmm yyyy" if isinstance(value, _dt.date) else None
        ws.append(
            [
                _cell(ws, label, font=s.label, align=s.top),
                _cell(ws, value, align=s.wrap if isinstance(value, str) else s.top, fmt=fmt),
            ]
        )
    ws.append([])
    ws.append([_cell(ws, "Analyses", font=s.section)])
    ws.append(
        [
            _cell(ws, h, font=s.header_font, fill=s.header_fill, align=s.header_align)
            for h in ("Analysis", "Findings", "Scope", "Sheets")
        ]
    )
    sheets_by_result: dict[int, list[str]] = {}
    for result, _table, sheet in table_sheets:
        sheets_by_result.setdefault(id(result), []).append(sheet)
    for result in results:
        findings = [sc(f) for f in findings_naming_wave(result, results)] or ["(no findings)"]
        sheets = sheets_by_result.get(id(result), [])
        n = max(len(findings), len(sheets))
        for i in range(n):
            row = [
                _cell(ws, sc(result.title) if i == 0 else None, font=s.bold, align=s.top),
                _cell(ws, f"• {findings[i]}" if i < len(findings) else None, align=s.wrap),
                _cell(ws, sc(result.scope) if i == 0 else None, align=s.wrap),
                _link(ws, sheets[i], sheets[i], s) if i < len(sheets) else _cell(ws, None),
            ]
            ws.append(row)
    if raw_sheets:
        ws.append([])
        ws.append([_cell(ws, "Data", font=s.section)])
        for key, frame, sheet in raw_sheets:
            rows = len(frame) if hasattr(frame, "__len__") else 0
            ws.append(
                [
                    _link(ws, sheet, sheet, s),
                    _cell(ws, f"{rows:,} row{'s' if rows != 1 else ''} ({key})", align=s.top),
                ]
            )
    ws.append([])
    ws.append(
        [
            _cell(
                ws,
                "Every table sheet states its scope and, where recorded, the interviews and "
                "questions behind each row.",
                font=s.note,
            )
        ]
    )


# -- analysis tables ------------------------------------------------------------------------


def _number_format(column: Column) -> str | None:
    if column.kind == "text":
        return None
    return column.fmt or _DEFAULT_FORMATS.get(column.kind)


def _write_table_sheet(
    wb: Any,
    name: str,
    result: AnalysisResult,
    table: Table,
    s: _Styles,
    scrub: Callable[[Any], Any] | None,
    summary_name: str,
) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    sc = scrub or (lambda v: v)
    columns = list(table.columns)
    evidence = bool(table.evidence)
    headers = [c.label for c in columns]
    if evidence:
        headers += ["Evidence: questions", "Evidence: interviews"]
    n_cols = len(headers)

    # Column widths from the formatted values (what the user sees).
    widths = []
    for c, col in enumerate(columns):
        texts = [col.label] + [
            str(sc(format_value(row[c], table.column_at(r, c))))
            for r, row in enumerate(table.rows[:_SAMPLE_ROWS])
        ]
        widths.append(_width(texts, text=col.kind == "text"))
    if evidence:
        widths += [30, 30]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    header_row = 3
    ws.freeze_panes = f"A{header_row + 1}"  # write-only: before the first row
    title = sc(table.title or table.name)
    full_title = f"{sc(result.title)} — {title}" if title and title != sc(result.title) else title
    ws.append([_cell(ws, full_title, font=s.title)])
    subtitle = f"Scope: {sc(result.scope)}" if result.scope else ""
    ws.append([_cell(ws, subtitle or None, font=s.subtitle)])
    ws.append(
        [
            _cell(
                ws,
                h,
                font=s.header_font,
                fill=s.header_fill,
                align=s.header_align,
                border=s.header_border,
            )
            for h in headers
        ]
    )

    formats = [_number_format(c) for c in columns]
    # Column by column: each distinct value of a column is made into a cell once.
    by_column = []
    for c, col in enumerate(columns):
        align = s.wrap if col.kind == "text" and widths[c] >= 60 else None
        made: dict[tuple[type, Any], Any] = {}
        cells = []

        def shown(value: Any, col: Column = col) -> Any:
            if col.kind == "text" or isinstance(value, str):
                return sc(value)
            return cell_value(value, col)  # as displayed, so Excel shows what the report shows

        flagged = table.flags if c == table.marker_column() else ()
        for r, row in enumerate(table.rows):
            raw = row[c] if c < len(row) else None
            own = table.cell_formats.get(r, {}).get(c)
            if own is not None:  # a row of another measure: its own kind and format
                value = cell_value(raw, own) if own.kind != "text" else sc(raw)
                if r in flagged:
                    value = f"{'' if value is None else value} †"
                cells.append(_cell(ws, value, fmt=_number_format(own), align=align))
                continue
            if r in flagged:  # a flagged row: its mark is on this cell alone
                value = shown(raw)
                value = f"{'' if value is None else value} †"  # the reason is in the notes
                cells.append(_cell(ws, value, fmt=formats[c], align=align))
                continue
            try:
                key = (raw.__class__, raw)
                cell = made.get(key)
                if cell is None:
                    value = shown(raw)
                    cell = made[key] = _shareable(_cell(ws, value, fmt=formats[c], align=align))
            except TypeError:  # unhashable
                cell = _cell(ws, shown(raw), fmt=formats[c], align=align)
            if cell is _FRESH:
                cell = _cell(ws, shown(raw), fmt=formats[c], align=align)
            cells.append(cell)
        by_column.append(cells)
    if evidence:
        found = [table.evidence.get(r) for r in range(len(table.rows))]
        by_column.append([", ".join(ev.question_keys) if ev else None for ev in found])
        by_column.append([", ".join(ev.interview_ids) if ev else None for ev in found])
        for i in (-2, -1):
            by_column[i] = [_safe_cell(ws, v, None) for v in by_column[i]]
    for cells in zip(*by_column, strict=True) if by_column else ([] for _ in table.rows):
        ws.append(cells)
    last_row = header_row + len(table.rows)
    last_col = get_column_letter(n_cols)
    ws.auto_filter.ref = f"A{header_row}:{last_col}{max(last_row, header_row)}"

    if table.rows:
        for c, col in enumerate(columns):
            if not col.diverging:
                continue
            bound = _max_abs(table.cell_value(r, c) for r in range(len(table.rows))) or 1.0
            letter = get_column_letter(c + 1)
            ws.conditional_formatting.add(
                f"{letter}{header_row + 1}:{letter}{last_row}",
                ColorScaleRule(
                    start_type="num",
                    start_value=-bound,
                    start_color="FF" + RED,
                    mid_type="num",
                    mid_value=0,
                    mid_color="FF" + WHITE,
                    end_type="num",
                    end_value=bound,
                    end_color="FF" + GREEN,
                ),
            )

    notes = []
    if table.note:
        notes.append(sc(table.note))
    notes += table.flag_notes()
    notes += [sc(n) for n in result.method_notes]
    if notes:
        ws.append([])
        for note in notes:
            ws.append([_cell(ws, note, font=s.note)])
    ws.append([])
    ws.append([_link(ws, f"← {summary_name}", summary_name, s)])


def _max_abs(values: Iterable[Any]) -> float:
    best = 0.0
    for v in values:
        try:
            f = abs(float(v))
        except (TypeError, ValueError):
            continue
        if not math.isnan(f) and not math.isinf(f):
            best = max(best, f)
    return best


def _width(texts: Iterable[str], *, text: bool = True) -> float:
    longest = 0
    for t in texts:
        for line in str(t).splitlines() or [""]:
            longest = max(longest, len(line))
    upper = 60 if text else 20
    return float(min(max(longest + 2, 8), upper))


# -- raw frames -----------------------------------------------------------------------------


def _write_frame_sheet(
    wb: Any, name: str, frame: Any, s: _Styles, scrub: Callable[[Any], Any] | None
) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    columns = [str(c) for c in frame.columns]
    n_rows = len(frame)
    sample = frame.head(_SAMPLE_ROWS)
    date_formats: dict[int, str] = {}
    for i, col in enumerate(frame.columns):
        values = [str(excel_safe(v)) for v in sample[col].tolist()]
        ws.column_dimensions[get_column_letter(i + 1)].width = _width([str(col)] + values)
        kind = getattr(frame[col].dtype, "kind", "")
        if kind == "M":
            date_formats[i] = "yyyy-mm-dd hh:mm"
    ws.freeze_panes = "A2"  # write-only: before the first row
    ws.append(
        [
            _cell(ws, h, font=s.header_font, fill=s.header_fill, align=s.header_align)
            for h in columns
        ]
    )
    if columns:
        from openpyxl.utils import get_column_letter as gcl

        ws.auto_filter.ref = f"A1:{gcl(len(columns))}{max(1, n_rows) + 1}"

    cells = [
        _column_cells(ws, frame[col], scrub, date_formats.get(i))
        for i, col in enumerate(frame.columns)
    ]
    for row in zip(*cells, strict=True):
        ws.append(row)


# -- per column -----------------------------------------------------------------------------


def _column_cells(
    ws: Any, series: Any, scrub: Callable[[Any], Any] | None, date_format: str | None
) -> list[Any]:
    """What ``ws.append`` gets for each value of one column.

    Worked out per column, not per cell: numbers pass as they are (a missing or infinite
    one as an empty cell); other values are made safe once per distinct value
    (:func:`_safe_cell`) and the result shared by every row that holds the same value.
    """
    import numpy as np

    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "biu":
        return series.tolist()
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        array = series.to_numpy()
        values = array.astype(object)
        values[~np.isfinite(array)] = None
        return values.tolist()
    if date_format is not None:
        return [_dated_cell(ws, v, date_format) for v in series.tolist()]
    cache: dict[tuple[type, Any], Any] = {}
    out = []
    for value in series.tolist():
        try:
            key = (value.__class__, value)
            out.append(cache[key])
        except KeyError:
            cache[key] = cell = _safe_cell(ws, value, scrub)
            out.append(cell)
        except TypeError:  # unhashable (a list or dict): made safe on its own
            out.append(_safe_cell(ws, value, scrub))
    return out


_FRESH = object()  # a cell that cannot be shared between rows: make one per row


def _shareable(cell: Any) -> Any:
    """What can stand for ``cell`` in every row that holds its value.

    openpyxl writes a row by filling one scratch cell per value and takes an unstyled cell
    it is given as that scratch cell, so only styled cells can be shared; an unstyled one
    is replaced by its plain value (which openpyxl reads the same way), or by ``_FRESH``
    when the plain value would read differently.
    """
    from openpyxl.cell.cell import ERROR_CODES

    if cell.has_style or cell.hyperlink is not None:
        return cell
    value = cell.value
    if isinstance(value, str) and (value.startswith("=") or value in ERROR_CODES):
        return _FRESH
    return value


def _safe_cell(ws: Any, value: Any, scrub: Callable[[Any], Any] | None) -> Any:
    """A value, or a styled write-only cell where the text must be kept as text
    (formula-like text, or text openpyxl would read as an error code), which any number
    of rows can share."""
    from openpyxl.cell.cell import ERROR_CODES

    value = excel_safe(value)
    if not isinstance(value, str):
        return value
    if scrub is not None:
        value = excel_safe(scrub(value))
    if is_formula_like(value) or value in ERROR_CODES:
        from openpyxl.cell import WriteOnlyCell

        cell = set_cell(WriteOnlyCell(ws), value)
        cell.quotePrefix = True  # styled: openpyxl never reuses it as its scratch cell
        return cell
    return value


def _dated_cell(ws: Any, value: Any, date_format: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    value = excel_safe(value)
    if value is None:
        return None
    cell = WriteOnlyCell(ws, value)
    cell.number_format = date_format
    return cell
