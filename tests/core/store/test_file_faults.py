"""A full disk, a pipe, a link loop, a read-only file: one clear sentence, and nothing changed."""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import paths
from workbench.cli import main
from workbench.forms.library import builtin_form
from workbench.store import (
    DiskFull,
    EngagementFileError,
    check_engagement,
    create_engagement,
    database,
    open_engagement,
)
from workbench.store import sqlite as store_sqlite


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _disk_full(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_an_edit_on_a_full_disk_says_so_and_changes_nothing(store) -> None:
    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("stakeholder-interview"))
    store.add_note(iv.id, "kept")
    # Let the file grow no further: SQLite's own "database or disk is full".
    # (a pragma of the connection itself: the one the store's everyday edits use)
    with store._raw_connection() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(DiskFull, match="the disk is full; nothing was changed"):
        store.add_note(iv.id, "x" * 200_000)
    assert [n.body for n in store.notes(iv.id)] == ["kept"]


def test_opening_on_a_full_disk_is_not_called_damage(
    engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = engagement_path.read_bytes()
    # The automatic backup is the first thing an open writes.
    monkeypatch.setattr(paths.tempfile, "mkstemp", _disk_full)
    with pytest.raises(DiskFull, match="disk is full") as info:
        open_engagement(engagement_path)
    assert "damaged" not in str(info.value)
    assert engagement_path.read_bytes() == before


def test_creating_on_a_full_disk_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths.tempfile, "mkstemp", _disk_full)
    with pytest.raises(DiskFull, match="disk is full; no file was made"):
        create_engagement(tmp_path / "new.wbk", client="A", title="B")
    assert list(tmp_path.iterdir()) == []


def test_check_on_a_full_disk_is_not_called_damage(
    engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*_args: object, **_kwargs: object) -> sqlite3.Connection:
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = store_sqlite.SQLITE_FULL  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(store_sqlite, "connect", full)
    (problem,) = check_engagement(engagement_path)
    assert "the disk is full" in problem and "damaged" not in problem
    assert main(["info", str(engagement_path)]) == 1


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = tmp_path / "x.wbk"
    os.mkfifo(pipe)
    for command in ("info", "check"):
        done = subprocess.run(
            [sys.executable, "-m", "workbench", command, str(pipe)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 1
        assert "not a regular file" in done.stderr
        assert "Traceback" not in done.stderr
    with pytest.raises(EngagementFileError, match="not a regular file"):
        open_engagement(pipe)


def test_a_link_loop_is_refused_in_words(tmp_path: Path) -> None:
    loop = tmp_path / "loop.wbk"
    os.symlink(loop, loop)
    with pytest.raises(EngagementFileError, match="link loop"):
        open_engagement(loop)
    (problem,) = check_engagement(loop)
    assert "link loop" in problem
    assert main(["info", str(loop)]) == 1


def test_writing_to_a_file_that_cannot_be_written_is_refused_cleanly(
    engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "can_write", lambda path: False)
    before = _snapshot(engagement_path.parent)
    with pytest.raises(EngagementFileError, match="cannot be written"):
        open_engagement(engagement_path, read_only=False)
    assert _snapshot(engagement_path.parent) == before  # no -wal or -shm left behind


def test_a_read_only_look_leaves_the_folder_as_it_was(engagement_path: Path) -> None:
    with open_engagement(engagement_path) as store:
        store.add_respondent("Ana Lopez")
    before = _snapshot(engagement_path.parent)
    assert sorted(before) == ["acme.wbk"]
    with open_engagement(engagement_path, read_only=True) as store:
        assert [r.name for r in store.respondents()] == ["Ana Lopez"]
        assert _snapshot(engagement_path.parent) == before  # no -wal, no -shm while open
    assert _snapshot(engagement_path.parent) == before


def test_a_read_only_look_reads_a_left_over_wal_and_changes_neither_file(
    engagement_path: Path, tmp_path: Path
) -> None:
    writer = open_engagement(engagement_path)
    writer.add_respondent("Ana Lopez")  # committed into the WAL, not yet the file
    copy = tmp_path / "elsewhere"
    copy.mkdir()
    for suffix in ("", "-wal"):
        (copy / f"acme.wbk{suffix}").write_bytes(Path(f"{engagement_path}{suffix}").read_bytes())
    writer.close()
    before = _snapshot(copy)
    with open_engagement(copy / "acme.wbk", read_only=True) as store:
        assert [r.name for r in store.respondents()] == ["Ana Lopez"]
    after = _snapshot(copy)
    for name in ("acme.wbk", "acme.wbk-wal"):
        assert after[name] == before[name]


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "read-only"),
        (OSError(errno.ELOOP, "Too many levels of symbolic links"), "link loop"),
    ],
)
def test_failures_are_named(error: OSError, words: str) -> None:
    message = str(database.file_error(Path("acme.wbk"), error))
    assert words in message and message.startswith("acme.wbk: ")


def test_the_command_names_a_full_disk_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setattr(paths.tempfile, "mkstemp", _disk_full)
    assert main(["new", str(tmp_path / "new.wbk"), "--client", "A", "--title", "B"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "the disk is full" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
