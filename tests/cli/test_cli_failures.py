"""Expected failures end in one line on stderr and exit status 1, never a traceback.

A full disk is simulated by making the final move of a written file (every file goes
through ``atomic_path``) or a zip member write raise ``OSError(ENOSPC)``; a read-only
folder by ``os.access`` answering no (tests may run as root, where permissions do not bite).
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from cli_driver import run


def _enospc(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def engagement(tmp_path: Path, demo_file: Path) -> Path:
    copy = tmp_path / "work" / "e.wbk"
    copy.parent.mkdir()
    shutil.copy(demo_file, copy)
    return copy


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


FORM = """\
id: tiny
title: Tiny
version: 1
sections:
- key: s
  title: S
  questions:
  - key: q
    type: text
    label: Q
"""


def _disk_full_commands(tmp_path: Path, engagement: Path) -> list[tuple[str, ...]]:
    out = tmp_path / "out"
    out.mkdir()
    sheet = tmp_path / "responses.csv"
    sheet.write_text("name,q\nAnn,hello\n", encoding="utf-8")
    form = tmp_path / "tiny.yaml"
    form.write_text(FORM, encoding="utf-8")
    return [
        ("new", str(out / "n.wbk"), "--client", "A", "--title", "B"),
        ("demo", str(out / "d.wbk")),
        ("export", str(engagement), "-o", str(out / "t.xlsx"), "--analysis", "servqual"),
        ("report", str(engagement), "-o", str(out / "r.docx"), "--analysis", "servqual"),
        ("codebook", "export", str(engagement), "-o", str(out / "c.xlsx")),
        ("codebook", "export", str(engagement), "-o", str(out / "c.csv")),
        ("codebook", "export", str(engagement), "-o", str(out / "c.yaml")),
        ("codebook", "export", str(engagement), "-o", str(out / "c.qdc")),
        ("form", "import", str(engagement), str(form)),
        ("import", str(engagement), str(sheet), "--form", "stakeholder-interview"),
    ]


@pytest.mark.slow
def test_a_full_disk_is_named_for_every_command(
    tmp_path: Path,
    engagement: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands = _disk_full_commands(tmp_path, engagement)
    before = _digest(engagement)
    capsys.readouterr()
    monkeypatch.setattr(os, "replace", _enospc)
    for args in commands:
        code, _ = run(*args)
        err = capsys.readouterr().err
        assert code == 1, (args, err)
        assert err.startswith("workbench: ") and "disk full" in err, (args, err)
        assert "Traceback" not in err and err.count("\n") == 1, (args, err)
    monkeypatch.undo()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == []
    assert _digest(engagement) == before


@pytest.mark.parametrize(
    "args",
    [
        ("form", "import", "{e}", "{form}"),
        ("codebook", "import", "{e}", "seven-sins"),
        ("import", "{e}", "{sheet}", "--form", "stakeholder-interview"),
    ],
)
def test_a_read_only_folder_is_refused_before_anything_is_written(
    tmp_path: Path,
    engagement: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
) -> None:
    form = tmp_path / "tiny.yaml"
    form.write_text(FORM, encoding="utf-8")
    sheet = tmp_path / "r.csv"
    sheet.write_text("name,q\nAnn,hello\n", encoding="utf-8")
    folder = engagement.parent
    real_access = os.access

    def access(path: object, mode: int, *a: object, **k: object) -> bool:
        if mode & os.W_OK and Path(str(path)).resolve() == folder.resolve():
            return False
        return real_access(path, mode, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    before = _digest(engagement)
    listing = sorted(p.name for p in folder.iterdir())
    filled = [a.format(e=engagement, form=form, sheet=sheet) for a in args]
    code, _ = run(*filled)
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("workbench: ") and "read-only" in err
    assert _digest(engagement) == before
    assert sorted(p.name for p in folder.iterdir()) == listing


def test_database_errors_become_messages(
    engagement: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from workbench.store import Store

    def readonly(*args: object, **kwargs: object) -> None:
        raise OperationalError(
            "INSERT ...", {}, sqlite3.OperationalError("attempt to write a readonly database")
        )

    monkeypatch.setattr(Store, "ensure_form_version", readonly)
    form = engagement.parent / "tiny.yaml"
    form.write_text(FORM, encoding="utf-8")
    code, _ = run("form", "import", str(engagement), str(form))
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("workbench: read-only")

    def full(*args: object, **kwargs: object) -> None:
        raise OperationalError(
            "INSERT ...", {}, sqlite3.OperationalError("database or disk is full")
        )

    monkeypatch.setattr(Store, "ensure_form_version", full)
    code, _ = run("form", "import", str(engagement), str(form))
    assert code == 1 and "disk full" in capsys.readouterr().err


def test_failures_are_described_in_words() -> None:
    from lxml.etree import SerialisationError

    from workbench.failures import describe_failure

    assert describe_failure(SerialisationError("IO_ENOSPC")) == "disk full"
    assert describe_failure(OSError(errno.EROFS, "x", "a.xlsx")) == "a.xlsx: read-only file system"
    assert describe_failure(PermissionError(errno.EACCES, "x", "a")) == "a: permission denied"
    assert describe_failure(ZeroDivisionError()) is None  # a bug keeps its traceback


HARNESS = """
import errno, os, sys, zipfile
calls = {"n": 0}
real = zipfile.ZipFile.writestr
def writestr(self, *args, **kwargs):
    calls["n"] += 1
    if calls["n"] > 2:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real(self, *args, **kwargs)
def end_record(self):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
zipfile.ZipFile.writestr = writestr
zipfile.ZipFile._write_end_record = end_record
from workbench.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("command", ["export", "report"])
def test_a_failed_archive_write_leaves_no_echo_on_stderr(
    engagement: Path, tmp_path: Path, command: str
) -> None:
    suffix = ".xlsx" if command == "export" else ".docx"
    target = tmp_path / f"out{suffix}"
    env = {**os.environ, "WORKBENCH_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(HARNESS),
            command,
            str(engagement),
            "-o",
            str(target),
            "--analysis",
            "servqual",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("workbench: ") and "disk full" in done.stderr
    assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []
    assert zipfile  # the harness patches it in the child only
