"""The Report page: choose and order the sections, set the options, export Word or Excel.

The analyses offered are the engagement's report selection (stored in the engagement file,
filled by "Add to report" on a result) plus any analysis added here.  Exports run in the
background through ``ctx.tasks`` and the core functions of ``workbench.deliver.build``
(the same ones the command line uses); afterwards the page offers to open the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.file_dialogs import open_file_name
from workbench.ui.result_view import (
    ReportItem,
    add_to_report,
    remove_from_report,
    report_selection,
)

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_CANCELLED = object()

#: Each deliverable's file ending and the save dialog's filter.
EXPORT_FILES = {
    "word": (".docx", "Word document (*.docx)"),
    "excel": (".xlsx", "Excel workbook (*.xlsx)"),
    "deck": (".pptx", "PowerPoint presentation (*.pptx)"),
}
#: The title of each export's progress dialog.
EXPORT_TITLES = {
    "word": "Exporting the Word report",
    "excel": "Exporting the Excel workbook",
    "deck": "Exporting the slide deck",
}

#: (section key, label); "analyses" is where the selected analysis results go.
FIXED_SECTIONS = (
    ("summary", "Executive summary"),
    ("method", "Scope and method"),
    ("analyses", None),
    ("findings", "Findings and recommendations"),
    ("actions", "Action plan"),
    ("quotes", "Appendix: quotes by code"),
)


def _scope_text(scope: dict[str, Any]) -> str:
    parts = []
    for key, value in scope.items():
        if key == "attribute" and isinstance(value, list | tuple):
            parts.append(f"{value[0]} = {value[1]}")
        elif key == "waves":
            parts.append(" → ".join(value))
        else:
            parts.append(f"{key}: {value}")
    return "; ".join(parts)


class ReportPage(QWidget):
    export_finished = Signal(str, str)  # kind ("word"/"excel"/"deck"), path ("" when not written)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.template: str | None = None
        #: Findings of the last Word export whose figures no longer match their analysis.
        self.finding_warnings: list[str] = []
        #: What the last export said of coded passages on words their text lost
        #: (:func:`workbench.store.passages.export_warning`; filled off the UI thread).
        self.astray: list[str] = []
        #: The slide template of the next deck export (None: the default master).
        self.deck_template: str | None = None
        self.last_path: Path | None = None
        self.export_state: Any = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)

        left = QGroupBox("Sections")
        llay = QVBoxLayout(left)
        hint = QLabel("Tick the sections to include; drag them into the order you want.")
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        llay.addWidget(hint)
        self.sections = QListWidget()
        self.sections.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.sections.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.sections.setAlternatingRowColors(True)
        llay.addWidget(self.sections, 1)
        self.default_hint = QLabel(
            "No analyses chosen yet: the report will hold the service-quality models that "
            "apply (SERVQUAL, the gaps model, total customer service, importance–performance, "
            "the seven sins, satisfaction and loyalty, ITSM maturity), and the code frequency "
            "when the material is coded. Use “Add to report” on a result, or Add analysis, to "
            "choose your own."
        )
        self.default_hint.setWordWrap(True)
        self.default_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        llay.addWidget(self.default_hint)
        row = QHBoxLayout()
        self.add_analysis_button = QPushButton("Add analysis")
        self.add_menu = QMenu(self)
        self.add_menu.setToolTipsVisible(True)
        self.add_menu.aboutToShow.connect(self._fill_add_menu)
        self.add_analysis_button.setMenu(self.add_menu)
        self.remove_button = QPushButton("Remove analysis")
        self.remove_button.clicked.connect(self.remove_selected_analysis)
        row.addWidget(self.add_analysis_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        llay.addLayout(row)
        outer.addWidget(left, 3)

        right = QVBoxLayout()
        options = QGroupBox("Options")
        form = QFormLayout(options)
        self.anonymise = QCheckBox("Anonymise respondents (codes instead of names)")
        form.addRow("", self.anonymise)
        self.wave_combo, self.segment_combo = QComboBox(), QComboBox()
        form.addRow("Wave:", self.wave_combo)
        form.addRow("Segment:", self.segment_combo)
        # Who the deliverable says prepared it; empty: the default its placeholder shows.
        self.prepared_by = QLineEdit()
        self.prepared_by.setMaxLength(200)  # one name at most as long as the settings take
        self.prepared_by.setToolTip(
            "The names on the cover (“Prepared by”) and as the file's author; several "
            "separated by commas. Empty: the engagement's consultants, else your name."
        )
        form.addRow("Prepared by:", self.prepared_by)
        tpl = QHBoxLayout()
        self.template_label = QLabel("Default template")
        self.template_label.setTextFormat(Qt.TextFormat.PlainText)
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_template)
        reset = QPushButton("Default")
        reset.clicked.connect(lambda: self.set_template(None))
        tpl.addWidget(self.template_label, 1)
        tpl.addWidget(choose)
        tpl.addWidget(reset)
        form.addRow("Template:", tpl)
        right.addWidget(options)

        export = QGroupBox("Export")
        elay = QVBoxLayout(export)
        self.word_action = self._action("Export Word report…", "Ctrl+E", self.export_word)
        self.excel_action = self._action(
            "Export Excel workbook…", "Ctrl+Shift+E", self.export_excel
        )
        self.deck_action = self._action("Export slide deck…", "Ctrl+Alt+E", self.export_deck)
        for action in (self.word_action, self.excel_action, self.deck_action):
            keys = QKeySequence(action.data()).toString(QKeySequence.SequenceFormat.NativeText)
            button = QPushButton(f"{action.text()}  ({keys})")
            button.clicked.connect(action.trigger)
            elay.addWidget(button)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_last)
        self.open_button.hide()
        done = QHBoxLayout()
        done.addWidget(self.done_label, 1)
        done.addWidget(self.open_button)
        elay.addLayout(done)
        right.addWidget(export)
        right.addStretch(1)
        outer.addLayout(right, 2)

        self.follower = ctx.follow(
            self, ("report", "respondents", "engagement"), self._catch_up, reset=self.reset
        )
        self.follower.mark_stale()

    def _action(self, text: str, keys: str, slot: Any) -> QAction:
        """The page's export action; its keys are the page's own unless the window has an
        action for them (the File menu's exports, reached from every page): two actions on
        the same keys would leave both silent."""
        action = QAction(text, self)
        action.setData(keys)
        window = self.window()
        taken = window is not self and any(
            QKeySequence(keys) in a.shortcuts() for a in window.findChildren(QAction)
        )
        if not taken:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda: slot())
        self.addAction(action)
        return action

    # -- contents --------------------------------------------------------------------------
    def reload(self) -> None:
        store = self.ctx.store
        self.sections.clear()
        for key, label in FIXED_SECTIONS:
            if label is None:
                self._sync_analyses(at=self.sections.count())
                continue
            item = QListWidgetItem(label)
            item.setData(ITEM_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(Qt.CheckState.Checked)
            self.sections.addItem(item)
        for combo, values, every in (
            (self.wave_combo, [w.name for w in store.waves()] if store else [], "Latest wave"),
            (self.segment_combo, _segments(store), "All segments"),
        ):
            combo.clear()
            combo.addItem(every, None)
            for v in values:
                combo.addItem(v, v)
        if store is not None and len(store.waves()) > 1:
            from workbench.analysis.labels import ALL_WAVES  # (the data module needs pandas)

            self.wave_combo.addItem("All waves, each respondent once", ALL_WAVES)
        self.wave_combo.setItemData(
            0, "Each analysis on the latest wave with data for it", Qt.ItemDataRole.ToolTipRole
        )
        for w in (self.word_action, self.excel_action, self.deck_action, self.add_analysis_button):
            w.setEnabled(store is not None)
        self._show_default_prepared_by()

    def _show_default_prepared_by(self) -> None:
        """The names a deliverable gives when the field is left empty, as its placeholder."""
        from workbench.analysis.numbers import join_names
        from workbench.deliver.build import default_prepared_by

        store = self.ctx.store
        names = default_prepared_by(store) if store is not None else []
        self.prepared_by.setPlaceholderText(
            join_names(names) if names else "Your name (no consultant is named)"
        )

    def reset(self) -> None:
        """Forget the last engagement: its sections, options and the last export."""
        self.sections.clear()
        for combo in (self.wave_combo, self.segment_combo):
            combo.clear()
        self.anonymise.setChecked(False)
        self.prepared_by.clear()
        self.last_path = None
        self.done_label.clear()
        self.open_button.hide()

    def _catch_up(self) -> None:
        changed = self.follower.changed
        if "*" in changed or changed & {"respondents", "engagement"}:
            self.reload()
        elif "report" in changed:
            self._sync_analyses()

    def _analysis_items(self) -> list[QListWidgetItem]:
        return [
            self.sections.item(i)
            for i in range(self.sections.count())
            if isinstance(self.sections.item(i).data(ITEM_ROLE), ReportItem)
        ]

    def _sync_analyses(self, at: int | None = None) -> None:
        """Add list entries for selected analyses not listed yet (after the last one)."""
        present = {item.data(ITEM_ROLE).key() for item in self._analysis_items()}
        if at is None:
            items = self._analysis_items()
            if items:
                at = self.sections.row(items[-1]) + 1
            else:
                keys = [self.sections.item(i).data(ITEM_ROLE) for i in range(self.sections.count())]
                at = keys.index("method") + 1 if "method" in keys else self.sections.count()
        selection = report_selection(self.ctx)
        self.default_hint.setVisible(not selection and not present)
        for report_item in selection:
            if report_item.key() in present:
                continue
            scope = _scope_text(report_item.scope)
            item = QListWidgetItem(
                f"Analysis: {report_item.title}" + (f"  ({scope})" if scope else "")
            )
            item.setData(ITEM_ROLE, report_item)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(Qt.CheckState.Checked)
            item.setToolTip(
                "The report runs this analysis with its options and the scope it was added "
                "with, within the wave and segment chosen under Options."
            )
            self.sections.insertItem(at, item)
            at += 1

    def _fill_add_menu(self) -> None:
        from workbench.ui.analyses_view import shared_registry

        self.add_menu.clear()
        data = self.ctx.engagement_data
        for analysis in shared_registry(self.ctx).analyses():
            action = self.add_menu.addAction(analysis.title)
            if data is not None:
                applicable = analysis.check(data)
                action.setEnabled(applicable.ok)
                action.setToolTip(applicable.reason or analysis.description)
            action.triggered.connect(lambda _c=False, a=analysis: self.add_analysis(a.id))

    def add_analysis(self, analysis_id: str, params: dict[str, Any] | None = None) -> None:
        from workbench.ui.analyses_view import shared_registry

        analysis = shared_registry(self.ctx).get(analysis_id)
        params = analysis.resolve_params(params)
        add_to_report(self.ctx, ReportItem(analysis.id, analysis.title, params, {}))
        self._sync_analyses()

    def remove_selected_analysis(self) -> None:
        item = self.sections.currentItem()
        if item is None or not isinstance(item.data(ITEM_ROLE), ReportItem):
            return
        self.sections.takeItem(self.sections.row(item))
        remove_from_report(self.ctx, item.data(ITEM_ROLE))
        self.default_hint.setVisible(not self._analysis_items())

    def choose_template(self) -> None:
        path, _f = open_file_name(
            self, "Choose a report template", "Word template (*.docx)", kind="word template"
        )
        if path:
            self.set_template(path)

    def set_template(self, path: str | None) -> None:
        self.template = path
        self.template_label.setText(Path(path).name if path else "Default template")
        self.template_label.setToolTip(path or "")

    # -- what to export -----------------------------------------------------------------------
    def options(self) -> Any:
        from workbench.deliver.context import ReportOptions

        sections: list[str] = []
        listed = bool(self._analysis_items())
        for i in range(self.sections.count()):
            item = self.sections.item(i)
            data = item.data(ITEM_ROLE)
            if not listed and data == "findings" and "analyses" not in sections:
                # No analysis is listed: the report holds the default analyses (as the
                # command line's does), where the list would have them.
                sections.append("analyses")
            if item.checkState() != Qt.CheckState.Checked:
                continue
            key = "analyses" if isinstance(data, ReportItem) else data
            if key not in sections:
                sections.append(key)
        if not listed and "analyses" not in sections:
            sections.insert(min(2, len(sections)), "analyses")
        from workbench.deliver.context import split_names

        return ReportOptions(
            sections=sections,
            anonymise=self.anonymise.isChecked(),
            wave=self.wave_combo.currentData(),
            segment=self.segment_combo.currentData(),
            prepared_by=split_names(self.prepared_by.text()) or None,
        )

    def choices(self) -> list[Any] | None:
        """The ticked analyses; None when none is listed, so the export takes the
        analyses a report holds by default (as the command line does)."""
        from workbench.deliver.build import AnalysisChoice

        items = self._analysis_items()
        if not items:
            return None
        return [
            AnalysisChoice(
                item.data(ITEM_ROLE).analysis_id,
                dict(item.data(ITEM_ROLE).params),
                dict(item.data(ITEM_ROLE).scope),
            )
            for item in items
            if item.checkState() == Qt.CheckState.Checked
        ]

    # -- exporting ----------------------------------------------------------------------------
    def export_word(self, path: str | Path | None = None) -> Any:
        return self._export("word", path)

    def export_excel(self, path: str | Path | None = None) -> Any:
        return self._export("excel", path)

    def export_deck(self, path: str | Path | None = None, design: str | None = None) -> Any:
        """The steering-committee deck: the same selection and options; the slide design
        chosen first (the default design or a firm's template), Cancel exporting nothing.
        ``design`` is the answer already given (``ask_slide_design``) when the question
        was asked before this page was shown."""
        if self.ctx.store is None or self.export_state is not None:
            return None
        if path is None and self.deck_template is None:
            choice = design or ask_slide_design(self)
            if choice == "cancel":
                return None
            if choice == "template":
                chosen = choose_slide_template(self)
                if not chosen:
                    return None
                self.deck_template = chosen
        return self._export("deck", path)

    def _export(self, kind: str, path: str | Path | None) -> Any:
        store = self.ctx.store
        if store is None or self.export_state is not None:
            return None
        if path is None:
            path = ask_export_path(self, store, kind, self.anonymise.isChecked())
            if path is None:
                return None
        from workbench.deliver import build
        from workbench.deliver.safety import ExportCancelled

        options, choices, template, target = (
            self.options(),
            self.choices(),
            self.template,
            Path(path),
        )
        deck_template, self.deck_template = self.deck_template, None
        # what this export says (filled as it is written, off the UI thread): coded
        # passages on words their text lost, and the stale figures of its findings
        astray: list[str] = []
        warnings: list[str] = []
        self.astray, self.finding_warnings = astray, warnings
        if options.anonymise:  # written aside, its changes shown, kept when confirmed
            from workbench.ui.anonymised_export import export_with_preview

            chosen_template = deck_template if kind == "deck" else template
            return export_with_preview(self, kind, target, options, choices, chosen_template)

        def work(state: Any) -> Any:
            from workbench.store.passages import export_warning

            astray[:] = export_warning(store)

            def progress(fraction: float, message: str) -> bool:
                # stopped at the next step, the analyses' too (their steps ignore the
                # answer); never once the file is in place (its last step, 1.0)
                if state.cancelled and fraction < 1.0:
                    raise ExportCancelled(message)
                if state.on_progress is not None:
                    state.on_progress(fraction, message)
                return True

            try:
                if kind == "deck":
                    from workbench.deliver.deck import export_deck

                    return export_deck(
                        store,
                        target,
                        options,
                        choices=choices,
                        template=deck_template,
                        progress=progress,
                        warnings=warnings,
                    )
                if kind == "word":
                    return build.export_report(
                        store,
                        target,
                        options,
                        choices=choices,
                        template=template,
                        progress=progress,
                        warnings=warnings,
                    )
                return build.export_workbook(
                    store, target, choices=choices, options=options, progress=progress
                )
            except ExportCancelled:
                return _CANCELLED

        title = EXPORT_TITLES[kind]
        self.done_label.setText("")
        self.open_button.hide()
        self.export_state = self.ctx.tasks.run(
            self,
            title,
            work,
            lambda p: self._exported(kind, p),
            on_error=lambda e: self._failed(kind, e),
        )
        return self.export_state

    def _exported(self, kind: str, written: Any) -> None:
        self.export_state = None
        if written is _CANCELLED:
            what = {"word": "Word report", "excel": "Excel workbook", "deck": "slide deck"}[kind]
            message = f"The {what} export was cancelled; no file was written."
            self.done_label.setText(message)
            self.ctx.status.emit(message)
            self.export_finished.emit(kind, "")
            return
        self.last_path = Path(written)
        what = {"word": "Report", "excel": "Workbook", "deck": "Slide deck"}[kind]
        text = f"{what} written to {self.last_path}"
        if kind in ("word", "deck") and self.finding_warnings:
            # The findings are the consultant's words: the report and the deck give them as
            # written, and the page says which figures no longer match the analysis they cite.
            document = "report" if kind == "word" else "deck"
            text += f"\n\nCheck these findings: their figures no longer match the {document}.\n"
            text += "\n".join(f"\u2022 {line}" for line in self.finding_warnings)
        status = f"{what} written to {self.last_path}"
        if self.astray:  # the passages named, then the sentence that says the fix
            *passages, sentence = self.astray
            text += f"\n\n{sentence}\n" + "\n".join(f"\u2022 {line}" for line in passages)
            status += f". {sentence}"
        self.done_label.setText(text)
        self.open_button.show()
        self.ctx.status.emit(status)
        self.export_finished.emit(kind, str(self.last_path))

    def _failed(self, kind: str, exc: BaseException) -> None:
        self.export_state = None
        self.done_label.setText(export_failure_text(kind, exc))
        self.export_finished.emit(kind, "")

    def open_last(self) -> bool:
        if self.last_path is None:
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path)))


def export_from_window(window: Any, kind: str) -> None:
    """File ▸ Export (Ctrl+E, Ctrl+Shift+E, Ctrl+Alt+E, from every page): the Report page's
    selection and options, as a ``kind`` deliverable ("word", "excel", "deck").

    The questions come at once: the deck's slide design (and its template), then the
    file's name, none of which needs the Store.  Only then is the Report page shown, which
    reads the engagement through the Store: an engagement just opened may still be loading
    it (SQLAlchemy and the models, seconds on a busy laptop), and that wait runs off the
    window's thread, under the progress dialog every export shows.  No key typed into a
    dialog is lost to a window that is not listening."""
    store = window.store
    if store is None or window.property("exportPending"):
        return
    from workbench.ui.type_ahead import TypeAhead

    ahead = TypeAhead.install()  # the name typed at once reaches the save dialog
    try:
        path, template = _ask_for_export(window, store, kind)
    finally:
        ahead.remove()
    if path is None or window.store is not store:
        return

    def export(loaded: Any = None) -> None:
        window.setProperty("exportPending", False)
        if loaded is _CANCELLED or window.store is not store:
            return
        report = window.show_page("report")
        if report.export_state is not None:
            return
        if kind == "deck":
            report.deck_template = template
        getattr(report, f"export_{kind}")(path)

    if getattr(store, "ready", True):
        export()
        return

    def wait(state: Any) -> Any:
        store.loaded()
        return _CANCELLED if state.cancelled else None

    def failed(exc: BaseException) -> None:
        window.setProperty("exportPending", False)
        if page is not None:
            page.done_label.setText(export_failure_text(kind, exc))

    slot = window.pages.slots.get("report")
    page = slot.page if slot is not None else None
    window.setProperty("exportPending", True)
    window.ctx.tasks.run(window, EXPORT_TITLES[kind], wait, export, on_error=failed)


def _ask_for_export(window: Any, store: Any, kind: str) -> tuple[Path | None, str | None]:
    """The export's questions, at once: the deck's slide design (and its template), then
    the file's name.  (None, None) when the consultant cancels, an export is under way or
    the engagement changed meanwhile."""
    slot = window.pages.slots.get("report")
    page = slot.page if slot is not None else None
    if page is not None and page.export_state is not None:
        return None, None  # an export is under way
    load = getattr(store, "load_in_background", None)
    if load is not None:
        load()  # the Store loads while the questions are open
    template = page.deck_template if page is not None else None
    if kind == "deck" and template is None:
        design = ask_slide_design(window)
        if design == "cancel" or window.store is not store:
            return None, None
        if design == "template":
            template = choose_slide_template(window)
            if not template or window.store is not store:
                return None, None
    anonymise = page is not None and page.anonymise.isChecked()
    return ask_export_path(window, store, kind, anonymise), template


def ask_export_path(parent: QWidget, store: Any, kind: str, anonymise: bool) -> Path | None:
    """The file a deliverable is written to, asked with the save dialog (None: Cancel).

    It needs only the engagement's client and title and its file's folder, which an
    engagement just opened gives before its Store has loaded: the dialog opens at once,
    and whatever waits on the Store comes after the name is chosen."""
    from workbench.ui.type_ahead import TypeAhead

    eng = store.engagement()
    stem = f"{eng.client} - {eng.title}".strip(" -") or "report"
    if anonymise:  # a file that says what it is
        stem = f"{stem} (anonymised)"
    suffix, filt = EXPORT_FILES[kind]
    typed = TypeAhead.typed().strip()
    if typed and not any(c in typed for c in "/\\"):
        stem = typed.removesuffix(suffix)  # the name typed before the dialog was up
    folder = Path(getattr(store, "path", ".")).parent
    chosen, _f = QFileDialog.getSaveFileName(
        parent, "Export", str(folder / f"{stem}{suffix}"), filt
    )
    if not chosen:
        return None
    return Path(chosen if chosen.endswith(suffix) else chosen + suffix)


def choose_slide_template(parent: QWidget) -> str:
    """The firm's slide template (.pptx) the consultant chooses; "" when cancelled."""
    chosen, _f = open_file_name(
        parent, "Firm slide template", "PowerPoint (*.pptx)", kind="slide template"
    )
    return chosen


def export_failure_text(kind: str, exc: BaseException) -> str:
    """What the page says when an export fails: the reason in words when it is one the
    consultant can act on (a template, a full disk, a refused choice), else that a fault
    in Workbench stopped it, with the kind of error and where its details are logged."""
    from workbench.deliver.build import DeliverableError
    from workbench.deliver.deck import DeckError
    from workbench.deliver.excel import WorkbookError
    from workbench.deliver.word import ReportError
    from workbench.failures import describe_failure, fault_place, log_fault

    what = {"word": "report", "excel": "workbook", "deck": "slide deck"}.get(kind, kind)
    if isinstance(exc, DeliverableError | ReportError | WorkbookError | DeckError):
        return f"The {what} was not written: {exc}"
    words = describe_failure(exc)
    if words is not None:
        return f"The {what} was not written: {words}"
    logged = log_fault(what, exc)
    where = f"Details are in the log: {logged}" if logged else "The log could not be written."
    return (
        f"The {what} could not be written because of a fault in Workbench "
        f"({fault_place(exc)}); nothing was written. {where}"
    )


def _segments(store: Any) -> list[str]:
    if store is None:
        return []
    return sorted({r.segment for r in store.respondents() if r.segment})


def slide_design_box(parent: Any) -> Any:
    """The question asked before a deck is exported: the default design or a firm's."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setWindowTitle("Slide design")
    box.setText("Which slide design should the deck use?")
    box.setInformativeText(
        "A firm template (.pptx) gives the deck its slide master, fonts and colours. "
        "Return, or typing the file's name, takes the default design."
    )
    default = box.addButton("Use the default slide design", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Choose a firm template…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(default)  # Return, or typing the file's name at once
    from workbench.ui.type_ahead import ANSWERED_BY_TYPING

    box.setProperty(ANSWERED_BY_TYPING, True)
    return box


def ask_slide_design(parent: Any) -> str:
    """``"default"``, ``"template"`` or ``"cancel"``, as the consultant answers."""
    from PySide6.QtWidgets import QMessageBox

    box = slide_design_box(parent)
    box.exec()
    clicked = box.clickedButton()
    if clicked is None or box.buttonRole(clicked) == QMessageBox.ButtonRole.RejectRole:
        return "cancel"
    return "template" if box.buttonRole(clicked) == QMessageBox.ButtonRole.ActionRole else "default"
