"""The Codebook page's codebooks: the built-in ones, and codebook files imported and
exported (YAML, Excel, CSV, REFI-QDA ``.qdc``), each import one undoable step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.coding import service
from workbench.coding.codebook import CodebookError, builtin_codebooks
from workbench.plural import plural
from workbench.ui.file_dialogs import open_file_name, save_file_name


def quoted(name: str) -> str:
    """A code's name or path as an undo label quotes it: ``'Waiting times'``."""
    return f"'{name}'"


class CodebookFiles:
    """Codebook loading, import and export for :class:`CodebookPage` (``ctx``, ``warn``)."""

    ctx: Any
    warn: Any

    def load_builtin(self, key: str) -> int:
        book = builtin_codebooks()[key]
        return self.import_book(book, under=book.name, label=book.name)

    def import_book(self, book: Any, under: str | None = None, label: str = "") -> int:
        store = self.ctx.store
        made: list[str] = []

        def redo() -> None:
            if made:
                for cid in made:
                    store.restore_code(cid)
            else:
                made.extend(service.import_codebook(store, book, under=under))

        def undo() -> None:
            for cid in made:
                store.trash_code(cid)

        self.ctx.edit(f"Load codebook {quoted(label or book.name)}", redo, undo, "codes")
        self.ctx.status.emit(f"Added {plural(len(made), 'code')} from {label or book.name}.")
        return len(made)

    def import_codebook_file(self, path: str | Path) -> int:
        """Import a .yaml/.xlsx/.csv/.qdc codebook; raises CodebookError, changing nothing."""
        book = service.read_codebook(path)
        return self.import_book(book, label=Path(path).name)

    def export_codebook_file(self, path: str | Path) -> Path:
        return service.export_codebook(self.ctx.store, path)

    def _import_dialog(self) -> None:
        path, _ = open_file_name(
            self, "Import codebook", "Codebooks (*.yaml *.yml *.xlsx *.csv *.qdc)", kind="codebook"
        )
        if path:
            try:
                n = self.import_codebook_file(path)
            except (CodebookError, OSError) as exc:
                self.warn("Import codebook", f"Nothing was imported.\n\n{exc}")
                return
            self.ctx.status.emit(f"Added {plural(n, 'code')}.")

    def _export_dialog(self) -> None:
        path, _ = save_file_name(
            self,
            "Export codebook",
            "codebook.yaml",
            "YAML (*.yaml);;Excel (*.xlsx);;CSV (*.csv);;REFI-QDA codebook (*.qdc)",
            kind="codebook",
        )
        if path:
            try:
                self.export_codebook_file(path)
            except (CodebookError, OSError) as exc:
                self.warn("Export codebook", str(exc))
