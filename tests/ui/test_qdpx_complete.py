"""Another tool's sources come in as drafts unless the import is asked to mark them
complete: the import question's tick box (the command line's --complete), so that a
report written straight after the import counts the coding made there."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from workbench.ui import qdpx_files
from workbench.ui.qdpx_files import import_qdpx

DATA = Path(__file__).resolve().parents[1] / "data"
NVIVO = DATA / "qdpx" / "nvivo-12-oltas.qdpx"

pytestmark = pytest.mark.app_context(engagement="new", file="e.wbk")


def _messages(parent):
    return [w for w in parent.findChildren(QMessageBox) if w.objectName() == "qdpxMessage"]


def test_the_question_offers_to_mark_the_sources_complete(qtbot, tmp_path):
    from workbench.coding.qdpx import read_project

    box, _new, _into = qdpx_files.destination_box(None, read_project(NVIVO), True)
    qtbot.addWidget(box)
    tick = box.checkBox()
    assert tick is not None and tick.objectName() == "qdpxComplete"
    assert tick.text() == "Mark the sources complete, so that their coding counts at once"
    assert not tick.isChecked()  # drafts unless asked, as on the command line
    box.grab().save(str(tmp_path / "question.png"))


@pytest.mark.parametrize("where", ["new", "open"])
def test_ticked_the_sources_come_in_complete(ctx, qtbot, monkeypatch, tmp_path, where):
    from PySide6.QtWidgets import QWidget

    from workbench.store import open_engagement

    parent = QWidget()
    qtbot.addWidget(parent)
    target = tmp_path / "complete.wbk"
    asked = {}

    def confirm(parent, title, text):
        asked["confirm"] = text
        return True

    monkeypatch.setattr(qdpx_files, "choose_destination", lambda *a: (where, True))
    monkeypatch.setattr(qdpx_files, "confirm_into_open", confirm)
    monkeypatch.setattr(qdpx_files, "ask_new_path", lambda *a: str(target))
    import_qdpx(ctx, parent, str(NVIVO), open_file=lambda p: None)
    assert ctx.tasks.wait(60000)
    qtbot.wait(50)
    assert ctx.tasks.wait(60000)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    path = target if where == "new" else ctx.store.path
    with open_engagement(path, backup=False) as store:
        rows = store.interview_rows(progress=False)
        assert rows and {r.status for r in rows} == {"complete"}
    said = _messages(parent)[-1].text()
    assert "marked complete as asked" in said and "as drafts" not in said
    if where == "open":
        assert "marked complete as asked" in asked["confirm"]
