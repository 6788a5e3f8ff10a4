"""In the window, a refused import of responses or of respondents leaves the engagement file
exactly as it was, also when the consultant signed in is not the one the file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_refused_changes_nothing import file_rows
from workbench.deliver.importer import apply_import, plan_import
from workbench.settings import set_consultant_name

pytestmark = pytest.mark.app_context(engagement=None)


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    """Ann Author's engagement (Ann Lee answered already); Ben Other is signed in now."""
    from workbench.store import create_engagement

    set_consultant_name("Ann Author")
    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="T")
    try:
        sheet = tmp_path / "first.csv"
        sheet.write_text("Name,overall_satisfaction\nAnn Lee,4\n", encoding="utf-8")
        plan = plan_import(store, sheet, "satisfaction-loyalty", wave="baseline")
        apply_import(store, plan, wave="baseline")
    finally:
        store.close()
    set_consultant_name("Ben Other")
    return path


def test_refused_imports_in_the_window_change_nothing(
    qtbot, ctx, engagement: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbench.store import open_engagement
    from workbench.ui import respondent_import
    from workbench.ui.import_dialog import ImportDialog

    before = file_rows(engagement)
    ctx.set_store(open_engagement(engagement))
    # responses: a bad cell, then a person already in the wave; Import stays disabled
    for i, text in enumerate(("Name,overall_satisfaction\nCy Dee,9\n",
                              "Name,overall_satisfaction\nAnn Lee,2\n")):  # fmt: skip
        sheet = tmp_path / f"bad{i}.csv"
        sheet.write_text(text, encoding="utf-8")
        dialog = ImportDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.wave_combo.setCurrentText("baseline")
        dialog.set_source(sheet, "satisfaction-loyalty")
        with qtbot.waitSignal(dialog.planned, timeout=20000):
            dialog.check()
        assert dialog.plan is not None and not dialog.import_button.isEnabled()
        assert dialog.apply() is None
    # respondents: a row without a name; Import is refused with a message
    people = tmp_path / "people.csv"
    people.write_text("Name,Role\n,Manager\nDi Fo,Clerk\n", encoding="utf-8")
    told: list[str] = []
    monkeypatch.setattr(
        respondent_import.QMessageBox, "warning", lambda _p, _t, text: told.append(text)
    )
    dialog = respondent_import.ImportDialog(ctx, people)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert told and "nothing was imported" in told[0]
    ctx.tasks.wait()
    ctx.set_store(None)
    assert file_rows(engagement) == before
