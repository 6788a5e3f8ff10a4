"""File > Import REFI-QDA Project… and Export REFI-QDA Project… (background jobs)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

IMPORTED_KINDS = ("respondents", "interviews", "notes", "codes", "segments", "memos")


def import_qdpx(ctx: Any, parent: QWidget | None, path: str | None = None) -> Any:
    """Read a .qdpx and add it to the open engagement, off the UI thread; all or nothing."""
    from workbench.coding.qdpx import read_project
    from workbench.coding.qdpx_import import import_project

    if ctx.store is None:
        return None
    if path is None:
        path, _f = QFileDialog.getOpenFileName(
            parent, "Import a REFI-QDA project", "", "REFI-QDA projects (*.qdpx);;All files (*)"
        )
        if not path:
            return None
    store = ctx.store

    def work(state: Any) -> Any:
        state.progress(0.05, "Reading the project")
        project = read_project(path)
        state.check_cancelled()
        state.progress(0.5, f"Adding {project.summary()}")
        return import_project(store, project, interviewer=ctx.given_name())

    def done(report: Any) -> None:
        for kind in IMPORTED_KINDS:
            ctx.record(kind)
        ctx.status.emit("Imported " + report.lines()[0])
        _tell(parent, "REFI-QDA project imported", "\n".join(report.lines()))

    def failed(exc: BaseException) -> None:
        _tell(parent, "The project cannot be imported",
              f"{exc}\n\nNothing was changed.", warning=True)  # fmt: skip

    return ctx.tasks.run(parent, "Importing the REFI-QDA project", work, done, on_error=failed)


def export_qdpx(ctx: Any, parent: QWidget | None, path: str | None = None) -> Any:
    """Write the open engagement as a .qdpx, off the UI thread."""
    from workbench.coding.qdpx_export import export_project

    if ctx.store is None:
        return None
    if path is None:
        name = (ctx.store.engagement().title or "engagement").replace("/", "-")
        path, _f = QFileDialog.getSaveFileName(
            parent, "Export a REFI-QDA project", f"{name}.qdpx", "REFI-QDA project (*.qdpx)"
        )
        if not path:
            return None
    store = ctx.store

    def work(state: Any) -> Any:
        state.progress(0.1, "Writing the project")
        return export_project(store, path)

    def done(report: Any) -> None:
        ctx.status.emit(f"REFI-QDA project written to {path}")
        _tell(parent, "REFI-QDA project written", f"{path}\n\n" + "\n".join(report.lines()))

    def failed(exc: BaseException) -> None:
        _tell(parent, "The project was not written", str(exc), warning=True)

    return ctx.tasks.run(parent, "Exporting the REFI-QDA project", work, done, on_error=failed)


def _tell(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
                      title, text, QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.setObjectName("qdpxMessage")
    box.open()  # never blocks: tests and a busy window carry on
