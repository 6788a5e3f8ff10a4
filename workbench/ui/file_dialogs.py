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
