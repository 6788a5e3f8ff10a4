"""The window reports when it is ready (for the benchmarks' cold-start figures)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QProgressBar

from workbench.ui import startup_probe
from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow


def test_settled_means_shown_open_and_nothing_in_progress(qtbot, tmp_path: Path, demo_file):
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert not startup_probe.is_settled(window, want_store=False)  # not shown yet
    window.show()
    qtbot.waitExposed(window)
    assert startup_probe.is_settled(window, want_store=False)
    assert not startup_probe.is_settled(window, want_store=True)  # no engagement open
    assert window.open_file(demo_file)
    qtbot.waitUntil(lambda: startup_probe.is_settled(window, want_store=True), timeout=20_000)
    bar = QProgressBar(window.statusBar())
    bar.show()
    assert not startup_probe.is_settled(window, want_store=True)
    bar.hide()
    assert startup_probe.is_settled(window, want_store=True)
    ctx.tasks.wait()


@pytest.mark.slow
def test_the_window_prints_ready_and_quits(tmp_path: Path, demo_file) -> None:
    env = dict(
        os.environ,
        WORKBENCH_REPORT_READY="1",
        QT_QPA_PLATFORM="offscreen",
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "workbench", str(demo_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    ready = [line for line in done.stdout.splitlines() if line.startswith("WORKBENCH_READY ")]
    assert ready, done.stderr[-2000:]
    assert 50 < float(ready[0].split()[1]) < 5000  # peak memory in MB
