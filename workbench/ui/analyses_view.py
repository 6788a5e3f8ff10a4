"""The Analyses page: pick an analysis, set its options and scope, run it, read the result.

The engagement's EngagementData is loaded once per store change in the background and
filtered by the scope bar (segment, wave, respondent attribute).  Each analysis in the
list carries its applicability for that scope, in the plugin's own words.  The page
follows changes made elsewhere (a completed interview, a new code): it reads the
engagement again in the background when it is shown, keeping the scope and the chosen
analysis.  Runs go through ``ctx.tasks``, never on the UI thread; their progress and
Cancel show inside the page, in place of the previous result.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.api import Analysis, Cancelled, ParamError
from workbench.analysis.labels import completed_phrase
from workbench.analysis.registry import (
    AnalysisFailed,
    NotApplicable,
    Registry,
    compare_waves,
    discover,
    run_analysis,
)
from workbench.plural import plural
from workbench.ui import style
from workbench.ui.analysis_list import (
    ENTRY_ROLE,
    AnalysisDelegate,
    AnalysisListModel,
    CompareWavesDialog,
    Entry,
)
from workbench.ui.figure_canvas import draw_charts, palette_rc
from workbench.ui.param_form import ParamForm
from workbench.ui.result_view import ReportItem, ResultView, stored_selection

Index = QModelIndex | QPersistentModelIndex
DATA_KINDS = {"respondents", "interviews", "answers", "notes", "codes", "segments", "forms"}
_CANCELLED = object()
RUN = ("Run", "Ctrl+R")  # (action text, keys): the shortcuts dialog lists them
CANCEL_KEY = "Esc"


def shared_registry(ctx: Any) -> Registry:
    """One plugin registry per context (discovery reads metadata; plugins load on demand)."""
    registry = ctx.analysis_registry
    if registry is None:
        registry = discover()
        ctx.analysis_registry = registry
    return registry


class RunProgress(QWidget):
    """What the result area shows while an analysis runs: what runs, how far, Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.step = style.muted(QLabel())
        self.step.setTextFormat(Qt.TextFormat.PlainText)
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumWidth(420)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the run (Esc)")
        self.cancel_button.setShortcut(QKeySequence(CANCEL_KEY))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)  # the whole width: a long title wraps, never clips
        layout.addSpacing(6)
        layout.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.step)
        layout.addSpacing(6)
        layout.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.bar.setMinimumWidth(320)
        layout.addStretch(2)

    def start(self, title: str) -> None:
        self.title.setText(title)
        self.step.setText("Starting…")
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)

    def progress(self, fraction: float, message: str) -> None:
        self.bar.setValue(int(fraction * 1000))
        if message:
            self.step.setText(message[:1].upper() + message[1:])


