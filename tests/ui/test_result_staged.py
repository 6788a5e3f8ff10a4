"""A result shows its title and findings at once and its tables and charts one at a time
in the next turns of the event loop: the window keeps responding while a result of many
tables and charts is built."""

from __future__ import annotations

from typing import Any

from workbench.analysis.result import AnalysisResult, Column, FigureSpec, Table
from workbench.ui.analyses_view import AnalysesPage
from workbench.ui.context import AppContext
from workbench.ui.result_view import ResultView


def result() -> AnalysisResult:
    tables = [
        Table(f"t{i}", f"Table {i}", [Column("a", "A", "text"), Column("b", "B", "float")],
              [["x", 1.0], ["y", 2.0]])
        for i in range(3)
    ]  # fmt: skip

    def draw(figure: Any) -> None:
        figure.add_subplot().bar(["a", "b"], [1.0, 2.0])

    return AnalysisResult(
        "r", "R", findings=["One finding."], tables=tables,
        figures=[FigureSpec("f", "F", draw, 3.0, 2.0)], method_notes=["A note."],
    )  # fmt: skip


def test_a_staged_view_adds_a_part_per_turn_and_says_when_it_is_whole(qtbot):
    view = ResultView(AppContext(), result(), staged=True)
    qtbot.addWidget(view)
    assert "One finding." in view.findings_label.text()
    assert view.table_views == [] and view.figure_widgets == [] and not view.complete
    with qtbot.waitSignal(view.built, timeout=10000):
        pass
    assert view.complete
    assert [v.table.name for v in view.table_views] == ["t0", "t1", "t2"]
    assert view.tables_tabs.count() == 3 and len(view.figure_widgets) == 1
    assert "A note." in view.notes_label.text()


def test_a_view_built_at_once_is_the_same_view(qtbot):
    view = ResultView(AppContext(), result())
    qtbot.addWidget(view)
    assert view.complete and len(view.table_views) == 3 and len(view.figure_widgets) == 1


def test_a_view_dropped_while_it_is_built_stops_quietly(qtbot):
    view = ResultView(AppContext(), result(), staged=True)
    built: list[bool] = []
    view.built.connect(lambda: built.append(True))
    view.deleteLater()
    qtbot.wait(100)
    assert built == []


def test_the_page_says_a_run_is_done_once_its_result_is_whole(qtbot, ctx, monkeypatch):
    page = AnalysesPage(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    at_show: list[int] = []
    show = page.show_result

    def spy(*args: Any, **kwargs: Any) -> None:
        show(*args, **kwargs)
        at_show.append(len(page.result_view.table_views))

    monkeypatch.setattr(page, "show_result", spy)
    shown: list[Any] = []
    page.result_shown.connect(shown.append)
    assert page.select_analysis("servqual")
    with qtbot.waitSignal(page.run_finished, timeout=30000) as blocker:
        page.run()
    assert blocker.args == ["done"]
    assert at_show == [0]  # the window went on before the first table was added
    view = page.result_view
    assert view.complete and len(view.table_views) == len(page.result.tables) >= 2
    assert shown == [page.result] and page.ctx.current_result[0] is page.result
    page.cancel()
    assert ctx.tasks.wait(10000)


def test_the_page_works_out_the_waves_once_per_reading(qtbot, ctx, monkeypatch):
    page = AnalysesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    calls: list[int] = []
    waves = type(page.data).waves

    def counted(data: Any) -> list[str]:
        calls.append(1)
        return waves(data)

    monkeypatch.setattr(type(page.data), "waves", counted)
    page._waves_of = None
    for name in ("servqual", "seven-sins", "servqual", "itsm-maturity"):
        page.select_analysis(name)
        page._select()
    assert len(calls) == 1
    assert page.compare_button.isEnabled() == (len(waves(page.data)) >= 2)


def test_a_passing_width_near_the_drawn_one_asks_for_no_redraw(qtbot):
    from workbench.ui.figure_canvas import REDRAW_SLACK, FigureWidget

    spec = result().figures[0]
    widget = FigureWidget(spec)
    qtbot.addWidget(widget)
    widget.show()
    drawn = widget.canvas.drawn.width
    widget.resize(drawn + 4 * REDRAW_SLACK, widget.height())  # a passing layout ...
    assert widget._redraw_timer.isActive()
    widget.resize(drawn + REDRAW_SLACK // 2, widget.height())  # ... then back near it
    assert not widget._redraw_timer.isActive() and widget._wanted == drawn
    qtbot.wait(300)
    assert widget.canvas.drawn.width == drawn and not widget._redraws


def test_charts_side_by_side_get_the_width_they_were_drawn_for_whatever_their_titles(qtbot):
    """An unwrapped long title set its chart's least width: of two charts side by side one
    got more than half the room and the other less, and both were drawn again."""
    from workbench.ui.analyses_view import result_width
    from workbench.ui.figure_canvas import REDRAW_SLACK, chart_size, draw_charts, palette_rc

    base = result()
    long_title = "Expectation and perception per dimension, with the gap between them, mean"
    figures = [base.figures[0], FigureSpec("g", long_title, base.figures[0].draw, 6.5, 4.0)]
    shown = AnalysisResult("r", "R", figures=figures)
    stack_width = 728
    view = ResultView(AppContext(), shown)
    charts = draw_charts(figures, palette_rc(view.palette()), result_width(stack_width), 1.0)
    view = ResultView(AppContext(), shown, charts=charts)
    qtbot.addWidget(view)
    view.resize(stack_width, 800)
    view.show()
    qtbot.wait(50)
    widths = [w.canvas.width() for w in view.figure_widgets]
    planned = chart_size(figures[0], result_width(stack_width))[0]
    assert all(abs(w - planned) <= REDRAW_SLACK for w in widths), (widths, planned)
    assert not any(w._redraw_timer.isActive() for w in view.figure_widgets)


def test_a_result_replaced_while_it_is_built_still_ends_its_run(qtbot, ctx):
    page = AnalysesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    ended: list[str] = []
    shown: list[Any] = []
    page.run_finished.connect(ended.append)
    page.result_shown.connect(shown.append)
    first, second = result(), result()
    page.show_result(first, then=lambda: page.run_finished.emit("done"))
    building = page.result_view
    page.show_result(second, then=lambda: page.run_finished.emit("done"))
    assert ended == ["done"] and building.complete and building.table_views == []
    qtbot.waitUntil(lambda: page.result_view.complete, timeout=10000)
    qtbot.wait(50)
    assert ended == ["done", "done"] and shown == [second]
