"""Files written through atomic_path reach the disk before and after they take their name."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from workbench import paths


def test_the_file_is_synced_before_the_rename_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")
    calls: list[tuple[str, bytes]] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        calls.append((kind, target.read_bytes()))
        real_fsync(fd)

    monkeypatch.setattr(paths.os, "fsync", recording_fsync)
    with paths.atomic_path(target) as tmp:
        tmp.write_bytes(b"new")
    assert target.read_bytes() == b"new"
    if os.name == "nt":
        assert calls == [("file", b"old")]
    else:
        # The temporary file is synced while the old name still holds the old bytes; the
        # folder once the new bytes have taken the name.
        assert calls == [("file", b"old"), ("folder", b"new")]


def test_a_failed_write_syncs_nothing_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.docx"
    target.write_bytes(b"old")
    calls: list[int] = []
    monkeypatch.setattr(paths.os, "fsync", calls.append)
    with pytest.raises(RuntimeError), paths.atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk went away")
    assert target.read_bytes() == b"old"
    assert calls == []
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
