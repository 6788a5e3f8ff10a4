"""One chart style: colour-blind-safe colours by role, a firm template's theme colours,
whole-number colour bars, legends clear of the data and alt text saying what a chart
shows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from matplotlib.colors import to_hex  # noqa: E402

from workbench.analysis.result import FigureSpec  # noqa: E402
from workbench.charts import (  # noqa: E402
    DEFAULT,
    OKABE_ITO,
    describe_figure,
    style_from_template,
    theme_colours,
)


def _bars(fig) -> None:
    ax = fig.add_subplot()
    ax.barh(["Tangibles", "Reliability"], [-0.5, 0.25], color=["#c0392b", "#27ae60"])
    ax.set_xlabel("Gap (P − E)")


def test_the_analyses_colours_become_the_colour_blind_safe_roles():
    figure = FigureSpec("g", "Gaps", _bars).render()
    faces = [to_hex(p.get_facecolor()) for p in figure.axes[0].patches]
    assert faces == [DEFAULT.negative.lower(), DEFAULT.positive.lower()]
    assert DEFAULT.negative == OKABE_ITO[3] and DEFAULT.positive == OKABE_ITO[0]


def test_a_counts_colour_bar_has_whole_number_ticks():
    def heat(fig):
        ax = fig.add_subplot()
        image = ax.imshow(np.array([[0, 1], [1, 0]]), cmap="Reds", vmin=0)
        fig.colorbar(image, ax=ax)

    figure = FigureSpec("h", "Heat", heat).render()
    bar = figure.axes[0].images[0].colorbar
    ticks = list(bar.get_ticks())
    assert ticks == [0.0, 1.0]
    # The heat map is drawn in the style's one-hue ramp, not in red.
    top = figure.axes[0].images[0].get_cmap()(1.0)
    assert to_hex(top) == DEFAULT.primary.lower()


def test_a_legend_covering_data_moves_above_the_plot():
    def covered(fig):
        ax = fig.add_subplot()
        ax.bar([0, 1, 2], [9, 9, 9], label="Expectation")
        ax.bar([0.3, 1.3, 2.3], [8, 8, 8], label="Perception")
        ax.legend(loc="upper left")

    figure = FigureSpec("l", "Legend", covered).render()
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    ax = figure.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y0 >= ax.get_window_extent(renderer).y1 - 1
    for patch in ax.patches:
        assert not legend.overlaps(patch.get_window_extent(renderer))


def test_describe_names_the_categories_and_values_in_reading_order():
    figure = FigureSpec("g", "Gaps", _bars).render()
    figure.canvas.draw()
    text = describe_figure(figure, "Gaps", "Negative = below expectation.")
    assert text == (
        "Chart: Gaps. Horizontal bar chart of Gap (P − E) for Reliability and Tangibles. "
        "Values: Reliability 0.25; Tangibles -0.50. Negative = below expectation."
    )


def _template_with_accent(tmp_path: Path, colour: str) -> Path:
    import re

    from workbench.deliver.word import default_template

    out = tmp_path / "firm.docx"
    with zipfile.ZipFile(default_template()) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("word/theme/"):
                data = re.sub(
                    rb'(<a:accent1>\s*<a:srgbClr val=")[0-9A-Fa-f]{6}',
                    rb"\g<1>" + colour.encode(),
                    data,
                )
            dst.writestr(item, data)
    return out


def test_a_firm_templates_theme_colours_reach_the_charts(tmp_path):
    from docx import Document

    firm = _template_with_accent(tmp_path, "7030A0")
    assert theme_colours(firm)["accent1"] == "#7030A0"
    style = style_from_template(Document(str(firm)), "firm.docx")
    assert style.primary == "#7030A0" and style.palette[0] == "#7030A0"
    figure = FigureSpec("g", "Gaps", _bars).render(style=style)
    faces = [to_hex(p.get_facecolor()) for p in figure.axes[0].patches]
    assert faces[1] == "#7030a0"  # "better" in the firm's main colour


def test_the_report_draws_its_charts_in_the_firm_template_colours(tmp_path, make_ctx):
    from PIL import Image

    from workbench.deliver.word import build_report

    firm = _template_with_accent(tmp_path, "7030A0")
    path = build_report(tmp_path / "r.docx", make_ctx(), template=firm)
    with zipfile.ZipFile(path) as zf:
        pngs = [zf.read(n) for n in zf.namelist() if n.startswith("word/media/")]
    assert pngs
    assert _has_colour(Image.open(io.BytesIO(pngs[0])), (0x70, 0x30, 0xA0))
    plain = build_report(tmp_path / "p.docx", make_ctx())
    with zipfile.ZipFile(plain) as zf:
        png = next(zf.read(n) for n in zf.namelist() if n.startswith("word/media/"))
    assert not _has_colour(Image.open(io.BytesIO(png)), (0x70, 0x30, 0xA0))


def _has_colour(image, rgb) -> bool:
    pixels = np.asarray(image.convert("RGB"), dtype=int).reshape(-1, 3)
    return bool((np.abs(pixels - np.array(rgb)).sum(axis=1) < 12).any())


def test_the_chart_font_is_the_templates_normal_font_when_installed(tmp_path):
    from docx import Document

    from workbench.deliver.word import default_template
    from workbench.deliver.word_fonts import installed_family

    if installed_family("Calibri") is None:
        pytest.skip("neither Calibri nor Carlito is installed")
    style = style_from_template(Document(str(default_template())), "default.docx")
    assert style.font in ("Calibri", "Carlito")
