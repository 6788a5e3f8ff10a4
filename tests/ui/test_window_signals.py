"""A window ended by SIGTERM (logout, shutdown, `kill`) closes its engagement as File ▸ Quit
does: the .wbk alone holds the last work, with no FILE.wbk-wal left beside it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from workbench.store import create_engagement, open_engagement
from workbench.ui.app import ENDING_SIGNALS, end_on_signals

pytestmark = [
    pytest.mark.app_context(engagement="new"),
    pytest.mark.skipif(not hasattr(signal, "SIGTERM"), reason="no SIGTERM here"),
]


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_closes_the_engagement_into_the_wbk(qtbot, ctx, window, tmp_path, name):
    number = getattr(signal, name, None)
    if number not in ENDING_SIGNALS:
        pytest.skip(f"no {name} here")
    path = Path(ctx.store.path)
    ctx.store.add_respondent("Eve Evans")
    assert Path(f"{path}-wal").exists()  # the last work waits in the -wal
    window.show()
    restore = end_on_signals(QApplication.instance(), window)
    try:
        os.kill(os.getpid(), number)
        qtbot.waitUntil(lambda: ctx.store is None, timeout=5000)
    finally:
        restore()
    assert not window.isVisible()
    assert not Path(f"{path}-wal").exists()
    copy = tmp_path / "copy.wbk"
    shutil.copy(path, copy)  # the .wbk alone, as attached to an e-mail
    store = open_engagement(copy)
    try:
        assert [r.name for r in store.respondents()] == ["Eve Evans"]
    finally:
        store.close()


def test_the_handlers_before_are_put_back(qtbot, window):
    before = {number: signal.getsignal(number) for number in ENDING_SIGNALS}
    restore = end_on_signals(QApplication.instance(), window)
    assert all(signal.getsignal(number) is not before[number] for number in ENDING_SIGNALS)
    restore()
    assert {number: signal.getsignal(number) for number in ENDING_SIGNALS} == before


def catches(pid: int, number: int) -> bool:
    """Whether process ``pid`` has a handler of its own for signal ``number`` (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (number - 1) & 1)
    return False


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_window_process_ended_by_sigterm_leaves_no_wal(tmp_path):
    """The window as it runs (its own process, Qt waiting for events): SIGTERM still
    reaches Python, and the file is closed before the process ends."""
    path = tmp_path / "q2.wbk"
    create_engagement(path, client="Acme", title="Review").close()
    start = "import sys; from workbench.ui.app import run_app; sys.exit(run_app(sys.argv[1]))"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("WORKBENCH_REPORT_READY", None)
    window = subprocess.Popen([sys.executable, "-c", start, str(path)], env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 60
        while not (Path(f"{path}-wal").exists() and catches(window.pid, signal.SIGTERM)):
            assert window.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        window.send_signal(signal.SIGTERM)
        assert window.wait(timeout=30) == 0
    finally:
        if window.poll() is None:
            window.kill()
            window.wait()
    assert not Path(f"{path}-wal").exists()
