"""The Excel workbook: a summary, one sheet per analysis table, a data dictionary, then
the raw data.

``write_workbook(path, engagement=..., results=..., raw=...)`` streams everything with
openpyxl's write-only mode; a raw sheet's rows are written as XML straight from its
columns (:mod:`workbench.deliver.excel_rows`), the bulk of a large workbook.  Every sheet has its full title in its first row, its header in the third, its data
as a real Excel table (ListObject) and a print setup (:mod:`workbench.deliver.excel_sheets`).
Every value goes through :mod:`workbench.deliver.safety`: text that looks like a formula
is stored as text with Excel's quote prefix and never evaluated; this is worked out once
per distinct value of a column, not once per cell.  The file is written next to its
target and moved into place only when complete.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any

from workbench.analysis.labels import material_word
from workbench.analysis.result import (
    AnalysisResult,
    Column,
    Table,
    cell_value,
    findings_naming_wave,
    format_value,
)
from workbench.deliver.anonymise import Anonymiser
from workbench.deliver.anonymise_tables import suppressed_row
from workbench.deliver.context import EngagementInfo, format_period, join_names
from workbench.deliver.excel_rows import can_write, write_rows
from workbench.deliver.excel_sheets import (
    EvidenceIndex,
    SheetNames,
    TableNames,
    add_table,
    analysis_label,
    header_labels,
    interview_ids,
    lines_height,
    page_setup,
    row_height,
    text_lines,
    width_to_spare,
)
from workbench.deliver.excel_sources import findings_tables
from workbench.deliver.safety import (
    ExportCancelled,
    atomic_path,
    cannot_write,
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

#: Every data sheet: its full title in row 1, a note in row 2, its header in row 3.
HEADER_ROW = 3

#: Friendly titles for the raw frames the caller usually passes: (sheet name, full title).
RAW_TITLES = {
    "dictionary": ("Data dictionary", "Data dictionary: what every column of the data holds"),
    "respondents": ("Respondents", "Respondents"),
    "interviews": ("Interviews", "Interviews"),
    "answers": ("Answers (long)", "Answers, one row per answer cell"),
    "answers_long": ("Answers (long)", "Answers, one row per answer cell"),
    "answers_wide": ("Answers (wide)", "Answers, one row per interview"),
    "codebook": ("Codebook", "Codebook"),
    "codes": ("Codebook", "Codebook"),
    "segments": ("Coded segments", "Coded segments"),
    "coded_segments": ("Coded segments", "Coded segments"),
    "notes": ("Notes", "Notes"),
}
#: Sheets whose rows are interviews: their first column (the respondent) repeats on every
#: page when they print over several pages across.
_WIDE_PREFIX = "answers_wide"

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
    left_out: Sequence[str] = (),
    material: Mapping[str, str] | None = None,
) -> Path:
    """Write the engagement's workbook to ``path`` and return the path.

    ``raw`` maps a frame name (``"respondents"``, ``"interviews"``, ``"answers"``,
    ``"answers_wide"``, ``"codebook"``, ``"segments"`` ...) to a pandas DataFrame; each
    becomes a sheet after the analysis sheets.  With ``anonymiser`` every text cell is
    scrubbed of respondent names.  Raises :class:`ExportCancelled` when ``progress``
    returns ``False`` and :class:`WorkbookError` when the file cannot be written; either
    way nothing is left at ``path``.  ``left_out`` says which chosen analyses do not
    apply to the data and why, one sentence each, under the summary's analyses.
    ``material`` (interview id -> "interview", "response" or "source", as
    ``MethodSummary.material``) names the evidence for what it is.
    """
    from openpyxl import Workbook

    path = Path(path)
    raw = dict(raw or {})
    scrub = anonymiser.scrub_label if anonymiser else None
    report_progress(progress, 0.0, "Preparing the workbook")

    names = SheetNames()
    summary_name = names("Summary")
    entries = [
        (table.title or table.name or result.title, analysis_label(result.title))
        for result in results
        for table in result.tables
    ]
    planned = iter(names.plan(entries))
    table_sheets: list[tuple[AnalysisResult, Table, str]] = [
        (result, table, next(planned)) for result in results for table in result.tables
    ]
    titles = {key: _raw_titles(key, frame) for key, frame in raw.items()}
    raw_names = names.plan([(titles[key][0], "Data") for key in raw])
    raw_sheets = [
        (key, frame, name) for (key, frame), name in zip(raw.items(), raw_names, strict=True)
    ]
    evidence = _evidence_index(raw_sheets)

    wb = Workbook(write_only=True)
    props = wb.properties
    props.title = _clip(engagement.title)
    props.subject = _clip(engagement.client)
    props.creator = _clip(join_names(list(engagement.prepared_by))) or "Workbench"
    props.lastModifiedBy = None

    try:
        _write_sheets(
            wb,
            _Book(
                engagement,
                summary_name,
                titles,
                evidence,
                _Styles(),
                TableNames(),
                scrub,
                list(left_out),
                dict(material or {}),
            ),
            results,
            table_sheets,
            raw_sheets,
            progress,
        )
        report_progress(progress, 0.96, "Saving the workbook")
        with atomic_path(path) as tmp:
            wb.save(str(tmp))
    except BaseException as exc:
        _discard(wb)
        if isinstance(exc, OSError):
            raise cannot_write(WorkbookError, "workbook", path, "Excel", exc) from exc
        raise
    report_progress(progress, 1.0, "Workbook written")
    return path


class _Book:
    """What every sheet writer needs: the engagement, the shared styles, the names."""

    def __init__(
        self,
        engagement: EngagementInfo,
        summary: str,
        titles: dict[str, tuple[str, str]],
        evidence: EvidenceIndex,
        styles: _Styles,
        tables: TableNames,
        scrub: Callable[[Any], Any] | None,
        left_out: list[str] | None = None,
        material: dict[str, str] | None = None,
    ) -> None:
        self.engagement = engagement
        #: interview id -> what it is ("interview", "response", "source").
        self.material = material or {}
        self.left_out = left_out or []
        self.summary = summary
        self.titles = titles
        self.evidence = evidence
        self.s = styles
        self.tables = tables
        self.scrub = scrub
        self.sc: Callable[[Any], Any] = scrub or (lambda v: v)
        self.sheet_names: dict[str, str] = {}
        self.columns: dict[str, dict[str, int]] = {}

    def setup(self, ws: Any, title: str, widths: Sequence[float], **kw: Any) -> None:
        page_setup(ws, engagement=self.sc(self.engagement.title) or "", title=title,
                   widths=widths, **kw)  # fmt: skip


def _raw_titles(key: str, frame: Any) -> tuple[str, str]:
    """(sheet name wanted, full title) of a raw frame: from its ``attrs`` where it has them."""
    attrs = getattr(frame, "attrs", None) or {}
    known = RAW_TITLES.get(key)
    sheet = attrs.get("sheet") or (known[0] if known else _pretty(key))
    title = attrs.get("title") or (known[1] if known else sheet)
    return str(sheet), str(title)


def _evidence_index(raw_sheets: list[tuple[str, Any, str]]) -> EvidenceIndex:
    index = EvidenceIndex()
    for key, frame, name in raw_sheets:
        if interview_ids(frame) is None:
            continue
        if key == "interviews" or key.startswith(_WIDE_PREFIX):
            index.add_people(frame)
            index.add_rows(frame, name, HEADER_ROW + 1, prefer=key.startswith(_WIDE_PREFIX))
    return index


def _write_sheets(
    wb: Any,
    book: _Book,
    results: Sequence[AnalysisResult],
    table_sheets: list[tuple[AnalysisResult, Table, str]],
    raw_sheets: list[tuple[str, Any, str]],
    progress: Progress,
) -> None:
    book.sheet_names = {key: name for key, _, name in raw_sheets}
    book.columns = {
        key: {str(c): i for i, c in enumerate(getattr(frame, "columns", ()))}
        for key, frame, _ in raw_sheets
    }
    _write_summary(wb, book, results, table_sheets, raw_sheets)
    # Progress by weight: a table sheet counts 1, a raw sheet 1 + its rows / 2,000.
    weights = [1.0] * len(table_sheets) + [1.0 + len(f) / 2000 for _, f, _ in raw_sheets]
    total = sum(weights) or 1.0
    done = 0.0
    jobs: list[Callable[[], None]] = [
        (lambda r=r, t=t, n=n: _write_table_sheet(wb, book, n, r, t)) for r, t, n in table_sheets
    ] + [(lambda k=k, f=f, n=n: _write_frame_sheet(wb, book, n, k, f)) for k, f, n in raw_sheets]
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
    return SheetNames(taken)(text)


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


def _link(ws: Any, text: str, sheet: str, styles: _Styles, cell: str = "A1") -> Any:
    quoted = sheet.replace("'", "''")
    return _located(ws, text, f"'{quoted}'!{cell}", styles)


def _located(ws: Any, text: Any, location: str | None, styles: _Styles) -> Any:
    """A cell holding ``text`` that links to ``location`` ("'Sheet'!B7") inside the book."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    if location is None:
        return _cell(ws, text, align=styles.wrap)
    cell = _cell(ws, text, font=styles.link, align=styles.wrap)
    cell.hyperlink = Hyperlink(ref="", location=location, display=str(cell.value or "")[:255])
    return cell


