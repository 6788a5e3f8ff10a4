"""Test helper: another process reads an engagement the test holds open, as the command
line does beside the window, and the open file's write-ahead log must survive it.

POSIX locks belong to the process: if this process has closed any descriptor on the open
file, SQLite's locks are gone, and the other process, closing, checkpoints and deletes
the WAL under the open store (the two diverge and the file is damaged).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")

OTHER_PROCESS = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM engagement").fetchone()
conn.close()
"""


def deleted_side_files() -> list[str]:
    """This process's descriptors on engagement files that have been deleted."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if ".wbk" in target and target.endswith("(deleted)"):
            found.append(target)
    return found


def read_elsewhere_and_check(path: Path) -> None:
    """Another process opens ``path``, reads and closes; the WAL of the file open here must
    still be there, and no descriptor of this process point at a deleted side file."""
    subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(path)], check=True)
    assert Path(f"{path}-wal").exists(), "another program deleted the WAL of the open file"
    assert deleted_side_files() == []
