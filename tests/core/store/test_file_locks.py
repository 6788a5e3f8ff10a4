"""Reading an open engagement's header in its own process keeps SQLite's locks.

POSIX locks belong to the process: closing any descriptor on the file releases all of
SQLite's locks on it, and another program's connection, closing, then checkpoints and
deletes the WAL under the open store (the two diverge and the file is damaged).  The
window reads the header of a file it has open (asking whether it needs a passphrase,
checking it before opening it again); two processes here, like the window and the
command line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.store import check_engagement, open_engagement
from workbench.store.database import inspect_file, needs_passphrase

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


def test_reading_the_header_of_the_open_file_keeps_its_locks(engagement_path: Path) -> None:
    store = open_engagement(engagement_path, backup=False)
    try:
        store.update_engagement(scope="before")
        assert not needs_passphrase(engagement_path)
        inspect_file(engagement_path)
        subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(engagement_path)], check=True)
        assert Path(f"{engagement_path}-wal").exists(), "the other program deleted the WAL"
        assert _deleted_side_files() == []
        store.update_engagement(scope="after")
    finally:
        store.close()
    assert check_engagement(engagement_path) == []
    with open_engagement(engagement_path, backup=False) as again:
        assert again.engagement().scope == "after"
    assert _deleted_side_files() == []
