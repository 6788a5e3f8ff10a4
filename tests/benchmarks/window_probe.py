"""Drive the window on an engagement and time what a consultant waits for (run by run.py).

    python tests/benchmarks/window_probe.py FILE

Prints one line, ``PROBE {json}``: ``leave`` (leaving an interview for the list, best of
several), ``bare_switch`` (switching a bare QStackedWidget between two pages with a table each,
painted),
``servqual`` (running SERVQUAL on the Analyses page until the result, tables and charts,
is shown), ``servqual_stall`` (the UI thread's longest stall meanwhile) and
``peak_mb`` (peak resident memory after every page and several interviews were visited).
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
        QStackedWidget,
        QTableWidget,
        QTableWidgetItem,
    )

    from workbench.ui import startup_probe
    from workbench.ui.main_window import PAGES, MainWindow

    app = QApplication.instance() or QApplication([])

    def settle(window: MainWindow, timeout: float = 120.0) -> None:
        streak, end = 0, time.perf_counter() + timeout
        while streak < 2 and time.perf_counter() < end:
            app.processEvents()
            streak = streak + 1 if startup_probe.is_settled(window, True) else 0
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
    window.open_file(path)
    settle(window)
    for key, *_rest in PAGES:
        window.show_page(key)
        settle(window)

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

    analyses = window.show_page("analyses")
    settle(window)
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


if __name__ == "__main__":
    main(sys.argv[1])
