"""Start the window."""

from __future__ import annotations

import sys


def run_app(path: str | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    from workbench.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Workbench")
    app.setOrganizationName("Workbench")
    window = MainWindow()
    if path:
        window.open_file(path)
    window.show()
    return app.exec()
