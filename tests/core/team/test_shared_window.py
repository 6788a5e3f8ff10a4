"""The window on a shared store: opened from its URL as a working copy, synchronised."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from workbench.store import open_engagement
from workbench.team.merge import read_source
from workbench.team.pg import pull, push

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
KEY = "satisfaction_reason"


def test_open_a_url_work_offline_and_synchronise(qtbot, demo_master, pg_url, tmp_path) -> None:
    from workbench.ui.context import AppContext
    from workbench.ui.main_window import MainWindow

    push(demo_master, pg_url)
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.open_file(pg_url)  # as the Open dialog or the command line gives it
    qtbot.waitUntil(lambda: ctx.store is not None, timeout=60000)
    ctx.tasks.wait()
    assert window.shared_url == pg_url
    row = next(r for r in ctx.store.interview_rows() if r.form_id == "satisfaction-loyalty")
    ctx.store.set_answer(row.id, KEY, "typed in the window")
    # a colleague pushes meanwhile
    colleague = tmp_path / "colleague.wbk"
    pull(pg_url, colleague)
    with open_engagement(colleague) as store:
        store.add_respondent("Respondent of a colleague")
    push(colleague, pg_url)

    window._synchronise()
    qtbot.waitUntil(lambda: getattr(window, "merge_dialog", None) is not None, timeout=60000)
    ctx.tasks.wait()
    assert "Respondent of a colleague" in {r.name for r in ctx.store.respondents()}
    shared = read_source(pg_url)
    assert any(a["value"] == "typed in the window" for a in shared.rows["answer"].values())
    ctx.set_store(None)
