"""The Codebook page: the code tree (left), the coding document (centre), retrieval,
review and memos (right).  Every change goes through ``ctx.edit`` and so can be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QStandardItem,
)
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
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
from workbench.coding.codebook import builtin_codebooks, next_colour, shown_colour
from workbench.coding.counts import code_counts, stored_statuses
from workbench.ui.coding_text import QuickPick

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The name a code made by "New code" has until the consultant types one.
NEW_CODE = "New code"
#: Keys of "New code" (beside the selected code) and "New sub-code" (under it).
NEW_CODE_KEYS, NEW_SUB_CODE_KEYS = "Ctrl+Shift+C", "Ctrl+Alt+C"
FIELDS = ("description", "definition", "when_to_use", "when_not_to_use", "example")
LABELS = ("Short description", "Definition", "When to use", "When not to use", "Example")


from workbench.ui.code_tree import CodeDetails, CodeTreeModel  # noqa: E402
from workbench.ui.codebook_files import CodebookFiles, quoted  # noqa: E402


class CodebookPage(CodebookFiles, QWidget):
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
        left.setSizes([520, 300])
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.document)
        self.splitter.addWidget(self.side)
        left.setMinimumWidth(240)
        self.side.setMinimumWidth(320)
        self.splitter.setSizes([330, 640, 430])
        self.splitter.setStretchFactor(1, 1)

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

    # -- edits (undoable) ---------------------------------------------------------------
    def new_code(
        self, name: str = "", parent_id: str | None = None, *, sub: bool = False, **fields: Any
    ) -> str | None:
        """A code called ``name`` under ``parent_id``; unnamed, it is made beside the selected
        code (``sub``: under it) and its name is opened for typing."""
        store = self.ctx.store
        self.finish_naming()
        if parent_id is None and not name:
            sel = [c for c in self.selected_codes() if c in self.codes]
            if sub and not sel:
                self.ctx.status.emit("Select the code to put the new sub-code under.")
                return None
            if sel:
                parent_id = sel[0] if sub else self.codes[sel[0]].parent_id
        unnamed = not name or name == NEW_CODE
        if unnamed:  # "New code", or "New code 2"… where one is left unnamed already
            taken = {c.name.lower() for c in self.codes.values() if c.parent_id == parent_id}
            name = next(
                n
                for n in (NEW_CODE, *(f"{NEW_CODE} {i}" for i in range(2, 10_000)))
                if n.lower() not in taken
            )
        made: dict[str, str] = {}
        fields.setdefault("colour", next_colour(c.colour for c in self.codes.values()))

        def redo() -> None:
            if "id" in made:
                store.restore_code(made["id"])
            else:
                made["id"] = store.add_code(name, parent_id=parent_id, **fields).id

        label = f"Add code {quoted(name)}"
        if not self.ctx.edit(label, redo, lambda: store.trash_code(made["id"]), "codes"):
            return None
        stack = self.ctx.undo_stack
        self._unnamed = (made["id"], stack.index() - 1, label) if unnamed else None
        idx = self.index_of(made["id"])
        if not idx.isValid() and unnamed and self.filter.text():
            self.filter.clear()  # the filter hid the new code: it could not be named
            idx = self.index_of(made["id"])
        if idx.isValid() and unnamed:
            # the new code alone is selected (the view would read the Shift still held
            # from Ctrl+Shift+C as "extend the selection"), so the next sub-code goes
            # under it
            flags = QItemSelectionModel.SelectionFlag
            self.tree.selectionModel().setCurrentIndex(idx, flags.ClearAndSelect | flags.Rows)
            self.tree.edit(idx)
        return made["id"]

    def _editor_closed(self, _editor: Any, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Esc before the name of a new code was given: the code is not made after all
        (gone from the codebook, the trash and the undo history alike)."""
        if hint != QAbstractItemDelegate.EndEditHint.RevertModelCache or self._unnamed is None:
            return
        (code_id, index, label), self._unnamed = self._unnamed, None
        stack = self.ctx.undo_stack
        command = stack.command(index)
        if stack.index() != index + 1 or stack.count() != index + 1 or command is None:
            return  # something was done (or undone) since: the code stays, undoable
        if command.text() != label:
            return
        stack.undo()
        command.setObsolete(True)  # and dropped from the stack, not left to redo
        stack.redo()
        try:
            self.ctx.store.purge_code(code_id)
        finally:
            self.ctx.data_changed.emit("codes")
        self.ctx.status.emit("No new code made.")

    def finish_naming(self) -> None:
        """Save the name being typed into the tree, if any, before the next step: Return
        saves it only once the window next waits for input, and Ctrl+Shift+C pressed
        before then would make the next code first (under the old parent, with the name
        still unsaved and then lost when the editor closes)."""
        delegate = self.tree.itemDelegate()
        # Return posts the save to the delegate: it runs now, as Qt would run it
        QCoreApplication.sendPostedEvents(delegate, QEvent.Type.MetaCall)
        editor = QApplication.focusWidget()
        if editor is not None and editor.parent() is self.tree.viewport():  # no Return yet
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def update_code(self, code_id: str, **fields: Any) -> None:
        store = self.ctx.store
        code = self.codes[code_id]
        old = {k: getattr(code, k) for k in fields}
        changed = {k for k in fields if fields[k] != old[k]}
        if not changed:
            return
        if changed == {"name"} and self._named_as_made(code_id, fields["name"]):
            return
        if changed == {"name"}:
            label = f"Rename code {quoted(code.name)} to {quoted(fields['name'])}"
        else:
            label = f"Edit code {quoted(fields.get('name') or code.name)}"
        self.ctx.edit(
            label,
            lambda: store.update_code(code_id, **fields),
            lambda: store.update_code(code_id, **old),
            "codes",
        )

    def _named_as_made(self, code_id: str, name: str) -> bool:
        """Name the code "New code" just made as part of making it, when making it is still
        the last step on the undo stack: undo then takes the named code away in one step,
        and the Edit menu reads "Undo Add code 'Waiting times'"."""
        unnamed, self._unnamed = self._unnamed, None
        stack = self.ctx.undo_stack
        if unnamed is None or unnamed[0] != code_id:
            return False
        _cid, index, label = unnamed
        if stack.index() != index + 1 or stack.count() != index + 1:
            return False  # something was done (or undone) since
        command = stack.command(index)
        if command is None or command.text() != label:
            return False
        try:
            self.ctx.store.update_code(code_id, name=name)
        except Exception:  # (an edit of its own reports it and keeps what is stored)
            return False
        command.setText(f"Add code {quoted(name)}")
        stack.undoTextChanged.emit(stack.undoText())  # the Edit menu reads the new label
        self.ctx.record("codes")
        return True

    def _renamed(self, item: QStandardItem) -> None:
        """The name typed into the tree: saved at once (a rebuild of the tree keeps the row
        and an editor open on another one)."""
        code_id, name = item.data(ID_ROLE), item.text().strip()
        code = self.codes.get(code_id)
        if code is None or item.column() != 0 or name == code.name:
            return
        if not name or "/" in name:
            item.setText(code.name)
            self.ctx.status.emit("A code needs a name without '/'.")
            return
        self.update_code(code_id, name=name)

    def move_code(self, code_id: str, parent_id: str | None) -> bool:
        store = self.ctx.store
        old = self.codes[code_id].parent_id
        if old == parent_id:
            return False
        try:
            store.move_code(code_id, parent_id)
        except ValueError as exc:
            self.warn("Move code", str(exc))
            return False
        store.move_code(code_id, old)
        target = (
            store.code_paths().get(parent_id, "the top level") if parent_id else "the top level"
        )
        self.ctx.edit(
            f"Move code {quoted(self.codes[code_id].name)} to "
            + (quoted(target) if parent_id else target),
            lambda: store.move_code(code_id, parent_id),
            lambda: store.move_code(code_id, old),
            "codes",
        )
        return True

    def merge_codes(self, source_id: str, target_id: str) -> None:
        store = self.ctx.store
        state: dict[str, Any] = {}
        paths = store.code_paths()
        source, target = (paths.get(c, self.codes[c].name) for c in (source_id, target_id))
        label = f"Merge code {quoted(source)} into {quoted(target)}"

        def redo() -> None:
            state.update(service.merge_codes(store, source_id, target_id))

        self.ctx.edit(label, redo, lambda: service.unmerge_codes(store, state), "segments")
        self.ctx.data_changed.emit("codes")

    def delete_code(self, code_id: str) -> None:
        self.delete_codes([code_id])

    def delete_selected(self) -> None:
        """Del in the tree: the selected codes to the trash (as the menu's Delete does)."""
        self.delete_codes([c for c in self.selected_codes() if c in self.codes])

    def delete_codes(self, ids: list[str]) -> None:
        """Codes to the trash (one undoable step), with what went with them said in the
        status bar: their sub-codes and the passages coded with any of them."""
        ids = [c for c in ids if c in self.codes]
        if not ids:
            return
        store = self.ctx.store
        said = self.trash_words(ids)
        if len(ids) == 1:
            code_id = ids[0]
            path = store.code_paths().get(code_id, self.codes[code_id].name)
            label = f"Delete code {quoted(path)}"
        else:
            label = f"Delete {len(ids)} codes"
        done = self.ctx.edit(
            label,
            lambda: [store.trash_code(c) for c in ids],
            lambda: [store.restore_code(c) for c in reversed(ids)],
            "codes",
        )
        self.ctx.data_changed.emit("segments")
        if done:
            self.ctx.status.emit(f"{said} moved to the trash — Ctrl+Z to undo")

    def trash_words(self, ids: list[str]) -> str:
        """What deleting ``ids`` takes away, as the status bar says it: "Code “Waiting
        times”, its 2 sub-codes and their 14 coded passages"."""
        from workbench.plural import plural

        below: dict[str, list[str]] = {}
        for code in self.codes.values():
            below.setdefault(code.parent_id or "", []).append(code.id)
        gone, todo = set(), list(ids)
        while todo:  # a code's sub-codes go with it
            cid = todo.pop()
            if cid not in gone:
                gone.add(cid)
                todo += below.get(cid, [])
        counts = code_counts(self.codes.values(), stored_statuses(self.ctx.store))
        passages = sum(counts[c].segments for c in gone if c in counts)
        proposals = sum(counts[c].awaiting for c in gone if c in counts)
        subs = len(gone) - len(ids)
        one = len(ids) == 1
        words = [f"Code “{self.codes[ids[0]].name}”" if one else plural(len(ids), "code")]
        if subs:
            words.append(f"{'its' if one else 'their'} {plural(subs, 'sub-code')}")
        whose = "its" if one and not subs else "their"
        if passages:
            words.append(f"{whose} {plural(passages, 'coded passage')}")
        if proposals:
            words.append(f"{whose} {plural(proposals, 'proposal')} awaiting review")
        if len(words) == 1:
            return words[0]
        return ", ".join(words[:-1]) + " and " + words[-1]

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
