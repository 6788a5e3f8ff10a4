"""Tell a measuring process when the window is ready (``WORKBENCH_REPORT_READY=1``).

Ready means shown, with the engagement open (when one was asked for), no background task
running and no progress indicator visible, twice in a row.  Then one line goes to stdout,
``WORKBENCH_READY <peak resident memory in MB>``, and the application quits.  The
benchmarks time the whole process from its start to that line.
"""

from __future__ import annotations

import os
import sys
from typing import Any

ENV = "WORKBENCH_REPORT_READY"


def wanted() -> bool:
    return os.environ.get(ENV) == "1"


def peak_memory_mb() -> float:
    """This process's peak resident memory, in MB.

    On Linux from ``VmHWM``: ``getrusage``'s ``ru_maxrss`` survives ``exec`` and so
    reports the parent's peak when that was larger (a benchmark holding a large
    engagement reported its own gigabyte as the window's)."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def is_settled(window: Any, want_store: bool) -> bool:
    """Shown, engagement open if asked, nothing running, no progress indicator visible."""
    from PySide6.QtWidgets import QApplication, QProgressBar, QProgressDialog

    if not window.isVisible() or (want_store and window.store is None):
        return False
    if window.ctx.tasks.pool.activeThreadCount():
        return False
    for top in QApplication.topLevelWidgets():
        if isinstance(top, QProgressDialog) and top.isVisible():
            return False
        if top.isVisible() and any(b.isVisible() for b in top.findChildren(QProgressBar)):
            return False
    return True


def install(app: Any, window: Any, want_store: bool) -> None:
    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    streak = [0]

    def poll() -> None:
        streak[0] = streak[0] + 1 if is_settled(window, want_store) else 0
        if streak[0] >= 2:
            timer.stop()
            print(f"WORKBENCH_READY {peak_memory_mb():.1f}", flush=True)
            app.quit()

    timer.timeout.connect(poll)
    timer.start(5)
