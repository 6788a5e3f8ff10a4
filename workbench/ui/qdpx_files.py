"""File > Import REFI-QDA Project… and Export REFI-QDA Project… (background jobs).

An import asks first: a new engagement made from the project (the default), or the open
engagement after a confirmation that says what will be added and that a copy saved first
undoes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox, QWidget

from workbench.ui.file_dialogs import open_file_name

IMPORTED_KINDS = ("respondents", "interviews", "notes", "codes", "segments", "memos")


def import_qdpx(
    ctx: Any,
    parent: QWidget | None,
    path: str | None = None,
    open_file: Callable[[str], Any] | None = None,
) -> Any:
    """Read a .qdpx (off the UI thread), then ask where it goes: a new engagement made from
    it (the default; ``open_file`` opens it afterwards) or, after a confirmation that says
    what will be added, the open engagement.  Cancel changes nothing."""
    from workbench.coding.qdpx import read_project

    if path is None:
        path, _f = open_file_name(
            parent, "Import a REFI-QDA project", "REFI-QDA projects (*.qdpx);;All files (*)",
            kind="qdpx", ctx=ctx,
        )  # fmt: skip
        if not path:
            return None
    if open_file is None:
        open_file = getattr(parent, "open_file", None)

    def work(state: Any) -> Any:
        state.progress(0.1, "Reading the project")
        return read_project(path)

    def read(project: Any) -> None:
        _place(ctx, parent, str(path), project, open_file)

    def failed(exc: BaseException) -> None:
        _tell(parent, "The project cannot be imported", refusal(exc), warning=True)

    return ctx.tasks.run(parent, "Reading the REFI-QDA project", work, read, on_error=failed)


def refusal(exc: BaseException) -> str:
    """A refused import's message, saying once that nothing was changed."""
    text = str(exc).rstrip(". ")
    if text.lower().endswith("nothing was changed"):
        return text + "."
    return f"{text}.\n\nNothing was changed."


def what_comes(project: Any, wave: str = "", complete: bool | None = None) -> str:
    """The counts an import adds, one per line, then what it leaves behind.  ``wave``: where
    the interviews of sources that name none go, said with the state they get (drafts, or
    complete when ``complete``; not said while still to be chosen, ``None``)."""
    from workbench.coding.qdpx import VAR_INTERVIEW
    from workbench.coding.qdpx_import import placement_line
    from workbench.plural import plural

    n = project.counts()
    lines = [
        f"{plural(n['sources'], 'source')}, as interviews with their text as notes",
        f"{plural(n['cases'], 'case')}, as respondents",
        plural(n["codes"], "code"),
        f"{plural(n['selections'], 'coded selection')}, as coded segments",
        f"{plural(n['notes'], 'note')}, as memos",
        f"{plural(n['variables'], 'variable')}, with the respondents and interviews",
        f"{plural(n['users'], 'user')}, kept as coders and for an export",
    ]
    if n["without_case"]:
        lines.append(
            f"{plural(n['without_case'], 'source')} "
            f"{'belongs' if n['without_case'] == 1 else 'belong'} to no case: their interviews "
            f"go to one respondent, \u201cUnassigned (from {project.name})\u201d"
        )
    foreign = sum(1 for src in project.sources if VAR_INTERVIEW not in src.variables)
    if foreign and complete is not None:
        lines.append(placement_line(foreign, wave, complete=complete))
    text = "\n".join(f"\u2022 {line}" for line in lines)
    if project.not_carried:
        text += (
            f"\n\nLeft behind ({len(project.not_carried)}), Workbench has no place for it:\n"
            + "\n".join(f"\u2022 {line}" for line in project.not_carried)
        )
    return text


