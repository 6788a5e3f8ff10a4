"""A file dialog of the window must not release the open engagement's SQLite locks.

POSIX locks belong to the process: when the window opens and closes any descriptor on
the open .wbk (Qt's file dialog sniffing each listed file's type does), SQLite's locks
are gone, and another program's connection, closing, checkpoints and deletes the WAL
under the window.  Two processes here, as when the command line writes to a file open
in the window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from two_processes import needs_proc, read_elsewhere_and_check

pytestmark = needs_proc


@pytest.mark.slow
def test_a_file_dialog_leaves_the_open_engagement_locked(qtbot, demo_file: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from workbench.store import check_engagement
    from workbench.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_file(demo_file)
    # the store, connected once loaded, has the file open for writing
    qtbot.waitUntil(lambda: window.store.integrity.passed, timeout=30_000)
    wal = Path(f"{demo_file}-wal")
    assert wal.exists()

    def look_then_close() -> None:
        qtbot.wait(1500)  # the dialog lists the folder: the .wbk, its -wal and -shm
        QApplication.activeModalWidget().reject()

    QTimer.singleShot(50, look_then_close)
    QFileDialog.getOpenFileName(
        window, "Import", str(demo_file.parent), "All files (*)",
        options=QFileDialog.Option.DontUseNativeDialog,
    )  # fmt: skip
    # another program reads the file and closes: it must see the window's locks
    read_elsewhere_and_check(demo_file)
    window.ctx.tasks.wait()
    window.ctx.set_store(None)
    assert check_engagement(demo_file) == []
