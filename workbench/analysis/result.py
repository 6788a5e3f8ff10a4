"""AnalysisResult: the plain data an analysis returns.

Three renderers consume it: the result view in the window, the Word section of a
report and the Excel sheets of a workbook.  An analysis is written once and appears
everywhere.  Figures are drawn on demand: a :class:`FigureSpec` holds a function that
draws onto a matplotlib ``Figure`` handed to it, so nothing renders unless shown or
exported, and the result stays free of any GUI toolkit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from workbench.analysis.numbers import display, fmt_number, rounded

ColumnKind = Literal["text", "int", "float", "percent"]


@dataclass(frozen=True)
class Column:
    """A typed table column.

    ``fmt`` is an Excel-style number format (``"0.00"``, ``"0%"``, ``"+0.00;-0.00;0.00"``)
    that the Excel writer uses as is and the other renderers translate.
    ``kind="percent"`` values are fractions (0.25 shows as 25%).
    """

    name: str
    label: str
    kind: ColumnKind = "text"
    fmt: str | None = None
    # True for columns whose values are gaps (negative = worse): renderers colour them.
    diverging: bool = False


@dataclass(frozen=True)
class Evidence:
    """What lies behind a number: the interviews, questions and coded segments."""

    interview_ids: tuple[str, ...] = ()
    question_keys: tuple[str, ...] = ()
    segment_ids: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return not (self.interview_ids or self.question_keys or self.segment_ids)


@dataclass
class Table:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    # Optional: row index -> evidence behind that row's numbers.
    evidence: dict[int, Evidence] = field(default_factory=dict)
    note: str = ""
    # Optional: row index -> why its figures need care (e.g. "rests on fewer than 5
    # respondents"); renderers mark such rows with "†" and print the reasons as notes.
    flags: dict[int, str] = field(default_factory=dict)
    # Optional: row index -> {column index -> the column whose kind and number format that
    # cell is shown with}, for tables whose rows hold different measures (a count, a share
    # and a mean side by side in one comparison).
    cell_formats: dict[int, dict[int, Column]] = field(default_factory=dict)

    def column_at(self, row: int, col: int) -> Column:
        """The column (kind, number format) that cell ``(row, col)`` is shown with."""
        return self.cell_formats.get(row, {}).get(col, self.columns[col])

    def flag_notes(self) -> list[str]:
        """The distinct reasons behind the table's flags, as "† ..." notes."""
        return [f"† {reason}." for reason in dict.fromkeys(self.flags.values())]

    def marker_column(self) -> int:
        """The column whose cell carries a flagged row's "†": the first text column."""
        return next((i for i, c in enumerate(self.columns) if c.kind == "text"), 0)

    def display_cell(self, row: int, col: int) -> str:
        """:meth:`format_cell`, with " †" on a flagged row's marker cell."""
        text = self.format_cell(row, col)
        if row in self.flags and col == self.marker_column():
            return f"{text} †"
        return text

    def column_index(self, name: str) -> int:
        for i, col in enumerate(self.columns):
            if col.name == name:
                return i
        raise KeyError(name)

    def column(self, name: str) -> list[Any]:
        i = self.column_index(name)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        names = [c.name for c in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]

    def format_cell(self, row: int, col: int) -> str:
        return format_value(self.rows[row][col], self.column_at(row, col))

    def cell_value(self, row: int, col: int) -> Any:
        """The cell's value as displayed, as a number (what Excel and ``--json`` store)."""
        return cell_value(self.rows[row][col], self.column_at(row, col))


DrawFunction = Callable[[Any], None]  # receives a matplotlib.figure.Figure


@dataclass
class FigureSpec:
    name: str
    title: str
    draw: DrawFunction
    width_in: float = 6.5
    height_in: float = 4.0
    caption: str = ""

    def render(self, figure: Any | None = None, style: Any = None) -> Any:
        """Draw onto ``figure`` (or a new, unattached matplotlib Figure) in the chart
        style (:class:`workbench.charts.ChartStyle`; the colour-blind-safe default when
        None) and return it: the window and every deliverable draw through here."""
        import matplotlib

        from workbench.charts import DEFAULT, DRAWING, finish

        style = style or DEFAULT
        with DRAWING, matplotlib.rc_context(style.rc()):
            if figure is None:
                from matplotlib.figure import Figure

                figure = Figure(figsize=(self.width_in, self.height_in), layout="constrained")
            self.draw(figure)
            finish(figure, style)
        return figure

    def to_png(self, dpi: int = 150, style: Any = None) -> bytes:
        import io

        from workbench.charts import DRAWING

        buf = io.BytesIO()
        with DRAWING:
            self.render(style=style).savefig(buf, format="png", dpi=dpi)
        return buf.getvalue()


