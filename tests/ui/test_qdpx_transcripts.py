"""REFI-QDA projects in and out of the window (background jobs), and transcripts from the
interview's notes, with the speakers confirmed before the turns become notes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.ui.context import AppContext
from workbench.ui.qdpx_files import export_qdpx, import_qdpx

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    context = AppContext()
    context.set_store(create_engagement(tmp_path / "e.wbk", client="A", title="B"))
    yield context
    context.tasks.wait()
    context.set_store(None)


def _messages(parent):
    return [w for w in parent.findChildren(QMessageBox) if w.objectName() == "qdpxMessage"]


def test_import_and_export_run_as_jobs(ctx, qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    changed = []
    ctx.data_changed.connect(changed.append)
    import_qdpx(ctx, parent, str(DATA / "qdpx" / "nvivo-12-oltas.qdpx"))
    assert ctx.tasks.wait(60000)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    assert len(ctx.store.codes()) == 152 and len(ctx.store.segments()) == 330
    assert {"codes", "segments", "notes"} <= set(changed)
    text = _messages(parent)[-1].text()
    assert "Not carried (2)" in text and "rich text" in text

    target = tmp_path / "out.qdpx"
    export_qdpx(ctx, parent, str(target))
    assert ctx.tasks.wait(60000)
    qtbot.waitUntil(lambda: target.exists(), timeout=10000)
    with zipfile.ZipFile(target) as zf:
        assert "project.qde" in zf.namelist()


def test_a_broken_project_changes_nothing_and_says_why(ctx, qtbot, tmp_path):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip")
    import_qdpx(ctx, parent, str(bad))
    assert ctx.tasks.wait(60000)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    message = _messages(parent)[-1]
    assert "not a zip" in message.text() and "Nothing was changed" in message.text()
    assert ctx.store.codes() == []


def test_transcript_from_the_notes(ctx, qtbot, tmp_path):
    from workbench.ui.notes_editor import NotesEditor

    store = ctx.store
    alice = store.add_respondent("Alice Kent")
    iv = store.new_interview(alice.id, builtin_form("stakeholder-interview"),
                             interviewer="Jo Smith")  # fmt: skip
    editor = NotesEditor(ctx, iv.id)
    qtbot.addWidget(editor)
    editor.resize(700, 700)
    dialog = editor.import_transcript(str(DATA / "transcripts" / "teams-transcript.docx"))
    assert dialog is not None
    roles = dialog.roles()
    assert roles["Alice Kent"] == "respondent:Alice Kent"
    assert roles["Jo Smith"] == "interviewer:Jo Smith"
    assert roles[""] == ""
    # the consultant corrects one role before importing
    combo = dialog.combos["Jo Smith"]
    combo.setCurrentIndex(combo.findData("other"))
    dialog.accept()
    notes = store.notes(iv.id)
    assert [n.speaker for n in notes] == [
        "", "other:Jo Smith", "respondent:Alice Kent", "other:Jo Smith", "respondent:Alice Kent",
    ]  # fmt: skip
    card = editor.cards[notes[2].id]
    assert card.stamp_label.text() == "[00:00:08]  Alice Kent (respondent)"
    editor.grab().save(str(tmp_path / "notes.png"))
    ctx.undo_stack.undo()
    assert store.notes(iv.id) == []
    ctx.undo_stack.redo()
    assert len(store.notes(iv.id)) == 5


def test_an_unreadable_transcript_is_named(ctx, qtbot, tmp_path):
    from workbench.ui.notes_editor import NotesEditor

    store = ctx.store
    iv = store.new_interview(store.add_respondent("A").id, builtin_form("stakeholder-interview"))
    editor = NotesEditor(ctx, iv.id)
    qtbot.addWidget(editor)
    bad = tmp_path / "x.vtt"
    bad.write_text("no header\n")
    assert editor.import_transcript(str(bad)) is None
    boxes = editor.findChildren(QMessageBox)
    assert boxes and "starts with WEBVTT" in boxes[-1].text()
    assert store.notes(iv.id) == []


def test_the_notes_button_opens_the_file_and_the_speakers(ctx, qtbot, monkeypatch):
    from workbench.ui import transcript_dialog
    from workbench.ui.notes_editor import NotesEditor
    from workbench.ui.transcript_dialog import TranscriptDialog

    store = ctx.store
    iv = store.new_interview(store.add_respondent("Alice Kent").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    chosen = str(DATA / "transcripts" / "zoom-recording.vtt")
    monkeypatch.setattr(
        transcript_dialog.QFileDialog, "getOpenFileName", lambda *a, **k: (chosen, "")
    )
    editor = NotesEditor(ctx, iv.id)
    qtbot.addWidget(editor)
    editor.transcript_button.click()
    (dialog,) = editor.findChildren(TranscriptDialog)
    assert dialog.transcript.kind == "zoom-vtt"
    assert dialog.roles()["Alice Kent"] == "respondent:Alice Kent"
