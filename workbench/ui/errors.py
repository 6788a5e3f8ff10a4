"""Unexpected errors: logged to a file in the user data folder and shown in a dialog that
says what failed and where the log is; the window goes on."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from workbench.failures import log_path, start_logging

__all__ = ["ErrorReporter", "log_path", "start_logging"]

log = logging.getLogger("workbench")


class ErrorReporter:
    """``sys.excepthook`` and Qt's message handler for the window's lifetime.

    Each error is logged; then a dialog (window-modal, not blocking) names what failed and
    where it happened, and points at the log.  ``shown`` keeps the texts (for tests).
    """

    def __init__(self, window: Any) -> None:
        self.window = window
        self.shown: list[str] = []
        self._previous_hook = sys.excepthook
        self._busy = False

    def install(self) -> ErrorReporter:
        from PySide6.QtCore import qInstallMessageHandler

        start_logging()
        sys.excepthook = self.excepthook
        self._previous_qt = qInstallMessageHandler(self.qt_message)
        return self

    def uninstall(self) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous_hook
        qInstallMessageHandler(self._previous_qt if self._previous_qt else None)

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_hook(kind, exc, tb)
            return
        log.error("unexpected error", exc_info=(kind, exc, tb))
        frames = traceback.extract_tb(tb)
        where = ""
        if frames:
            last = frames[-1]
            where = f" in {last.name} ({Path(last.filename).name}, line {last.lineno})"
        self.show(f"{kind.__name__}: {exc}{where}")

    def qt_message(self, mode: Any, context: Any, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        level = {
            QtMsgType.QtDebugMsg: logging.DEBUG,
            QtMsgType.QtInfoMsg: logging.INFO,
            QtMsgType.QtWarningMsg: logging.WARNING,
        }.get(mode, logging.ERROR)
        where = f" ({context.file}:{context.line})" if context and context.file else ""
        logging.getLogger("workbench.qt").log(level, "%s%s", message, where)
        if level >= logging.ERROR:
            self.show(f"Qt: {message}{where}")

    def show(self, what: str) -> None:
        self.shown.append(what)
        if self._busy:  # an error while showing an error: the log has it
            return
        self._busy = True
        try:
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "Something went wrong",
                "Workbench hit an unexpected error and carried on. Your edits up to now are saved.",
                QMessageBox.StandardButton.Ok,
                self.window,
            )
            box.setInformativeText(f"What failed: {what}\n\nThe log is at {log_path()}")
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.setObjectName("errorDialog")
            box.open()
        finally:
            self._busy = False
