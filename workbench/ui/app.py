"""Start the window."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from typing import Any

#: Signals that end the window as File ▸ Quit does: logout, shutdown and `kill` send
#: SIGTERM, a closed terminal SIGHUP (not on Windows).
ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def run_app(path: str | None = None, *, before_open: Callable[[], None] | None = None) -> int:
    """Show the window, on ``path`` if given.

    ``before_open()`` runs once the window is built and before it is shown: the command
    line says there on stderr why a file that is no engagement is refused (the window
    then shows its own message about it on the start page, as File ▸ Open does).  The window shows the file before SQLAlchemy is imported
    (see :mod:`workbench.store.early`).
    """
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Workbench")
    app.setApplicationDisplayName("Workbench")
    app.setOrganizationName("Workbench")
    app.setOrganizationDomain("workbench.local")
    # The platform's own style and palette: Qt 6 follows the system's light/dark scheme
    # and scales for high-DPI screens by itself.
    from workbench.ui import style

    style.apply(app)  # type: ignore[arg-type]

    from workbench.ui.errors import ErrorReporter
    from workbench.ui.main_window import MainWindow

    window = MainWindow()
    if before_open is not None:
        before_open()
    reporter = ErrorReporter(window).install()
    window.show()
    if path:
        window.open_file(path)
    from workbench.ui import startup_probe

    if startup_probe.wanted():
        startup_probe.install(app, window, want_store=bool(path))
    restore = end_on_signals(app, window)
    try:
        return app.exec()
    finally:
        restore()
        reporter.uninstall()


def end_on_signals(app: Any, window: Any) -> Callable[[], None]:
    """SIGTERM (and SIGHUP) close ``window`` as File ▸ Quit does, then end ``app``: the
    engagement is closed, so the .wbk alone holds all the work (where a window ended by a
    signal left its last changes in FILE.wbk-wal, missing from a copy of the .wbk alone).

    Python runs a signal's handler only when the interpreter next gets control, which it
    does not while Qt waits for events: a timer wakes it a few times a second.  The close
    itself waits for the event loop (never in the middle of an edit).  Returns what puts
    the previous handlers back."""
    from PySide6.QtCore import QTimer

    def end() -> None:
        window.close()
        app.quit()

    def ended(_signum: int, _frame: Any) -> None:
        QTimer.singleShot(0, end)

    before = {number: signal.signal(number, ended) for number in ENDING_SIGNALS}
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)  # Python gets control: its handlers run
    wake.start(200)

    def restore() -> None:
        wake.stop()
        wake.deleteLater()
        for number, handler in before.items():
            signal.signal(number, handler)

    return restore
