"""One chart style for the window and the deliverables.

Every chart of an :class:`~workbench.analysis.result.AnalysisResult` is drawn through
:meth:`FigureSpec.render <workbench.analysis.result.FigureSpec.render>`, which draws
under a :class:`ChartStyle` and then :func:`finish` es the figure:

- **Colours.**  By default a colour-blind-safe palette (Okabe and Ito's): blue for the
  main series and for "better", vermillion for "worse", a neutral grey for a second
  series; a light-to-dark ramp of one hue for heat maps.  The analyses name their colours
  by role through the conventional hex values they draw with (``#2a7ab0`` the main
  series, ``#c0392b`` worse, ``#27ae60`` better …); :func:`finish` replaces each by the
  style's colour for that role, so one style reaches every chart.  With a firm's report
  template the palette comes from the template's theme (its accent colours) and the font
  from its Normal style.
- **Counts.**  A colour bar over whole numbers gets whole-number ticks.
- **Legends.**  A legend inside the plot that covers data moves above it.

:func:`describe_figure` says in words what a drawn chart shows (alt text).

Core module: no Qt; matplotlib is imported inside the functions.
"""

from __future__ import annotations

import re
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common
#: colour-vision deficiency.
#: matplotlib's settings (rcParams) are one global, changed for the length of a drawing
#: (``rc_context``): the window's worker threads and a deliverable's export draw one chart
#: at a time under this lock (re-entrant: a drawing holds it across render and savefig).
DRAWING = threading.RLock()

OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
)

#: The colours the analyses draw with, by the role each stands for.
ROLES: dict[str, str] = {
    "#2a7ab0": "primary",
    "#4e79a7": "primary",
    "#0e7c86": "primary",
    "#95a5a6": "neutral",
    "#c0392b": "negative",
    "#b42318": "negative",
    "#e15759": "negative",
    "#27ae60": "positive",
    "#067647": "positive",
    "#eaf2f8": "tint",
}
_SEQUENTIAL_MAPS = {"Reds", "Blues", "Greens", "Oranges", "Purples", "Greys", "YlOrRd", "viridis"}


