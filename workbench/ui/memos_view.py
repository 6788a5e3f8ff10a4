"""Every memo of the engagement (on codes, segments, interviews, the engagement itself):
filter, read, edit, export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.coding import service
from workbench.ui import style
from workbench.ui.file_dialogs import save_file_name

KINDS = {"": "All memos", "engagement": "Engagement", "code": "Codes",
         "segment": "Segments", "interview": "Interviews"}  # fmt: skip


class MemoModel(QAbstractTableModel):
    HEADERS = ("Memo", "On", "Author", "Date")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[Any, str]] = []  # (memo, target label)

    def set_rows(self, rows: list[tuple[Any, str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        memo, target = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            first = (memo.title or memo.body.strip().split("\n", 1)[0])[:80]
            return (first, target, memo.author, f"{memo.created_at:%Y-%m-%d}")[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return memo.body
        if role == Qt.ItemDataRole.UserRole:
            return memo
        return None


class MemosView(QWidget):
    def __init__(self, ctx: Any, page: Any = None) -> None:
        super().__init__()
        self.ctx, self.page = ctx, page
        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.text = QLineEdit(placeholderText="Search memos")
        self.text.setClearButtonEnabled(True)
        self.author = QComboBox()
        self.model = MemoModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show())
        self.table.doubleClicked.connect(self._open_target)
        style.empty_message(self.table, "No memos here yet.")
        self.body = QPlainTextEdit()
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText("Select a memo to read or edit it.")
        self.save = QPushButton("Save memo")
        self.save.clicked.connect(self.save_current)
        new = QPushButton("New engagement memo")
        new.clicked.connect(self._new)
        delete = QPushButton("Delete")
        delete.clicked.connect(self.delete_current)
        export = QPushButton("Export…")
        export.clicked.connect(self._export_dialog)
        filters = QHBoxLayout()
        filters.addWidget(self.kind)
        filters.addWidget(self.author)
        filters.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        for b in (new, delete):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(export)
        buttons.addWidget(self.save)
        editor = QWidget()
        el = QVBoxLayout(editor)
        el.setContentsMargins(0, 0, 0, 0)
        self.target = QLabel()
        self.target.setWordWrap(True)
        el.addWidget(self.target)
        el.addWidget(self.body)
        el.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        for combo in (self.kind, self.author):
            combo.currentIndexChanged.connect(self.refresh)
        self.text.textChanged.connect(self.refresh)
        ctx.data_changed.connect(
            lambda kind: kind in ("memos", "codes", "segments") and self.refresh()
        )
        self.refresh()

    def visible_memos(self) -> list[Any]:
        return [memo for memo, _t in self.model.rows]

    def refresh(self) -> None:
        store = self.ctx.store
        if store is None:
            self.model.set_rows([])
            return
        memos = store.memos()
        authors = sorted({m.author for m in memos if m.author})
        chosen = self.author.currentData()
        self.author.blockSignals(True)
        self.author.clear()
        self.author.addItem("Any author", None)
        for a in authors:
            self.author.addItem(a, a)
        self.author.setCurrentIndex(max(self.author.findData(chosen), 0))
        self.author.blockSignals(False)
        kind, author, needle = self.kind.currentData(), self.author.currentData(), self.text.text()
        rows = [
            (m, service.memo_target_label(store, m))
            for m in memos
            if (not kind or m.target_kind == kind)
            and (not author or m.author == author)
            and (not needle or needle.lower() in (m.title + " " + m.body).lower())
        ]
        current = self.current()
        self.model.set_rows(rows)
        ids = [m.id for m, _t in rows]
        if current is not None and current.id in ids:
            self.table.selectRow(ids.index(current.id))
        self._show()

    def _empty_text(self) -> str:
        """What the memo pane says when no memo is chosen: why, and how to write one."""
        if self.model.rows:
            return "Select a memo to read or edit it."
        if self.ctx.store is not None and self.ctx.store.memos():
            return "No memo matches these filters."
        return (
            "No memos yet. Right-click coded text (or an interview's text) to write a memo "
            "on it, or press “New engagement memo” for a note on the whole engagement."
        )

    def current(self) -> Any | None:
        idx = self.table.currentIndex()
        return idx.data(Qt.ItemDataRole.UserRole) if idx.isValid() else None

    def _show(self) -> None:
        memo = self.current()
        self.body.setEnabled(memo is not None)
        self.save.setEnabled(memo is not None)
        if memo is None:
            self.body.clear()
            self.target.setText(self._empty_text())
            return
        row = self.table.currentIndex().row()
        self.target.setText(f"{self.model.rows[row][1]} · {memo.author or 'unknown'}")
        if self.body.toPlainText() != memo.body:
            self.body.setPlainText(memo.body)

    def save_current(self) -> None:
        memo = self.current()
        if memo is None:
            return
        store, new, old = self.ctx.store, self.body.toPlainText(), memo.body
        if new != old:
            self.ctx.edit("Edit memo", lambda: store.update_memo(memo.id, new),
                          lambda: store.update_memo(memo.id, old), "memos")  # fmt: skip

    def delete_current(self) -> None:
        memo = self.current()
        if memo is None:
            return
        store = self.ctx.store
        self.ctx.edit("Delete memo", lambda: store.trash_memo(memo.id),
                      lambda: store.restore_memo(memo.id), "memos")  # fmt: skip

    def _new(self) -> None:
        if self.page is not None:
            self.page.document.add_memo("engagement", None)

    def _open_target(self, index: QModelIndex) -> None:
        memo = index.data(Qt.ItemDataRole.UserRole)
        if memo.target_kind == "interview" and memo.target_id:
            self.ctx.open_interview_requested.emit(memo.target_id, None)
        elif memo.target_kind == "segment" and self.page is not None:
            seg = next((s for s in self.ctx.store.segments() if s.id == memo.target_id), None)
            if seg is not None:
                target = (seg.source_kind, seg.source_id, seg.start, seg.end)
                self.ctx.open_interview_requested.emit(seg.interview_id, target)
        elif memo.target_kind == "code" and self.page is not None:
            self.page.select_codes([memo.target_id])

    def export(self, path: str | Path) -> Path:
        """Write the memos shown (after filtering) to .docx, .md or .txt."""
        return service.memos_export(self.ctx.store, path, self.visible_memos())

    def _export_dialog(self) -> None:
        path, _ = save_file_name(
            self, "Export memos", "memos.docx", "Word (*.docx);;Markdown (*.md);;Text (*.txt)",
            kind="memos",
        )  # fmt: skip
        if path:
            try:
                self.export(path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self, "Export memos", str(exc))
