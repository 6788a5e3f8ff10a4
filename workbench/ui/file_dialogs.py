"""File dialogs that never read the files they list.

Qt's own file dialog asks the MIME database for each listed file's icon and type, and
that database opens a file to look at its first bytes when its name alone is not enough
(an engagement file, its ``-wal`` and ``-shm``).  Closing such a descriptor releases
every POSIX lock this process holds on the file, SQLite's too ("How To Corrupt An SQLite
Database File", section 2.2): another program then believes nobody has the open
engagement open, checkpoints and deletes its WAL under the window, and the file is
damaged.  :func:`install` gives every file dialog of the application an icon provider
that goes by the name alone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QFileInfo, QMimeDatabase, QObject
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider


class NameOnlyIcons(QFileIconProvider):
    """Icons and types from the file's name; the file itself is never opened."""

    def icon(self, what: Any) -> Any:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = QAbstractFileIconProvider.IconType
            return super().icon(kind.Folder if what.isDir() else kind.File)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:  # type: ignore[override]
        if info.isDir():
            return "Folder"
        found = QMimeDatabase().mimeTypeForFile(info, QMimeDatabase.MatchMode.MatchExtension)
        return found.comment()


class _Guard(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.icons = NameOnlyIcons()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        # (every event of the application passes here: the cheap test first)
        polished = isinstance(obj, QFileDialog) and event.type() == QEvent.Type.Polish
        if polished and obj.iconProvider() is not self.icons:
            obj.setIconProvider(self.icons)
        return False


def install(app: QApplication | None = None) -> None:
    """Make every file dialog of ``app`` (once) go by names only."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None or app.findChild(_Guard) is not None:
        return
    app.installEventFilter(_Guard(app))


# -- where a file dialog starts ------------------------------------------------------------
#: The settings key of the folder last used for a kind of file ("form", "responses", …).
FOLDER_KEY = "dialogs/folder/{kind}"


def _context(ctx: Any, parent: Any) -> Any:
    """``ctx``, or else the AppContext of ``parent`` or of the first of its parents that has
    one (pages and dialogs keep theirs as ``ctx``)."""
    widget = parent
    while ctx is None and widget is not None:
        ctx = getattr(widget, "ctx", None)
        widget = widget.parentWidget() if hasattr(widget, "parentWidget") else None
    return ctx


def start_folder(ctx: Any, kind: str) -> str:
    """Where a dialog for ``kind`` files starts: the folder last used for that kind of file,
    else the open engagement's folder, else the home folder (never the program's own)."""
    from pathlib import Path

    settings = getattr(ctx, "settings", None)
    last = settings.value(FOLDER_KEY.format(kind=kind), "") if settings is not None else ""
    if last and Path(str(last)).is_dir():
        return str(last)
    store = getattr(ctx, "store", None)
    path = getattr(store, "path", None)
    if path and Path(path).parent.is_dir():
        return str(Path(path).parent)
    return str(Path.home())


def remember_folder(ctx: Any, kind: str, chosen: str) -> None:
    """The folder of ``chosen`` (a file) is where the next dialog for ``kind`` starts."""
    from pathlib import Path

    settings = getattr(ctx, "settings", None)
    if chosen and settings is not None:
        settings.setValue(FOLDER_KEY.format(kind=kind), str(Path(chosen).parent))


def _start(ctx: Any, kind: str, name: str) -> str:
    from pathlib import Path

    return str(Path(start_folder(ctx, kind)) / name) if name else start_folder(ctx, kind)


def open_file_name(
    parent: Any, caption: str, filters: str, *, kind: str, ctx: Any = None
) -> tuple[str, str]:
    """``QFileDialog.getOpenFileName`` started where ``kind`` files were last chosen, or in
    the engagement's folder (see :func:`start_folder`); the folder chosen is remembered."""
    ctx = _context(ctx, parent)
    path, chosen = QFileDialog.getOpenFileName(parent, caption, _start(ctx, kind, ""), filters)
    remember_folder(ctx, kind, path)
    return path, chosen


def open_file_names(
    parent: Any, caption: str, filters: str, *, kind: str, ctx: Any = None
) -> tuple[list[str], str]:
    """``QFileDialog.getOpenFileNames``, started and remembered as :func:`open_file_name`."""
    ctx = _context(ctx, parent)
    paths, chosen = QFileDialog.getOpenFileNames(parent, caption, _start(ctx, kind, ""), filters)
    if paths:
        remember_folder(ctx, kind, paths[0])
    return paths, chosen


def save_file_name(
    parent: Any, caption: str, name: str, filters: str, *, kind: str, ctx: Any = None
) -> tuple[str, str]:
    """``QFileDialog.getSaveFileName`` proposing ``name`` in the folder :func:`start_folder`
    gives for ``kind``; the folder chosen is remembered."""
    ctx = _context(ctx, parent)
    path, chosen = QFileDialog.getSaveFileName(parent, caption, _start(ctx, kind, name), filters)
    remember_folder(ctx, kind, path)
    return path, chosen