@dataclass(frozen=True)
class ChartStyle:
    """The colours and font of every chart."""

    palette: tuple[str, ...] = OKABE_ITO
    primary: str = OKABE_ITO[0]
    positive: str = OKABE_ITO[0]
    negative: str = OKABE_ITO[3]
    neutral: str = "#A3A3A3"
    #: The font family of the chart's text (None: matplotlib's default).
    font: str | None = None
    #: Where the colours came from ("default" or the template's name), for a caption.
    source: str = "default"
    extra_rc: dict[str, Any] = field(default_factory=dict)

    def colour(self, role: str) -> str:
        if role == "tint":
            return _mix(self.primary, "#ffffff", 0.88)
        return {
            "primary": self.primary,
            "positive": self.positive,
            "negative": self.negative,
            "neutral": self.neutral,
        }[role]

    def rc(self) -> dict[str, Any]:
        """matplotlib rcParams for drawing in this style."""
        from cycler import cycler

        rc: dict[str, Any] = {
            "axes.prop_cycle": cycler(color=list(self.palette)),
            "image.cmap": "Blues",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
        if self.font:
            rc["font.family"] = [self.font, "DejaVu Sans"]
        rc.update(self.extra_rc)
        return rc

    def sequential(self) -> Any:
        """A one-hue ramp from near white to the primary colour (heat maps)."""
        from matplotlib.colors import LinearSegmentedColormap

        return LinearSegmentedColormap.from_list(
            "workbench-sequential", ["#f7f7f7", _mix(self.primary, "#ffffff", 0.55), self.primary]
        )


DEFAULT = ChartStyle()


# -- a firm's template: theme colours and the Normal font ------------------------------------


def theme_colours(docx: str | Path | Any) -> dict[str, str]:
    """The colour scheme of a .docx's theme part: ``{"accent1": "#4472C4", "dk2": …}``.

    ``docx`` is a path or an open python-docx Document.  Empty when there is no theme.
    """
    xml = _theme_xml(docx)
    if not xml:
        return {}
    scheme = re.search(r"<a:clrScheme\b.*?</a:clrScheme>", xml, re.S)
    if not scheme:
        return {}
    out = {}
    for name, body in re.findall(r"<a:(\w+)>(.*?)</a:\1>", scheme.group(0), re.S):
        rgb = re.search(r'srgbClr val="([0-9A-Fa-f]{6})"', body)
        sys_rgb = re.search(r'lastClr="([0-9A-Fa-f]{6})"', body)
        value = rgb or sys_rgb
        if value:
            out[name] = "#" + value.group(1).upper()
    return out


def _theme_xml(docx: Any) -> str:
    if isinstance(docx, str | Path):
        with zipfile.ZipFile(docx) as zf:
            names = [n for n in zf.namelist() if re.fullmatch(r"word/theme/theme\d*\.xml", n)]
            return zf.read(sorted(names)[0]).decode("utf-8", "replace") if names else ""
    part = docx.part
    for rel in part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            return rel.target_part.blob.decode("utf-8", "replace")
    return ""


def style_from_template(doc: Any, name: str = "template") -> ChartStyle:
    """The chart style of a firm's template (an open python-docx Document): its theme's
    accent colours as the palette and the first accent as the main colour, its Normal
    style's font.  Colours too light to read on white are left out."""
    colours = theme_colours(doc)
    accents = [colours[f"accent{i}"] for i in range(1, 7) if f"accent{i}" in colours]
    accents = [c for c in accents if _luminance(c) < 0.8]
    font = _normal_font(doc)
    if not accents:
        return replace(DEFAULT, font=font, source=name)
    return ChartStyle(
        palette=tuple(accents),
        primary=accents[0],
        positive=accents[0],
        # "Worse" stays vermillion unless the firm's main colour is close to it.
        negative="#404040" if _close(accents[0], DEFAULT.negative) else DEFAULT.negative,
        neutral=DEFAULT.neutral,
        font=font,
        source=name,
    )


def _normal_font(doc: Any) -> str | None:
    try:
        name = doc.styles["Normal"].font.name
    except KeyError:
        return None
    from workbench.deliver.word_fonts import installed_family

    return installed_family(name) if name else None


# -- finishing a drawn figure ---------------------------------------------------------------


def finish(figure: Any, style: ChartStyle = DEFAULT) -> Any:
    """Apply ``style``'s colours, whole-number colour bars and legends clear of the data
    to a drawn ``figure``; returns it."""
    _recolour(figure, style)
    _integer_colorbars(figure)
    _legends_off_data(figure)
    return figure


def _hex(colour: Any) -> str | None:
    from matplotlib.colors import to_hex

    try:
        return to_hex(colour, keep_alpha=False).lower()
    except (ValueError, TypeError):
        return None


def _swap(colour: Any, style: ChartStyle) -> Any:
    """The style's colour for ``colour``'s role (keeping its alpha), or None."""
    from matplotlib.colors import to_rgba

    key = _hex(colour)
    role = ROLES.get(key or "")
    if role is None:
        return None
    alpha = to_rgba(colour)[3]
    r, g, b, _a = to_rgba(style.colour(role))
    return (r, g, b, alpha)


def _recolour(figure: Any, style: ChartStyle) -> None:
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    for artist in figure.findobj():
        if isinstance(artist, Patch):
            for get, put in (
                (artist.get_facecolor, artist.set_facecolor),
                (artist.get_edgecolor, artist.set_edgecolor),
            ):
                new = _swap(get(), style)
                if new is not None:
                    put(new)
        elif isinstance(artist, Line2D):
            for get, put in (
                (artist.get_color, artist.set_color),
                (artist.get_markerfacecolor, artist.set_markerfacecolor),
                (artist.get_markeredgecolor, artist.set_markeredgecolor),
            ):
                new = _swap(get(), style)
                if new is not None:
                    put(new)
        elif isinstance(artist, Collection):
            for get, put in (
                (artist.get_facecolor, artist.set_facecolor),
                (artist.get_edgecolor, artist.set_edgecolor),
            ):
                colours = get()
                if len(colours):
                    swapped = [_swap(c, style) for c in colours]
                    if any(s is not None for s in swapped):
                        put(
                            [
                                s if s is not None else c
                                for s, c in zip(swapped, colours, strict=True)
                            ]
                        )
        elif isinstance(artist, Text):
            new = _swap(artist.get_color(), style)
            if new is not None:
                artist.set_color(new)
        elif isinstance(artist, AxesImage):
            cmap = artist.get_cmap()
            if getattr(cmap, "name", "") in _SEQUENTIAL_MAPS:
                artist.set_cmap(style.sequential())
                _recolour_cell_labels(artist)


def _recolour_cell_labels(image: Any) -> None:
    """Labels written on heat-map cells: white on the dark cells, black on the light."""
    import numpy as np

    ax = image.axes
    data = np.asarray(image.get_array(), dtype=float)
    if data.ndim != 2 or not ax.texts:
        return
    norm, cmap = image.norm, image.get_cmap()
    for text in ax.texts:
        x, y = text.get_position()
        col, row = int(round(x)), int(round(y))
        if 0 <= row < data.shape[0] and 0 <= col < data.shape[1]:
            value = data[row, col]
            if value == value:
                r, g, b, _a = cmap(norm(value))
                text.set_color("white" if (0.299 * r + 0.587 * g + 0.114 * b) < 0.55 else "black")


def _integer_colorbars(figure: Any) -> None:
    """Whole-number ticks on a colour bar whose image holds only whole numbers (counts)."""
    import numpy as np
    from matplotlib.ticker import MaxNLocator, NullLocator

    for ax in figure.get_axes():
        for image in ax.images:
            bar = getattr(image, "colorbar", None)
            if bar is None:
                continue
            data = np.asarray(np.ma.filled(image.get_array(), np.nan), dtype=float)
            values = data[np.isfinite(data)]
            if not values.size or not np.all(values == np.round(values)):
                continue
            low, high = image.norm.vmin, image.norm.vmax
            ticks = [
                t
                for t in MaxNLocator(integer=True, nbins=6).tick_values(low, high)
                if low - 1e-9 <= t <= high + 1e-9
            ]
            bar.set_ticks(ticks, labels=[str(int(t)) for t in ticks])
            bar.ax.yaxis.set_minor_locator(NullLocator())
            bar.ax.xaxis.set_minor_locator(NullLocator())


def _legends_off_data(figure: Any) -> None:
    """A legend inside a plot that covers any of its data moves above the plot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    legends = [(ax, ax.get_legend()) for ax in figure.get_axes() if ax.get_legend() is not None]
    if not legends:
        return
    if figure.canvas is None or not hasattr(figure.canvas, "get_renderer"):
        FigureCanvasAgg(figure)
    renderer = figure.canvas.get_renderer()
    figure.draw_without_rendering()
    for ax, legend in legends:
        if legend.get_bbox_to_anchor() is not None and _outside(legend, ax, renderer):
            continue
        box = legend.get_window_extent(renderer)
        if any(box.overlaps(b) for b in _data_boxes(ax, renderer)):
            handles, labels = ax.get_legend_handles_labels()
            if handles:
                ax.legend(
                    handles,
                    labels,
                    loc="lower left",
                    bbox_to_anchor=(0.0, 1.01),
                    ncols=min(len(handles), 4),
                    frameon=False,
                    borderaxespad=0.0,
                )


def _outside(legend: Any, ax: Any, renderer: Any) -> bool:
    box = legend.get_window_extent(renderer)
    inner = ax.get_window_extent(renderer)
    return box.y0 >= inner.y1 - 1 or box.y1 <= inner.y0 + 1 or box.x0 >= inner.x1 - 1


def _data_boxes(ax: Any, renderer: Any) -> Iterable[Any]:
    from matplotlib.patches import Rectangle

    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_height() == 0:
            continue
        yield patch.get_window_extent(renderer)
    for line in ax.lines:
        xy = line.get_xydata()
        if len(xy):
            for point in ax.transData.transform(xy):
                from matplotlib.transforms import Bbox

                yield Bbox.from_bounds(point[0] - 3, point[1] - 3, 6, 6)
    for coll in ax.collections:
        offsets = coll.get_offsets()
        if len(offsets):
            from matplotlib.transforms import Bbox

            for point in coll.get_offset_transform().transform(offsets):
                yield Bbox.from_bounds(point[0] - 4, point[1] - 4, 8, 8)


# -- describing a chart (alt text) ------------------------------------------------------------


def describe_figure(figure: Any, title: str = "", caption: str = "") -> str:
    """What a drawn chart shows, in a sentence or two: its kind, its axes, its categories
    and (for bars) the values, with the legend's series."""
    from workbench.analysis.numbers import fmt_number, join_names

    parts = []
    for ax in figure.get_axes():
        if ax.get_label() == "<colorbar>":
            continue
        kind = _kind(ax)
        if kind is None:
            texts = [" ".join(t.get_text().split()) for t in ax.texts if t.get_text().strip()]
            if texts:
                parts.append("A diagram labelled " + join_names(texts[:12]) + ".")
            continue
        x_label = " ".join(ax.get_xlabel().split())
        y_label = " ".join(ax.get_ylabel().split())
        horizontal = kind == "horizontal bar chart"
        categories = _tick_texts(ax.yaxis if horizontal else ax.xaxis)
        sentence = kind[0].upper() + kind[1:]
        measure = x_label if horizontal else y_label
        if measure:
            sentence += f" of {measure}"
        other = y_label if horizontal else x_label
        if kind in ("scatter plot", "line chart") and x_label and y_label:
            sentence = f"{kind[0].upper() + kind[1:]} of {y_label} against {x_label}"
        elif other and not categories:
            sentence += f" by {other}"
        if kind == "heat map":
            rows, cols = _tick_texts(ax.yaxis), _tick_texts(ax.xaxis)
            sentence = "Heat map"
            if rows and cols:
                sentence += (
                    f" of {join_names(rows[:10])} (rows) by {join_names(cols[:10])} (columns)"
                )
        elif categories:
            sentence += f" for {join_names(categories[:12])}"
            if len(categories) > 12:
                sentence += f" and {len(categories) - 12} more"
        sentence += "."
        values = _bar_values(ax) if "bar" in kind else []
        if values and len(values) <= 12:
            whole = all(float(v).is_integer() for _label, v in values)
            pairs = [f"{label} {fmt_number(v, 0 if whole else 2)}" for label, v in values]
            sentence += " Values: " + "; ".join(pairs) + "."
        legend = ax.get_legend()
        if legend is not None:
            series = [t.get_text() for t in legend.get_texts() if t.get_text()]
            if series:
                sentence += " Series: " + join_names(series) + "."
        parts.append(sentence)
    lead = f"Chart: {title}." if title else "Chart."
    text = " ".join([lead, *parts])
    if caption:
        text += f" {caption}"
    return text.strip()


def _kind(ax: Any) -> str | None:
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if ax.images:
        return "heat map"
    if bars:
        horizontal = getattr(bars[0], "orientation", "vertical") == "horizontal"
        return "horizontal bar chart" if horizontal else "bar chart"
    if any(isinstance(c, PathCollection) for c in ax.collections):
        return "scatter plot"
    if ax.name == "polar":
        return "radar chart"
    if [ln for ln in ax.lines if len(ln.get_xdata()) > 2]:
        return "line chart"
    return None


def _bar_values(ax: Any) -> list[tuple[str, float]]:
    """(category, value) of a chart with one series of bars, in reading order (top to
    bottom, left to right); empty when bars and tick labels do not pair up."""
    from matplotlib.container import BarContainer

    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if len(bars) != 1:
        return []
    horizontal = getattr(bars[0], "orientation", "vertical") == "horizontal"
    axis = ax.yaxis if horizontal else ax.xaxis
    labels = {round(float(loc), 6): t.get_text().strip()
              for loc, t in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False)}  # fmt: skip
    out = []
    for patch, value in zip(bars[0].patches, bars[0].datavalues, strict=False):
        centre = (
            patch.get_y() + patch.get_height() / 2
            if horizontal
            else patch.get_x() + patch.get_width() / 2
        )
        label = labels.get(round(float(centre), 6))
        if not label:
            return []
        out.append((centre, label, float(value)))
    top_down = horizontal and not ax.yaxis_inverted()
    out.sort(key=lambda item: -item[0] if top_down else item[0])
    return [(label, value) for _c, label, value in out]


