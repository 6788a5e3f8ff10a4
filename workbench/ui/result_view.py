"""The window's rendering of an AnalysisResult.

Title, scope and parameters; findings as bullets; each table as a sortable
:class:`ResultTableModel` (numbers right-aligned and formatted with ``format_value``,
gap columns tinted by sign, Ctrl+C copies the selection as TSV, double-click opens the
evidence behind the row); charts on matplotlib canvases; the method notes last.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.analysis.result import AnalysisResult, Evidence, Table, format_value
from workbench.ui import style

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
EVIDENCE_ROLE = Qt.ItemDataRole.UserRole + 3
NUMERIC = ("int", "float", "percent")
MAX_TEXT_COLUMN = 420
VISIBLE_ROWS = 12


# -- the report selection ----------------------------------------------------------------------
@dataclass
class ReportItem:
    """An analysis chosen for the report: its id, parameters and scope."""

    analysis_id: str
    title: str
    params: dict[str, Any] = field(default_factory=dict)
    scope: dict[str, Any] = field(default_factory=dict)  # segment / wave / attribute / waves
    entry_id: str = ""  # the stored report entry, once saved

    def key(self) -> tuple:
        return (
            self.analysis_id,
            repr(sorted(self.params.items())),
            repr(sorted(self.scope.items())),
        )


def report_selection(ctx: Any) -> list[ReportItem]:
    """The engagement's report selection, as stored in the engagement file."""
    return stored_selection(ctx.store)


def stored_selection(store: Any) -> list[ReportItem]:
    """The report selection stored in ``store`` (none without a store)."""
    if store is None:
        return []
    return [
        ReportItem(e.analysis_id, e.title, dict(e.params or {}), dict(e.scope or {}), e.id)
        for e in store.report_entries()
    ]


def add_to_report(ctx: Any, item: ReportItem) -> bool:
    """Add ``item`` (undoably) unless an identical one is there; views hear ``data_changed("report")``."""
    if any(i.key() == item.key() for i in report_selection(ctx)):
        return False
    store, made = ctx.store, {}

    def redo() -> None:
        if "id" in made:
            store.restore_report_entry(made["id"])
        else:
            made["id"] = store.add_report_entry(
                item.analysis_id, item.title, item.params, item.scope
            ).id

    ctx.edit(
        f"Add ‘{item.title}’ to the report",
        redo,
        lambda: store.remove_report_entry(made["id"]),
        "report",
    )
    return True


def remove_from_report(ctx: Any, item: ReportItem) -> None:
    if not item.entry_id:  # offered by default, never stored
        return
    store = ctx.store
    ctx.edit(
        f"Remove ‘{item.title}’ from the report",
        lambda: store.remove_report_entry(item.entry_id),
        lambda: store.restore_report_entry(item.entry_id),
        "report",
    )


# -- table model ------------------------------------------------------------------------------
class ResultTableModel(QAbstractTableModel):
    def __init__(self, table: Table, parent: Any = None) -> None:
        super().__init__(parent)
        self.table = table
        self.wrapped: dict[int, str] = {}  # column → its label on two lines, when narrow
        self._shown: dict[tuple[int, int], Any] = {}  # each cell's text, made once
        self._max_abs = [
            max((abs(v) for v in (_num(r[i]) for r in table.rows) if v is not None), default=0.0)
            if col.diverging
            else 0.0
            for i, col in enumerate(table.columns)
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.table.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        column = self.table.columns[col]
        value = self.table.rows[row][col]
        if role == Qt.ItemDataRole.DisplayRole:
            key = (row, col)
            text = self._shown.get(key)
            if text is None:
                text = self._shown[key] = self.table.display_cell(row, col)
            return text
        if role == SORT_ROLE:
            if column.kind in NUMERIC:
                number = _num(value)
                return -math.inf if number is None else number
            return "" if value is None else str(value).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if column.kind in NUMERIC
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column.diverging:
            return _tint(_num(self.table.cell_value(row, col)), self._max_abs[col])  # as shown
        if role == Qt.ItemDataRole.ToolTipRole:
            text = format_value(value, self.table.column_at(row, col))
            if row in self.table.flags:
                text += f"\n† {self.table.flags[row]}."
            if row in self.table.evidence:
                text += "\nDouble-click to see the interviews and answers behind it."
            return text
        if role == EVIDENCE_ROLE:
            return self.table.evidence.get(row)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.wrapped.get(section, column.label)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if column.kind in NUMERIC
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.diverging:
                return f"{column.label}: negative = worse (shown red), positive = better (green)"
            return column.label  # the whole label when a narrow column cuts it short
        return None

    def set_wrapped(self, section: int, wrapped: str | None) -> None:
        if self.wrapped.get(section) == wrapped:
            return
        if wrapped is None:
            self.wrapped.pop(section, None)
        else:
            self.wrapped[section] = wrapped
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, section, section)


