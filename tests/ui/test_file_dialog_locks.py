"""A file dialog of the window must not release the open engagement's SQLite locks.

POSIX locks belong to the process: when the window opens and closes any descriptor on
the open .wbk (Qt's file dialog sniffing each listed file's type does), SQLite's locks
are gone, and another program's connection, closing, checkpoints and deletes the WAL
under the window.  Two processes here, as when the command line writes to a file open
in the window.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")

OTHER_PROCESS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM engagement").fetchone()
conn.close()
"""


def _deleted_side_files() -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if ".wbk" in target and target.endswith("(deleted)"):
            found.append(target)
    return found


@pytest.mark.slow
def test_a_file_dialog_leaves_the_open_engagement_locked(qtbot, demo_file: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    from workbench.store import check_engagement
    from workbench.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_file(demo_file)
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
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(demo_file)], check=True)
    assert wal.exists(), "another program deleted the WAL of the file open in the window"
    assert _deleted_side_files() == []
    window.ctx.tasks.wait()
    window.ctx.set_store(None)
    assert check_engagement(demo_file) == []
