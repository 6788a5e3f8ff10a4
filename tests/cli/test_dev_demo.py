"""``./dev demo --help`` prints the demo command's help: it neither writes a file named
"--help" nor opens a window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_dev_demo_help_prints_help_and_writes_nothing():
    before = set(os.listdir(ROOT))
    env = dict(os.environ, WORKBENCH_VENV=str(Path(sys.executable).parents[1]))
    proc = subprocess.run(
        ["bash", str(ROOT / "dev"), "demo", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert "usage: workbench demo" in proc.stdout
    assert "Writing the demo engagement" not in proc.stderr
    assert "Opening the window" not in proc.stderr
    assert set(os.listdir(ROOT)) == before
    assert not (ROOT / "--help").exists()
