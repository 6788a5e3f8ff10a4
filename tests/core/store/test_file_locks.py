"""Reading an open engagement's header in its own process keeps SQLite's locks.

POSIX locks belong to the process: closing any descriptor on the file releases all of
SQLite's locks on it, and another program's connection, closing, then checkpoints and
deletes the WAL under the open store (the two diverge and the file is damaged).  The
window reads the header of a file it has open (asking whether it needs a passphrase,
checking it before opening it again); two processes here, like the window and the
command line.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from two_processes import deleted_side_files, needs_proc, read_elsewhere_and_check

from workbench.store import check_engagement, open_engagement
from workbench.store.database import inspect_file, needs_passphrase

pytestmark = needs_proc


def test_reading_the_header_of_the_open_file_keeps_its_locks(engagement_path: Path) -> None:
    store = open_engagement(engagement_path, backup=False)
    try:
        store.update_engagement(scope="before")
        assert not needs_passphrase(engagement_path)
        inspect_file(engagement_path)
        read_elsewhere_and_check(engagement_path)
        store.update_engagement(scope="after")
    finally:
        store.close()
    assert check_engagement(engagement_path) == []
    with open_engagement(engagement_path, backup=False) as again:
        assert again.engagement().scope == "after"
    assert deleted_side_files() == []


def test_the_two_process_check_sees_locks_released(engagement_path: Path) -> None:
    """The shared check fails where the damage happens: a descriptor on the open file,
    opened and closed by this process, drops SQLite's locks."""
    store = open_engagement(engagement_path, backup=False)
    try:
        store.update_engagement(scope="before")
        os.close(os.open(engagement_path, os.O_RDONLY))  # what a naive header read did
        with pytest.raises(AssertionError, match="deleted the WAL"):
            read_elsewhere_and_check(engagement_path)
    finally:
        with contextlib.suppress(Exception):
            store.close()
