"""File → Merge…, the merge report shown and exported, and a record's History."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from PySide6.QtCore import QSettings

from workbench.settings import set_consultant_name
from workbench.store import open_engagement
from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow

KEY = "satisfaction_reason"


def _window(qtbot, tmp_path: Path) -> MainWindow:
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    return window


def test_merge_from_the_file_menu_shows_the_report_and_exports_it(qtbot, demo_file, tmp_path):
    other = tmp_path / "colleague.wbk"
    shutil.copyfile(demo_file, other)
    set_consultant_name("Ben")
    with open_engagement(other) as store:
        row = next(r for r in store.interview_rows() if r.form_id == "satisfaction-loyalty")
        store.set_answer(row.id, KEY, "Ben's words")
        store.add_code("Ben's theme")
    set_consultant_name("Anna")
    window = _window(qtbot, tmp_path)
    assert window.open_file(demo_file)
    window.ctx.store.set_answer(row.id, KEY, "Anna's words")
    assert window.merge_action.isEnabled()
    from workbench.ui.team import merge_file

    merge_file(window, str(other), merge_codes=False)
    qtbot.waitUntil(lambda: getattr(window, "merge_dialog", None) is not None, timeout=30000)
    window.ctx.tasks.wait()
    dialog = window.merge_dialog
    assert "added 1 answer correction, 1 code;" in dialog.summary.text()
    assert "1 conflict settled" in dialog.summary.text()
    model = dialog.view.model()
    cells = [model.index(r, c).data() for r in range(model.rowCount()) for c in range(6)]
    assert "conflict" in cells and "What is the main reason for your score?" in cells
    dialog.grab().save(str(tmp_path / "merge-report.png"))
    out = tmp_path / "report.csv"
    assert dialog.export_to(out)
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    assert any(r[0] == "conflict" and r[2].startswith("What is the main reason") for r in rows)
    # the window shows what is stored now: Anna's edit was the newer one
    assert window.ctx.store.answers(row.id)[KEY] == "Anna's words"
    assert "Ben's theme" in [c.name for c in window.ctx.store.codes()]

    # History of the interview: both consultants' edits, by name
    page = window.show_page("interviews")
    page.open_interview(row.id)
    window._history()
    history = window.history_dialog
    hmodel = history.view.model()
    lines = [
        (hmodel.index(r, 1).data(), hmodel.index(r, 2).data()) for r in range(hmodel.rowCount())
    ]
    # the interview is complete: each edit is a correction, with its values
    question = f"correction to {KEY} (What is the main reason for your score?)"
    mine = [what for who, what in lines if who == "Anna" and what.startswith(question)]
    theirs = [what for who, what in lines if who == "Ben" and what.startswith(question)]
    assert len(mine) == 1 and mine[0].endswith(" → Anna's words"), lines
    assert len(theirs) == 1 and theirs[0].endswith(" → Ben's words"), lines
    assert not [
        what for _who, what in lines if what.startswith(f"answer {KEY}") and "changed" in what
    ]
    history.grab().save(str(tmp_path / "history.png"))
    history.close()
    window.ctx.tasks.wait()
    window.ctx.set_store(None)


def test_a_copy_of_another_engagement_is_refused_in_the_window(qtbot, demo_file, tmp_path):
    from workbench.store import create_engagement

    other = tmp_path / "other.wbk"
    create_engagement(other, client="Other Ltd", title="Elsewhere").close()
    window = _window(qtbot, tmp_path)
    assert window.open_file(demo_file)
    from workbench.ui.team import merge_file

    merge_file(window, str(other), merge_codes=False)
    qtbot.waitUntil(lambda: getattr(window, "last_message", None) is not None, timeout=30000)
    assert "another engagement" in window.last_message.text()
    assert getattr(window, "merge_dialog", None) is None
    window.ctx.tasks.wait()
    window.ctx.set_store(None)


def test_several_copies_merged_at_once_make_one_report(qtbot, demo_file, tmp_path):
    from workbench.store import create_engagement
    from workbench.ui.team import merge_files, show_last_report

    anna, ben = tmp_path / "anna.wbk", tmp_path / "ben.wbk"
    for path, who in ((anna, "Anna"), (ben, "Ben")):
        shutil.copyfile(demo_file, path)
        set_consultant_name(who)
        with open_engagement(path) as store:
            store.add_code(f"{who}'s theme")
    other = tmp_path / "other.wbk"
    create_engagement(other, client="Other Ltd", title="Elsewhere").close()
    window = _window(qtbot, tmp_path)
    assert window.open_file(demo_file)
    merge_files(window, [str(anna), str(other), str(ben)], merge_codes=False)
    qtbot.waitUntil(lambda: getattr(window, "merge_dialog", None) is not None, timeout=60000)
    window.ctx.tasks.wait()
    dialog = window.merge_dialog
    text = dialog.summary.text()
    assert f"{anna}: added" in text and f"{ben}: added" in text
    assert "Refused" in text and "another engagement" in text
    model = dialog.view.model()
    merged = [model.index(r, 1).data() for r in range(model.rowCount())
              if model.index(r, 0).data() == "merged"]
    assert merged == [str(anna), str(ben)]
    dialog.grab().save(str(tmp_path / "merge-run.png"))
    dialog.close()
    window.merge_dialog = None
    show_last_report(window)  # File → Last Merge Report… shows the whole run too
    model = window.merge_dialog.view.model()
    merged = [model.index(r, 1).data() for r in range(model.rowCount())
              if model.index(r, 0).data() == "merged"]
    assert merged == [str(anna), str(ben)]
    assert str(anna) in window.merge_dialog.summary.text()
    window.ctx.tasks.wait()
    window.ctx.set_store(None)


def test_an_interview_trashed_here_and_corrected_in_the_merged_copy_is_named(
    qtbot, demo_file, tmp_path
):
    other = tmp_path / "colleague.wbk"
    shutil.copyfile(demo_file, other)
    set_consultant_name("Ben Brown")
    with open_engagement(other) as store:
        row = next(
            r
            for r in store.interview_rows()
            if r.form_id == "satisfaction-loyalty" and r.status == "complete"
        )
        who = store.respondent(row.respondent_id).name
        store.set_answer(row.id, KEY, "Fine mostly, but the portal is confusing.")
    set_consultant_name("Tess Tester")
    window = _window(qtbot, tmp_path)
    assert window.open_file(demo_file)
    window.ctx.store.trash_interview(row.id)
    from workbench.ui.team import merge_file, show_last_report

    merge_file(window, str(other), merge_codes=False)
    qtbot.waitUntil(lambda: getattr(window, "merge_dialog", None) is not None, timeout=30000)
    window.ctx.tasks.wait()
    named = (
        "1 record deleted on one side and changed on the other: "
        f"{who}: Satisfaction, loyalty and effort"
    )
    words = "Ben Brown corrected the answer to “What is the main reason for your score?”"
    assert named in window.merge_dialog.summary.text()
    assert words in window.merge_dialog.summary.text()
    model = window.merge_dialog.view.model()
    cells = [model.index(r, c).data() for r in range(model.rowCount()) for c in range(6)]
    assert "deleted on one side, edited on the other" in cells and words in cells
    window.merge_dialog.close()
    show_last_report(window)  # File → Last Merge Report names it too
    assert named in window.merge_dialog.summary.text()
    window.merge_dialog.grab().save(str(tmp_path / "merge-report.png"))
