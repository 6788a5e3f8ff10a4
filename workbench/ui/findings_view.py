"""The Findings page: the register of findings and recommendations and the action plan.

Both registers are item models over the store, edited in place (combo delegates for
severity, effort, impact and PDCA stage; a checklist for a recommendation's findings).
Every change goes through ``ctx.edit`` so it can be undone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.store.findings import LEVELS, PDCA_STAGES, SEVERITIES
from workbench.ui import style
from workbench.ui.evidence import RowsModel, plain_table
from workbench.ui.file_dialogs import save_file_name
from workbench.ui.findings_models import (
    ID_ROLE,
    ComboDelegate,
    FindingLinksDelegate,
    FindingsModel,
    RecommendationsModel,
    register_table,
)

Index = QModelIndex | QPersistentModelIndex
IMPACT_RANK = {"high": 0, "medium": 1, "low": 2}
#: The edits that can change what a finding's cited analysis gives.
STALE_KINDS = frozenset(
    {"answers", "interviews", "respondents", "forms", "report", "engagement", "segments", "codes"}
)
#: A pause before the check, so that a run of edits starts one check.
STALE_CHECK_DELAY_MS = 300


class FindingsPage(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.findings_model = FindingsModel(self)
        self.recs_model = RecommendationsModel(self)
        self.plan_model = RowsModel(
            ["Stage", "#", "Recommendation", "Findings", "Owner", "Effort", "Impact", "Timing"],
            parent=self,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.tabs = QTabWidget()
        self.empty = style.muted(
            QLabel(
                "No findings yet — Add finding writes one; link the analysis results and "
                "coded segments behind it."
            )
        )
        layout.addWidget(self.empty)
        self.stale_label = QLabel()
        self.stale_label.setWordWrap(True)
        self.stale_label.hide()
        layout.addWidget(self.stale_label)
        layout.addWidget(self.tabs)

        register = QSplitter(Qt.Orientation.Vertical)
        self.findings_view = register_table(self.findings_model, 1)
        self.findings_view.setItemDelegateForColumn(2, ComboDelegate(SEVERITIES, self))
        self.findings_view.doubleClicked.connect(self._open_evidence)
        self.add_finding_button = QPushButton("Add finding")
        self.add_finding_button.clicked.connect(self.add_finding)
        self.trash_finding_button = QPushButton("Move to trash")
        self.trash_finding_button.clicked.connect(self.trash_selected_finding)
        self.link_result_button = QPushButton("Link current result")
        self.link_result_button.setToolTip(
            "Attach the analysis result on the Analyses page as evidence for the selected finding"
        )
        self.link_result_button.clicked.connect(lambda: self.link_current_result())
        self.link_segment_button = QPushButton("Link coded segment…")
        self.link_segment_button.clicked.connect(lambda: self.link_segment())
        register.addWidget(
            _group(
                "Findings",
                self.findings_view,
                [self.add_finding_button, self.link_result_button, self.link_segment_button],
                self.trash_finding_button,
            )
        )
        self.recs_view = register_table(self.recs_model, 1)
        for col, choices in ((4, LEVELS), (5, LEVELS), (7, PDCA_STAGES)):
            self.recs_view.setItemDelegateForColumn(col, ComboDelegate(choices, self))
        self.recs_view.setItemDelegateForColumn(2, FindingLinksDelegate(self))
        self.add_rec_button = QPushButton("Add recommendation")
        self.add_rec_button.clicked.connect(self.add_recommendation)
        self.trash_rec_button = QPushButton("Move to trash")
        self.trash_rec_button.clicked.connect(self.trash_selected_recommendation)
        register.addWidget(
            _group("Recommendations", self.recs_view, [self.add_rec_button], self.trash_rec_button)
        )
        style.empty_message(
            self.findings_view,
            "No findings yet. “Add finding” writes one; link the analysis result on screen "
            "or a coded segment to it as evidence.",
        )
        style.empty_message(
            self.recs_view,
            "No recommendations yet. “Add recommendation” writes one and ties it to the "
            "findings it answers.",
        )
        self.tabs.addTab(register, "Findings and recommendations")

        self.plan_view = plain_table(self.plan_model, 2)
        self.export_plan_button = QPushButton("Export action plan to Excel…")
        self.export_plan_button.clicked.connect(lambda: self.export_action_plan())
        hint = QLabel("Recommendations by PDCA stage, the highest impact first.")
        style.empty_message(
            self.plan_view,
            "The action plan lists the recommendations by PDCA stage; there are none yet.",
        )
        self.tabs.addTab(_group("", self.plan_view, [self.export_plan_button], hint), "Action plan")

        delete = QShortcut(QKeySequence.StandardKey.Delete, self)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.activated.connect(self._delete_focused)
        for view in (self.findings_view, self.recs_view):
            view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        # Findings quoting a figure their cited analysis no longer gives: checked on the
        # worker thread (the analyses take seconds) when the page is on screen and the
        # findings or the data they rest on have changed.
        self._stale_state: Any = None
        self._stale_due = True
        self._stale_generation = 0
        self._stale_timer = QTimer(self, singleShot=True, interval=STALE_CHECK_DELAY_MS)
        self._stale_timer.timeout.connect(self.check_figures)
        ctx.store_changed.connect(lambda _s: self.reload())
        ctx.data_changed.connect(self._data_changed)
        self.reload()

    # -- models ----------------------------------------------------------------------------
    @property
    def store(self) -> Any:
        return self.ctx.store

    def _data_changed(self, kind: str) -> None:
        if kind == "findings":
            self.reload()
        elif kind in STALE_KINDS:
            self._figures_changed()

    def reload(self) -> None:
        store = self.store
        self.findings_model.reload(store)
        self._figures_changed()
        self.recs_model.reload(store, self.findings_model.rows)
        recs = sorted(
            enumerate(self.recs_model.rows, start=1),
            key=lambda nr: (
                PDCA_STAGES.index(nr[1].pdca_stage) if nr[1].pdca_stage in PDCA_STAGES else 9,
                IMPACT_RANK.get(nr[1].impact, 9),
                nr[0],
            ),
        )
        numbers = self.recs_model.finding_numbers
        self.plan_model.set_rows(
            [
                [
                    r.pdca_stage.capitalize(),
                    f"R{n}",
                    r.text,
                    ", ".join(numbers.get(f.id, "?") for f in r.findings),
                    r.owner,
                    r.effort,
                    r.impact,
                    r.timing,
                ]
                for n, r in recs
            ],
            [r.id for _n, r in recs],
        )
        for w in (
            self.add_finding_button,
            self.add_rec_button,
            self.export_plan_button,
        ):
            w.setEnabled(store is not None)
        self.empty.setVisible(store is not None and not self.findings_model.rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Buttons that act on the selected finding or recommendation need one."""
        finding = self.store is not None and self._selected(self.findings_view) is not None
        self.trash_finding_button.setEnabled(finding)
        self.link_segment_button.setEnabled(finding)
        self.link_result_button.setEnabled(
            self.store is not None and self.ctx.current_result is not None
        )
        self.trash_rec_button.setEnabled(
            self.store is not None and self._selected(self.recs_view) is not None
        )

    def showEvent(self, event: Any) -> None:
        self._update_buttons()
        super().showEvent(event)
        if self._stale_due:
            self._stale_timer.start()

    # -- figures that no longer match their analysis ------------------------------------------
    def _figures_changed(self) -> None:
        """The findings or what their analyses read changed: check again (now if on
        screen, else when next shown); a check under way is cancelled."""
        self._stale_due = True
        self._stale_generation += 1
        if self._stale_state is not None:
            self._stale_state.cancel()
            self._stale_state = None
        if self.store is None or not self.findings_model.rows:
            self._stale_due = False
            self._show_stale({})
            return
        if self.isVisible():
            self._stale_timer.start()

    def check_figures(self) -> Any:
        """Compare each finding's figures with the analyses it cites on the worker thread,
        as the report's preparation does; the register marks those that no longer match."""
        from workbench.deliver.finding_status import cites_an_analysis, stale_findings

        store, generation = self.store, self._stale_generation
        self._stale_due = False
        if store is None or not cites_an_analysis(self.findings_model.rows):
            self._show_stale({})
            return None
        self.stale_label.setText("Checking the findings' figures against their analyses…")
        self.stale_label.setStyleSheet("")
        self.stale_label.show()

        def done(stale: dict[str, list[str]]) -> None:
            if generation == self._stale_generation and store is self.store:
                self._stale_state = None
                self._show_stale(stale)

        def failed(exc: BaseException) -> None:
            if generation == self._stale_generation:
                self._stale_state = None
                self.stale_label.setText(f"The findings' figures could not be checked: {exc}")

        self._stale_state = self.ctx.tasks.run(
            self,
            "Checking the findings' figures",
            lambda state: stale_findings(store, progress=state.progress),
            done,
            on_error=failed,
            on_progress=lambda _f, _m: None,  # no dialog: the page says it is checking
        )
        return self._stale_state

    def _show_stale(self, stale: dict[str, list[str]]) -> None:
        self.findings_model.set_stale(stale)
        n = sum(1 for f in self.findings_model.rows if f.id in stale)
        if n:
            self.stale_label.setText(
                "⚠ 1 finding quotes a figure its analysis no longer gives; hover over its "
                "number to see what the analysis gives now."
                if n == 1
                else f"⚠ {n} findings quote figures their analyses no longer give; hover over "
                "a marked number to see what the analysis gives now."
            )
            self.stale_label.setStyleSheet(f"color: {style.error_colour(self)}")
        self.stale_label.setVisible(bool(n))

    def _selected(self, view: QTableView) -> str | None:
        index = view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    # -- edits (all undoable) -----------------------------------------------------------------
    def add_finding(self, statement: str = "New finding", severity: str = "medium") -> None:
        store, made = self.store, {}

        def redo() -> None:
            if "id" in made:
                store.restore_finding(made["id"])
            else:
                made["id"] = store.add_finding(statement, severity).id

        self.ctx.edit("Add finding", redo, lambda: store.trash_finding(made["id"]), "findings")
        self._edit_last(self.findings_view, 1)

    def update_finding(self, finding_id: str, **fields: Any) -> None:
        store = self.store
        old = {f: getattr(self._finding(finding_id), f) for f in fields}
        self.ctx.edit(
            "Edit finding",
            lambda: store.update_finding(finding_id, **fields),
            lambda: store.update_finding(finding_id, **old),
            "findings",
        )

    def trash_selected_finding(self) -> None:
        fid, store = self._selected(self.findings_view), self.store
        if fid:
            self.ctx.edit(
                "Move finding to trash",
                lambda: store.trash_finding(fid),
                lambda: store.restore_finding(fid),
                "findings",
            )

    def add_recommendation(self, text: str = "New recommendation", **fields: Any) -> None:
        store, made = self.store, {}

        def redo() -> None:
            if "id" in made:
                _restore_recommendation(store, made["id"])
            else:
                made["id"] = store.add_recommendation(text, **fields).id

        self.ctx.edit(
            "Add recommendation", redo, lambda: store.trash_recommendation(made["id"]), "findings"
        )
        self._edit_last(self.recs_view, 1)

    def update_recommendation(self, rec_id: str, **fields: Any) -> None:
        store = self.store
        row = next(r for r in self.recs_model.rows if r.id == rec_id)
        old: dict[str, Any] = {f: getattr(row, f) for f in fields if f != "finding_ids"}
        if "finding_ids" in fields:
            old["finding_ids"] = [f.id for f in row.findings]
        self.ctx.edit(
            "Edit recommendation",
            lambda: store.update_recommendation(rec_id, **fields),
            lambda: store.update_recommendation(rec_id, **old),
            "findings",
        )

    def trash_selected_recommendation(self) -> None:
        rid, store = self._selected(self.recs_view), self.store
        if rid:
            self.ctx.edit(
                "Move recommendation to trash",
                lambda: store.trash_recommendation(rid),
                lambda: _restore_recommendation(store, rid),
                "findings",
            )

    def _delete_focused(self) -> None:
        if self.recs_view.hasFocus():
            self.trash_selected_recommendation()
        elif self.findings_view.hasFocus():
            self.trash_selected_finding()

    def _edit_last(self, view: QTableView, column: int) -> None:
        rows = view.model().rowCount()
        if rows and self.isVisible():
            index = view.model().index(rows - 1, column)
            view.setCurrentIndex(index)
            view.edit(index)

    def _finding(self, finding_id: str) -> Any:
        return next(f for f in self.findings_model.rows if f.id == finding_id)

    # -- evidence links ----------------------------------------------------------------------
    def add_evidence(self, finding_id: str, link: dict[str, Any]) -> None:
        current = list(self._finding(finding_id).evidence or [])
        if any(
            e.get("kind") == link["kind"]
            and e.get("id") == link["id"]
            and e.get("label") == link.get("label")
            for e in current
        ):
            return
        self.update_finding(finding_id, evidence=current + [link])

    def link_current_result(self, finding_id: str | None = None) -> bool:
        finding_id = finding_id or self._selected(self.findings_view)
        current = self.ctx.current_result
        if not finding_id or current is None:
            return False
        result, item = current
        label = result.title + (f" ({result.scope})" if result.scope else "")
        link = {
            "kind": "analysis",
            "id": result.analysis_id,
            "label": label,
            "params": dict(item.params) if item else {},
            "scope": dict(item.scope) if item else {},
        }
        self.add_evidence(finding_id, _jsonable(link))
        return True

    def link_segment(self, segment_id: str | None = None, finding_id: str | None = None) -> bool:
        finding_id = finding_id or self._selected(self.findings_view)
        if not finding_id:
            QMessageBox.information(self, "Link coded segment", "Select a finding first.")
            return False
        if segment_id is None:
            segment_id, ok = QInputDialog.getText(self, "Link coded segment", "Segment id:")
            if not ok or not segment_id.strip():
                return False
        segment = next((s for s in self.store.segments() if s.id == segment_id.strip()), None)
        if segment is None:
            QMessageBox.warning(
                self, "Link coded segment", f"There is no coded segment {segment_id!r}."
            )
            return False
        text = " ".join(segment.text.split())
        label = f"“{text[:70]}{'…' if len(text) > 70 else ''}”"
        self.add_evidence(
            finding_id,
            {
                "kind": "segment",
                "id": segment.id,
                "label": label,
                "interview_id": segment.interview_id,
            },
        )
        return True

    def _open_evidence(self, index: QModelIndex) -> None:
        if index.column() != 3:
            return
        for e in self._finding(index.data(ID_ROLE)).evidence or []:
            if e.get("kind") == "segment" and e.get("interview_id"):
                self.ctx.open_interview_requested.emit(e["interview_id"], None)
                return

    # -- action plan ----------------------------------------------------------------------------
    def export_action_plan(self, path: str | Path | None = None) -> Any:
        if path is None:
            path, _f = save_file_name(
                self, "Export action plan", "action-plan.xlsx", "Excel workbook (*.xlsx)",
                kind="action plan",
            )  # fmt: skip
            if not path:
                return None
        from workbench.deliver.action_plan import write_action_plan

        headers, rows = list(self.plan_model.headers), [list(r) for r in self.plan_model.rows]
        target = Path(path)
        return self.ctx.tasks.run(
            self,
            "Exporting the action plan",
            lambda state: write_action_plan(target, headers, rows),
            lambda written: self.ctx.status.emit(f"Action plan written to {written}"),
        )


def _restore_recommendation(store: Any, rec_id: str) -> None:
    store.restore_recommendation(rec_id)


def _jsonable(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value, default=str))


def _group(title: str, view: QWidget, buttons: list[QWidget], right: QWidget) -> QWidget:
    box = QGroupBox(title) if title else QWidget()
    lay = QVBoxLayout(box)
    bar = QHBoxLayout()
    for b in buttons:
        bar.addWidget(b)
    bar.addStretch(1)
    bar.addWidget(right)
    lay.addLayout(bar)
    lay.addWidget(view)
    return box
