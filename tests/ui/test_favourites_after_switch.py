"""Alt+1 … Alt+9 keep their codes when the consultant goes to another engagement and back."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QToolButton

from workbench.forms.library import builtin_form
from workbench.store import create_engagement

NOTE = "The desk never calls back. When they do, the engineer is excellent."


def _engagement(path: Path, codes: tuple[str, ...]) -> tuple[str, str]:
    store = create_engagement(path, client="Acme", title="Review")
    ana = store.add_respondent("Ana", segment="staff")
    iv = store.new_interview(ana.id, builtin_form("stakeholder-interview"))
    note = store.add_note(iv.id, NOTE)
    for name in codes:
        store.add_code(name)
    store.close()
    return iv.id, note.id


def test_favourites_keep_their_keys_after_another_engagement_was_open(
    qtbot, tmp_path, demo_file
) -> None:
    from window_driver import settle

    from workbench.ui.context import AppContext
    from workbench.ui.main_window import MainWindow

    a = tmp_path / "a.wbk"
    iv, note = _engagement(a, ("Ownership", "First-time fix", "Approvals"))
    demo = tmp_path / "demo.wbk"
    shutil.copy(demo_file, demo)
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue("user/name", "Tester")
    ctx.settings.setValue("coding/recent", [])
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    assert window.open_file(a)
    page = window.show_page("codebook")
    page.document.set_interview(iv)
    settle(qtbot, window)
    doc = page.document
    ids = {c.name: c.id for c in ctx.store.codes()}
    slots = doc.favourite_codes()
    names = {v: k for k, v in ids.items()}
    before = [names[c] for c in slots]
    # the last code in the slots is used the most meanwhile, and another is used last:
    # the slots stay put all the same
    for start, end in ((0, 8), (9, 25), (27, 35)):
        ctx.store.code_segment(ids[before[-1]], "note", note, start, end, coder="Tester")
    ctx.settings.setValue("coding/recent", [ids[before[1]]])
    for target in (demo, a):
        assert window.open_file(target)
        window.show_page("overview")
        settle(qtbot, window)
        window.show_page("codebook")
        settle(qtbot, window)
    assert [names.get(c) for c in doc.favourite_codes()] == before
    shown = [b.text() for b in doc.findChildren(QToolButton) if b.text().startswith("Alt+")]
    assert shown == [f"Alt+{n}  {name}" for n, name in enumerate(before, start=1)]
    ctx.tasks.wait()
    ctx.set_store(None)
