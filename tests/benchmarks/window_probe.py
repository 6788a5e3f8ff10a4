"""Drive the window on an engagement and time what a consultant waits for (run by run.py).

    python tests/benchmarks/window_probe.py FILE

Prints one line, ``PROBE {json}``: ``leave`` (leaving an interview for the list, best of
several), ``bare_switch`` (switching a bare QStackedWidget between two pages with a table each,
painted),
``servqual`` (running SERVQUAL on the Analyses page until the result, tables and charts,
is shown), ``servqual_stall`` (the UI thread's longest stall meanwhile) and
``peak_mb`` (peak resident memory after every page and several interviews were visited).
With ``WORKBENCH_PROBE_STEPS=1`` it also prints the resident memory and its peak after each
step to stderr, to find where the peak happens.
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(path: str) -> None:
    from PySide6.QtWidgets import (
        QApplication,
        QMainWindow,
        QProgressBar,
        QProgressDialog,
        QStackedWidget,
        QTableWidget,
        QTableWidgetItem,
    )

    from workbench.ui import startup_probe
    from workbench.ui.interview_editor import InterviewEditor
    from workbench.ui.main_window import PAGES, MainWindow

    app = QApplication.instance() or QApplication([])
    steps = os.environ.get("WORKBENCH_PROBE_STEPS") == "1"

    def step(label: str) -> None:
        if steps:
            print(f"STEP {label}: {_resident_mb()} MB, peak {_peak_mb()} MB", file=sys.stderr)

    def settled(window: MainWindow) -> bool:
        if startup_probe.is_settled(window, True):
            return True
        # An open interview's completion bar is a progress bar that never goes away; it is
        # no progress indicator (waiting for it spun the loop until the time limit).
        meters = {id(e.progress_bar) for e in window.findChildren(InterviewEditor)}
        if not meters:
            return False
        return (
            window.isVisible()
            and window.store is not None
            and not window.ctx.tasks.pool.activeThreadCount()
            and not any(
                b.isVisible() and id(b) not in meters
                for top in QApplication.topLevelWidgets()
                if top.isVisible()
                for b in top.findChildren(QProgressBar)
            )
            and not any(
                isinstance(top, QProgressDialog) and top.isVisible()
                for top in QApplication.topLevelWidgets()
            )
        )

    def settle(window: MainWindow, timeout: float = 120.0) -> None:
        streak, end = 0, time.perf_counter() + timeout
        while streak < 2 and time.perf_counter() < end:
            app.processEvents()
            streak = streak + 1 if settled(window) else 0
            time.sleep(0.001)

    # The baseline: a bare page switch in a window of the same size, two pages each with
    # a filled table, painted (grab) like the real window below.
    bare = QMainWindow()
    bare.resize(1280, 860)
    stack = QStackedWidget()
    pages = []
    for _ in range(2):
        table = QTableWidget(40, 8)
        for r in range(40):
            for c in range(8):
                table.setItem(r, c, QTableWidgetItem(f"cell {r}.{c}"))
        stack.addWidget(table)
        pages.append(table)
    bare.setCentralWidget(stack)
    bare.show()
    app.processEvents()
    bare.grab()
    switches = []
    for i in range(6):
        start = time.perf_counter()
        stack.setCurrentWidget(pages[(i + 1) % 2])
        app.processEvents()
        bare.grab()
        switches.append(time.perf_counter() - start)
    bare.close()

    window = MainWindow()
    window.resize(1280, 860)
    window.show()
    step("window shown")
    window.open_file(path)
    settle(window)
    step("engagement open")
    for key, *_rest in PAGES:
        window.show_page(key)
        settle(window)
        step(f"page {key}")

    page = window.show_page("interviews")
    settle(window)
    ids = [r.id for r in window.store.interview_rows()][:: max(1, 2000 // 5)][:5]
    leaves = []
    for iid in ids:
        page.open_interview(iid)
        settle(window)
        window.grab()
        start = time.perf_counter()
        page.show_list()
        settle(window)
        window.grab()
        leaves.append(time.perf_counter() - start)
        step("interview opened and left")

    analyses = window.show_page("analyses")
    settle(window)
    step("analyses again")
    servqual = stall = None
    if analyses.select_analysis("servqual"):
        from PySide6.QtCore import QTimer

        shown: list[float] = []
        analyses.result_shown.connect(lambda _r: shown.append(time.perf_counter()))
        # the UI thread's longest stall meanwhile: the longest wait between ticks of a
        # 5 ms timer, from the click until the result is painted
        ticks = [time.perf_counter(), 0.0]

        def tick() -> None:
            now = time.perf_counter()
            ticks[1] = max(ticks[1], now - ticks[0])
            ticks[0] = now

        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(tick)
        timer.start()
        start = ticks[0] = time.perf_counter()
        analyses.run()
        end = time.perf_counter() + 120
        while not shown and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)
        painted = time.perf_counter() + 0.3  # the result's own paint, as the user sees it
        while time.perf_counter() < painted:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        stall = ticks[1]
        settle(window)
        step("servqual shown")
        servqual = (shown[0] if shown else time.perf_counter()) - start
    print(
        "PROBE "
        + json.dumps(
            {
                "leave": min(leaves) if leaves else None,
                "bare_switch": min(switches),
                "servqual": servqual,
                "servqual_stall": stall,
                "peak_mb": startup_probe.peak_memory_mb(),
            }
        ),
        flush=True,
    )
    # Leave at once: tearing down Qt at interpreter exit is not what is measured.
    os._exit(0)


def _resident_mb() -> int:
    return _status("VmRSS")


def _peak_mb() -> int:
    return _status("VmHWM")


def _status(key: str) -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return -1


if __name__ == "__main__":
    main(sys.argv[1])