def two_lines(label: str) -> str:
    """``label`` broken at the space that makes its longer line shortest, never beside
    a lone sign ("Change (re-audit − baseline)" keeps its bracket whole)."""
    words = label.split(" ")
    signs = {"\u2212", "-", "\u2013", "+", "=", "\u00d7", "/"}
    breaks = [i for i in range(1, len(words)) if not {words[i - 1], words[i]} & signs]
    if not breaks:
        return label
    best = min(
        breaks,
        key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def _num(value: Any) -> float | None:
    if value is None or isinstance(value, bool | str):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _tint(value: float | None, max_abs: float) -> QColor | None:
    """A translucent tint of the charts' "worse" (negative) or "better" (positive) colour,
    colour-blind-safe (workbench.charts): readable on light and dark bases."""
    if value is None or value == 0:
        return None
    from workbench.charts import DEFAULT

    strength = min(abs(value) / max_abs, 1.0) if max_abs else 1.0
    colour = QColor(DEFAULT.negative if value < 0 else DEFAULT.positive)
    colour.setAlpha(int(28 + 72 * strength))
    return colour


class ResultTableView(QTableView):
    """A sortable view of one result table; Ctrl+C copies TSV; double-click → evidence."""

    evidence_requested = Signal(object, str)  # Evidence, a description of the row

    def __init__(self, table: Table, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.source = ResultTableModel(table, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.source)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        self._sized = False
        self.doubleClicked.connect(self._double_clicked)

    def _ensure_sized(self) -> None:
        """Size the columns to their contents, once, when the table is first shown (a
        result's tables in hidden tabs cost nothing until their tab is chosen)."""
        if self._sized:
            return
        self._sized = True
        table, header = self.table, self.horizontalHeader()
        self.resizeColumnsToContents()
        for i, col in enumerate(table.columns):
            extra = 24 if i == header.sortIndicatorSection() else 18
            width = min(self.columnWidth(i) + extra, MAX_TEXT_COLUMN)
            if col.kind != "text":
                width = max(width, 72)
            self.setColumnWidth(i, width)
        # Columns take the width their label and values need; in a narrow window a label
        # goes onto two lines, and only what still does not fit scrolls: nothing is cut.
        header.setMinimumSectionSize(48)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        fm = header.fontMetrics()
        pad = 2 * header.style().pixelMetric(header.style().PixelMetric.PM_HeaderMargin) + 22
        self._label_width = [fm.horizontalAdvance(c.label) + pad for c in table.columns]
        self._wrapped_width = [
            max(fm.horizontalAdvance(line) for line in two_lines(c.label).split("\n")) + pad
            for c in table.columns
        ]
        self._natural = [
            max(self.columnWidth(i), min(self._label_width[i], MAX_TEXT_COLUMN))
            for i in range(len(table.columns))
        ]
        self._floors = [
            min(max(self.sizeHintForColumn(i) + 12, self._wrapped_width[i], 48), self._natural[i])
            for i in range(len(table.columns))
        ]

    def showEvent(self, event: Any) -> None:
        self._ensure_sized()
        super().showEvent(event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._ensure_sized()
        self._fit_columns()

    def _fit_columns(self) -> None:
        available = self.viewport().width()
        excess = sum(self._natural) - available
        slack = [n - f for n, f in zip(self._natural, self._floors, strict=True)]
        cut = min(1.0, excess / sum(slack)) if excess > 0 and sum(slack) > 0 else 0.0
        for i, (natural, give) in enumerate(zip(self._natural, slack, strict=True)):
            width = int(natural - give * cut)
            self.setColumnWidth(i, width)
            label = self.table.columns[i].label
            narrow = width < self._label_width[i]
            self.source.set_wrapped(i, two_lines(label) if narrow else None)

    def fitted_height(self, rows: int = VISIBLE_ROWS) -> int:
        self._ensure_sized()
        shown = min(max(self.proxy.rowCount(), 1), rows)
        return (
            self.horizontalHeader().sizeHint().height()
            + shown * self.verticalHeader().defaultSectionSize()
            + 2 * self.frameWidth()
            + (
                self.horizontalScrollBar().sizeHint().height()
                if shown < self.proxy.rowCount()
                else 4
            )
        )

    def keyPressEvent(self, event: Any) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
            event.accept()
            return
        super().keyPressEvent(event)

    def selection_tsv(self) -> str:
        indexes = self.selectionModel().selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        chosen = {(i.row(), i.column()) for i in indexes}
        lines = []
        if len(rows) > 1 and len(cols) == self.proxy.columnCount():
            lines.append(
                "\t".join(self.proxy.headerData(c, Qt.Orientation.Horizontal) for c in cols)
            )
        for r in rows:
            cells = [str(self.proxy.index(r, c).data()) if (r, c) in chosen else "" for c in cols]
            lines.append("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in cells))
        return "\n".join(lines)

    def copy_selection(self) -> None:
        text = self.selection_tsv()
        if text:
            QGuiApplication.clipboard().setText(text)

    def _double_clicked(self, index: QModelIndex) -> None:
        evidence = index.data(EVIDENCE_ROLE)
        if isinstance(evidence, Evidence) and not evidence.is_empty():
            first = self.proxy.index(index.row(), 0).data()
            column = self.table.columns[self.proxy.mapToSource(index).column()].label
            self.evidence_requested.emit(evidence, f"{self.table.title}: {first} · {column}")


# -- the whole result -------------------------------------------------------------------------
class ResultView(QScrollArea):
    """Shows one AnalysisResult; ``data`` is the snapshot it came from (for evidence).

    With ``staged`` the view shows its title and findings at once and adds each table and
    the charts in later turns of the event loop (``built`` tells when all are there): a
    result of many tables and charts never holds the window for the whole of its build."""

    add_to_report_requested = Signal()
    built = Signal()

    def __init__(
        self,
        ctx: Any,
        result: AnalysisResult,
        data: Any = None,
        item: ReportItem | None = None,
        describe_params: str = "",
        parent: QWidget | None = None,
        *,
        show_title: bool = True,
        charts: list[Any] | None = None,
        in_report: bool | None = None,
        staged: bool = False,
    ) -> None:
        """``charts``: the result's figures already drawn (``figure_canvas.draw_charts``,
        on the worker thread that ran the analysis); drawn here when not given.
        ``in_report``: whether ``item`` is in the report already (read from the store
        when not given)."""
        super().__init__(parent)
        self.ctx = ctx
        self.result = result
        self.data = data
        self.item = item
        self.evidence_dialog: Any = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("resultBody")
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 12, 12)
        layout.setSpacing(10)

        head = QHBoxLayout()
        title = QLabel(escape(result.title))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        title.setVisible(show_title)
        head.addWidget(title, 1)
        self.add_button = QPushButton("Add to report")
        self.add_button.setToolTip(
            "Include this analysis, with these options and scope, in the report"
        )
        self.add_button.clicked.connect(self._add_to_report)
        self.add_button.setEnabled(item is not None)
        if in_report is None and item is not None:
            in_report = any(i.key() == item.key() for i in report_selection(ctx))
        if item is not None and in_report:
            self.add_button.setText("In the report")
            self.add_button.setEnabled(False)
        head.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)

        meta = [f"<b>Scope:</b> {escape(result.scope or 'all respondents, all waves')}"]
        if describe_params:
            meta.append(f"<b>Options:</b> {escape(describe_params)}")
        self.meta_label = _muted_label(" &nbsp;·&nbsp; ".join(meta))
        if show_title:
            layout.addWidget(self.meta_label)
        else:
            head.insertWidget(0, self.meta_label, 1)

        self.findings_label = QLabel()
        self.findings_label.setWordWrap(True)
        self.findings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if result.findings:
            bullets = "".join(
                f"<li style='margin-bottom:3px'>{escape(f)}</li>" for f in result.findings
            )
            self.findings_label.setText(
                f"<b>Findings</b><ul style='margin-left:-18px'>{bullets}</ul>"
            )
        else:
            self.findings_label.setText("<i>No findings for this scope.</i>")
        findings_box = QFrame()
        findings_box.setFrameShape(QFrame.Shape.StyledPanel)
        findings_box.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        findings_box.setAutoFillBackground(True)
        box_layout = QVBoxLayout(findings_box)
        box_layout.setContentsMargins(12, 8, 12, 4)
        box_layout.addWidget(self.findings_label)
        layout.addWidget(findings_box)

        self.table_views: list[ResultTableView] = []
        self.figure_widgets: list[Any] = []
        self._layout = layout
        self._charts = charts
        self._steps: list[Any] = [lambda t=t: self._add_table(t) for t in result.tables]
        if result.figures:
            self._steps.append(self._add_figures)
        self._steps.append(self._add_notes)
        self.complete = False
        if staged:
            QTimer.singleShot(0, self, self._next_step)
        else:
            while not self.complete:
                self._next_step()

    def _next_step(self) -> None:
        """Add the next part of the result (a table, the charts, the notes)."""
        if self.complete:
            return
        self._steps.pop(0)()
        if self._steps:
            QTimer.singleShot(0, self, self._next_step)
        else:
            self.complete = True
            self.built.emit()

    def stop(self) -> None:
        """Add nothing more (the view is being taken away before it was whole)."""
        self._steps.clear()
        self.complete = True

    def _add_table(self, table: Table) -> None:
        if not self.table_views:
            self.tables_tabs = QTabWidget()
            self.tables_tabs.setDocumentMode(True)
            self._tab_heights: list[int] = []
            self._layout.addWidget(self.tables_tabs)
        view = ResultTableView(table)
        view.evidence_requested.connect(self.show_evidence)
        self.table_views.append(view)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 6, 0, 0)
        page_layout.addWidget(view)
        hint = "Double-click a row to see its evidence." if table.evidence else ""
        note = " ".join(p for p in (table.note, *table.flag_notes(), hint) if p)
        if note:
            page_layout.addWidget(_muted_label(escape(note)))
        self._tab_heights.append(28 if note else 6)
        view.horizontalHeader().geometriesChanged.connect(
            lambda: self._fit_tables(self.tables_tabs.currentIndex())
        )
        self.tables_tabs.addTab(page, style.literal(table.title or table.name))
        if len(self.table_views) == 1:
            self.tables_tabs.currentChanged.connect(self._fit_tables)
            self._fit_tables(0)

    def _add_figures(self) -> None:
        from workbench.ui.figure_canvas import FigureWidget

        result, charts = self.result, self._charts
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(12)
        row = column = 0
        drawn = charts if charts is not None and len(charts) == len(result.figures) else None
        for i, spec in enumerate(result.figures):
            widget = FigureWidget(spec, drawn=drawn[i] if drawn else None)
            self.figure_widgets.append(widget)
            if wide_figure(spec):  # a long list of bars gets the whole width
                row += column
                grid.addWidget(widget, row, 0, 1, 2, Qt.AlignmentFlag.AlignTop)
                row, column = row + 1, 0
            else:
                grid.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
                row, column = (row + 1, 0) if column else (row, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._layout.addLayout(grid)
        self._charts = None

    def _add_notes(self) -> None:
        result = self.result
        if result.method_notes:
            notes = "".join(f"<li>{escape(n)}</li>" for n in result.method_notes)
            self.notes_label = _muted_label(
                f"<b>Method</b><ul style='margin-left:-18px'>{notes}</ul>"
            )
            self._layout.addWidget(self.notes_label)
        self._layout.addStretch(1)

    def _fit_tables(self, index: int) -> None:
        if 0 <= index < len(self._tab_heights):
            bar = self.tables_tabs.tabBar().sizeHint().height()
            height = self.table_views[index].fitted_height() + self._tab_heights[index]
            self.tables_tabs.setFixedHeight(height + bar + 4)

    def _add_to_report(self) -> None:
        if self.item is None:
            return
        added = add_to_report(self.ctx, self.item)
        self.add_button.setText("In the report")
        self.add_button.setEnabled(False)
        self.ctx.status.emit(
            f"{self.result.title} added to the report." if added else "Already in the report."
        )

    def show_evidence(self, evidence: Evidence, title: str) -> Any:
        from workbench.ui.evidence import EvidenceDialog

        self.evidence_dialog = EvidenceDialog(self.ctx, evidence, self.data, title, self)
        self.evidence_dialog.show()
        return self.evidence_dialog


def wide_figure(spec: Any) -> bool:
    """Charts taller than wide (many bars) or wider than usual span both columns."""
    return spec.height_in >= 5.5 or spec.width_in > 7.0


def _muted_label(html: str) -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
