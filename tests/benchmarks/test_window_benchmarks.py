"""The window's own speed with an engagement open, against baselines in the same run:
a cold start to the window shown with the demo open (whole processes), and leaving an
interview for the list."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _bench import best_of, report

SHOWN_WITH_DEMO = """
import os, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workbench.ui.main_window import MainWindow
w = MainWindow()
w.show()
assert w.open_file(sys.argv[1])
app.processEvents()
w.ctx.tasks.wait()  # no background work and no progress dialog left
app.processEvents()
os._exit(0)
"""

BARE_WINDOW = """
import os
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.show()
app.processEvents()
os._exit(0)
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbench.demo import build_demo

    path = tmp_path_factory.mktemp("bench-demo") / "demo.wbk"
    build_demo(path).close()
    return path


def _process(code: str, *args: str, home: Path) -> None:
    env = {
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": os.environ.get("PATH", ""),
        "WORKBENCH_DATA_DIR": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env)


def test_cold_start_with_the_demo_open(demo: Path, tmp_path: Path) -> None:
    bare = best_of(lambda: _process(BARE_WINDOW, home=tmp_path))
    ours = best_of(lambda: _process(SHOWN_WITH_DEMO, str(demo), home=tmp_path))
    ratio = report(
        "cold start, window shown with the demo open", ours, bare, "a bare PySide6 window"
    )
    print(f"[benchmark] target: ratio ≤ 4 and under 1 s; here {ratio:.1f}× and {ours:.2f} s")


def test_leaving_an_interview_for_the_list(qtbot, demo: Path, tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget

    from workbench.ui.context import AppContext
    from workbench.ui.main_window import MainWindow

    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue("consultant/name", "Jo Whitfield")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    assert window.open_file(demo)
    interviews = window.show_page("interviews")
    rows = [r for r in ctx.store.interview_rows() if r.form_id == "servqual"]
    interview_id = rows[0].id

    def leave() -> None:
        editor = interviews.open_interview(interview_id)
        QApplication.processEvents()
        # an answer given (the list is now behind), then Esc
        block = editor.form_view.blocks["tan_1"]
        value = block.input.value() or {}
        block.input.set_value({**value, "E": 7 if value.get("E") != 7 else 6})
        editor.form_view._report("tan_1")
        start = time.perf_counter()
        editor.close_editor()
        interviews.view.viewport().repaint()
        QApplication.processEvents()
        times.append(time.perf_counter() - start)

    times: list[float] = []
    for _ in range(3):
        leave()
    ours = min(times)

    stack = QStackedWidget()
    qtbot.addWidget(stack)
    pages = [QLabel("one"), QLabel("two")]
    for page in pages:
        stack.addWidget(page)
    stack.resize(1280, 800)
    stack.show()

    def switch() -> None:
        stack.setCurrentIndex(1 - stack.currentIndex())
        stack.currentWidget().repaint()
        QApplication.processEvents()

    bare = best_of(switch, repeat=5)
    report("leaving an interview for the list", ours, bare, "a bare page switch")
    print(f"[benchmark] target: under 0.2 s; here {ours * 1000:.0f} ms")