@dataclass
class AnalysisResult:
    analysis_id: str
    title: str
    findings: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[FigureSpec] = field(default_factory=list)
    method_notes: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    # Describes the subset analysed, e.g. "wave: baseline; segment: staff".
    scope: str = ""
    # The one wave the figures rest on (None: pooled, a comparison, or no waves), and its
    # place in the engagement's order of waves.
    wave: str | None = None
    wave_order: int | None = None
    # The parameters the run did not use (they set a part the data did not let it show,
    # e.g. the matrix's thresholds of a form without its questions): the window, the
    # method notes and the workbook leave them out; ``params`` still holds them.
    unused_params: tuple[str, ...] = ()
    # How many respondents the whole result rests on (the people behind its tables'
    # evidence), when known: an anonymised deliverable withholds every finding of a result
    # resting on fewer than k.
    respondents: int | None = None

    def table(self, name: str) -> Table:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "id": self.analysis_id,
            "title": self.title,
            "scope": self.scope,
            "params": {k: _json_value(v) for k, v in self.params.items()},
            "findings": list(self.findings),
            "method_notes": list(self.method_notes),
            "tables": [
                {
                    "name": t.name,
                    "title": t.title,
                    "columns": [c.name for c in t.columns],
                    # The computed values (full precision, for further work) and, beside
                    # them, the text every renderer shows for each (one rounding rule).
                    "rows": [[_json_value(v) for v in row] for row in t.rows],
                    **({"flags": {str(i): r for i, r in t.flags.items()}} if t.flags else {}),
                    "formats": [c.fmt for c in t.columns],
                    **(
                        {
                            "cell_formats": {
                                str(r): {str(c): col.fmt for c, col in cols.items()}
                                for r, cols in t.cell_formats.items()
                            }
                        }
                        if t.cell_formats
                        else {}
                    ),
                    "display": [
                        [t.format_cell(r, c) for c in range(min(len(row), len(t.columns)))]
                        for r, row in enumerate(t.rows)
                    ],
                }
                for t in self.tables
            ],
            "figures": [{"name": f.name, "title": f.title} for f in self.figures],
        }


def _json_value(value: Any) -> Any:
    """Numbers stay numbers (NaN becomes null); numpy scalars become Python ones."""
    if value is None or isinstance(value, bool | str):
        return value
    if hasattr(value, "item") and not isinstance(value, list | tuple | dict):
        value = value.item()
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, int):
        return value
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return str(value)


def format_value(value: Any, column: Column) -> str:
    """The displayed text of a cell: the window, Word, the findings and ``--json`` alike.

    One rule for every renderer (:mod:`workbench.analysis.numbers`): settled at 10
    decimals, rounded half away from zero to the decimals of ``column.fmt``.  A yes/no
    value reads as a word.
    """
    if isinstance(value, bool) or type(value).__name__ in ("bool_", "bool"):  # numpy too
        return "Yes" if value else "No"
    return display(value, column.kind, column.fmt)


def cell_value(value: Any, column: Column) -> Any:
    """The value as displayed, as a number (what the Excel cell and ``--json`` store)."""
    return rounded(value, column.kind, column.fmt)


def fmt_num(value: float, decimals: int = 2, signed: bool = False) -> str:
    """Format a number for a finding sentence (the same rule as the table cells)."""
    return fmt_number(value, decimals, signed)


def rows_from(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> list[list[Any]]:
    return [[rec.get(c.name) for c in columns] for rec in records]


def wave_phrase(wave: str) -> str:
    """``"re-audit"`` → ``"In the re-audit"``; ``"wave 2"`` → ``"In wave 2"``."""
    bare = wave.casefold().startswith("wave") or wave[:1].isdigit()
    return f"In {wave}" if bare else f"In the {wave}"


def findings_naming_wave(result: AnalysisResult, results: Sequence[AnalysisResult]) -> list[str]:
    """``result.findings``, each led by the wave it rests on when that is not the latest
    wave of the ``results`` shown with it ("In the baseline: Gap 5 …" beside re-audit
    figures): a reader must not take an earlier wave's figure for the current one.
    Notes ("† …") are left as they are."""
    order = [r.wave for r in results if r.wave]
    if not result.wave or len(set(order)) < 2 or result.wave == _latest(results):
        return list(result.findings)
    lead = wave_phrase(result.wave)
    return [f if f.startswith("\u2020") else f"{lead}: {f}" for f in result.findings]


def _latest(results: Sequence[AnalysisResult]) -> str | None:
    """The latest wave any of ``results`` rests on (by the order of the waves)."""
    ranked = [(r.wave_order, r.wave) for r in results if r.wave and r.wave_order is not None]
    if ranked:
        return max(ranked)[1]
    waves = [r.wave for r in results if r.wave]
    return waves[-1] if waves else None
