"""A refused command leaves the engagement file exactly as it was, also when the consultant
signed in is not the one the file names (signing in is written by the next edit, within
it, never on its own at opening)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.cli_driver import run
from workbench.settings import set_consultant_name
from workbench.store import create_engagement

FORM = ("--form", "satisfaction-loyalty", "--wave", "baseline")


def file_rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sorted: some tables have no rowid order to rely on)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def _actor(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT actor FROM team_state").fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    """An engagement whose edits were made by Ann Author (Ann Lee answered already); the
    consultant signed in now is Ben Other."""
    set_consultant_name("Ann Author")
    path = tmp_path / "e.wbk"
    create_engagement(path, client="Acme", title="T").close()
    sheet = tmp_path / "first.csv"
    sheet.write_text("Name,overall_satisfaction\nAnn Lee,4\n", encoding="utf-8")
    assert run("import", str(path), str(sheet), *FORM)[0] == 0
    assert _actor(path) == "Ann Author"
    set_consultant_name("Ben Other")
    return path


@pytest.mark.parametrize(
    "text, said",
    [
        ("Name,overall_satisfaction\nCy Dee,9\n", "overall_satisfaction"),  # a bad cell
        ("Colour,Shape\nred,round\n", "no column matches a question"),
        ("Name,overall_satisfaction\nAnn Lee,2\n", "already has"),  # in the wave already
        ("Name,overall_satisfaction\nDi Fo,2\nDi Fo,3\n", "more than one row"),
    ],
)
def test_a_refused_import_changes_nothing(engagement: Path, tmp_path: Path, capsys, text, said):
    before = file_rows(engagement)
    sheet = tmp_path / "second.csv"
    sheet.write_text(text, encoding="utf-8")
    for _ in range(2):
        code, out = run("import", str(engagement), str(sheet), *FORM)
        assert code == 1 and out == ""
        assert said in capsys.readouterr().err
        assert file_rows(engagement) == before
    assert _actor(engagement) == "Ann Author"


def test_the_next_import_that_lands_names_the_consultant(engagement: Path, tmp_path: Path):
    sheet = tmp_path / "second.csv"
    sheet.write_text("Name,overall_satisfaction\nCy Dee,3\n", encoding="utf-8")
    assert run("import", str(engagement), str(sheet), *FORM)[0] == 0
    assert _actor(engagement) == "Ben Other"
    conn = sqlite3.connect(engagement)
    try:
        actors = {a for (a,) in conn.execute(
            "SELECT actor FROM audit_event WHERE table_name = 'respondent'")}  # fmt: skip
    finally:
        conn.close()
    assert actors == {"Ann Author", "Ben Other"}  # Ann Lee's by Ann, Cy Dee's by Ben


def test_a_refused_merge_changes_nothing(engagement: Path, tmp_path: Path, capsys):
    other = tmp_path / "other.wbk"
    create_engagement(other, client="Other Ltd", title="Elsewhere").close()
    before = file_rows(engagement)
    code, _out = run("merge", str(engagement), str(other))
    assert code == 1 and capsys.readouterr().err
    assert file_rows(engagement) == before


def test_a_refused_form_import_changes_nothing(engagement: Path, tmp_path: Path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nsections: nope\n", encoding="utf-8")
    before = file_rows(engagement)
    code, _out = run("form", "import", str(engagement), str(bad))
    assert code == 1 and capsys.readouterr().err
    assert file_rows(engagement) == before


def test_reading_commands_change_nothing(engagement: Path, tmp_path: Path):
    before = file_rows(engagement)
    for args in (("info", str(engagement)), ("check", str(engagement))):
        assert run(*args)[0] == 0
    assert file_rows(engagement) == before
