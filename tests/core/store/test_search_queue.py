"""Texts left in the search queue by a window killed after typing are found by every search:
one that can write the file takes them into the index first, one that cannot (open
read-only, or the file held by another program) searches them where they wait."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.store import check_engagement, open_engagement

# A window's edits as typing saves them (the note's text queued for the index), then
# killed before it closed the file: the queue stays as a crash leaves it.
TYPIST = textwrap.dedent(
    """
    import sys, time
    from workbench.forms.library import builtin_form
    from workbench.store import open_engagement

    store = open_engagement(sys.argv[1])
    ivy = store.add_respondent("Ivy Irwin", segment="internal customer")
    iv = store.new_interview(ivy.id, builtin_form("stakeholder-interview"), interviewer="Jo")
    note = store.add_note(iv.id, "First thoughts on the portal")
    store.set_answer(iv.id, "needs", "A portal that works")
    old = store.new_interview(ivy.id, builtin_form("stakeholder-interview"), interviewer="Jo")
    gone = store.add_note(old.id, "In the trash with its interview")
    store.trash_interview(old.id)
    store.search("portal")  # the texts so far are in the index
    store.update_note(note.id, "ZEBRAWORD typed before the crash, then the café")
    store.update_note(gone.id, "ZEBRAWORD in the trash")
    print(note.id, flush=True)
    time.sleep(600)
    """
)


@pytest.fixture
def crashed(engagement_path: Path) -> tuple[Path, str]:
    """The file of a window killed (SIGKILL) right after a note was typed and saved, and
    that note's id."""
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
    proc = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(engagement_path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return engagement_path, line.strip()


def _queued(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT kind FROM search_pending"))
    finally:
        conn.close()


def test_the_crash_left_the_note_in_the_queue(crashed: tuple[Path, str]) -> None:
    path, _note = crashed
    assert _queued(path) == ["note", "note"]


def test_a_read_only_store_finds_the_queued_texts_and_writes_nothing(
    crashed: tuple[Path, str],
) -> None:
    path, note = crashed
    with open_engagement(path, read_only=True) as store:
        hits = store.search("zebraword")
        assert [(h.kind, h.ref_id) for h in hits] == [("note", note)]
        assert hits[0].respondent == "Ivy Irwin"
        assert hits[0].snippet.startswith("[[ZEBRAWORD]] typed before the crash")
        assert store.count_matches("zebraword") == (1, 1)
        # The old wording is no longer the note's: its entry in the index is not read.
        assert store.search("thoughts") == [] and store.count_matches("thoughts") == (0, 0)
        # Non-ASCII text is marked by the queued texts' own index.
        accented = store.search("cafe")
        assert [h.ref_id for h in accented] == [note]
        assert "[[café]]" in accented[0].snippet
        # A page filled later, and the snippets asked for later, read the queue again.
        bare = store.search("zebraword", snippets=0)
        assert not bare[0].filled
        assert store.fill_hits("zebraword", bare)[bare[0].entry].respondent == "Ivy Irwin"
        assert store.snippets("cafe", bare)[bare[0].entry].count("[[café]]") == 1
        # The texts the index holds are found beside them.
        assert [h.kind for h in store.search("portal")] == ["answer"]
        assert store.count_matches("crash OR portal") == (2, 1)
    assert _queued(path) == ["note", "note"]  # nothing was written


def test_a_store_that_writes_takes_the_queue_in_and_finds_the_same(
    crashed: tuple[Path, str],
) -> None:
    path, note = crashed
    with open_engagement(path) as store:  # takes the queue in as it opens
        assert _queued(path) == []
        assert [h.ref_id for h in store.search("zebraword")] == [note]
        assert store.count_matches("zebraword") == (1, 1)
    assert check_engagement(path) == []
