"""The main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from workbench.store import EngagementFileError, open_engagement


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.store = None
        self.setWindowTitle("Workbench")
        self.resize(1200, 800)
        self._label = QLabel("Open an engagement to begin.")
        self.setCentralWidget(self._label)

    def open_file(self, path: str) -> bool:
        try:
            store = open_engagement(path)
        except EngagementFileError as exc:
            QMessageBox.warning(self, "Cannot open engagement", str(exc))
            return False
        self.store = store
        eng = store.engagement()
        self.setWindowTitle(f"{eng.client} — {eng.title} · Workbench")
        self._label.setText(f"{eng.client}: {eng.title}")
        return True
