"""The Codebook page: the code tree (left), the coding document (centre), retrieval,
review and memos (right).  Every change goes through ``ctx.edit`` and so can be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from workbench.coding import service
from workbench.coding.codebook import builtin_codebooks, shown_colour
from workbench.coding.counts import code_counts, stored_statuses
from workbench.ui.coding_panels import LEFT, TEXT, CodingPanels, panel_sizes
from workbench.ui.coding_text import QuickPick

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: Keys of "New code" (beside the selected code) and "New sub-code" (under it).
NEW_CODE_KEYS, NEW_SUB_CODE_KEYS = "Ctrl+Shift+C", "Ctrl+Alt+C"
FIELDS = ("description", "definition", "when_to_use", "when_not_to_use", "example")
LABELS = ("Short description", "Definition", "When to use", "When not to use", "Example")


from workbench.ui.code_edits import CodeEdits  # noqa: E402
from workbench.ui.code_tree import CodeDetails, CodeTreeModel  # noqa: E402
from workbench.ui.codebook_files import CodebookFiles  # noqa: E402


class CodebookPage(CodeEdits, CodebookFiles, QWidget):
    """The Codebook page of the main window: ``CodebookPage(ctx)``."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from workbench.ui.coding_view import CodingDocument
        from workbench.ui.memos_view import MemosView
        from workbench.ui.retrieval_view import RetrievalPane
        from workbench.ui.rules_view import ReviewQueue

        self.ctx = ctx
        #: (code id, undo index, label) of the code "New code" made last, while naming it
        #: can still become part of making it (one undo step: "Add code 'Waiting times'").
        self._unnamed: tuple[str, int, str] | None = None
        self.codes: dict[str, Any] = {c.id: c for c in ctx.store.codes()} if ctx.store else {}
        self.model = CodeTreeModel(self)
        self.model.on_move = self.move_code
        self.model.itemChanged.connect(self._renamed)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.selectionModel().selectionChanged.connect(self._selection_changed)
        # Esc while a new code is being named takes the new code away again
        self.tree.itemDelegate().closeEditor.connect(self._editor_closed)
        delete = QAction("Delete (to the trash)", self.tree)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # (not while naming)
        delete.triggered.connect(self.delete_selected)
        self.tree.addAction(delete)
        self.delete_action = delete
        self.filter = QLineEdit(placeholderText="Filter codes")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_codes)
        self.details = CodeDetails(self)

        self.document = CodingDocument(ctx, self)
        self.retrieval = RetrievalPane(ctx, self)
        self.review = ReviewQueue(ctx, self)
        self.memos = MemosView(ctx, self)
        self.side = QTabWidget()
        self.side.setDocumentMode(True)
        self.side.addTab(self.retrieval, "Retrieve")
        self.side.addTab(self.review, "Review")
        self.side.addTab(self.memos, "Memos")

        left = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.filter)
        tl.addWidget(self.tree)
        scroll = QScrollArea()
        scroll.setWidget(self.details)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        left.addWidget(top)
        left.addWidget(scroll)
        for action in self.document.step_actions:  # ‹ › from the codes panel too
            left.addAction(action)
        left.setSizes([520, 300])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.document)
        self.splitter.addWidget(self.side)
        left.setMinimumWidth(200)
        self.side.setMinimumWidth(260)
        self.splitter.setSizes(panel_sizes(1400))
        self.splitter.setStretchFactor(1, 1)
        self.panels = CodingPanels(self, self.splitter, self._panel_focus)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._toolbar())
        layout.addWidget(self.splitter, 1)

        self.follower = ctx.follow(
            self,
            (
                "codes",
                "segments",
                "engagement",
                "interviews",
                "notes",
                "answers",
                "respondents",
                "memos",
            ),
            self.reload,
            reset=self.reset,
        )
        self.follower.mark_stale()

    def _panel_focus(self, index: int) -> QWidget:
        """The widget that takes the keyboard when a panel opens (or, for the text, when
        the panel holding the keyboard closes)."""
        if index == LEFT:
            return self.tree
        if index == TEXT:
            return self.document.current or self.document.picker
        return self.side.currentWidget()

    # -- toolbar ------------------------------------------------------------------------
    def _toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction("New code", self, shortcut=QKeySequence(NEW_CODE_KEYS))
        self.new_action.setToolTip(
            f"New code ({NEW_CODE_KEYS}): beside the selected code, or at the top level"
        )
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(lambda: self.new_code())
        self.addAction(self.new_action)
        bar.addAction(self.new_action)
        self.sub_action = QAction("New sub-code", self, shortcut=QKeySequence(NEW_SUB_CODE_KEYS))
        self.sub_action.setToolTip(f"New sub-code ({NEW_SUB_CODE_KEYS}): under the selected code")
        self.sub_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.sub_action.triggered.connect(lambda: self.new_code(sub=True))
        # from the tree only: AltGr is Ctrl+Alt on some systems, and AltGr+C types a letter
        # (ć, ©…) into a note or a code's details
        self.tree.addAction(self.sub_action)
        bar.addAction(self.sub_action)
        books = QMenu("Codebook", self)
        builtin = books.addMenu("Load built-in codebook")

        def fill_builtin() -> None:  # read when first wanted, not when the window starts
            if builtin.actions():
                return
            for key, book in builtin_codebooks().items():
                act = builtin.addAction(f"{book.name} ({len(book)} codes)")
                act.triggered.connect(lambda _=False, k=key: self.load_builtin(k))

        builtin.aboutToShow.connect(fill_builtin)
        books.addSeparator()
        books.addAction("Import codebook…", self._import_dialog)
        books.addAction("Export codebook…", self._export_dialog)
        button = QToolButton()
        button.setText("Codebook")
        button.setMenu(books)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(button)
        bar.addSeparator()
        bar.addAction("Automatic coding…", self.open_rules)
        for text, slot in (("Undo", self.ctx.undo_stack.undo), ("Redo", self.ctx.undo_stack.redo)):
            bar.addAction(text, slot)
        return bar

    # -- refresh ------------------------------------------------------------------------
    def refresh(self) -> None:
        store = self.ctx.store
        expanded = self._expanded()
        selected = self.selected_codes()
        # (a code under one in the trash is in the trash with it: no path, not listed)
        paths = store.code_paths() if store else {}
        self.codes = {c.id: c for c in store.codes() if c.id in paths} if store else {}
        counts = code_counts(self.codes.values(), stored_statuses(store)) if store else {}
        sel = self.tree.selectionModel()
        sel.blockSignals(True)  # emptying the model is no choice of the consultant's
        try:
            self.model.rebuild(list(self.codes.values()), counts)
        finally:
            sel.blockSignals(False)
        self.tree.setColumnHidden(2, not self.model.nested)
        self._restore(expanded, selected)
        self.details.show_code(self.codes.get(selected[0]) if selected else None)
        # Retrieve follows the codes still selected, with their segments as they are now.
        self.retrieval.set_codes(self.selected_codes())

    def flush(self) -> None:
        """Save note typing in the coding document that is still waiting for its pause."""
        self.document.flush()

    def reset(self) -> None:
        """Forget the last engagement: its codes, the interview shown, filters, selections."""
        self.filter.clear()
        self.tree.selectionModel().clearSelection()
        self.codes = {}
        self.model.rebuild([], {})
        self.details.show_code(None)
        self.document.clear()
        self.retrieval.clear()
        self.review.queue, self.review.index = [], 0
        self.review._show()
        self.memos.model.set_rows([])

    def reload(self) -> None:
        """Catch up with what changed since the page was last shown."""
        changed = self.follower.changed
        every = "*" in changed
        if every or changed & {"respondents", "engagement"}:
            self.retrieval.reload_filters()
        # (the counts leave out segments of interviews and respondents in the trash)
        if every or changed & {"codes", "segments", "engagement", "interviews", "respondents"}:
            self.refresh()  # (Retrieve with it)
        else:
            self.retrieval.refresh()
        if every or changed & {"interviews", "notes", "answers", "engagement", "respondents"}:
            self.document.reload_interviews()
        elif changed & {"codes", "segments"}:
            self.document.refresh()
        if every:
            self.review.reload()
            self.memos.refresh()

    def _expanded(self) -> set[str]:
        out = set()
        for idx in self._all_indexes():
            if self.tree.isExpanded(idx):
                out.add(idx.data(ID_ROLE))
        return out

    def _all_indexes(self, parent: QModelIndex | None = None) -> list[QModelIndex]:
        parent = parent or QModelIndex()
        out = []
        for r in range(self.proxy.rowCount(parent)):
            idx = self.proxy.index(r, 0, parent)
            out += [idx, *self._all_indexes(idx)]
        return out

    def _restore(self, expanded: set[str], selected: list[str]) -> None:
        sel = self.tree.selectionModel()
        sel.blockSignals(True)
        for idx in self._all_indexes():
            cid = idx.data(ID_ROLE)
            if cid in expanded or (not expanded and not idx.parent().isValid()):
                self.tree.setExpanded(idx, True)
            if cid in selected:
                sel.select(idx, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
        sel.blockSignals(False)

    def index_of(self, code_id: str) -> QModelIndex:
        for idx in self._all_indexes():
            if idx.data(ID_ROLE) == code_id:
                return idx
        return QModelIndex()

    def selected_codes(self) -> list[str]:
        rows = self.tree.selectionModel().selectedRows(0) if self.tree.selectionModel() else []
        return [idx.data(ID_ROLE) for idx in rows]

    def select_codes(self, code_ids: list[str]) -> None:
        sel = self.tree.selectionModel()
        sel.clearSelection()
        for cid in code_ids:
            idx = self.index_of(cid)
            if idx.isValid():
                self.tree.scrollTo(idx)
                sel.select(idx, sel.SelectionFlag.Select | sel.SelectionFlag.Rows)

    def _selection_changed(self, *_: Any) -> None:
        self.details.apply_pending()  # (the code it shows keeps what was typed for it)
        ids = self.selected_codes()
        self.details.show_code(self.codes.get(ids[0]) if ids else None)
        self.retrieval.set_codes(ids)

    def _filter_codes(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        if text:
            self.tree.expandAll()

    def code_choices(self) -> list[tuple[str, str, str]]:
        """(id, path, colour) of every code, in the codebook's order (as the tree shows it)."""
        paths = self.ctx.store.code_paths()
        return [
            (c.id, paths[c.id], shown_colour(c.colour))
            for c in service.tree_order(self.codes.values())
            if c.id in paths
        ]

    def pick_code(self, placeholder: str, on_chosen: Any, exclude: str | None = None) -> QuickPick:
        choices = [c for c in self.code_choices() if c[0] != exclude]
        popup = QuickPick(choices, self, placeholder=placeholder)
        popup.chosen.connect(on_chosen)
        popup.popup(self.mapToGlobal(self.rect().center()) - popup.rect().center())
        return popup

    def warn(self, title: str, text: str) -> QMessageBox:
        """A message that does not block (the page may be driven by a script or a test)."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.ctx.status.emit(text)
        return box

    def keyPressEvent(self, event: Any) -> None:
        # Ctrl+Shift+K / L from the code tree, the filter or the side panes: they code
        # the passage selected in the interview text, or say that none is.
        from workbench.ui.coding_view import pick_key

        pick = pick_key(event)
        if pick is None:
            super().keyPressEvent(event)
        else:
            self.document.coding_key(pick)

    def _tree_menu(self, pos: Any) -> None:
        ids = self.selected_codes()
        menu = QMenu(self)
        menu.addAction(self.new_action)
        if len(ids) == 1:
            cid = ids[0]
            menu.addAction(self.sub_action)
            menu.addAction("Rename", lambda: self.tree.edit(self.tree.currentIndex()))
            menu.addAction(
                "Move to…",
                lambda: self.pick_code(
                    "Move under… (Esc: cancel)", lambda t: self.move_code(cid, t), cid
                ),
            )
            menu.addAction("Move to top level", lambda: self.move_code(cid, None))
            menu.addAction(
                "Merge into…",
                lambda: self.pick_code("Merge into…", lambda t: self.merge_codes(cid, t), cid),
            )
            menu.addAction("Add memo…", lambda: self.document.add_memo("code", cid))
            menu.addSeparator()
        if ids:
            menu.addAction(self.delete_action)
        menu.exec(self.tree.viewport().mapToGlobal(pos))

    def open_rules(self) -> Any:
        from workbench.ui.rules_view import RulesDialog

        dialog = RulesDialog(self.ctx, self)
        dialog.applied.connect(lambda: self.side.setCurrentWidget(self.review))
        dialog.show()
        return dialog
