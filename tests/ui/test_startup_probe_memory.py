"""The peak memory a started window reports is its own, not its parent's."""

from __future__ import annotations

import subprocess
import sys


def test_a_child_reports_its_own_peak_not_the_parents():
    ballast = bytearray(400 * 1024 * 1024)  # the parent's peak: over 400 MB
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so resident
    out = subprocess.run(
        [sys.executable, "-c",
         "from workbench.ui.startup_probe import peak_memory_mb; print(peak_memory_mb())"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    del ballast
    assert float(out.stdout) < 200, out.stdout
