"""Item models and delegates of the Findings page: the findings and recommendations
registers over the store (edits are handed to the page, which makes them undoable) and
the editors for severity, effort, impact, PDCA stage and a recommendation's findings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from workbench.ui import style

if TYPE_CHECKING:
    from workbench.ui.findings_view import FindingsPage

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STALE_ROLE = Qt.ItemDataRole.UserRole + 2  # a finding's lines on figures gone stale
EDITABLE = Qt.ItemFlag.ItemIsEditable


class _StoreModel(QAbstractTableModel):
    headers: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    editable: frozenset[str] = frozenset()

    def __init__(self, page: FindingsPage) -> None:
        super().__init__(page)
        self.page = page
        self.rows: list[Any] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | EDITABLE if self.fields[index.column()] in self.editable else base

    def row_id(self, row: int) -> str:
        return self.rows[row].id


class FindingsModel(_StoreModel):
    headers = ("#", "Finding", "Severity", "Evidence")
    fields = ("number", "statement", "severity", "evidence")
    editable = frozenset({"statement", "severity"})

    def __init__(self, page: FindingsPage) -> None:
        super().__init__(page)
        #: finding id → the figures it quotes that its cited analysis no longer gives
        #: (:func:`workbench.deliver.finding_status.stale_findings`), one line each
        self.stale: dict[str, list[str]] = {}

    def reload(self, store: Any) -> None:
        self.beginResetModel()
        self.rows = store.findings() if store is not None else []
        self.endResetModel()

    def set_stale(self, stale: dict[str, list[str]]) -> None:
        """Mark the findings whose figures no longer match their analysis (a warning sign
        and colour on the number, the report's warning lines in the tooltip)."""
        self.stale = dict(stale)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 1))

    def _stale_lines(self, f: Any) -> list[str]:
        return self.stale.get(f.id, [])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f, field = self.rows[index.row()], self.fields[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if field == "number":
                return f"F{index.row() + 1}"
            if field == "evidence":
                return "; ".join(str(e.get("label") or e.get("id")) for e in f.evidence or [])
            return getattr(f, field)
        stale = self._stale_lines(f)
        if role == Qt.ItemDataRole.ToolTipRole and field in ("number", "statement") and stale:
            head = "" if field == "number" else f"{f.statement}\n\n"
            return (
                head
                + "A figure no longer matches the analysis it cites:\n"
                + "\n".join(f"• {line}" for line in stale)
            )
        if role == Qt.ItemDataRole.ToolTipRole and field in ("statement", "evidence"):
            return self.data(index)
        if role == Qt.ItemDataRole.DecorationRole and field == "number" and stale:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ForegroundRole and field == "number" and stale:
            return QColor(style.error_colour(self.page))
        if role == STALE_ROLE:
            return stale
        if role == ID_ROLE:
            return f.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self.fields[index.column()]
        if role != Qt.ItemDataRole.EditRole or field not in self.editable:
            return False
        value = str(value).strip()
        old = getattr(self.rows[index.row()], field)
        if not value or value == old:
            return False
        self.page.update_finding(self.row_id(index.row()), **{field: value})
        return True


class RecommendationsModel(_StoreModel):
    headers = ("#", "Recommendation", "Findings", "Owner", "Effort", "Impact", "Timing", "PDCA")
    fields = ("number", "text", "findings", "owner", "effort", "impact", "timing", "pdca_stage")
    editable = frozenset({"text", "findings", "owner", "effort", "impact", "timing", "pdca_stage"})

    def __init__(self, page: FindingsPage) -> None:
        super().__init__(page)
        self.finding_numbers: dict[str, str] = {}

    def reload(self, store: Any, findings: list[Any]) -> None:
        self.beginResetModel()
        self.finding_numbers = {f.id: f"F{i}" for i, f in enumerate(findings, start=1)}
        self.rows = store.recommendations() if store is not None else []
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, field = self.rows[index.row()], self.fields[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "number":
                return f"R{index.row() + 1}"
            if field == "findings":
                return ", ".join(self.finding_numbers.get(f.id, "?") for f in r.findings)
            return getattr(r, field)
        if role == Qt.ItemDataRole.EditRole:
            if field == "findings":
                return [f.id for f in r.findings]
            return getattr(r, field) if field != "number" else None
        if role == Qt.ItemDataRole.ToolTipRole and field == "text":
            return r.text
        if role == ID_ROLE:
            return r.id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self.fields[index.column()]
        if role != Qt.ItemDataRole.EditRole or field not in self.editable:
            return False
        row = self.rows[index.row()]
        if field == "findings":
            ids = [str(v) for v in value]
            if ids == [f.id for f in row.findings]:
                return False
            self.page.update_recommendation(row.id, finding_ids=ids)
            return True
        value = str(value).strip()
        if value == getattr(row, field) or (field == "text" and not value):
            return False
        self.page.update_recommendation(row.id, **{field: value})
        return True


class ComboDelegate(QStyledItemDelegate):
    def __init__(self, choices: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems(list(self.choices))
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]


class FindingLinksDelegate(QStyledItemDelegate):
    """A checklist of the findings a recommendation answers."""

    def __init__(self, page: FindingsPage) -> None:
        super().__init__(page)
        self.page = page

    def createEditor(self, parent: QWidget, option: Any, index: Index) -> QWidget:
        editor = QListWidget(parent)
        for n, f in enumerate(self.page.findings_model.rows, start=1):
            item = QListWidgetItem(f"F{n}  {f.statement}")
            item.setData(ID_ROLE, f.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            editor.addItem(item)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        chosen = set(index.data(Qt.ItemDataRole.EditRole) or [])
        for i in range(editor.count()):  # type: ignore[attr-defined]
            item = editor.item(i)  # type: ignore[attr-defined]
            checked = item.data(ID_ROLE) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        ids = [
            editor.item(i).data(ID_ROLE)  # type: ignore[attr-defined]
            for i in range(editor.count())  # type: ignore[attr-defined]
            if editor.item(i).checkState() == Qt.CheckState.Checked  # type: ignore[attr-defined]
        ]
        model.setData(index, ids, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: Any, index: Index) -> None:
        r = option.rect
        editor.setGeometry(QRect(r.x(), r.y(), max(r.width(), 380), 180))


def register_table(model: QAbstractTableModel, stretch: int) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view
