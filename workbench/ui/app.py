"""Start the window."""

from __future__ import annotations

import sys


def run_app(path: str | None = None) -> int:
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
    reporter = ErrorReporter(window).install()
    window.show()
    if path:
        window.open_file(path)
    try:
        return app.exec()
    finally:
        reporter.uninstall()
