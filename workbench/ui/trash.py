"""The trash: respondents, interviews, codes and coded passages that were deleted.  Restore
(undoable; Enter) or delete permanently (Delete: a second, explicit confirmation; cannot be
undone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.ui import style


@dataclass(frozen=True)
class TrashItem:
    kind: str  # respondent | interview | code | segment
    id: str
    label: str
    detail: str
    deleted_at: datetime | None
    problem: str = ""  # why it cannot be restored ("" if it can)


KIND_DATA = {
    "respondent": "respondents",
    "interview": "interviews",
    "code": "codes",
    "segment": "segments",
}
KIND_WORDS = {"segment": "Coded passage"}
PASSAGE_START = 60  # characters of a coded passage the trash shows


def passage_start(text: str) -> str:
    """The first words of a passage, cut at a word boundary: “The desk said call…”."""
    flat = " ".join(text.split())
    if len(flat) <= PASSAGE_START:
        return f"“{flat}”"
    cut = flat[:PASSAGE_START].rsplit(" ", 1)[0] or flat[:PASSAGE_START]
    return f"“{cut}…”"


def _code_path(codes: dict[str, Any], code_id: str) -> str:
    names, seen = [], set()
    while code_id in codes and code_id not in seen:
        seen.add(code_id)
        names.append(codes[code_id].name)
        code_id = codes[code_id].parent_id or ""
    return "/".join(reversed(names))


def _code_items(store: Any, codes: list[Any]) -> list[TrashItem]:
    """The codes in the trash, each with what went with it: "under Waiting; with 2
    sub-codes and 14 coded passages" (restoring it brings them back)."""
    from workbench.plural import plural
    from workbench.store.segment_trash import live_segment_counts

    names = {c.id: c.name for c in codes}
    below: dict[str, list[str]] = {}
    for code in codes:
        below.setdefault(code.parent_id or "", []).append(code.id)
    counts = live_segment_counts(store)
    items = []
    for code in codes:
        if code.deleted_at is None:
            continue
        subs, passages, todo, seen = 0, 0, [code.id], set()
        while todo:
            cid = todo.pop()
            if cid in seen:
                continue
            seen.add(cid)
            subs += cid != code.id
            passages += counts.get(cid, 0)
            todo += below.get(cid, [])
        parts = [f"under {names[code.parent_id]}"] if code.parent_id in names else []
        went = [plural(subs, "sub-code")] if subs else []
        went += [plural(passages, "coded passage")] if passages else []
        if went:
            parts.append("with " + " and ".join(went))
        items.append(TrashItem("code", code.id, code.name, "; ".join(parts), code.deleted_at))
    return items


def _segment_items(store: Any) -> list[TrashItem]:
    from workbench.store.segment_trash import trashed_segments

    segments = trashed_segments(store)
    if not segments:
        return []
    codes = {c.id: c for c in store.codes(include_deleted=True)}
    interviews = {
        row.id: row for row in store.interview_rows(include_deleted=True, progress=False)
    }
    items = []
    for seg in segments:
        row = interviews.get(seg.interview_id)
        where = f"{row.respondent}, {row.form_title}" if row is not None else ""
        detail = passage_start(seg.text) + (f" — {where}" if where else "")
        problem = seg.problem
        if problem:
            detail += f" (cannot be restored: {problem})"
        elif codes.get(seg.code_id) is not None and codes[seg.code_id].deleted_at is not None:
            detail += " (its code is in the trash too)"
        label = _code_path(codes, seg.code_id)
        items.append(TrashItem("segment", seg.id, label, detail, seg.deleted_at, problem))
    return items


def trashed_items(store: Any) -> list[TrashItem]:
    items: list[TrashItem] = []
    for r in store.respondents(include_deleted=True):
        if r.deleted_at is not None:
            items.append(TrashItem("respondent", r.id, r.name, r.role or r.segment, r.deleted_at))
    for row in store.interview_rows(include_deleted=True):
        if row.deleted:
            when = store.interview(row.id).deleted_at
            detail = f"{row.form_title}, {row.date:%d %b %Y}" if row.date else row.form_title
            items.append(TrashItem("interview", row.id, row.respondent, detail, when))
    codes = store.codes(include_deleted=True)
    if any(code.deleted_at is not None for code in codes):
        items += _code_items(store, codes)
    items += _segment_items(store)
    items.sort(key=lambda i: i.deleted_at or datetime.min, reverse=True)
    return items


def local(when: datetime) -> datetime:
    """A stored time (naive UTC) in the computer's time zone."""
    return when.replace(tzinfo=UTC).astimezone()


def _store_call(store: Any, verb: str, kind: str) -> Any:
    return getattr(store, f"{verb}_{kind}", None)