def _header(ws: Any, labels: Sequence[str], s: _Styles) -> list[Any]:
    return [
        _cell(
            ws,
            h,
            font=s.header_font,
            fill=s.header_fill,
            align=s.header_align,
            border=s.header_border,
        )  # fmt: skip
        for h in labels
    ]


# -- summary --------------------------------------------------------------------------------


def _write_summary(
    wb: Any,
    book: _Book,
    results: Sequence[AnalysisResult],
    table_sheets: list[tuple[AnalysisResult, Table, str]],
    raw_sheets: list[tuple[str, Any, str]],
) -> None:
    from openpyxl.utils import get_column_letter

    e, s, sc = book.engagement, book.s, book.sc
    ws = wb.create_sheet(book.summary)
    ws.sheet_properties.tabColor = NAVY
    widths = (30, 80, 28, 32)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    book.setup(ws, "Summary", widths, header_row=None)
    rows = 0

    def add(cells: list[Any]) -> None:
        nonlocal rows
        rows += 1
        _fit_row(ws, rows, cells, widths, (True, True, True, False))
        ws.append(cells)

    add([_cell(ws, sc(e.title) or "Engagement", font=s.title)])
    add([_cell(ws, e.client, font=s.subtitle)])
    add([])
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
        add(
            [
                _cell(ws, label, font=s.label, align=s.top),
                _cell(ws, value, align=s.wrap if isinstance(value, str) else s.top, fmt=fmt),
            ]
        )
    add([])
    add([_cell(ws, "Analyses", font=s.section)])
    headers = ["Analysis", "Findings", "Scope", "Sheets"]
    add(_header(ws, headers, s))
    first = rows
    sheets_by_result: dict[int, list[tuple[Table, str]]] = {}
    for result, table, sheet in table_sheets:
        sheets_by_result.setdefault(id(result), []).append((table, sheet))
    for result in results:
        # Each finding beside the sheet(s) its numbers come from; then the sheets no
        # finding quotes, each on a row of its own.
        sheets = sheets_by_result.get(id(result), [])
        lines: list[tuple[str, list[str]]] = []
        cited: set[str] = set()
        findings = findings_naming_wave(result, results)
        sources = findings_tables(findings, [t for t, _n in sheets])
        for finding, found in zip(findings, sources, strict=True):
            named = [sheets[i][1] for i in found]
            cited.update(named)
            lines.append((f"\u2022 {sc(finding)}", named))
        if not lines:
            lines.append(("(no findings)", []))
        lines += [
            (f"Further table: {sc(table.title or sheet)}", [sheet])
            for table, sheet in sheets
            if sheet not in cited
        ]
        for i, (text, named) in enumerate(lines):
            add(
                [
                    _cell(ws, sc(result.title), font=s.bold if i == 0 else None, align=s.wrap),
                    _cell(ws, text, align=s.wrap),
                    _cell(ws, sc(result.scope) or None, align=s.wrap),
                    _link(ws, "; ".join(named), named[0], s) if named else _cell(ws, None),
                ]
            )
    if rows == first:  # a table needs a row under its header, if only an empty one
        add([])
    add_table(ws, book.tables("Summary analyses"), headers, first, rows - first)
    for sentence in book.left_out:
        add([_cell(ws, sc(sentence), font=s.note, align=s.wrap)])
    if raw_sheets:
        add([])
        add([_cell(ws, "Data", font=s.section)])
        headers = ["Sheet", "Holds", "Rows"]
        add(_header(ws, headers, s))
        first = rows
        for key, frame, sheet in raw_sheets:
            n = len(frame) if hasattr(frame, "__len__") else 0
            add(
                [
                    _link(ws, sheet, sheet, s),
                    _cell(ws, sc(book.titles[key][1]), align=s.wrap),
                    _cell(ws, n, align=s.top, fmt="#,##0"),
                ]
            )
        add_table(ws, book.tables("Summary data"), headers, first, rows - first)
    add([])
    add(
        [
            _cell(
                ws,
                "Every table sheet states its scope and, where recorded, the "
                f"{material_word(set(book.material.values()))} and questions behind each "
                "row, with a link to its row of the data.",
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
    wb: Any, book: _Book, name: str, result: AnalysisResult, table: Table
) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    s, sc = book.s, book.sc
    ws = wb.create_sheet(name)
    columns = list(table.columns)
    evidence = bool(table.evidence)
    headers = header_labels([sc(c.label) for c in columns])
    if evidence:
        ids = {str(i) for ev in table.evidence.values() for i in ev.interview_ids}
        kinds = {book.material.get(i, "interview") for i in ids}
        headers = header_labels(
            [
                *headers,
                "Evidence: questions",
                f"Evidence: {material_word(kinds)}",
                "Evidence: first in data",
            ]
        )
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
        widths += [24, 44, 26]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width

    header_row = HEADER_ROW
    ws.freeze_panes = f"A{header_row + 1}"  # write-only: before the first row
    title = sc(table.title or table.name)
    whose = sc(result.title)
    head, _sep, waves = whose.rpartition(": ")
    if head and "\u2192" in waves and waves in (title or ""):  # the waves said once
        whose = head
    full_title = f"{whose} — {title}" if title and title != sc(result.title) else title
    book.setup(ws, full_title or name, widths, header_row=header_row)
    ws.append([_cell(ws, full_title, font=s.title)])
    subtitle = f"Scope: {sc(result.scope)}" if result.scope else ""
    ws.append([_cell(ws, subtitle or None, font=s.subtitle)])
    height = row_height(headers, [w * 0.8 for w in widths], [True] * n_cols)
    if height is not None:  # bold header text: a little more room than body text
        ws.row_dimensions[header_row].height = height + 6
    ws.append(_header(ws, headers, s))

    formats = [_number_format(c) for c in columns]
    # Text wraps where it is long (its column is as wide as text gets) or has line breaks
    # (quotes of several turns): else a PDF shows one line of it over the next rows.
    wrapped = [
        col.kind == "text"
        and (widths[c] >= 60 or any(c < len(row) and "\n" in str(row[c]) for row in table.rows))
        for c, col in enumerate(columns)
    ]
    # Column by column: each distinct value of a column is made into a cell once.
    by_column = []
    for c, col in enumerate(columns):
        align = s.wrap if wrapped[c] else s.top
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
        # A suppressed row names nobody (anonymised): who is in it is what it withholds.
        found = [
            None if book.scrub is not None and suppressed_row(row) else table.evidence.get(r)
            for r, row in enumerate(table.rows)
        ]
        by_column.append(
            [_cell(ws, ", ".join(ev.question_keys) if ev else None, align=s.wrap) for ev in found]
        )
        by_column.append(
            [
                _cell(
                    ws,
                    book.sc(book.evidence.describe(ev.interview_ids)) if ev else None,
                    align=s.wrap,
                )
                for ev in found
            ]  # fmt: skip
        )
        by_column.append([_evidence_cell(ws, book, ev) for ev in found])
    wrapped += [True, True, False] if evidence else []
    rows = zip(*by_column, strict=True) if by_column else ([] for _ in table.rows)
    for r, cells in enumerate(rows, start=header_row + 1):
        _fit_row(ws, r, cells, widths, wrapped)
        ws.append(cells)
    if not table.rows:
        ws.append([])
    last_row = header_row + len(table.rows)
    if n_cols:
        add_table(ws, book.tables(name), headers, header_row, len(table.rows))

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
    row = header_row + max(len(table.rows), 1)
    if notes:
        ws.append([])
        row += 1
        last = get_column_letter(max(n_cols, 1))
        for note in notes:
            row += 1
            _fit_row(ws, row, [note], [sum(widths) * 0.95], [True])
            ws.merged_cells.add(f"A{row}:{last}{row}")
            ws.append([_cell(ws, note, font=s.note, align=s.wrap)])
    ws.append([])
    ws.append([_link(ws, f"← {book.summary}", book.summary, s)])


def _fit_row(ws: Any, row: int, cells: Sequence[Any], widths: Sequence[float],
             wrapped: Sequence[bool]) -> None:  # fmt: skip
    """Give row ``row`` (not yet written) the height its wrapped text needs."""
    texts = [getattr(c, "value", c) for c in cells]
    height = row_height(texts, widths, wrapped)
    if height is not None:
        ws.row_dimensions[row].height = height


def _evidence_cell(ws: Any, book: _Book, ev: Any) -> Any:
    """The first interview behind a row, by respondent and date, linked to its row of the
    raw data (its answer to the first question behind the row, where shown)."""
    if not ev or not ev.interview_ids:
        return None
    first = ev.interview_ids[0]
    location = book.evidence.location(first, list(ev.question_keys))
    return _located(ws, book.sc(book.evidence.reference(first)), location, book.s)


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


_NOTES = {
    "dictionary": "Answer columns are described from their forms; each row links to its column.",
    "respondents": "One row per respondent.",
    "interviews": "One row per interview.",
    "answers": "One row per answer cell; a composite question's parts are its items.",
    "codebook": "One row per code.",
    "segments": "One row per coded segment of text.",
}


def _write_frame_sheet(wb: Any, book: _Book, name: str, key: str, frame: Any) -> None:
    from openpyxl.utils import get_column_letter

    s = book.s
    ws = wb.create_sheet(name)
    columns = header_labels([str(c) for c in frame.columns])
    n_rows = len(frame)
    sample = frame.head(_SAMPLE_ROWS)
    date_formats: dict[int, str] = {}
    widths = []
    for i, col in enumerate(frame.columns):
        values = ["" if v is None else str(excel_safe(v)) for v in sample.iloc[:, i].tolist()]
        widths.append(min(_width([str(col)] + values), 40.0))
        ws.column_dimensions[get_column_letter(i + 1)].width = widths[-1]
        if getattr(frame.iloc[:, i].dtype, "kind", "") == "M":
            times = frame.iloc[:, i].dropna()
            whole_days = bool((times == times.dt.normalize()).all())
            date_formats[i] = "yyyy-mm-dd" if whole_days else "yyyy-mm-dd hh:mm"
    wrapped = [False] * len(widths)
    aligns: list[Any] = [None] * len(widths)
    if key != "dictionary":  # long or multi-line text wraps, wider as the page allows
        wanted = {}
        for i in range(len(widths)):
            wider = _wrapped_width(frame.iloc[:, i], widths[i])
            if wider is not None:
                wrapped[i], aligns[i], wanted[i] = True, s.wrap, wider
        if wanted:  # the other cells of the rows that grow: at the top, beside the text
            aligns = [s.wrap if i in wanted else s.top for i in range(len(widths))]
        spare = width_to_spare(widths)
        for i, wider in wanted.items():
            grown = min(wider - widths[i], spare)
            widths[i] += grown
            spare -= grown
            ws.column_dimensions[get_column_letter(i + 1)].width = widths[i]
    if key == "dictionary":  # a reference to read: long texts wrap in set widths
        fixed = {"sheet": 24, "column": 26, "form": 20, "section": 18, "question": 18,
                 "wording": 46, "type": 16, "scale": 36}  # fmt: skip
        for i, col in enumerate(frame.columns):
            widths[i] = fixed.get(col, widths[i])
            wrapped[i] = col != "sheet"  # a link does not wrap in every spreadsheet
            ws.column_dimensions[get_column_letter(i + 1)].width = widths[i]
    wide = key.startswith(_WIDE_PREFIX)
    ws.freeze_panes = f"{'B' if wide else 'A'}{HEADER_ROW + 1}"  # write-only: before rows
    title = book.sc(book.titles[key][1])
    book.setup(ws, title, widths, header_row=HEADER_ROW, repeat_columns=1 if wide else 0)
    ws.append([_cell(ws, title, font=s.title)])
    note = _NOTES.get(key) or (
        "One row per interview: who, their segment, the wave and the date first, then one "
        "column per answer (see the Data dictionary)."
        if wide
        else ""
    )
    ws.append([_cell(ws, f"{n_rows:,} row{'' if n_rows == 1 else 's'}. {note}".strip(),
                     font=s.subtitle)])  # fmt: skip
    ws.append(_header(ws, columns, s))

    cells = [
        _column_cells(ws, frame.iloc[:, i], book.scrub, date_formats.get(i))
        for i in range(len(frame.columns))
    ]
    if key == "dictionary" and "sheet" in frame.columns:
        cells[list(frame.columns).index("sheet")] = _dictionary_links(ws, book, frame)
    fit = key == "dictionary" and any(wrapped)
    if n_rows and columns and not fit and all(can_write(c) for c in cells):
        # the bulk of a workbook: its rows written as XML from the columns, wrapped text
        # in rows as tall as it needs
        add_table(ws, book.tables(name), columns, HEADER_ROW, n_rows)
        heights = _heights(cells, widths, wrapped) if any(wrapped) else None
        write_rows(ws, HEADER_ROW + 1, cells, aligns=aligns, heights=heights)
        return
    for i, wrap in enumerate(wrapped):
        if wrap:
            cells[i] = [_cell(ws, getattr(c, "value", c), align=s.wrap) for c in cells[i]]
    fit = any(wrapped)
    for r, row in enumerate(zip(*cells, strict=True), start=HEADER_ROW + 1):
        if fit:
            _fit_row(ws, r, row, widths, wrapped)
        ws.append(row)
    if not n_rows:
        ws.append([])
    if columns:
        add_table(ws, book.tables(name), columns, HEADER_ROW, n_rows)


#: The width of a raw sheet's column of long or multi-line text, which wraps.
WRAP_WIDTH = 60.0


def _wrapped_width(series: Any, width: float) -> float | None:
    """The width of a column of text that some value needs more than one line of at
    ``width`` (a line break, or a long line): its longest line's, from ``width`` to
    :data:`WRAP_WIDTH`; None when every value fits on one line."""
    if getattr(series.dtype, "kind", "") not in "OSU":
        return None
    try:
        values = series.dropna().unique()
    except TypeError:  # unhashable values (lists): each on its own
        values = series.dropna().tolist()
    longest, wraps = 0, False
    for value in values:
        if not isinstance(value, str):
            continue
        if "\n" in value:
            wraps = True
            longest = max(longest, *(len(line) for line in value.split("\n")))
        elif len(value) > longest:
            longest = len(value)
    wraps = wraps or text_lines("x" * longest, width) > 1
    return min(max(float(longest + 2), width), WRAP_WIDTH) if wraps else None


def _heights(cells: Sequence[Sequence[Any]], widths: Sequence[float],
             wrapped: Sequence[bool]) -> list[float | None] | None:  # fmt: skip
    """Each row's height for its wrapped text (None: one line), worked out once per
    distinct text of a column; None when every row takes one line."""
    lines = [1] * (len(cells[0]) if cells else 0)
    for column, width, wrap in zip(cells, widths, wrapped, strict=True):
        if not wrap:
            continue
        known: dict[str, int] = {}
        for r, item in enumerate(column):
            value = getattr(item, "value", item)
            if value.__class__ is not str:
                continue
            count = known.get(value)
            if count is None:
                count = known[value] = text_lines(value, width)
            if count > lines[r]:
                lines[r] = count
    if max(lines, default=1) <= 1:
        return None
    return [lines_height(n) for n in lines]


def _dictionary_links(ws: Any, book: _Book, frame: Any) -> list[Any]:
    """The dictionary's sheet column: each row names its sheet and links to the header
    of the column it describes."""
    from openpyxl.utils import get_column_letter

    out = []
    for key, column in zip(frame["sheet"].tolist(), frame["column"].tolist(), strict=True):
        sheet = book.sheet_names.get(key)
        if sheet is None:
            out.append(_safe_cell(ws, key, None))
            continue
        index = book.columns.get(key, {}).get(str(column), 0)
        cell = f"{get_column_letter(index + 1)}{HEADER_ROW}"
        out.append(_link(ws, sheet, sheet, book.s, cell))
    return out


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
    if date_format is not None:  # a styled cell: rows holding the same date share it
        dated: dict[Any, Any] = {}
        out = []
        for value in series.tolist():
            cell = dated.get(value, _FRESH)
            if cell is _FRESH:
                cell = dated[value] = _dated_cell(ws, value, date_format)
            out.append(cell)
        return out
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
