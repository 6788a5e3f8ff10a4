"""The charts of the slide deck: native PowerPoint charts built from an analysis result's
table, so that a consultant can restyle them and edit their data in PowerPoint.

:func:`chart_plan` chooses, for one :class:`~workbench.analysis.result.AnalysisResult`,
the table and the kind of chart that tells its story (a bar of the gaps, expected against
actual, a scatter of importance against performance, a 100% bar of the loyalty groups);
:func:`add_native_chart` draws the plan with python-pptx.  Where no native chart type fits
(a heatmap), :func:`add_figure_picture` places the analysis's own matplotlib figure as a
picture with alt text.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.analysis.result import AnalysisResult, FigureSpec, Table
from workbench.deliver.anonymise_tables import is_suppressed
from workbench.deliver.safety import csv_safe, docx_literal

#: Okabe & Ito's palette: told apart with every common colour-vision deficiency.
PALETTE = ("0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "F0E442", "000000")
NEGATIVE, POSITIVE = "D55E00", "0072B2"
#: The most categories one chart shows (the notes say when rows were left off).
MAX_CATEGORIES = 12
FIGURE_DPI = 200


@dataclass
class ChartPlan:
    """What one native chart shows."""

    kind: str  # "bar", "column", "bar_stacked_100", "scatter"
    table: Table
    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    number_format: str = "General"
    #: Single-series charts of gaps: negative bars in one colour, positive in another.
    diverging: bool = False
    #: Scatter only: the axis titles, each point's label and crosshairs (x, y).
    x_title: str = ""
    y_title: str = ""
    point_labels: list[str] = field(default_factory=list)
    crosshairs: tuple[float, float] | None = None
    #: How many rows of the table the chart leaves out (shown in the notes).
    rows_left_out: int = 0


class ChartSuppressed(Exception):
    """The chart would show figures suppressed for anonymity (fewer than k respondents)."""


# analysis id -> (table, category column, value columns, kind); the first that fits wins.
_PREFERRED: dict[str, list[tuple[str, str, tuple[str, ...], str]]] = {
    "servqual": [("dimensions", "dimension", ("gap",), "bar")],
    "gaps-model": [("gaps", "gap", ("score",), "bar")],
    "total-customer-service": [("measures", "measure", ("expected", "actual"), "bar")],
    "seven-sins": [("sins", "sin", ("frequency",), "column")],
    "satisfaction-loyalty": [
        (
            "segments",
            "segment",
            ("loyalists", "mercenaries", "hostages", "defectors"),
            "bar_stacked_100",
        ),
        ("matrix", "group", ("count",), "column"),
    ],
    "itsm-maturity": [
        ("stages", "stage", ("mean",), "bar"),
        ("practices", "practice", ("mean",), "bar"),
    ],
    "code-frequency": [("frequency", "code", ("segments",), "bar")],
    "intercoder-agreement": [("kappa", "code", ("kappa",), "bar")],
}
#: Charts of how respondents fall into groups (the loyalty matrix's loyalists, hostages …),
#: by analysis and table: they show no score, so a title naming a score does not fit them.
GROUP_CHARTS = {("satisfaction-loyalty", "segments"), ("satisfaction-loyalty", "matrix")}


def shows_scores(result: AnalysisResult, title: str) -> bool:
    """Whether the chart the slide titled ``title`` draws for ``result`` shows scores
    (a chart of groups of respondents does not); True when it draws no native chart."""
    try:
        plan = chart_plan(result, title=title)
    except ChartSuppressed:
        return True
    return plan is None or (result.analysis_id, plan.table.name) not in GROUP_CHARTS


# Columns that are counts or intervals, never the value a generic chart shows.
_NOT_VALUES = {"n", "ci_low", "ci_high", "items", "k", "n_paired", "n_a", "n_b", "p"}


def chart_plan(
    result: AnalysisResult, label: Callable[[str], str] = str, title: str = ""
) -> ChartPlan | None:
    """The native chart for ``result``, or None when no native type fits its tables.

    ``label`` turns a table's text into chart text (the anonymiser's ``scrub_label``).
    ``title``, the slide's action title: of the analysis's chartable tables, the one
    whose rows the title names is drawn (its named rows kept), so that the title and the
    chart speak of the same thing.
    Raises :class:`ChartSuppressed` when the table it would draw holds suppressed cells.
    """
    if result.analysis_id == "importance-performance":
        plan = _ipa_plan(result, label)
        if plan is not None:
            return plan
    if result.tables and result.tables[0].name == "changes":
        return _changes_plan(result, label)
    candidates = []
    for table_name, category, values, kind in _PREFERRED.get(result.analysis_id, []):
        table = _table(result, table_name)
        if table is None or not _has(table, category, *values):
            continue
        candidates.append((_named_rows(table, category, title), table, category, values, kind))
    # The table whose rows the title names most, else the preferred order.
    candidates.sort(key=lambda c: -len(c[0]))
    for named, table, category, values, kind in candidates:
        plan = _category_plan(table, category, values, kind, label, named)
        # A single bar compares nothing (one segment, one group): the next table, or
        # the analysis's own figure.
        if plan is not None and len(plan.categories) > 1:
            return plan
    if result.analysis_id in _PREFERRED or any(_is_matrix(t) for t in result.tables):
        return None  # a heatmap or a matrix: the analysis's own figure (or nothing)
    for table in result.tables:
        plan = _generic_plan(table, label)
        if plan is not None:
            return plan
    return None


def _named_rows(table: Table, category: str, title: str) -> set[int]:
    """The rows of ``table`` whose category the title names (whole words, any case)."""
    if not title:
        return set()
    cat = table.column_index(category)
    folded = " " + " ".join(re.findall(r"\w+", title.casefold())) + " "
    out = set()
    for r, row in enumerate(table.rows):
        words = " ".join(re.findall(r"\w+", str(row[cat]).casefold()))
        if words and f" {words} " in folded:
            out.add(r)
    return out


def _table(result: AnalysisResult, name: str) -> Table | None:
    return next((t for t in result.tables if t.name == name), None)


def _has(table: Table, *names: str) -> bool:
    present = {c.name for c in table.columns}
    return all(n in present for n in names)


def _is_matrix(table: Table) -> bool:
    """A code-by-code or respondent-by-code matrix (columns c0, c1, ...)."""
    return sum(1 for c in table.columns if c.name[:1] == "c" and c.name[1:].isdigit()) > 2


def _number(table: Table, row: int, col: int) -> float | None:
    value = table.cell_value(row, col)
    if isinstance(value, str):
        if is_suppressed(value):
            raise ChartSuppressed(table.title)
        return None
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _category_text(text: Any, label: Callable[[str], str], *, leaf: bool = False) -> str:
    text = docx_literal(text).strip()
    if leaf and "/" in text:
        text = text.rsplit("/", 1)[-1].strip()
    text = label(text)
    if len(text) > 48:
        text = text[:46].rstrip() + "…"
    return str(csv_safe(text))


def _category_plan(
    table: Table,
    category: str,
    values: Sequence[str],
    kind: str,
    label: Callable[[str], str],
    named: set[int] | None = None,
) -> ChartPlan | None:
    cat = table.column_index(category)
    cols = [table.column_index(v) for v in values]
    rows = [r for r in range(len(table.rows)) if not str(table.rows[r][cat]).startswith(" ")]
    numbers = {r: [_number(table, r, c) for c in cols] for r in rows}
    rows = [r for r in rows if any(v is not None for v in numbers[r])]
    if not rows:
        return None
    left_out = 0
    if len(rows) > MAX_CATEGORIES:
        # The largest values (a frequency's top, a gap's widest), in the table's order.
        # The rows the slide's title names come first.
        named = named or set()
        keep = sorted(rows, key=lambda r: (r not in named, -abs(numbers[r][0] or 0)))
        keep = keep[:MAX_CATEGORIES]
        left_out = len(rows) - len(keep)
        rows = sorted(keep)
    if kind == "bar" and len(cols) == 1 and table.columns[cols[0]].name == "segments":
        rows = [r for r in rows if (numbers[r][0] or 0) > 0] or rows
    first = table.columns[cols[0]]
    leaf = category == "code"
    return ChartPlan(
        kind=kind,
        table=table,
        title=label(table.title or table.name),
        categories=[_category_text(table.rows[r][cat], label, leaf=leaf) for r in rows],
        series=[
            (label(table.columns[c].label), [numbers[r][i] for r in rows])
            for i, c in enumerate(cols)
        ],
        number_format=first.fmt or ("0%" if first.kind == "percent" else "General"),
        diverging=len(cols) == 1 and first.diverging,
        rows_left_out=left_out,
    )


def _generic_plan(table: Table, label: Callable[[str], str]) -> ChartPlan | None:
    """A bar of the first value column against the first text column, for a table of a
    few rows (an analysis the deck has no preference for)."""
    text = next((c for c in table.columns if c.kind == "text"), None)
    value = next(
        (
            c
            for c in table.columns
            if c.kind in ("float", "percent", "int") and c.name not in _NOT_VALUES
        ),
        None,
    )
    if text is None or value is None or not 2 <= len(table.rows) <= 40:
        return None
    plan = _category_plan(table, text.name, (value.name,), "bar", label)
    return plan if plan is not None and len(plan.categories) > 1 else None


def _changes_plan(result: AnalysisResult, label: Callable[[str], str]) -> ChartPlan | None:
    """A wave comparison: each measure in the first and the latest wave, side by side."""
    table = result.tables[0]
    if not _has(table, "measure", "a", "b"):
        return None
    plan = _category_plan(table, "measure", ("a", "b"), "bar", label)
    if plan is not None:
        waves = result.title.rsplit(": ", 1)[-1].split(" → ")
        if len(waves) == 2:
            plan.series = [(label(w), s[1]) for w, s in zip(waves, plan.series, strict=True)]
    return plan


def _ipa_plan(result: AnalysisResult, label: Callable[[str], str]) -> ChartPlan | None:
    table = _table(result, "attributes")
    if table is None or not _has(table, "attribute", "importance", "performance"):
        return None
    a, imp, perf = (table.column_index(n) for n in ("attribute", "importance", "performance"))
    points = []
    for r in range(len(table.rows)):
        x, y = _number(table, r, perf), _number(table, r, imp)
        if x is not None and y is not None:
            points.append((_category_text(table.rows[r][a], label), x, y))
    if not points:
        return None
    cross = None
    hairs = _table(result, "crosshairs")
    if hairs is not None and _has(hairs, "axis", "value"):
        by_axis = {str(row[0]).casefold(): row[1] for row in hairs.rows}
        try:
            cross = (float(by_axis["performance"]), float(by_axis["importance"]))
        except (KeyError, TypeError, ValueError):
            cross = None
    return ChartPlan(
        kind="scatter",
        table=table,
        title=label(table.title or table.name),
        categories=[p[0] for p in points],
        series=[("Attributes", [p[1] for p in points]), ("Importance", [p[2] for p in points])],
        number_format=table.columns[perf].fmt or "0.00",
        x_title=label(table.columns[perf].label),
        y_title=label(table.columns[imp].label),
        point_labels=[p[0] for p in points],
        crosshairs=cross,
    )


# -- drawing ---------------------------------------------------------------------------------
def add_native_chart(
    slide: Any, plan: ChartPlan, box: tuple[int, int, int, int], *, themed: bool
) -> Any:
    """Draw ``plan`` as a native chart in ``box`` (left, top, width, height in EMU).

    ``themed``: leave the series colours to the template's theme (a firm's accent
    colours); otherwise the colour-blind-safe palette.
    """
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
    from pptx.util import Pt

    if plan.kind == "scatter":
        return _add_scatter(slide, plan, box, themed=themed)
    from pptx.chart.data import CategoryChartData

    data = CategoryChartData(number_format=plan.number_format)
    data.categories = plan.categories
    for name, values in plan.series:
        data.add_series(name, values)
    kind = {
        "bar": XL_CHART_TYPE.BAR_CLUSTERED,
        "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
        "bar_stacked_100": XL_CHART_TYPE.BAR_STACKED_100,
    }[plan.kind]
    frame = slide.shapes.add_chart(kind, *box, data)
    chart = frame.chart
    chart.font.size = Pt(11)
    chart.has_title = False
    multi = len(plan.series) > 1
    chart.has_legend = multi
    if multi:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    crowded = len(plan.categories) * len(plan.series) > 12
    if plan.kind != "bar_stacked_100" and not crowded:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = plan.number_format
        labels.number_format_is_linked = False
        labels.font.size = Pt(10)
    else:
        plot.overlap = 100
    plot.gap_width = 60 if multi else 80
    categories = chart.category_axis
    categories.tick_labels.font.size = Pt(10)
    categories.has_major_gridlines = False
    if plan.kind.startswith("bar"):
        categories.reverse_order = True  # the table's first row at the top
    if plan.diverging:
        # Labels beside the zero line would sit on the bars: keep them at the low edge.
        categories.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    values_axis = chart.value_axis
    values_axis.has_major_gridlines = True
    values_axis.tick_labels.font.size = Pt(10)
    values_axis.tick_labels.number_format = plan.number_format
    values_axis.tick_labels.number_format_is_linked = False
    _value_range(values_axis, plan)
    if not themed:
        for i, series in enumerate(plot.series):
            fill = series.format.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(PALETTE[i % len(PALETTE)])
    if plan.diverging:
        series = plot.series[0]
        series.invert_if_negative = False
        for i, value in enumerate(plan.series[0][1]):
            if value is None:
                continue
            fill = series.points[i].format.fill
            fill.solid()
            fill.fore_color.rgb = _rgb(NEGATIVE if value < 0 else POSITIVE)
    return frame


def _value_range(axis: Any, plan: ChartPlan) -> None:
    if plan.kind == "bar_stacked_100":
        return
    values = [v for _n, s in plan.series for v in s if v is not None]
    if values and min(values) >= 0:
        axis.minimum_scale = 0


def _add_scatter(
    slide: Any, plan: ChartPlan, box: tuple[int, int, int, int], *, themed: bool
) -> Any:
    from pptx.chart.data import XyChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_DATA_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.util import Pt

    xs, ys = plan.series[0][1], plan.series[1][1]
    x_lo, x_hi, x_step = _padded(xs)
    y_lo, y_hi, y_step = _padded(ys)
    data = XyChartData(number_format=plan.number_format)
    points = data.add_series(plan.series[0][0])
    for x, y in zip(xs, ys, strict=True):
        points.add_data_point(x, y)
    if plan.crosshairs is not None:
        cx, cy = plan.crosshairs
        x_lo, x_hi = min(x_lo, cx), max(x_hi, cx)
        y_lo, y_hi = min(y_lo, cy), max(y_hi, cy)
        vertical = data.add_series(f"{plan.x_title} (mean)")
        vertical.add_data_point(cx, y_lo)
        vertical.add_data_point(cx, y_hi)
        horizontal = data.add_series(f"{plan.y_title} (mean)")
        horizontal.add_data_point(x_lo, cy)
        horizontal.add_data_point(x_hi, cy)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, *box, data)
    chart = frame.chart
    chart.font.size = Pt(11)
    chart.has_title = False
    chart.has_legend = False
    series = chart.plots[0].series
    main = series[0]
    main.marker.style = XL_MARKER_STYLE.CIRCLE
    main.marker.size = 10
    if not themed:
        main.marker.format.fill.solid()
        main.marker.format.fill.fore_color.rgb = _rgb(PALETTE[0])
    for i, text in enumerate(plan.point_labels):
        label = main.points[i].data_label
        label.has_text_frame = True
        label.text_frame.text = text
        label.position = XL_DATA_LABEL_POSITION.RIGHT
        label.font.size = Pt(10)
    for hair in list(series)[1:]:
        hair.marker.style = XL_MARKER_STYLE.NONE
        line = hair.format.line
        line.fill.solid()
        line.fill.fore_color.rgb = _rgb("7F7F7F")
        line.width = Pt(1)
        line.dash_style = MSO_LINE_DASH_STYLE.DASH
    for axis, (lo, hi, step), title in (
        (chart.category_axis, (x_lo, x_hi, x_step), plan.x_title),
        (chart.value_axis, (y_lo, y_hi, y_step), plan.y_title),
    ):
        axis.minimum_scale, axis.maximum_scale = lo, hi
        axis.major_unit = step
        axis.has_major_gridlines = False
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        axis.tick_labels.font.size = Pt(10)
    return frame


def _padded(values: Sequence[float | None]) -> tuple[float, float, float]:
    """An axis range around ``values`` with a margin, on multiples of a round step
    (1, 2 or 5 times a power of ten, about five steps), and that step."""
    present = [v for v in values if v is not None]
    lo, hi = min(present), max(present)
    margin = max((hi - lo) * 0.15, abs(hi) * 0.05, 0.1)
    raw = (hi - lo + 2 * margin) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return math.floor((lo - margin) / step) * step, math.ceil((hi + margin) / step) * step, step


def _rgb(hex_: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_)


# -- the fallback: the analysis's own figure ---------------------------------------------------
def figure_png(spec: FigureSpec, scrub: Callable[[str], str] | None) -> bytes:
    """The figure as PNG, every text on it scrubbed when anonymising."""
    from workbench.charts import DRAWING

    with DRAWING:
        figure = spec.render()
        if scrub is not None:
            from workbench.deliver.word_builder import scrub_figure

            scrub_figure(figure, scrub)
        buf = io.BytesIO()
        figure.savefig(buf, format="png", dpi=FIGURE_DPI)
    return buf.getvalue()


def add_figure_picture(
    slide: Any, png: bytes, box: tuple[int, int, int, int], alt_text: str
) -> Any:
    """The picture fitted into ``box`` (aspect kept, centred), with ``alt_text``."""
    from PIL import Image

    left, top, width, height = box
    with Image.open(io.BytesIO(png)) as image:
        w, h = image.size
    scale = min(width / w, height / h)
    pic_w, pic_h = int(w * scale), int(h * scale)
    picture = slide.shapes.add_picture(
        io.BytesIO(png),
        left + (width - pic_w) // 2,
        top + (height - pic_h) // 2,
        pic_w,
        pic_h,
    )
    picture._element.nvPicPr.cNvPr.set("descr", docx_literal(alt_text)[:1000])
    return picture
