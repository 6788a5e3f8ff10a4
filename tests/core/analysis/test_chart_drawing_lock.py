"""Charts are drawn one at a time: matplotlib's settings are one global that a drawing
changes for its length, and the window's workers and a deliverable's export draw on
threads of their own."""

from __future__ import annotations

import threading

from workbench.analysis.result import FigureSpec
from workbench.charts import DRAWING


def _bars(figure) -> None:
    ax = figure.add_subplot()
    ax.bar(["a", "b"], [1, 2])


def test_a_drawing_waits_while_another_holds_the_lock() -> None:
    spec = FigureSpec("bars", "Bars", _bars)
    done = threading.Event()

    def draw() -> None:
        spec.to_png(dpi=30)
        done.set()

    with DRAWING:
        worker = threading.Thread(target=draw)
        worker.start()
        assert not done.wait(0.5), "a chart was drawn while another drawing held the settings"
    assert done.wait(30)
    worker.join()


def test_the_lock_is_reentrant_for_render_inside_a_drawing() -> None:
    spec = FigureSpec("bars", "Bars", _bars)
    with DRAWING:
        figure = spec.render()
    assert figure.axes