def _tick_texts(axis: Any) -> list[str]:
    """The axis's category labels in reading order: top to bottom, left to right."""
    pairs = [
        (float(loc), " ".join(t.get_text().split()))
        for loc, t in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False)
    ]
    pairs = [(loc, t) for loc, t in pairs if t]
    if not pairs or all(_numeric(t) for _loc, t in pairs):
        return []
    if axis.axis_name == "y":
        top_down = not axis.axes.yaxis_inverted()
        pairs.sort(key=lambda p: -p[0] if top_down else p[0])
    else:
        pairs.sort(key=lambda p: -p[0] if axis.axes.xaxis_inverted() else p[0])
    return [t for _loc, t in pairs]


def _numeric(text: str) -> bool:
    try:
        float(text.replace("\u2212", "-").replace("%", ""))
    except ValueError:
        return False
    return True


# -- colour arithmetic ----------------------------------------------------------------------


def _rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _mix(a: str, b: str, share_b: float) -> str:
    ra, rb = _rgb(a), _rgb(b)
    mixed = [x * (1 - share_b) + y * share_b for x, y in zip(ra, rb, strict=True)]
    return "#" + "".join(f"{round(v * 255):02x}" for v in mixed)


def _luminance(colour: str) -> float:
    r, g, b = _rgb(colour)
    return 0.299 * r + 0.587 * g + 0.114 * b


def _close(a: str, b: str) -> bool:
    return sum(abs(x - y) for x, y in zip(_rgb(a), _rgb(b), strict=True)) < 0.3
