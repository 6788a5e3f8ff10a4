"""The Codebook page's edits of the codebook: a code made (and named in the tree, or
not made after all on Esc), renamed, edited, moved, merged into another and deleted to
the trash, each one undoable step."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QItemSelectionModel
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication

from workbench.coding import service
from workbench.coding.codebook import next_colour
from workbench.coding.counts import code_counts, stored_statuses
from workbench.ui.code_tree import ID_ROLE
from workbench.ui.codebook_files import quoted

#: The name a code made by "New code" has until the consultant types one.
NEW_CODE = "New code"


class CodeEdits:
    """The codebook's edits for :class:`workbench.ui.codebook_view.CodebookPage` (a mixin:
    it uses the page's ``ctx``, ``codes``, ``tree``, ``filter``, ``model`` and its
    selection helpers)."""

    ctx: Any
    codes: dict[str, Any]
    tree: Any
    filter: Any
    model: Any
    _unnamed: tuple[str, int, str] | None

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
