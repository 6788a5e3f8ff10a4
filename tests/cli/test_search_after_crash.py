"""``workbench search`` finds a note typed and saved just before the window was killed:
while the window has the file open its queue is searched where it waits (and left as it
is); afterwards the search takes it into the index.  ``workbench check`` says the index is
behind meanwhile, as information."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from cli_driver import run

# The window: a note typed and saved (queued for the index), the file still open.
WINDOW = textwrap.dedent(
    """
    import sys, time
    from workbench.forms.library import builtin_form
    from workbench.store import open_engagement

    store = open_engagement(sys.argv[1])
    ivy = store.add_respondent("Ivy Irwin")
    iv = store.new_interview(ivy.id, builtin_form("stakeholder-interview"), interviewer="Jo")
    note = store.add_note(iv.id, "Typed")
    store.search("typed")
    store.update_note(note.id, "ZEBRAWORD typed before the crash")
    print(note.id, flush=True)
    time.sleep(600)
    """
)


def _queue(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_note_saved_before_the_window_was_killed_is_found(engagement: Path) -> None:
    window = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(engagement)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert window.stdout is not None
        note = window.stdout.readline().strip()
        # The window still has the file: the search reads the queue and writes nothing.
        code, out = run("search", str(engagement), "zebraword", "--json")
        assert code == 0
        found = json.loads(out)
        assert (found["matches"], found["interviews"]) == (1, 1)
        assert [(m["id"], m["respondent"]) for m in found["listed"]] == [(note, "Ivy Irwin")]
        assert _queue(engagement) == 1
    finally:
        os.kill(window.pid, signal.SIGKILL)
        window.wait()

    code, out = run("check", str(engagement))
    assert code == 0
    assert out.splitlines() == [
        f"{engagement}: OK",
        f"{engagement}: the search index is behind by 1 text (notes or answers saved since "
        "it last took them in); searches find them, and the next search or opening of the "
        "file takes them in",
    ]
    assert json.loads(run("check", str(engagement), "--json")[1])["search_queue"] == 1

    code, out = run("search", str(engagement), "zebraword")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "1 match in notes and text answers of 1 interview"
    assert lines[2].startswith("  Ivy Irwin — ") and "note: «ZEBRAWORD» typed" in lines[2]
    # The file can be written and nobody has it open: the queue is in the index now.
    assert _queue(engagement) == 0
    assert run("check", str(engagement))[1] == f"{engagement}: OK\n"
    assert json.loads(run("check", str(engagement), "--json")[1])["search_queue"] == 0