class TrashDialog(QDialog):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Trash")
        self.resize(880, 460)
        self.items: list[TrashItem] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["What", "Name", "Detail", "Deleted"])
        style.tune_table(self.table)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.setColumnWidth(0, 100)
        self.table.setColumnWidth(1, 200)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = style.muted(QLabel("The trash is empty."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.restore_button = QPushButton(style.icon("restore"), "&Restore")
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button = QPushButton("Delete permanently…")
        self.purge_button.clicked.connect(self.purge_selected)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        note = style.muted(
            QLabel(
                "Deleted items stay here until you delete them permanently. Restoring a "
                "respondent brings back their interviews; restoring a code brings back the "
                "passages coded with it. Enter restores the selected items, Delete deletes "
                "them permanently."
            )
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.purge_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.table.installEventFilter(self)
        ctx.data_changed.connect(self._data_changed)
        self.refresh()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        """In the list, Enter restores and Delete deletes permanently (after asking)."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.restore_selected()
                return True
            if event.matches(QKeySequence.StandardKey.Delete):
                if self.purge_button.isEnabled():
                    self.purge_selected()
                return True
        return super().eventFilter(watched, event)

    def _data_changed(self, kind: str) -> None:
        if kind in KIND_DATA.values():
            self.refresh()

    def refresh(self) -> None:
        store = self.ctx.store
        self.items = trashed_items(store) if store is not None else []
        self.table.setRowCount(len(self.items))
        for i, item in enumerate(self.items):
            when = f"{local(item.deleted_at):%d %b %Y %H:%M}" if item.deleted_at else ""
            what = KIND_WORDS.get(item.kind, item.kind.capitalize())
            for j, text in enumerate((what, item.label, item.detail, when)):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, i)
                cell.setToolTip(item.detail if j == 2 else "")
                self.table.setItem(i, j, cell)
        self.table.setVisible(bool(self.items))
        self.empty.setVisible(not self.items)
        if self.items and not self.table.selectionModel().hasSelection():
            self.table.setCurrentCell(0, 0)  # Enter restores what the arrows reach
        self._update_buttons()

    def _update_buttons(self) -> None:
        writable = self.ctx.store is not None and not self.ctx.store.read_only
        chosen = self.selected()
        self.restore_button.setEnabled(
            writable and bool(chosen) and not any(i.problem for i in chosen)
        )
        self.purge_button.setEnabled(
            writable
            and bool(chosen)
            and all(_store_call(self.ctx.store, "purge", i.kind) for i in chosen)
        )

    def selected(self) -> list[TrashItem]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.items[r] for r in rows if r < len(self.items)]

    def select_ids(self, ids: list[str]) -> None:
        """Select exactly the rows of ``ids`` (whatever modifier keys are down: the
        view's own row selection would toggle an already selected row under Ctrl)."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        model, last = self.table.model(), self.table.columnCount() - 1
        chosen = QItemSelection()
        for row, item in enumerate(self.items):
            if item.id in ids:
                chosen.select(model.index(row, 0), model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().select(chosen, flags.ClearAndSelect | flags.Rows)

    def restore_selected(self) -> None:
        if self.restore_button.isEnabled():
            self.restore(self.selected())
        elif any(i.problem for i in self.selected()):
            self.ctx.status.emit(
                "; ".join(f"{i.label}: {i.problem}" for i in self.selected() if i.problem)
            )

    def restore(self, items: list[TrashItem]) -> None:
        """Take items out of the trash (one undoable edit)."""
        from workbench.store.segment_trash import restore_trashed_segment, trash_segment_again

        if not items:
            return
        store = self.ctx.store
        text = f"Restore {items[0].label}" if len(items) == 1 else f"Restore {len(items)} items"
        if items[0].kind == "segment" and len(items) == 1:
            text = f"Restore a passage coded {items[0].label}"
        kinds = {i.kind for i in items}
        kind = KIND_DATA[next(iter(kinds))] if len(kinds) == 1 else "respondents"
        before: dict[str, tuple[int, int]] = {}

        def redo() -> None:
            for i in items:
                if i.kind == "segment":
                    before[i.id] = restore_trashed_segment(store, i.id)
                else:
                    _store_call(store, "restore", i.kind)(i.id)

        def undo() -> None:
            for i in reversed(items):
                if i.kind == "segment":
                    trash_segment_again(store, i.id, before[i.id])
                else:
                    _store_call(store, "trash", i.kind)(i.id)

        self.ctx.edit(text, redo, undo, kind)
        for other in kinds - {next(iter(kinds))}:
            self.ctx.data_changed.emit(KIND_DATA[other])

    def purge_selected(self) -> None:
        items = self.selected()
        if not items:
            return
        what = items[0].label if len(items) == 1 else f"these {len(items)} items"
        answer = QMessageBox.warning(
            self,
            "Delete permanently",
            f"Delete {what} permanently?\n\nThis cannot be undone: the answers, notes and "
            "coded text that belong to it are destroyed too.",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            problem = self.purge(items)
            if problem:
                QMessageBox.warning(self, "Delete permanently", problem)

    def purge(self, items: list[TrashItem]) -> str:
        """Destroy items that are in the trash; returns a problem message ("" if none).

        The undo history is cleared: earlier steps may refer to what no longer exists.
        """
        store = self.ctx.store
        problems = []
        done_kinds = set()
        for item in items:
            purge = _store_call(store, "purge", item.kind)
            try:
                purge(item.id)
            except Exception as exc:  # report, keep the rest
                problems.append(
                    f"{item.label}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
                )
            else:
                done_kinds.add(item.kind)
        if done_kinds:
            self.ctx.undo_stack.clear()
            for kind in done_kinds:
                self.ctx.record(KIND_DATA[kind])
        self.refresh()
        return "\n".join(problems)
