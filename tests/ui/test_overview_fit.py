"""The Overview fits the window from 1,000 to 1,600 px wide: the chart's legend wraps
instead of running off the chart, and nothing of the page is pushed off to the right."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtWidgets import QScrollArea

from workbench.ui.main_window import MainWindow
from workbench.ui.wave_chart import WaveChart


def visible_in(area: QScrollArea, widget, rect: QRectF) -> bool:
    """Whether ``rect`` (in ``widget``'s coordinates) is wholly inside the scroll area's
    viewport, i.e. on screen without scrolling sideways."""
    top_left = widget.mapTo(area.viewport(), QPoint(int(rect.left()), int(rect.top())))
    shown = QRect(top_left, rect.size().toSize())
    return area.viewport().rect().contains(shown)


@pytest.fixture
def styled():
    """The window as a consultant sees it: with the product's stylesheet (the cards'
    padding and title sizes), put back as it was afterwards."""
    from PySide6.QtWidgets import QApplication

    from workbench.ui import style

    app = QApplication.instance()
    before = app.styleSheet()
    style.apply(app)
    yield
    app.setStyleSheet(before)


@pytest.mark.parametrize("width", [1000, 1100, 1280, 1600])
def test_every_legend_entry_is_inside_the_chart_and_on_screen(
    qtbot, ctx, tmp_path, width, styled
):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(width, 760)
    window.show()
    qtbot.waitExposed(window)
    page = window.show_page("overview")
    chart = page.chart
    qtbot.waitUntil(lambda: bool(chart.segments))
    area = page.findChild(QScrollArea)
    # the chart grows for its legend's rows once its data is in; the page's layout follows
    # on a later turn of the event loop (later still on a loaded machine)
    qtbot.waitUntil(
        lambda: all(visible_in(area, chart, rect) for _l, _c, rect in chart.legend_entries()),
        timeout=5000,
    )
    entries = chart.legend_entries()
    assert [label for label, _c, _r in entries] == [
        "external customer", "internal customer", "management", "staff"
    ]  # fmt: skip
    inside = QRectF(chart.rect())
    for label, _colour, rect in entries:
        assert inside.contains(rect), (label, rect, chart.size())
        assert visible_in(area, chart, rect), (label, rect)
    # the page needs no scrolling sideways: nothing is cut at the right
    assert area.horizontalScrollBar().maximum() == 0
    window.grab().save(str(tmp_path / f"overview_{width}.png"))


def test_the_legend_wraps_into_rows_that_fit_and_the_chart_grows_for_them(qtbot):
    chart = WaveChart()
    qtbot.addWidget(chart)
    segments = ["external customer", "internal customer", "management", "staff"]
    counts = {("baseline", s): 3 for s in segments}
    chart.set_data(["baseline"], segments, counts)
    wide, narrow = chart.heightForWidth(900), chart.heightForWidth(260)
    assert narrow > wide  # more legend rows need more height
    chart.resize(260, narrow)
    chart.show()
    qtbot.waitExposed(chart)
    entries = chart.legend_entries()
    rows = sorted({round(r.top()) for _l, _c, r in entries})
    assert len(rows) >= 2
    for label, _colour, rect in entries:
        assert QRectF(chart.rect()).contains(rect), (label, rect)
    # a label longer than the chart is shortened to fit, never cut by the edge
    chart.set_data(["baseline"], ["a segment with a very long name indeed, longer than all"], {})
    chart.resize(160, chart.heightForWidth(160))
    ((label, _colour, rect),) = chart.legend_entries()
    assert label.endswith("…")
    assert QRectF(chart.rect()).contains(rect)


def test_the_progress_table_names_segments_as_stored() -> None:
    """One spelling everywhere: the overview's table of segments writes a segment as the
    Codebook, the workbook and the report do; an unset one is "No segment"."""
    from workbench.ui.overview import _segment_name

    assert _segment_name("internal customer") == "internal customer"
    assert _segment_name("") == "No segment"
