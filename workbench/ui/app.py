"""Start the window."""

from __future__ import annotations

import sys
from collections.abc import Callable


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
    try:
        return app.exec()
    finally:
        reporter.uninstall()