def destination_box(parent: QWidget | None, project: Any, has_open: bool) -> tuple[Any, Any, Any]:
    """The question where the project goes: (box, its "new" button, its "open" button).
    Its tick box (``box.checkBox()``, unticked: drafts, as the command line) marks another
    tool's sources complete, so that their coding counts at once."""
    from workbench.coding.qdpx import VAR_INTERVIEW
    from workbench.coding.qdpx_import import COMPLETE_CHOICE

    box = QMessageBox(parent)
    box.setObjectName("qdpxDestination")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Import a REFI-QDA project")
    box.setText(f"Where should \u201c{project.name}\u201d go?")
    box.setInformativeText(what_comes(project))
    new = box.addButton("New engagement from this project\u2026",
                        QMessageBox.ButtonRole.AcceptRole)  # fmt: skip
    into = None
    if has_open:
        into = box.addButton("Add to the open engagement\u2026", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(new)
    if any(VAR_INTERVIEW not in src.variables for src in project.sources):
        tick = QCheckBox(COMPLETE_CHOICE, box)
        tick.setObjectName("qdpxComplete")
        tick.setToolTip(
            "Another tool's sources carry no form answers and come in as drafts, left out "
            "of the analyses until marked complete. Tick to mark them complete now: the "
            "coding made in the other tool then counts in the analyses and the report."
        )
        box.setCheckBox(tick)
    return box, new, into


def choose_destination(parent: QWidget | None, project: Any, has_open: bool) -> tuple[str, bool]:
    """(``"new"``, ``"open"`` or ``""`` when cancelled: where the project goes, whether
    another tool's sources are marked complete)."""
    box, new, into = destination_box(parent, project, has_open)
    box.exec()
    clicked = box.clickedButton()
    where = "new" if clicked is new else "open" if into is not None and clicked is into else ""
    tick = box.checkBox()
    return where, bool(tick is not None and tick.isChecked())


def ask_new_path(parent: QWidget | None, suggestion: str) -> str:
    path, _f = QFileDialog.getSaveFileName(
        parent, "New engagement from the project", suggestion, "Workbench engagement (*.wbk)"
    )
    if path and not path.lower().endswith(".wbk"):
        path += ".wbk"
    return path


def confirm_into_open(parent: QWidget | None, title: str, text: str) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Cancel, parent)  # fmt: skip
    box.setObjectName("qdpxConfirm")
    add = box.addButton("Add to this engagement", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is add


def _place(ctx: Any, parent: QWidget | None, path: str, project: Any,
           open_file: Callable[[str], Any] | None) -> Any:  # fmt: skip
    where, complete = choose_destination(parent, project, ctx.store is not None)
    if where == "new":
        return _into_new(ctx, parent, path, project, open_file, complete)
    if where == "open" and ctx.store is not None:
        return _into_open(ctx, parent, project, complete)
    ctx.status.emit("REFI-QDA import cancelled; nothing was changed")
    return None


def _into_new(ctx: Any, parent: QWidget | None, path: str, project: Any,
              open_file: Callable[[str], Any] | None, complete: bool = False) -> Any:  # fmt: skip
    from pathlib import Path

    from workbench.coding.qdpx_import import import_as_new_engagement

    folder = Path(ctx.store.path).parent if ctx.store is not None else Path(path).parent
    name = "".join(c if c.isalnum() or c in " -_" else "-" for c in project.name).strip()
    target = ask_new_path(parent, str(folder / f"{name or Path(path).stem}.wbk"))
    if not target:
        ctx.status.emit("REFI-QDA import cancelled; nothing was changed")
        return None
    if ctx.store is not None and Path(target).resolve() == Path(ctx.store.path).resolve():
        _tell(parent, "The project cannot be imported",
              "That is the open engagement's own file; choose a new name.\n\n"
              "Nothing was changed.", warning=True)  # fmt: skip
        return None

    def work(state: Any) -> Any:
        # (no interviewer: the consultant importing the project held none of its sources)
        state.progress(0.2, f"Making {Path(target).name} from {project.summary()}")
        return import_as_new_engagement(project, target, complete=complete)

    def done(report: Any) -> None:
        if open_file is not None:
            open_file(target)
        ctx.status.emit(f"New engagement {Path(target).name}: " + report.lines()[0])
        _tell(parent, "REFI-QDA project imported",
              f"New engagement {target}\n\n" + "\n".join(report.lines()))  # fmt: skip

    def failed(exc: BaseException) -> None:
        _tell(parent, "The project cannot be imported", refusal(exc), warning=True)

    return ctx.tasks.run(parent, "Importing the REFI-QDA project", work, done, on_error=failed)


def _into_open(ctx: Any, parent: QWidget | None, project: Any, complete: bool = False) -> Any:
    from workbench.coding.qdpx import ProjectError
    from workbench.coding.qdpx_import import (
        backup_before_import,
        check_not_imported,
        default_wave,
        import_project,
    )

    title = ctx.store.engagement().title or "the open engagement"
    try:  # refused before anything is asked or copied
        check_not_imported(ctx.store, project)
    except ProjectError as exc:
        _tell(parent, "The project cannot be imported", refusal(exc), warning=True)
        return None
    wave = default_wave(ctx.store)
    text = (
        f"Add \u201c{project.name}\u201d to \u201c{title}\u201d? This adds:\n\n"
        f"{what_comes(project, wave, complete)}\n\n"
        "A copy of the engagement as it is now is saved first in its backups folder; "
        "opening that copy undoes the import (Edit \u25b8 Undo does not)."
    )
    if not confirm_into_open(parent, "Add the project to the open engagement", text):
        ctx.status.emit("REFI-QDA import cancelled; nothing was changed")
        return None
    store = ctx.store

    def work(state: Any) -> Any:
        check_not_imported(store, project)  # (again: the file may have changed since)
        state.progress(0.1, "Saving a copy of the engagement first")
        copy = backup_before_import(store, project)
        state.check_cancelled()
        state.progress(0.5, f"Adding {project.summary()}")
        return copy, import_project(
            store, project, wave=wave, complete=complete
        )  # (no interviewer: the
        # consultant importing the project held none of its sources)

    def done(result: Any) -> None:
        copy, report = result
        for kind in IMPORTED_KINDS:
            ctx.record(kind)
        ctx.status.emit("Imported " + report.lines()[0])
        _tell(parent, "REFI-QDA project imported",
              "\n".join(report.lines()) + f"\n\nThe engagement before the import: {copy}")  # fmt: skip

    def failed(exc: BaseException) -> None:
        _tell(parent, "The project cannot be imported", refusal(exc), warning=True)

    return ctx.tasks.run(parent, "Importing the REFI-QDA project", work, done, on_error=failed)


def suggested_export(store: Any) -> str:
    """The path proposed for an export: the engagement's folder, named by its client and
    title (as the report's exports are)."""
    from pathlib import Path

    eng = store.engagement()
    stem = f"{eng.client} - {eng.title}".strip(" -")
    stem = "".join(c for c in stem if c.isalnum() or c in " -_.").strip() or "engagement"
    folder = Path(getattr(store, "path", ".")).parent
    return str(folder / f"{stem}.qdpx")


def export_qdpx(ctx: Any, parent: QWidget | None, path: str | None = None) -> Any:
    """Write the open engagement as a .qdpx, off the UI thread."""
    from workbench.coding.qdpx_export import export_project

    if ctx.store is None:
        return None
    if path is None:
        path, _f = QFileDialog.getSaveFileName(
            parent, "Export a REFI-QDA project", suggested_export(ctx.store),
            "REFI-QDA project (*.qdpx)",
        )  # fmt: skip
        if not path:
            return None
        if not path.lower().endswith(".qdpx"):
            path += ".qdpx"
    store = ctx.store
    astray: list[str] = []  # coded passages on words their text lost: as every export says

    def work(state: Any) -> Any:
        from workbench.store.passages import export_warning

        astray[:] = export_warning(store)
        state.progress(0.1, "Writing the project")
        return export_project(store, path)

    def done(report: Any) -> None:
        text = f"{path}\n\n" + "\n".join(report.lines())
        status = f"REFI-QDA project written to {path}"
        if astray:  # the passages named, then the sentence that says the fix
            *passages, sentence = astray
            text += f"\n\n{sentence}\n" + "\n".join(f"\u2022 {line}" for line in passages)
            status += f". {sentence}"
        ctx.status.emit(status)
        _tell(parent, "REFI-QDA project written", text, warning=bool(astray))

    def failed(exc: BaseException) -> None:
        _tell(parent, "The project was not written", str(exc), warning=True)

    return ctx.tasks.run(parent, "Exporting the REFI-QDA project", work, done, on_error=failed)


def _tell(parent: QWidget | None, title: str, text: str, *, warning: bool = False) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
                      title, text, QMessageBox.StandardButton.Ok, parent)  # fmt: skip
    box.setObjectName("qdpxMessage")
    box.open()  # never blocks: tests and a busy window carry on
