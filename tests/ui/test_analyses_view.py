"""The Analyses page with real widgets on the demo engagement."""

from __future__ import annotations

import math
import time
from importlib import metadata

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QProgressDialog,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from workbench.analysis.api import Analysis, Applicability, Param
from workbench.analysis.registry import GROUP, Registry
from workbench.analysis.result import format_value
from workbench.ui import analyses_view
from workbench.ui.analyses_view import AnalysesPage
from workbench.ui.context import AppContext
from workbench.ui.param_form import ParamForm
from workbench.ui.result_view import report_selection


class FakeEntryPoint:
    def __init__(self, name: str, target: object) -> None:
        self.name = name
        self.value = f"tests:{name}"
        self._target = target

    def load(self) -> object:
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


class Loop(Analysis):
    id = "loop"
    title = "Loop until cancelled"
    description = "Reports progress until someone presses Cancel."

    def run(self, data, params, state):
        while True:
            state.progress(0.5, "Still looping")
            time.sleep(0.01)


class NeedsSurvey(Analysis):
    id = "needs-survey"
    title = "Needs a survey"
    description = "Never has what it needs."

    def check(self, data):
        return Applicability.no("This engagement has no customer survey yet.")


@pytest.fixture
def ctx(ctx, monkeypatch):
    """The demo engagement, its pages finding three more analyses beside the built-in ones."""
    real = list(metadata.entry_points(group=GROUP))
    fakes = [
        FakeEntryPoint("loop", Loop),
        FakeEntryPoint("needs-survey", NeedsSurvey),
        FakeEntryPoint("broken", ImportError("No module named 'missing_dependency'")),
    ]
    monkeypatch.setattr(analyses_view, "discover", lambda: Registry(real + fakes))
    return ctx


@pytest.fixture
def page(qtbot, ctx):
    widget = AnalysesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1400, 900)
    widget.show()
    qtbot.waitUntil(lambda: widget.data is not None, timeout=30000)
    yield widget
    widget.cancel()
    assert ctx.tasks.wait(10000)


def run_and_wait(qtbot, page, analysis_id: str):
    assert page.select_analysis(analysis_id)
    with qtbot.waitSignal(page.run_finished, timeout=30000) as blocker:
        page.run()
    assert blocker.args == ["done"], page.message_label.text()
    return page.result_view


def test_lists_analyses_with_applicability(page):
    entries = {e.name: e for e in page.list_model.entries}
    assert {"servqual", "seven-sins", "itsm-maturity"} <= set(entries)
    assert entries["servqual"].ok and entries["servqual"].reason == ""
    assert not entries["needs-survey"].ok
    assert "no customer survey" in entries["needs-survey"].reason
    assert entries["broken"].broken and "missing_dependency" in entries["broken"].reason
    # applicable first; the reason is the tooltip
    oks = [e.ok for e in page.list_model.entries if not e.broken]
    assert oks == sorted(oks, reverse=True)
    row = [e.name for e in page.list_model.entries].index("needs-survey")
    tip = page.list_model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert "no customer survey" in tip
    page.select_analysis("needs-survey")
    assert not page.run_button.isEnabled()
    assert "no customer survey" in page.status_label.text()


def test_scope_filters_data(page):
    page.set_scope(segment="staff")
    assert set(page.scoped.respondents["segment"]) == {"staff"}
    wave = page.data.waves()[0]
    page.set_scope(wave=wave)
    assert set(page.scoped.interviews["wave"]) == {wave}
    assert page.scope() == {"wave": wave}


def test_param_form_renders_every_kind_and_returns_typed_values(qtbot):
    form = ParamForm()
    qtbot.addWidget(form)
    form.set_params(
        [
            Param("model", "Model", "choice", "b", choices=(("a", "Model A"), ("b", "Model B"))),
            Param("cut", "Cut-off", "number", 0.7, minimum=0.0, maximum=1.0),
            Param("top", "Top items", "int", 5, minimum=1, maximum=20),
            Param("seg", "By segment", "bool", True),
            Param("coder", "Coder", "text", "ana"),
        ]
    )
    assert isinstance(form.editor("model"), QComboBox)
    assert isinstance(form.editor("cut"), QDoubleSpinBox)
    assert isinstance(form.editor("top"), QSpinBox)
    assert isinstance(form.editor("seg"), QCheckBox)
    assert isinstance(form.editor("coder"), QLineEdit)
    assert form.values() == {"model": "b", "cut": 0.7, "top": 5, "seg": True, "coder": "ana"}
    top = form.editor("top")
    assert (top.minimum(), top.maximum()) == (1, 20)
    form.editor("model").setCurrentIndex(0)
    top.setValue(99)  # clamped by the declared maximum
    form.editor("seg").setChecked(False)
    form.editor("coder").setText("ben")
    values = form.values()
    assert values == {"model": "a", "cut": 0.7, "top": 20, "seg": False, "coder": "ben"}
    assert isinstance(values["top"], int) and isinstance(values["cut"], float)


