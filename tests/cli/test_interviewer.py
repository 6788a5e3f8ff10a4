"""Who conducted the interviews: the consultant's name, never the login name."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook

from workbench import settings
from workbench.cli import main


def run(*args: str) -> int:
    return main(list(args), out=io.StringIO())


def _responses(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "overall_satisfaction"])
    ws.append(["Ana Lopez", 4])
    wb.save(path)
    return path


def _interviewers(path: Path) -> list[str]:
    from workbench.store import open_engagement

    store = open_engagement(path, backup=False)
    try:
        from workbench.analysis.loader import load_engagement_data

        return list(load_engagement_data(store).interviews["interviewer"])
    finally:
        store.close()


def test_the_name_setting_round_trips_and_defaults_to_blank(monkeypatch):
    monkeypatch.setenv("USER", "root")
    monkeypatch.setenv("LOGNAME", "root")
    assert settings.consultant_name() == ""  # never the login name
    assert not settings.name_asked()
    settings.set_consultant_name("  Jo   Whitfield ")
    assert settings.consultant_name() == "Jo Whitfield"
    assert settings.name_asked()
    assert settings.interviewer_or_default("Sam Patel") == "Sam Patel"
    assert settings.interviewer_or_default(None) == "Jo Whitfield"


def test_import_takes_the_named_interviewer_never_the_setting_or_the_login(tmp_path: Path):
    """A sheet's rows are interviews held by the consultant ``--interviewer`` names; without
    one they are responses the respondents gave: no interviewer, whoever imports them."""
    sheet = _responses(tmp_path / "r.xlsx")
    for name, args, expected in (
        ("a.wbk", ["--interviewer", "Sam Patel"], "Sam Patel"),
        ("b.wbk", [], ""),
    ):
        path = tmp_path / name
        assert run("new", str(path), "--client", "Acme", "--title", "T") == 0
        assert run("import", str(path), str(sheet), "--form", "satisfaction-loyalty", *args) == 0
        assert _interviewers(path) == [expected]
    settings.set_consultant_name("Jo Whitfield")
    path = tmp_path / "c.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "T") == 0
    assert run("import", str(path), str(sheet), "--form", "satisfaction-loyalty") == 0
    assert _interviewers(path) == [""]  # the importing consultant held no interview
