"""What every view of the window shares: the open store, the undo stack, the task runner
and the signals by which views tell each other that something changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from workbench.ui.tasks import TaskRunner
from workbench.ui.undo import StoreCommand


class AppContext(QObject):
    """Shared by the main window and its views.

    Signals:
    - ``store_changed(object)``: another engagement was opened (or ``None`` on close).
    - ``data_changed(str)``: rows of a kind changed ("respondents", "interviews", "answers",
      "notes", "codes", "segments", "memos", "findings", "report", "forms", "engagement").
    - ``saved()``: an edit was committed to the file (drives the "saved" indicator).
    - ``open_interview_requested(str, object)``: show an interview (with an optional
      ``(source_kind, source_id, start, end)`` to highlight).
    - ``status(str)``: a message for the status bar.
    """

    store_changed = Signal(object)
    data_changed = Signal(str)
    saved = Signal()
    open_interview_requested = Signal(str, object)
    status = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: Any = None
        # Shared by the analysis views: the loaded EngagementData, the plugin registry and
        # the result on show (with the report item it came from).
        self.engagement_data: Any = None
        self.analysis_registry: Any = None
        self.current_result: Any = None
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self)
        self.settings = QSettings()

    # -- the open engagement ---------------------------------------------------------------
    def set_store(self, store: Any) -> None:
        old, self.store = self.store, store
        self.engagement_data = self.current_result = None
        self.undo_stack.clear()
        if old is not None and old is not store:
            old.close()
        self.store_changed.emit(store)

    @property
    def user_name(self) -> str:
        from workbench.settings import UNNAMED, consultant_name

        # The name the consultant gave ("Your name"), never the login name.
        value = self.settings.value("user/name", "")
        return str(value) if value else (consultant_name() or UNNAMED)

    # -- edits -------------------------------------------------------------------------------
    def edit(
        self,
        text: str,
        redo: Callable[[], Any],
        undo: Callable[[], Any],
        kind: str,
    ) -> None:
        """Run an undoable edit: ``redo`` now (and on redo), ``undo`` on undo.

        Each call commits to the file before it returns; views of ``kind`` refresh.
        """

        def after() -> None:
            self.data_changed.emit(kind)
            self.saved.emit()

        self.undo_stack.push(StoreCommand(text, redo, undo, after))

    def record(self, kind: str) -> None:
        """An edit that was committed without the undo stack (e.g. typing into a note)."""
        self.data_changed.emit(kind)
        self.saved.emit()