def test_running_servqual_shows_findings_tables_and_a_chart(qtbot, page, tmp_path):
    from workbench.ui.figure_canvas import ChartImage

    view = run_and_wait(qtbot, page, "servqual")
    result = page.result
    assert result.findings[0] in view.findings_label.text().replace("&#x27;", "'")
    assert len(view.table_views) == len(result.tables)
    for tv in view.table_views:
        table = tv.table
        for r in range(len(table.rows)):
            for c, column in enumerate(table.columns):
                shown = tv.source.index(r, c).data()
                assert shown == format_value(table.rows[r][c], column)
    assert view.figure_widgets and isinstance(view.figure_widgets[0].canvas, ChartImage)
    image = view.figure_widgets[0].canvas.drawn.image  # drawn on the worker, ready to paint
    assert image is not None and not image.isNull()
    png = view.figure_widgets[0].save_to(tmp_path / "chart.png")
    svg = view.figure_widgets[0].save_to(tmp_path / "chart.svg")
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in svg.read_bytes()[:400]
    # numbers right-aligned; gaps tinted; numeric sort
    tv = view.table_views[0]
    gap = tv.table.column_index("gap")
    idx = tv.source.index(0, gap)
    assert idx.data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert idx.data(Qt.ItemDataRole.BackgroundRole) is not None
    tv.sortByColumn(gap, Qt.SortOrder.AscendingOrder)
    shown = [float(tv.proxy.index(r, gap).data()) for r in range(tv.proxy.rowCount())]
    assert shown == sorted(shown)
    # Add to report keeps (analysis id, params, scope)
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    (item,) = report_selection(page.ctx)
    assert item.analysis_id == "servqual" and item.params == result.params
    assert page.ctx.current_result[0] is result


