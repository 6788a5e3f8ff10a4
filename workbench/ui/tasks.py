"""One helper for background work: the window never waits on the database or a file.

``TaskRunner.run(parent, title, work, on_done)`` runs ``work(state)`` on a single worker
thread (so store access is serialised), shows a cancellable progress dialog after a short
delay, and delivers the result to ``on_done`` on the UI thread.  ``work`` must never touch
a widget: it reports progress through ``state.progress(fraction, message)``, which emits
a signal.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

from workbench.analysis.api import Cancelled, TaskState

#: The least width of a progress dialog, in logical pixels.
DIALOG_WIDTH = 440


class ProgressDialog(QProgressDialog):
    """A progress dialog of one width from start to end: wide enough for its title (in
    its title bar and, bold, above the step under way), the step's text wrapping
    inside it rather than widening the dialog.  Escape cancels the work, as the Cancel
    button does."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setLabel(label)
        self.setWindowTitle(title)
        self.setCancelButtonText("Cancel")
        self.setRange(0, 1000)
        bold = label.font()
        bold.setBold(True)
        # the title in bold, and in the title bar beside its buttons (about 120 px)
        needed = QFontMetrics(bold).horizontalAdvance(title) + 2 * 24 + 120
        self.setFixedWidth(max(DIALOG_WIDTH, needed))
        # the title and two lines of a step: the dialog keeps its size as steps change
        label.setFixedHeight(3 * label.fontMetrics().lineSpacing() + 4)
        self.set_step("")
        self.setFixedHeight(self.sizeHint().height())

    def set_step(self, message: str) -> None:
        step = escape(message) if message else "&nbsp;"
        self.setLabelText(f"<b>{escape(self.title)}</b><br>{step}")

    def reject(self) -> None:  # Escape, or the window's close button
        self.canceled.emit()  # stops the work and resets the dialog, as Cancel does
        super().reject()


class _Signals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)  # the exception


class _Job(QRunnable):
    def __init__(self, work: Callable[[TaskState], Any], state: TaskState, signals: _Signals):
        super().__init__()
        self.work = work
        self.state = state
        self.signals = signals
        self.done = False
        # The pool must not delete the job on the worker thread: dropping the last
        # reference to a Python-wrapped Qt object there (the job, its signals, a widget its
        # work captured) takes Qt's connection lock and then waits for the interpreter
        # lock the UI thread holds while it connects signals: a deadlock. The runner
        # keeps every job and lets it go on the UI thread once the pool is idle.
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.work(self.state)
        except Cancelled as exc:
            self.signals.failed.emit(exc)
        except Exception as exc:  # reported on the UI thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            self.done = True


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._alive: set[_Signals] = set()
        self._jobs: list[_Job] = []

    def _release_finished_jobs(self) -> None:
        """Let finished jobs go, on the UI thread, once the worker holds none of them."""
        if self.pool.activeThreadCount() == 0:
            self._jobs = [job for job in self._jobs if not job.done]

    def run(
        self,
        parent: QWidget | None,
        title: str,
        work: Callable[[TaskState], Any],
        on_done: Callable[[Any], None],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        show_after_ms: int = 400,
        on_progress: Callable[[float, str], None] | None = None,
    ) -> TaskState:
        """With ``on_progress`` the caller shows the progress itself (inside its page, with
        its own Cancel) and no progress dialog appears."""
        signals = _Signals()
        self._alive.add(signals)
        state = TaskState(on_progress=lambda f, m: signals.progress.emit(f, m))
        dialog: ProgressDialog | None = None
        if on_progress is None:
            dialog = ProgressDialog(title, parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(show_after_ms)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setValue(0)
            dialog.canceled.connect(state.cancel)

        @Slot(float, str)
        def progress(fraction: float, message: str) -> None:
            if on_progress is not None:
                on_progress(fraction, message)
                return
            assert dialog is not None
            dialog.setValue(int(fraction * 1000))
            if message:
                dialog.set_step(message)

        def finish() -> None:
            if dialog is not None:
                dialog.reset()
                dialog.hide()
                dialog.deleteLater()
            QTimer.singleShot(0, lambda: self._alive.discard(signals))
            QTimer.singleShot(50, self._release_finished_jobs)

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, Cancelled):
                return
            if on_error is not None:
                on_error(exc)
            else:
                QMessageBox.warning(parent, title, f"{title} failed:\n\n{exc}")

        signals.progress.connect(progress)
        signals.finished.connect(done)
        signals.failed.connect(failed)
        self._release_finished_jobs()
        job = _Job(work, state, signals)
        self._jobs.append(job)
        self.pool.start(job)
        return state

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the worker is idle (for tests and for closing the window)."""
        return self.pool.waitForDone(msecs)