class AnalysesPage(QWidget):
    """Analyses list (left), the chosen analysis and its result (right)."""

    data_loaded = Signal()
    result_shown = Signal(object)  # AnalysisResult
    run_finished = Signal(str)  # "done", "cancelled" or "failed"

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.registry = shared_registry(ctx)
        self.data: Any = None  # the whole engagement
        self.scoped: Any = None  # filtered by the scope bar
        self.result: Any = None
        self.result_view: ResultView | None = None
        self.run_state: Any = None
        self._stale = False
        self._loading: Any = None  # the store being read in the background
        # bumped when another engagement opens: a task's result for an earlier
        # generation (the last engagement) is dropped, never shown on this one
        self._generation = 0
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        self._build()
        # read again when one of the kinds changes (keeping scope, analysis and result),
        # at once while the page is on screen, else when it is next shown
        self.follower = ctx.follow(self, DATA_KINDS, self.refresh, reset=self._forget)
        self.follower.mark_stale()

    def _forget(self) -> None:
        """Another engagement opens: nothing of the last one stays on the page; a run or
        read still going for it is cancelled and its result will be dropped."""
        self._generation += 1
        if self.run_state is not None:
            self.run_state.cancel()
            self.run_finished.emit("cancelled")
        self.run_state = None
        self._loading = None
        self._stale = False
        self._refresh_timer.stop()
        self.data = self.scoped = self.result = None
        self._drop_result()
        self.list_model.set_entries([])
        for combo in (self.segment_combo, self.wave_combo, self.attribute_combo):
            combo.blockSignals(True)
            combo.clear()
            combo.blockSignals(False)
        self.scope_label.setText("")
        self._select()
        self._show_message("Open an engagement to run analyses.")

    # -- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        scope = QHBoxLayout()
        scope.addWidget(QLabel("<b>Scope</b>"))
        self.segment_combo, self.wave_combo, self.attribute_combo = (
            QComboBox(),
            QComboBox(),
            QComboBox(),
        )
        for label, combo in (
            ("Segment", self.segment_combo),
            ("Wave", self.wave_combo),
            ("Respondents", self.attribute_combo),
        ):
            scope.addSpacing(8)
            scope.addWidget(QLabel(label + ":"))
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            # a choice is read whole: the summary beside it wraps before a combo is cut
            combo.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            combo.currentIndexChanged.connect(self._scope_changed)
            scope.addWidget(combo)
        scope.addSpacing(12)
        self.scope_label = QLabel()
        self.scope_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.scope_label.setWordWrap(True)
        scope.addWidget(self.scope_label, 1)
        outer.addLayout(scope)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.list_model = AnalysisListModel(self)
        self.list_view = QListView()
        self.list_view.setModel(self.list_model)
        self.list_view.setItemDelegate(AnalysisDelegate(self.list_view))
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setUniformItemSizes(True)
        self.list_view.setMinimumWidth(280)
        self.list_view.selectionModel().currentChanged.connect(lambda *_: self._select())
        self.list_view.doubleClicked.connect(lambda _i: self.run())
        splitter.addWidget(self.list_view)

        right = QWidget()
        rlay = QVBoxLayout(right)
        rlay.setContentsMargins(12, 0, 0, 0)
        top = QHBoxLayout()
        about = QVBoxLayout()
        self.title_label = QLabel()
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)
        self.description_label = QLabel()
        self.description_label.setTextFormat(Qt.TextFormat.PlainText)
        self.description_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("applicability")
        about.addWidget(self.title_label)
        about.addWidget(self.description_label)
        about.addWidget(self.status_label)
        about.addStretch(1)
        top.addLayout(about, 3)
        self.options_box = QGroupBox("Options")
        box = QVBoxLayout(self.options_box)
        self.form = ParamForm()
        box.addWidget(self.form)
        top.addWidget(self.options_box, 2)
        buttons = QVBoxLayout()
        self.run_action = QAction(RUN[0], self)
        self.run_action.setShortcut(QKeySequence(RUN[1]))
        self.run_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.run_action.triggered.connect(self.run)
        self.addAction(self.run_action)
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Run the analysis on the scope (Ctrl+R)")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.compare_button = QPushButton("Compare waves…")
        self.compare_button.setToolTip("Run the analysis on two waves and show what changed")
        # ``clicked`` passes ``checked``: never let it stand in for the waves
        self.compare_button.clicked.connect(lambda _checked=False: self.compare())
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.compare_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        rlay.addLayout(top)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        rlay.addWidget(line)

        self.result_stack = QStackedWidget()
        self.message_label = QLabel()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.result_stack.addWidget(self.message_label)
        self.progress_panel = RunProgress()
        self.progress_panel.cancel_button.clicked.connect(self.cancel)
        self.result_stack.addWidget(self.progress_panel)
        self.reading_panel = QWidget()
        reading = QVBoxLayout(self.reading_panel)
        reading.addStretch(1)
        self.reading_label = style.muted(QLabel("Reading the engagement…"))
        self.reading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reading_bar = QProgressBar()
        self.reading_bar.setRange(0, 0)  # busy: how long a read takes is not known
        self.reading_bar.setTextVisible(False)
        self.reading_bar.setFixedWidth(320)
        reading.addWidget(self.reading_label)
        reading.addWidget(self.reading_bar, 0, Qt.AlignmentFlag.AlignHCenter)
        reading.addStretch(2)
        self.result_stack.addWidget(self.reading_panel)
        rlay.addWidget(self.result_stack, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 1000])
        outer.addWidget(splitter, 1)
        self._show_message("Open an engagement to run analyses.")
        self._select()

    # -- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the engagement again after a change, keeping scope, analysis and result
        (or for the first time, when nothing has been read yet)."""
        if self.ctx.store is None:
            return
        if self.run_state is not None:
            self._stale = True  # again when the run is over
            return
        if self.data is None:
            self.result_stack.setCurrentWidget(self.reading_panel)
        self._read(keep=self.data is not None)

    def _read(self, keep: bool) -> None:
        store = self.ctx.store
        if self._loading is store:
            self._stale = self._stale or keep
            return
        self._loading = store
        self._stale = False
        registry = self.registry
        generation = self._generation

        def work(state: Any) -> Any:
            from workbench.analysis.loader import load_engagement_data

            data = load_engagement_data(store, state.progress)
            registry.analyses()  # import the plugins off the UI thread
            warm_figures()  # and the charts' drawing library, which a result needs
            return store, data

        self.ctx.tasks.run(
            self,
            "Reading the engagement",
            work,
            lambda payload: self._loaded(payload, keep, generation),
            on_error=lambda exc: self._load_failed(exc, generation),
            on_progress=lambda _f, _m: None,
        )

    def _loaded(
        self, payload: tuple[Any, Any], keep: bool = False, generation: int | None = None
    ) -> None:
        store, data = payload
        if generation is not None and generation != self._generation:
            return  # read for an engagement no longer open
        if self._loading is store:
            self._loading = None
        if store is not self.ctx.store:
            return
        self.data = data
        self.ctx.engagement_data = data
        scope = self.scope() if keep else {}
        self._fill_scope()
        if scope:
            self.set_scope(**scope)
        self._scope_changed()
        if not keep or self.result_view is None and self.run_state is None:
            self._show_message(self._ready_message())
        self.data_loaded.emit()
        if self._stale:  # changed again while reading
            self._refresh_timer.start()

    def _ready_message(self) -> str:
        if self.data is None:
            return "Open an engagement to run analyses."
        if not any(e.ok and e.analysis is not None for e in self.list_model.entries):
            return (
                "No analysis has what it needs yet. Each one in the list says what it is "
                "waiting for; complete interviews on its form and it becomes available here."
            )
        return "Choose an analysis and press Run (Ctrl+R)."

    def _load_failed(self, exc: BaseException, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        self._loading = None
        self._show_message(f"The engagement could not be read: {exc}")

    def _fill_scope(self) -> None:
        data = self.data
        for combo in (self.segment_combo, self.wave_combo, self.attribute_combo):
            combo.blockSignals(True)
            combo.clear()
        self.segment_combo.addItem("All segments", None)
        for name in data.segment_names():
            self.segment_combo.addItem(name, name)
        self.wave_combo.addItem("Latest wave", None)
        self.wave_combo.setItemData(
            0, "Each analysis on the latest wave with data for it", Qt.ItemDataRole.ToolTipRole
        )
        for name in data.waves():
            self.wave_combo.addItem(name, name)
        if len(data.waves()) > 1:
            from workbench.analysis.data import ALL_WAVES

            self.wave_combo.addItem("All waves, each respondent once", ALL_WAVES)
        self.attribute_combo.addItem("All respondents", None)
        resp = data.respondents
        for col in [c for c in resp.columns if c.startswith("attr:")] + ["role", "org_unit"]:
            name = col.removeprefix("attr:")
            values = sorted({str(v) for v in resp[col].dropna() if str(v).strip()})
            if 1 < len(values) <= 30:
                for value in values:
                    self.attribute_combo.addItem(
                        f"{name.replace('_', ' ')} = {value}", (name, value)
                    )
        for combo in (self.segment_combo, self.wave_combo, self.attribute_combo):
            combo.blockSignals(False)

    def scope(self) -> dict[str, Any]:
        out = {
            "segment": self.segment_combo.currentData(),
            "wave": self.wave_combo.currentData(),
            "attribute": self.attribute_combo.currentData(),
        }
        return {k: v for k, v in out.items() if v is not None}

    def set_scope(
        self, segment: str | None = None, wave: str | None = None, attribute: Any = None
    ) -> None:
        for combo, value in (
            (self.segment_combo, segment),
            (self.wave_combo, wave),
            (self.attribute_combo, attribute),
        ):
            combo.setCurrentIndex(max(combo.findData(value), 0))

    def _scope_changed(self) -> None:
        if self.data is None:
            return
        scope = self.scope()
        self.scoped = self.data.filter(**scope) if scope else self.data
        done = self.scoped.interviews
        n_done = int((done["status"] == "complete").sum()) if len(done) else 0
        people = self.scoped.people()[0]
        done_kinds = self.scoped.kinds()
        text = f"{plural(people, 'respondent')} · {completed_phrase(n_done, done_kinds)} in scope"
        if "wave" not in scope and len(self.data.waves_with_data()) > 1:
            text += " · each analysis on its latest wave with data"
        self.scope_label.setText(text)
        self._refresh_entries()

    def _refresh_entries(self) -> None:
        current = self.current_entry()
        entries = []
        for analysis, applicable in self.registry.check_all(self.scoped):
            entries.append(
                Entry(
                    analysis.id,
                    analysis.title,
                    analysis.description,
                    analysis,
                    applicable.ok,
                    applicable.reason,
                )
            )
        entries.sort(key=lambda e: (not e.ok, e.title.casefold()))
        for b in self.registry.broken:
            entries.append(
                Entry(
                    b.name, b.name, "This plugin could not be loaded.", None, False, b.error, True
                )
            )
        self.list_model.set_entries(entries)
        keep = next((i for i, e in enumerate(entries) if current and e.name == current.name), 0)
        if entries:
            self.list_view.setCurrentIndex(self.list_model.index(keep))
        self._select()

    # -- selection ----------------------------------------------------------------------------
    def current_entry(self) -> Entry | None:
        index = self.list_view.currentIndex()
        return index.data(ENTRY_ROLE) if index.isValid() else None

    def select_analysis(self, analysis_id: str) -> bool:
        for row, e in enumerate(self.list_model.entries):
            if e.name == analysis_id or (e.analysis is not None and e.analysis.id == analysis_id):
                self.list_view.setCurrentIndex(self.list_model.index(row))
                return True
        return False

    def _select(self) -> None:
        e = self.current_entry()
        previous = getattr(self, "_form_for", None)
        self.title_label.setText(e.title if e else "")
        self.description_label.setText(e.description if e else "")
        if e is None:
            self.status_label.setText("")
        elif e.broken:
            self.status_label.setText(f"<b>This plugin is broken:</b> {escape(e.reason)}")
        elif e.ok:
            self.status_label.setText("<span>✓ The engagement has what this analysis needs.</span>")
        else:
            self.status_label.setText(f"<b>Not applicable for this scope:</b> {escape(e.reason)}")
        if e is not None and e.analysis is not None and previous != e.name:
            self.form.set_params(e.analysis.params)
            self._form_for = e.name
        if e is not None and e.analysis is not None:
            self.form.set_unused(self._unused_params(e.analysis))
        self.options_box.setVisible(e is not None and e.analysis is not None)
        runnable = (
            e is not None
            and e.analysis is not None
            and e.ok
            and self.data is not None
            and self.run_state is None
        )
        self.run_button.setEnabled(runnable)
        self.run_action.setEnabled(runnable)
        self.compare_button.setEnabled(runnable and self._wave_count() >= 2)

    def _unused_params(self, analysis: Any) -> tuple[str, ...]:
        """The options of ``analysis`` that set nothing on the data in scope (a matrix's
        thresholds where the form cannot draw it): the form hides them."""
        if self.scoped is None:
            return ()
        try:
            params = analysis.resolve_params(self.form.values())
            return tuple(analysis.unused_params(self.scoped, params))
        except Exception:  # noqa: BLE001 - a plugin's failing here hides nothing
            return ()

    def _wave_count(self) -> int:
        """How many waves the engagement's data holds (worked out once per reading of it:
        asked on every choice and at each run's start and end, on the UI thread)."""
        data = self.data
        if data is None:
            return 0
        known = getattr(self, "_waves_of", None)
        if known is None or known[0] is not data:
            known = self._waves_of = (data, len(data.waves()))
        return known[1]

    # -- running ----------------------------------------------------------------------------
    def run(self) -> Any:
        """Run the selected analysis on the scope; returns the task state (or None)."""
        return self._start(None)

    def compare(self, waves: tuple[str, str] | None = None) -> Any:
        """Compare two waves (asks which when ``waves`` is not given)."""
        if self.data is None:
            return None
        if waves is None:
            dialog = CompareWavesDialog(self.data.waves(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            waves = dialog.waves()
        return self._start(waves)

    def _start(self, waves: tuple[str, str] | None) -> Any:
        e = self.current_entry()
        if e is None or e.analysis is None or self.data is None or self.run_state is not None:
            return None
        analysis = e.analysis
        try:
            params = self.form.values()
        except ParamError as exc:
            self._show_message(str(exc))
            return None
        scope = self.scope()
        if waves:
            scope.pop("wave", None)
        store, data = self.ctx.store, self.data
        stale = self._stale or self._loading is not None
        colours, ratio = palette_rc(self.palette()), self.devicePixelRatioF()
        available = result_width(self.result_stack.width())
        self._stale = False

        def work(state: Any) -> Any:
            nonlocal data
            try:
                if stale:
                    from workbench.analysis.loader import load_engagement_data

                    data = load_engagement_data(store)
                subset = data.filter(**scope) if scope else data
                if waves:
                    result = compare_waves(analysis, subset, waves[0], waves[1], params, state)
                else:
                    result = run_analysis(analysis, subset, params, state)
                # the charts drawn here too, at the width they will have: the window
                # only paints them
                charts = draw_charts(result.figures, colours, available, ratio, state)
            except Cancelled:
                return _CANCELLED
            # and whether it is in the report already (the result view's button; asked
            # again on the UI thread if the store cannot say now)
            try:
                in_report = any(i.key() == item.key() for i in stored_selection(store))
            except Exception:  # noqa: BLE001 - e.g. the engagement was closed meanwhile
                in_report = None
            return data, result, charts, in_report

        item = ReportItem(analysis.id, analysis.title, params, dict(scope))
        if waves:
            item = ReportItem(analysis.id, analysis.title, params, dict(scope, waves=list(waves)))
        title = (
            f"Comparing {waves[0]} and {waves[1]}: {analysis.title}…"
            if waves
            else f"Running {analysis.title}…"
        )
        self._drop_result()
        self.progress_panel.start(title)
        self.result_stack.setCurrentWidget(self.progress_panel)
        generation = self._generation

        def progress(fraction: float, message: str) -> None:
            if generation == self._generation:
                self.progress_panel.progress(fraction, message)

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._failed(exc)

        self.run_state = self.ctx.tasks.run(
            self,
            title,
            work,
            lambda payload: self._finished(payload, analysis, item, store, generation),
            on_error=failed,
            on_progress=progress,
        )
        self._select()
        return self.run_state

    def keyPressEvent(self, event: Any) -> None:
        """Escape stops a run from anywhere on the page: in the window the Cancel button's
        own shortcut never fired, whichever widget of the page had the keyboard focus."""
        if event.key() == Qt.Key.Key_Escape and self.run_state is not None:
            self.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def cancel(self) -> None:
        if self.run_state is not None:
            self.run_state.cancel()
            self.progress_panel.step.setText("Stopping…")
            self.progress_panel.cancel_button.setEnabled(False)

    def _finished(
        self,
        payload: Any,
        analysis: Analysis,
        item: ReportItem,
        store: Any = None,
        generation: int | None = None,
    ) -> None:
        if generation is not None and generation != self._generation:
            return  # run for an engagement no longer open (its end was already told)
        self.run_state = None
        if store is not None and store is not self.ctx.store:
            self.run_finished.emit("cancelled")  # another engagement is open now
            if self.ctx.store is not None:
                self.refresh()
            return
        if self._stale:  # changed while running
            self._refresh_timer.start()
        self._select()
        if payload is _CANCELLED:
            self._show_message("The run was cancelled.")
            self.ctx.status.emit("Analysis cancelled.")
            self.run_finished.emit("cancelled")
            return
        data, result, charts, in_report = payload
        if data is not self.data:  # read afresh for the run
            self.data = self.ctx.engagement_data = data
            self._scope_changed()
        self.show_result(
            result, item, analysis.describe_params(result.params, result.unused_params),
            charts, in_report,
            then=lambda: self.run_finished.emit("done"),
        )  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        self.run_state = None
        if self._stale:
            self._refresh_timer.start()
        self._select()
        if isinstance(exc, NotApplicable):
            self._show_message(f"Not applicable for this scope: {exc.reason}")
        elif isinstance(exc, AnalysisFailed | ParamError):
            self._show_message(f"The analysis stopped with an error.\n\n{exc}")
        else:
            self._show_message(
                f"The analysis stopped with an error.\n\n{type(exc).__name__}: {exc}"
            )
        self.run_finished.emit("failed")

    def _drop_result(self) -> None:
        """Take the shown result away (a new run or another engagement replaces it)."""
        old, self.result_view = self.result_view, None
        if old is not None:
            self._let_go(old)

    def _let_go(self, old: ResultView) -> None:
        self.result_stack.removeWidget(old)
        old.deleteLater()
        if not old.complete:  # taken away while being built: its run is over all the same
            old.stop()
            old.built.emit()

    def show_result(
        self,
        result: Any,
        item: ReportItem | None = None,
        describe: str = "",
        charts: list[Any] | None = None,
        in_report: bool | None = None,
        then: Any = None,
    ) -> None:
        """Show ``result``: its title and findings at once, its tables and charts one at a
        time in the next turns of the event loop (the window keeps responding meanwhile);
        ``result_shown`` (and ``then``) once all are there (``then`` alone when the view
        is taken away before that)."""
        old = self.result_view
        self.result = result
        e = self.current_entry()
        repeat = e is not None and e.title == result.title
        view = self.result_view = ResultView(
            self.ctx, result, self.data, item, describe, show_title=not repeat, charts=charts,
            in_report=in_report, staged=True,
        )  # fmt: skip
        self.result_stack.addWidget(view)
        self.result_stack.setCurrentWidget(view)
        if old is not None:
            self._let_go(old)
        self.ctx.current_result = (result, item)

        def built() -> None:
            if self.result_view is view:
                self.result_shown.emit(result)
            if then is not None:
                then()

        view.built.connect(built)

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.result_stack.setCurrentWidget(self.message_label)


def warm_figures() -> None:
    """Import matplotlib and its Agg renderer on the calling (worker) thread and draw a
    small chart with text, ahead of the first result (whose charts are drawn on the
    worker too): the first drawing also reads the fonts, a cost paid here once."""
    from workbench.analysis.result import FigureSpec
    from workbench.ui.figure_canvas import draw_chart

    def draw(figure: Any) -> None:
        ax = figure.add_subplot()
        ax.bar(["a", "b"], [1.0, -1.0], label="warm")
        ax.set_title("Warm")
        ax.legend()

    draw_chart(FigureSpec("warm", "Warm", draw, 2.0, 1.5), {}, 192, 144)


def result_width(stack_width: int) -> int:
    """The width charts get in a result view shown in a stack ``stack_width`` wide: less
    the view's margins and its scroll bar."""
    return max(stack_width - 4 - 12 - 18, 200)
