"""A command that only reads a file of an older schema reads it through an upgraded copy
and leaves the file as it is (it refused before, saying the file could not be written);
a command that writes upgrades it in place, keeps the original and says so."""

from __future__ import annotations

import tempfile
from pathlib import Path

from cli_driver import run
from schema_downgrade import downgrade

from workbench.demo import build_demo
from workbench.store import database


def _old_demo(tmp_path: Path) -> Path:
    path = tmp_path / "old.wbk"
    build_demo(path).close()
    downgrade(path, "0012")
    assert database.inspect_file(path) == "0012"
    return path


def test_reading_commands_read_an_older_file_and_leave_it_as_it_is(tmp_path, capsys) -> None:
    path = _old_demo(tmp_path)
    before = path.read_bytes()
    left = set(Path(tempfile.gettempdir()).glob("workbench-read-*"))
    code, out = run("info", str(path), "--json")
    assert code == 0 and '"schema_version": "' + database.SCHEMA_HEAD in out
    assert "read through an upgraded copy and left as it is" in capsys.readouterr().err
    report = tmp_path / "r.docx"
    code, _ = run("report", str(path), "-o", str(report))
    assert code == 0 and report.stat().st_size > 10_000
    assert path.read_bytes() == before  # never upgraded in place by a reading command
    assert not list(tmp_path.glob("*.bak"))
    assert set(Path(tempfile.gettempdir()).glob("workbench-read-*")) == left  # copies gone


def test_a_writing_command_upgrades_the_file_and_says_so(tmp_path, capsys) -> None:
    path = _old_demo(tmp_path)
    sheet = tmp_path / "r.csv"
    sheet.write_text("name,overall_satisfaction\nZed,4\n", encoding="utf-8")
    code, _ = run("import", str(path), str(sheet), "--form", "satisfaction-loyalty")
    assert code == 0
    err = capsys.readouterr().err
    assert f"upgraded from schema 0012 to {database.SCHEMA_HEAD}" in err
    assert database.inspect_file(path) == database.SCHEMA_HEAD
    assert (tmp_path / "old.wbk.schema-0012.bak").exists()