def test_evidence_dialog_opens_for_a_row_with_evidence(qtbot, page):
    view = run_and_wait(qtbot, page, "servqual")
    tv = view.table_views[0]
    view.tables_tabs.setCurrentIndex(0)
    evidence = tv.table.evidence[0]
    source_row = 0
    proxy_index = tv.proxy.mapFromSource(tv.source.index(source_row, 0))
    tv.scrollTo(proxy_index)
    centre = tv.visualRect(proxy_index).center()
    # Qt 6 item views want the press before the double-click
    qtbot.mouseClick(tv.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(tv.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = view.evidence_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert dialog.interviews.rowCount() == len(evidence.interview_ids)
    assert dialog.answers.rowCount() > 0
    labels = {row[2] for row in dialog.answers.rows}
    questions = page.data.questions
    expected = set(questions[questions["question_key"].isin(evidence.question_keys)]["label"])
    assert labels <= expected and labels
    with qtbot.waitSignal(page.ctx.open_interview_requested) as blocker:
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] in evidence.interview_ids


def test_ctrl_c_copies_selection_as_tsv(qtbot, page):
    view = run_and_wait(qtbot, page, "servqual")
    tv = view.table_views[0]
    tv.setFocus()
    model = tv.proxy
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    sel = QItemSelection(model.index(0, 0), model.index(1, 1))
    tv.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(tv, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    expected = "\n".join("\t".join(model.index(r, c).data() for c in range(2)) for r in range(2))
    assert QGuiApplication.clipboard().text() == expected
    assert "\t" in expected


def test_ctrl_r_runs_and_cancel_stops_a_run(qtbot, page):
    view = run_and_wait(qtbot, page, "servqual")
    assert page.select_analysis("loop")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow, timeout=5000)  # shortcuts need the active window
    page.list_view.setFocus()
    with qtbot.waitSignal(page.run_finished, timeout=20000) as blocker:
        qtbot.keyClick(page.list_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        # progress shows inside the page, in place of the previous result; no popup
        panel = page.progress_panel
        assert page.result_stack.currentWidget() is panel
        assert page.result_view is None and page.result_stack.indexOf(view) == -1
        assert panel.title.text() == "Running Loop until cancelled…"
        assert not page.run_button.isEnabled()
        qtbot.waitUntil(lambda: panel.step.text() == "Still looping", timeout=10000)
        assert not [d for d in page.window().findChildren(QProgressDialog) if d.isVisible()]
        qtbot.keyClick(page.list_view, Qt.Key.Key_Escape)  # the panel's Cancel, by key
    assert blocker.args == ["cancelled"]
    assert "cancelled" in page.message_label.text()
    assert page.ctx.tasks.wait(5000)
    assert page.run_button.isEnabled()


def test_compare_waves_button_compares_waves(qtbot, page, monkeypatch):
    assert page.select_analysis("servqual")
    a, b = page.data.waves()[:2]
    monkeypatch.setattr(analyses_view.CompareWavesDialog, "exec", lambda self: 1)
    monkeypatch.setattr(analyses_view.CompareWavesDialog, "waves", lambda self: (a, b))
    with qtbot.waitSignal(page.run_finished, timeout=30000) as blocker:
        qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["done"], page.message_label.text()
    assert f"{a} → {b}" in page.result.title
    assert page.ctx.current_result[1].scope.get("waves") == [a, b]


def test_compare_waves(qtbot, page):
    assert page.select_analysis("servqual")
    a, b = page.data.waves()[:2]
    with qtbot.waitSignal(page.run_finished, timeout=30000) as blocker:
        page.compare((a, b))
    assert blocker.args == ["done"], page.message_label.text()
    assert "→" in page.result.title
    assert page.result_view.table_views


def test_compared_rows_show_one_group_its_change_centred_in_its_interval(qtbot, page, tmp_path):
    """The window's "What changed" reads what the report and --json read: per row the
    means of the people in both waves, their mean change, and the paired interval around
    that change (the change shown was the whole waves' difference, off-centre in its bar)."""
    assert page.select_analysis("servqual")
    a, b = page.data.waves()[:2]
    with qtbot.waitSignal(page.run_finished, timeout=30000) as blocker:
        page.compare((a, b))
    assert blocker.args == ["done"], page.message_label.text()
    view = page.result_view.table_views[0]
    model = view.model()
    shown = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert f"Change\n({b} − {a})" in shown  # no lone "−" at a line's start
    col = {h.replace("\n", " "): i for i, h in enumerate(shown)}
    assert f"{a} mean, everyone in the wave" in col
    def cell(r: int, header: str) -> float:
        return float(model.index(r, col[header]).data())

    for r in range(model.rowCount()):
        mean_a, mean_b = cell(r, f"{a} mean"), cell(r, f"{b} mean")
        change = cell(r, f"Change ({b} − {a})")
        assert change == pytest.approx(mean_b - mean_a, abs=0.011)
        low, high = cell(r, "95% CI low"), cell(r, "95% CI high")
        assert change == pytest.approx((low + high) / 2, abs=0.011)
    page.grab().save(str(tmp_path / "compare.png"))
    print(tmp_path / "compare.png")


def test_not_applicable_run_shows_the_reason(qtbot, page):
    page.set_scope(segment="staff")
    entries = {e.name: e for e in page.list_model.entries}
    blocked = [e for e in entries.values() if not e.ok and not e.broken]
    assert blocked  # at least the fake one
    assert all(e.reason for e in blocked)


def _complete_servqual(store, name: str) -> None:
    from workbench.forms.library import builtin_form

    form = builtin_form("servqual")
    person = store.add_respondent(name, segment="external customer")
    interview = store.new_interview(person.id, form)
    values = {}
    for section in form.sections:
        for q in section.questions:
            if q.type == "pair":
                values[q.key] = {"E": 6, "P": 4}
    store.set_answers(interview.id, values)
    store.update_interview(interview.id, status="complete")


def test_page_follows_interviews_completed_elsewhere(qtbot, tmp_path):
    from workbench.store import create_engagement

    context = AppContext()
    context.set_store(create_engagement(tmp_path / "new.wbk", client="Acme", title="Review"))
    pages = QStackedWidget()  # as in the window: one page shown at a time
    qtbot.addWidget(pages)
    page = AnalysesPage(context)
    other = QWidget()
    pages.addWidget(page)
    pages.addWidget(other)
    pages.resize(1280, 720)
    pages.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    assert page.scope_label.text() == "0 respondents · 0 completed interviews in scope"
    assert page.select_analysis("servqual")
    assert not page.run_button.isEnabled()
    assert "No analysis has what it needs yet" in page.message_label.text()
    for name in ("Ann", "Bob", "Cy"):
        _complete_servqual(context.store, name)
        context.record("interviews")  # what the interview page does when one is completed
    qtbot.waitUntil(
        lambda: page.scope_label.text() == "3 respondents · 3 completed interviews in scope",
        timeout=30000,
    )
    qtbot.waitUntil(page.run_button.isEnabled, timeout=5000)
    assert page.current_entry().name == "servqual"
    # a page put away catches up when it is shown again
    pages.setCurrentWidget(other)
    _complete_servqual(context.store, "Di")
    context.record("interviews")
    qtbot.wait(400)
    assert "3 completed" in page.scope_label.text()  # no reading for a hidden page
    pages.setCurrentWidget(page)
    qtbot.waitUntil(lambda: "4 completed interviews" in page.scope_label.text(), timeout=30000)
    with qtbot.waitSignal(page.run_finished, timeout=30000) as blocker:
        page.run()
    assert blocker.args == ["done"], page.message_label.text()
    context.tasks.wait()
    context.set_store(None)


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_charts_keep_labels_clear_of_each_other_and_legends_off_the_data(qtbot, page):
    page.window().resize(1280, 720)
    view = run_and_wait(qtbot, page, "servqual")
    ep = next(w for w in view.figure_widgets if w.spec.name == "expectation_perception")
    figure = ep.figure  # the figure the image shown was drawn from
    renderer = figure.canvas.get_renderer()
    (ax,) = figure.axes
    labels = ax.get_xticklabels()
    angle = math.radians(labels[0].get_rotation())
    if angle == 0:  # side by side: their boxes must not meet
        ticks = [t.get_window_extent(renderer) for t in labels]
        assert not any(_overlap(a, b) for a, b in zip(ticks, ticks[1:], strict=False))
    else:  # slanted: parallel lines of text at least a line height apart
        xs = [ax.transData.transform((x, 0))[0] for x in ax.get_xticks()]
        line = labels[0].get_fontsize() * figure.dpi / 72
        assert min(b - a for a, b in zip(xs, xs[1:], strict=False)) * math.sin(angle) >= line
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y0 >= ax.get_window_extent(renderer).y1 - 1  # above the plot, not on it
    figure_box = figure.bbox
    assert legend.x0 >= figure_box.x0 and legend.y1 <= figure_box.y1 + 1


def test_itsm_practice_chart_gets_a_line_per_practice_and_the_whole_width(qtbot, page):
    view = run_and_wait(qtbot, page, "itsm-maturity")
    practices = next(w for w in view.figure_widgets if w.spec.name == "practices")
    bars = len(page.result.tables[1].rows)
    line = practices.fontMetrics().height()
    assert practices.canvas.height() >= bars * line  # each practice a readable row
    radar = next(w for w in view.figure_widgets if w.spec.name == "stages_radar")
    assert practices.width() > 1.5 * radar.width()


def test_compare_dialog_wants_two_different_waves(qtbot):
    from workbench.ui.analysis_list import CompareWavesDialog

    dialog = CompareWavesDialog(["baseline", "re-audit"])
    qtbot.addWidget(dialog)
    assert dialog.waves() == ("baseline", "re-audit") and dialog.compare_button.isEnabled()
    dialog.wave_b.setCurrentIndex(0)
    assert not dialog.compare_button.isEnabled() and not dialog.same.isHidden()


def test_compare_dialog_opens_wide_enough_for_its_title(tmp_path, qtbot):
    """The window manager shows "Compare waves — Workbench" in bold beside the window's
    buttons: the dialog opens wide enough for all of it (it was cut to "Comp… bench")."""
    from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication

    from workbench.ui.analysis_list import CompareWavesDialog

    dialog = CompareWavesDialog(["baseline", "re-audit"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    bold = QFont(dialog.font())
    bold.setBold(True)
    shown = f"Compare waves — {QGuiApplication.applicationDisplayName()}"
    assert dialog.width() >= QFontMetrics(bold).horizontalAdvance(shown) + 120
    dialog.grab().save(str(tmp_path / "compare-waves.png"))


def test_a_change_during_a_run_is_read_when_the_run_is_over(qtbot, page):
    assert page.select_analysis("loop")
    with qtbot.waitSignal(page.run_finished, timeout=20000):
        page.run()
        qtbot.waitUntil(lambda: page.progress_panel.step.text() == "Still looping", timeout=10000)
        page.ctx.store.add_respondent("Zoe New", segment="staff")
        page.ctx.record("respondents")
        qtbot.wait(300)  # nothing is read while the run holds the worker
        assert "Zoe New" not in set(page.data.respondents["name"])
        page.cancel()
    qtbot.waitUntil(lambda: "Zoe New" in set(page.data.respondents["name"]), timeout=30000)
    assert page.current_entry().name == "loop"  # the chosen analysis stays chosen


def test_waves_are_never_pooled_and_small_samples_are_marked(qtbot, page):
    """By default an analysis runs on its latest wave with data; "all waves" counts each
    person once; a row on fewer than 5 respondents shows "†" with the reason."""
    from workbench.analysis.data import ALL_WAVES

    assert page.wave_combo.itemText(0) == "Latest wave"
    assert page.wave_combo.findData(ALL_WAVES) > 0
    view = run_and_wait(qtbot, page, "servqual")
    assert page.result.scope == "wave: re-audit"
    assert "over 16 respondents" in page.result.findings[0]
    page.set_scope(wave=ALL_WAVES)
    run_and_wait(qtbot, page, "servqual")
    assert "over 24 respondents" in page.result.findings[0]
    page.set_scope(wave="re-audit")
    view = run_and_wait(qtbot, page, "seven-sins")
    assert page.result.findings[-1].startswith("† Every figure here rests on fewer than 5")
    page.set_scope(segment="management", wave="baseline")  # four managers
    view = run_and_wait(qtbot, page, "itsm-maturity")
    table = page.result.table("stages")
    assert set(table.flags) == set(range(len(table.rows)))
    model = view.table_views[page.result.tables.index(table)].model()
    index = model.index(0, table.marker_column())
    assert model.data(index).endswith(" †")
    assert "† rests on fewer than 5" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_charts_are_drawn_on_the_worker_and_only_painted_by_the_window(qtbot, page, monkeypatch):
    import threading

    from workbench.ui import figure_canvas

    threads = []
    draw = figure_canvas.draw_chart

    def recording(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return draw(*args, **kwargs)

    monkeypatch.setattr(figure_canvas, "draw_chart", recording)
    view = run_and_wait(qtbot, page, "servqual")
    assert len(view.figure_widgets) == len(page.result.figures) >= 2
    assert threads[: len(page.result.figures)] == [False] * len(page.result.figures)
    for widget in view.figure_widgets:
        drawn = widget.canvas.drawn
        assert drawn.image is not None and drawn.figure is widget.figure
        # drawn at about the width it is shown at (the window only paints it)
        assert abs(drawn.width - widget.canvas.width()) <= widget.canvas.width() * 0.25


def test_a_chart_is_drawn_again_off_the_ui_thread_when_its_place_widens(qtbot, page):
    view = run_and_wait(qtbot, page, "servqual")
    widget = view.figure_widgets[0]
    before = widget.canvas.drawn
    page.window().resize(1900, 900)
    qtbot.waitUntil(lambda: widget.canvas.drawn is not before, timeout=20000)
    widget.wait_for_redraws()
    drawn = widget.canvas.drawn
    assert abs(drawn.width - widget.canvas.width()) <= 12
    assert drawn.image.width() >= drawn.width  # device pixels: at least the logical width


def test_tables_in_hidden_tabs_are_laid_out_when_their_tab_is_chosen(qtbot, page):
    view = run_and_wait(qtbot, page, "servqual")
    first, *hidden = view.table_views
    assert first._sized and hidden and not any(tv._sized for tv in hidden)
    view.tables_tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: hidden[0]._sized)
    header = hidden[0].horizontalHeader()
    fm = header.fontMetrics()
    for i in range(header.count()):  # nothing clipped
        text = hidden[0].model().headerData(i, header.orientation())
        assert header.sectionSize(i) >= max(fm.horizontalAdvance(t) for t in text.split("\n"))


def test_a_run_of_the_last_engagement_ending_after_a_switch_leaves_the_new_one_usable(
    qtbot, page, tmp_path, monkeypatch
):
    """Another engagement opened while a run goes on: the run's result (delivered after
    the switch) is dropped and the new engagement's list, scope and Run button are its
    own, not the last one's, nor an empty page waiting for a read that never starts."""
    from workbench.store import create_engagement

    real_run = analyses_view.run_analysis

    def slow_run(*args, **kwargs):
        time.sleep(0.6)  # still running when the other engagement opens
        return real_run(*args, **kwargs)

    monkeypatch.setattr(analyses_view, "run_analysis", slow_run)
    old_scope = page.scope_label.text()
    assert page.select_analysis("servqual")
    state = page.run()
    assert state is not None and page.run_state is not None
    shown: list = []
    page.result_shown.connect(shown.append)
    new = create_engagement(tmp_path / "other.wbk", client="Beta", title="Review")
    page.ctx.set_store(new)  # waits for the worker: the run's result arrives after
    # at once: nothing of the last engagement is shown
    assert page.scope_label.text() != old_scope
    assert page.list_model.entries == [] or page.data is not None
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    qtbot.wait(300)  # let anything left of the old run arrive
    assert page.ctx.tasks.wait(10000)
    qtbot.wait(100)
    assert page.run_state is None
    assert shown == []
    assert page.scope_label.text() == "0 respondents · 0 completed interviews in scope"
    names = {e.name for e in page.list_model.entries}
    assert "servqual" in names
    assert page.message_label.text() == "Choose an analysis and press Run (Ctrl+R)."
    # an analysis that needs nothing of the engagement can be run on it
    assert page.select_analysis("loop")
    assert page.run_button.isEnabled()


def test_another_engagement_clears_the_scope_at_once_and_shows_a_busy_bar_while_read(
    qtbot, page, tmp_path
):
    from workbench.store import create_engagement

    assert "36 respondents" in page.scope_label.text()
    page.ctx.set_store(create_engagement(tmp_path / "other.wbk", client="Beta", title="Review"))
    # before the read ends: none of the last engagement's figures, analyses or scope choices
    assert page.data is None
    assert page.scope_label.text() == ""
    assert page.list_model.entries == []
    assert page.segment_combo.count() == 0
    assert page.result_stack.currentWidget() is page.reading_panel
    assert page.reading_bar.isVisible() and page.reading_bar.maximum() == 0  # busy
    assert not page.run_button.isEnabled()
    page.grab().save(str(tmp_path / "fwin_reading.png"))
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    assert page.scope_label.text() == "0 respondents · 0 completed interviews in scope"
    assert page.result_stack.currentWidget() is page.message_label


def test_scope_counts_survey_responses_as_responses(qtbot, tmp_path):
    import io

    from workbench.cli import main
    from workbench.store import open_engagement

    sheet, wbk = tmp_path / "google.csv", tmp_path / "s.wbk"
    sheet.write_text(
        "Timestamp,name,overall_satisfaction,recommend,intention_to_stay,made_it_easy\n"
        "2022/06/22 11:07:29 AM AST,Ann,5,9,5,6\n2022/06/23 10:07:29 AM AST,Bob,3,6,3,4\n",
        encoding="utf-8",
    )
    assert main(["new", str(wbk), "--client", "Acme", "--title", "S"], out=io.StringIO()) == 0
    assert main(["import", str(wbk), str(sheet), "--form", "satisfaction-loyalty"],
                out=io.StringIO()) == 0  # fmt: skip
    context = AppContext()
    context.set_store(open_engagement(wbk, backup=False))
    page = AnalysesPage(context)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.data is not None, timeout=30000)
    assert page.scope_label.text() == "2 respondents · 2 completed responses in scope"
