"""REFI-QDA projects in and out of the window (background jobs), and transcripts from the
interview's notes, with the speakers confirmed before the turns become notes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.ui import qdpx_files
from workbench.ui.context import AppContext
from workbench.ui.qdpx_files import export_qdpx, import_qdpx

DATA = Path(__file__).resolve().parents[1] / "data"


pytestmark = pytest.mark.app_context(engagement="new", file="e.wbk")


def _messages(parent):
    return [w for w in parent.findChildren(QMessageBox) if w.objectName() == "qdpxMessage"]


NVIVO = DATA / "qdpx" / "nvivo-12-oltas.qdpx"


def _answers(monkeypatch, where: str, confirm: bool = False, new_path: str = "") -> dict:
    """Stand-ins for the modal questions: which were asked, and with what text."""
    asked: dict = {}

    def choose(parent, project, has_open):
        asked["choose"] = (project.name, has_open)
        return where, False

    def confirm_into(parent, title, text):
        asked["confirm"] = text
        return confirm

    def new(parent, suggestion):
        asked["new"] = suggestion
        return new_path

    monkeypatch.setattr(qdpx_files, "choose_destination", choose)
    monkeypatch.setattr(qdpx_files, "confirm_into_open", confirm_into)
    monkeypatch.setattr(qdpx_files, "ask_new_path", new)
    return asked


def _run(ctx, qtbot, parent, **kw):
    import_qdpx(ctx, parent, str(NVIVO), **kw)
    assert ctx.tasks.wait(60000)
    qtbot.wait(50)  # the reading job's result is delivered, the next job may start
    assert ctx.tasks.wait(60000)


def test_import_asks_and_cancel_changes_nothing(ctx, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    asked = _answers(monkeypatch, "")
    _run(ctx, qtbot, parent)
    assert asked == {"choose": ("Untitled", True)}
    assert ctx.store.codes() == [] and ctx.store.respondents() == []
    # adding to the open engagement, but not confirmed: nothing either
    asked = _answers(monkeypatch, "open", confirm=False)
    _run(ctx, qtbot, parent)
    assert "confirm" in asked and ctx.store.codes() == []
    # a new engagement, but no file chosen: nothing
    asked = _answers(monkeypatch, "new", new_path="")
    _run(ctx, qtbot, parent)
    assert asked["new"].endswith("Untitled.wbk") and ctx.store.codes() == []
    assert [p.name for p in tmp_path.glob("*.wbk")] == ["e.wbk"]


def test_import_into_a_new_engagement_then_opened(ctx, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QWidget

    from workbench.store import open_engagement

    parent = QWidget()
    qtbot.addWidget(parent)
    target = tmp_path / "from nvivo.wbk"
    _answers(monkeypatch, "new", new_path=str(target))
    opened = []
    _run(ctx, qtbot, parent, open_file=opened.append)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    assert opened == [str(target)]
    assert ctx.store.codes() == []  # the open engagement is untouched
    with open_engagement(target) as made:
        assert len(made.codes()) == 152 and len(made.segments()) == 330
        # a project from another tool: its name is the title and the client
        assert (made.engagement().client, made.engagement().title) == ("Untitled", "Untitled")
    assert "New engagement" in _messages(parent)[-1].text()


def test_import_into_the_open_engagement_after_confirming(ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from workbench.coding.qdpx import read_project
    from workbench.store import open_engagement

    parent = QWidget()
    qtbot.addWidget(parent)
    changed = []
    ctx.data_changed.connect(changed.append)
    asked = _answers(monkeypatch, "open", confirm=True)
    _run(ctx, qtbot, parent)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    counts = read_project(NVIVO).counts()
    text = asked["confirm"]
    assert counts["cases"] == 0 and counts["selections"] == 330
    assert "2 sources, as interviews" in text and "0 cases, as respondents" in text
    assert "152 codes" in text and "330 coded selections, as coded segments" in text
    assert "2 sources belong to no case" in text and "undoes the import" in text
    assert "(s)" not in text
    # what stays behind is said before the consultant confirms: NVivo's rich text
    assert "Left behind (2)" in text and text.count("its rich text (formatting") == 2
    assert len(ctx.store.codes()) == 152 and len(ctx.store.segments()) == 330
    assert {"codes", "segments", "notes"} <= set(changed)
    text = _messages(parent)[-1].text()
    assert "Not carried (2)" in text and "rich text" in text
    # the copy saved first is the engagement as it was
    copy = text.rsplit("The engagement before the import: ", 1)[1].strip()
    with open_engagement(copy) as before:
        assert before.codes() == []


def test_import_and_export_run_as_jobs(ctx, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    _answers(monkeypatch, "open", confirm=True)
    _run(ctx, qtbot, parent)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    assert len(ctx.store.codes()) == 152

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
    assert "" not in roles  # the heading is no turn: said above the speakers
    assert dialog.heading_note.isVisible()
    assert "kept as the interview's source" in dialog.heading_note.text()
    why = {dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text()
           for r in range(dialog.table.rowCount())}  # fmt: skip
    assert why == {"Alice Kent": "name matches the respondent, Alice Kent",
                   "Jo Smith": "name matches an interviewer, Jo Smith"}  # fmt: skip
    dialog.grab().save(str(tmp_path / "dialog.png"))
    # the consultant corrects one role before importing
    combo = dialog.combos["Jo Smith"]
    combo.setCurrentIndex(combo.findData("other"))
    dialog.accept()
    notes = store.notes(iv.id)
    assert [n.speaker for n in notes] == [
        "other:Jo Smith", "respondent:Alice Kent", "other:Jo Smith", "respondent:Alice Kent",
    ]  # fmt: skip
    assert store.interview(iv.id).source_ref.startswith("transcript:teams-transcript.docx — ")
    card = editor.cards[notes[1].id]
    assert card.stamp_label.text() == "[00:00:08]  Alice Kent (respondent)"
    editor.grab().save(str(tmp_path / "notes.png"))
    ctx.undo_stack.undo()
    assert store.notes(iv.id) == [] and store.interview(iv.id).source_ref is None
    ctx.undo_stack.redo()
    assert len(store.notes(iv.id)) == 4


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
    from workbench.ui import file_dialogs
    from workbench.ui.notes_editor import NotesEditor
    from workbench.ui.transcript_dialog import TranscriptDialog

    store = ctx.store
    iv = store.new_interview(store.add_respondent("Alice Kent").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    chosen = str(DATA / "transcripts" / "zoom-recording.vtt")
    monkeypatch.setattr(
        file_dialogs.QFileDialog, "getOpenFileName", lambda *a, **k: (chosen, "")
    )
    editor = NotesEditor(ctx, iv.id)
    qtbot.addWidget(editor)
    editor.transcript_button.click()
    (dialog,) = editor.findChildren(TranscriptDialog)
    assert dialog.transcript.kind == "zoom-vtt"
    assert dialog.roles()["Alice Kent"] == "respondent:Alice Kent"


def test_the_question_offers_a_new_engagement_first(qtbot, tmp_path):
    from workbench.coding.qdpx import read_project

    box, new, into = qdpx_files.destination_box(None, read_project(NVIVO), True)
    qtbot.addWidget(box)
    assert box.defaultButton() is new
    assert new.text() == "New engagement from this project…"
    assert into.text() == "Add to the open engagement…"
    assert "152 codes" in box.informativeText()
    assert "Left behind (2)" in box.informativeText() and "rich text" in box.informativeText()
    box.grab().save(str(tmp_path / "question.png"))
    box, new, into = qdpx_files.destination_box(None, read_project(NVIVO), False)
    qtbot.addWidget(box)
    assert into is None  # nothing open: a new engagement or nothing


def test_the_window_opens_the_new_engagement(qtbot, tmp_path, monkeypatch):
    from workbench.ui.main_window import MainWindow

    context = AppContext()
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.import_qdpx_action.isEnabled()  # a project can start an engagement
    target = tmp_path / "nvivo.wbk"
    _answers(monkeypatch, "new", new_path=str(target))
    monkeypatch.setattr(qdpx_files.QFileDialog, "getOpenFileName", lambda *a, **k: (str(NVIVO), ""))
    window.import_qdpx_action.trigger()
    assert context.tasks.wait(60000)
    qtbot.wait(50)
    assert context.tasks.wait(60000)
    qtbot.waitUntil(lambda: context.store is not None, timeout=10000)
    assert Path(context.store.path) == target and len(context.store.codes()) == 152
    context.tasks.wait()
    context.set_store(None)


def test_transcript_sets_the_interviewers_and_the_date(ctx, qtbot, tmp_path):
    from datetime import date

    from PySide6.QtCore import QDate

    from workbench.ui.notes_editor import NotesEditor

    store = ctx.store
    iv = store.new_interview(store.add_respondent("Alice Kent").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    editor = NotesEditor(ctx, iv.id)
    qtbot.addWidget(editor)
    # Teams' Word download gives the day in its heading
    dialog = editor.import_transcript(str(DATA / "transcripts" / "teams-transcript.docx"))
    assert dialog.day() == date(2025, 11, 3)
    assert dialog.date_note.text() == "From the transcript's heading."
    dialog.interviewers.setText("Sam Lee,  Jo Smith")
    dialog.interviewers.editingFinished.emit()
    assert dialog.roles()["Jo Smith"] == "interviewer:Jo Smith"
    dialog.resize(640, 480)
    dialog.grab().save(str(tmp_path / "transcript-dialog.png"))
    dialog.accept()
    made = store.interview(iv.id)
    assert (made.interviewer, made.date) == ("Sam Lee, Jo Smith", date(2025, 11, 3))
    ctx.undo_stack.undo()
    made = store.interview(iv.id)
    assert (made.interviewer, made.date, store.notes(iv.id)) == ("", None, [])
    # a transcript that does not say when: the dialog asks
    dialog = editor.import_transcript(str(DATA / "transcripts" / "teams-meeting.vtt"))
    assert "does not say when" in dialog.date_note.text()
    dialog.date.setDate(QDate(2026, 2, 27))
    dialog.accept()
    assert store.interview(iv.id).date == date(2026, 2, 27)
    # time marks to the millisecond, as the file gives them
    notes = store.notes(iv.id)
    assert notes[1].stamp == "00:00:08.510"
    assert editor.cards[notes[1].id].stamp_label.text().startswith("[00:00:08.510]")


def test_the_retrieval_view_says_what_it_left_out(ctx, qtbot):
    from workbench.coding.transcripts import import_transcript, propose_roles, read_transcript
    from workbench.ui.retrieval_view import RetrievalPane

    store = ctx.store
    iv = store.new_interview(store.add_respondent("Alice Kent").id,
                             builtin_form("stakeholder-interview"))  # fmt: skip
    store.add_note(iv.id, "My own note: the desk is overloaded.")
    t = read_transcript(DATA / "transcripts" / "teams-meeting.vtt")
    import_transcript(store, iv.id, t, propose_roles(t, "Alice Kent", ["Jo Smith"]))
    notes = store.notes(iv.id)
    code = store.add_code("Waiting")
    store.code_segment(code.id, "note", notes[0].id, 0, 11)
    store.code_segment(code.id, "note", notes[2].id, 0, 9)
    view = RetrievalPane(ctx, None)
    qtbot.addWidget(view)
    view.set_codes([code.id])
    assert "left out" not in view.count.text()
    view.speaker.setCurrentIndex(view.speaker.findData("respondent"))
    view.refresh()
    assert view.count.text().startswith("1 segment from 1 respondent. 1 coded segment left out")
    assert "in notes with no speaker" in view.count.text()


def _editor(ctx, qtbot, respondent="Alice Kent", **kw):
    from workbench.ui.notes_editor import NotesEditor

    store = ctx.store
    iv = store.new_interview(store.add_respondent(respondent).id,
                             builtin_form("stakeholder-interview"), **kw)  # fmt: skip
    editor = NotesEditor(ctx, iv.id)
    qtbot.addWidget(editor)
    return editor, iv.id


def _questions(monkeypatch, answer: bool) -> list[str]:
    from workbench.ui import transcript_dialog

    asked: list[str] = []

    def ask(parent, title, text, yes):
        asked.append(text)
        return answer

    monkeypatch.setattr(transcript_dialog, "ask", ask)
    return asked


def test_the_same_transcript_twice_is_refused_in_the_window(ctx, qtbot, monkeypatch):
    editor, iv = _editor(ctx, qtbot, interviewer="Jo Smith")
    asked = _questions(monkeypatch, False)
    vtt = str(DATA / "transcripts" / "teams-meeting.vtt")
    editor.import_transcript(vtt).accept()
    assert len(ctx.store.notes(iv)) == 4 and asked == []
    assert editor.import_transcript(vtt) is None  # the same file again: refused
    boxes = [b for b in editor.findChildren(QMessageBox)
             if b.objectName() == "transcriptAlreadyImported"]  # fmt: skip
    assert boxes and "already imported into this interview" in boxes[-1].text()
    assert "nothing added" in boxes[-1].text()
    # the Word download of the same meeting: asked first, Cancel adds nothing
    docx = str(DATA / "transcripts" / "teams-transcript-2021.docx")
    assert editor.import_transcript(docx) is None
    assert "already holds 4 transcript turns" in asked[-1]
    assert len(ctx.store.notes(iv)) == 4
    _questions(monkeypatch, True)
    editor.import_transcript(docx).accept()
    from workbench.coding.transcripts import read_transcript

    assert len(ctx.store.notes(iv)) == 4 + len(read_transcript(docx).turns)


def test_a_respondent_named_by_an_id_and_the_warnings(ctx, qtbot, monkeypatch):
    editor, iv = _editor(ctx, qtbot, respondent="G3P1", interviewer="Lee")
    captions = str(DATA / "transcripts" / "zoom-meeting-saved-closed-caption.txt")
    dialog = editor.import_transcript(captions)
    assert dialog.roles()["G3P1"] == "respondent:G3P1"
    assert dialog.roles()["G3P2"] == "other:G3P2"
    # nobody mapped to the respondent: asked, and Cancel keeps the dialog open
    asked = _questions(monkeypatch, False)
    combo = dialog.combos["G3P1"]
    combo.setCurrentIndex(combo.findData("other"))
    dialog.accept()
    assert "No turn is mapped to the respondent" in asked[-1]
    assert ctx.store.notes(iv) == [] and dialog.result() == 0
    # two speakers as the respondent: their words count as one person's
    for name in ("G3P1", "G3P2"):
        dialog.combos[name].setCurrentIndex(dialog.combos[name].findData("respondent"))
    asked = _questions(monkeypatch, True)
    dialog.accept()
    assert "count as one person's" in asked[-1]
    assert len(ctx.store.notes(iv)) == 289


def test_the_interviewer_follows_the_speakers_mapped_to_interviewer(ctx, qtbot):
    ctx.settings.setValue("consultant/name", "Pat Consultant")
    editor, iv = _editor(ctx, qtbot, respondent="G3P1")
    captions = str(DATA / "transcripts" / "zoom-meeting-saved-closed-caption.txt")
    dialog = editor.import_transcript(captions)
    assert dialog.interviewer() == "Pat Consultant" or dialog.interviewer() == ctx.given_name()
    combo = dialog.combos["Experimenter"]
    combo.setCurrentIndex(combo.findData("interviewer"))
    assert dialog.interviewer() == "Experimenter"
    dialog.interviewers.setText("Sam Lee")  # typed over: it stays
    combo.setCurrentIndex(combo.findData("other"))
    assert dialog.interviewer() == "Sam Lee"
    # a transcript whose speakers name the interviewer prefills it when the interview
    # names none
    editor, iv = _editor(ctx, qtbot, respondent="Alice Kent")
    dialog = editor.import_transcript(str(DATA / "transcripts" / "zoom-recording.vtt"))
    assert dialog.interviewer() == "Jo Smith"
    assert not dialog.interviewer_note.isVisibleTo(dialog)


def test_a_recorded_interviewer_is_kept_and_the_transcripts_shown(ctx, qtbot, tmp_path):
    editor, iv = _editor(ctx, qtbot, respondent="Alice Kent", interviewer="Tess Tester")
    dialog = editor.import_transcript(str(DATA / "transcripts" / "zoom-recording.vtt"))
    assert dialog.roles()["Jo Smith"] == "interviewer:Jo Smith"
    assert dialog.interviewer() == "Tess Tester" and dialog.interviewers.isReadOnly()
    assert dialog.interviewer_note.isVisibleTo(dialog)
    assert dialog.interviewer_note.text() == (
        "The transcript's interviewer(s): Jo Smith; the interview's: Tess Tester "
        "(kept; change it on the interview's page)"
    )
    dialog.resize(640, 480)
    dialog.grab().save(str(tmp_path / "transcript-interviewer.png"))
    dialog.accept()
    assert ctx.store.interview(iv).interviewer == "Tess Tester"
    assert len(ctx.store.notes(iv)) > 0


def test_the_transcripts_date_is_offered(ctx, qtbot, tmp_path):
    from datetime import date

    editor, iv = _editor(ctx, qtbot, date=date(2026, 3, 2))
    docx = str(DATA / "transcripts" / "teams-transcript.docx")
    # no answers yet: the transcript's day, the interview's offered
    dialog = editor.import_transcript(docx)
    assert dialog.day() == date(2025, 11, 3)
    assert "The transcript says 2025-11-03 (from the transcript's heading)" in (
        dialog.date_note.text()
    )
    assert "2026-03-02" in dialog.date_note.text()
    assert dialog.other_date.isVisibleTo(dialog)
    assert dialog.other_date.text() == "Use the interview's date"
    dialog.other_date.click()
    assert dialog.day() == date(2026, 3, 2)
    assert dialog.other_date.text() == "Use the transcript's date"
    dialog.reject()
    # answered already: the interview's day stays, the transcript's offered
    form = builtin_form("stakeholder-interview")
    key = next(q.key for q in form.iter_questions() if q.type in ("text", "long_text"))
    ctx.store.set_answer(iv, key, "The desk never calls back.")
    dialog = editor.import_transcript(docx)
    assert dialog.day() == date(2026, 3, 2)
    assert dialog.other_date.text() == "Use the transcript's date"
    dialog.other_date.click()
    assert dialog.day() == date(2025, 11, 3)


def test_the_dialog_shows_every_column(ctx, qtbot, tmp_path):
    editor, iv = _editor(ctx, qtbot, interviewer="Jo Smith")
    dialog = editor.import_transcript(str(DATA / "transcripts" / "teams-transcript.docx"))
    qtbot.waitExposed(dialog)
    qtbot.wait(20)
    table = dialog.table
    assert table.viewport().width() >= dialog.columns_width
    combo = table.cellWidget(0, 2)
    assert combo.width() >= combo.sizeHint().width()
    dialog.grab().save(str(tmp_path / "transcript-dialog.png"))
    dialog.reject()


def test_a_workbench_export_becomes_a_new_engagement_with_its_client(qtbot, tmp_path, monkeypatch):
    from workbench.coding.qdpx_export import export_project
    from workbench.forms.library import builtin_form
    from workbench.ui.main_window import MainWindow

    source = create_engagement(tmp_path / "acme.wbk", client="Acme", title="Service review")
    iv = source.new_interview(
        source.add_respondent("Alice").id, builtin_form("stakeholder-interview")
    )
    source.add_note(iv.id, "Tickets wait.")
    export_project(source, tmp_path / "acme.qdpx")
    source.close()
    context = AppContext()
    window = MainWindow(context)
    qtbot.addWidget(window)
    target = tmp_path / "again.wbk"
    _answers(monkeypatch, "new", new_path=str(target))
    monkeypatch.setattr(qdpx_files.QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(tmp_path / "acme.qdpx"), ""))  # fmt: skip
    window.import_qdpx_action.trigger()
    assert context.tasks.wait(60000)
    qtbot.wait(50)
    assert context.tasks.wait(60000)
    qtbot.waitUntil(lambda: context.store is not None, timeout=10000)
    eng = context.store.engagement()
    assert (eng.client, eng.title) == ("Acme", "Service review")
    assert window.windowTitle() == "Acme — Service review"
    context.tasks.wait()
    context.set_store(None)


def test_a_repeat_import_is_refused_before_a_backup_and_said_once(ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from workbench.store.database import backups_dir_for

    parent = QWidget()
    qtbot.addWidget(parent)
    ctx.store.add_wave("re-audit")
    asked = _answers(monkeypatch, "open", confirm=True)
    _run(ctx, qtbot, parent)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    # the confirmation says where the interviews go and in which state
    assert "go to the wave 're-audit' as drafts" in asked["confirm"]
    folder = backups_dir_for(Path(ctx.store.path)) / "before imports"
    copies = sorted(folder.iterdir())
    assert len(copies) == 1
    asked = _answers(monkeypatch, "open", confirm=True)
    _run(ctx, qtbot, parent)
    qtbot.waitUntil(lambda: len(_messages(parent)) >= 2, timeout=10000)
    text = _messages(parent)[-1].text()
    assert "imported before" in text and text.count("Nothing was changed") == 1
    assert "confirm" not in asked  # refused before the question
    assert sorted(folder.iterdir()) == copies  # and before any copy


def test_the_same_transcript_in_another_interview_is_asked_about(ctx, qtbot, monkeypatch):
    editor, zoe = _editor(ctx, qtbot, respondent="Zoe Turner", interviewer="Jo Smith")
    vtt = str(DATA / "transcripts" / "teams-meeting.vtt")
    asked = _questions(monkeypatch, True)
    dialog = editor.import_transcript(vtt)
    dialog.combos["Alice Kent (Guest)"].setCurrentIndex(
        dialog.combos["Alice Kent (Guest)"].findData("respondent"))  # fmt: skip
    dialog.accept()
    # the speaker marked as the respondent is not Zoe Turner: asked before adding
    assert "but this interview is with Zoe Turner" in asked[-1]
    n = len(ctx.store.notes(zoe))
    assert n > 0
    other, ben = _editor(ctx, qtbot, respondent="Ben Harrow", interviewer="Jo Smith")
    asked = _questions(monkeypatch, False)
    assert other.import_transcript(vtt) is None  # Cancel: nothing added
    assert f"is already in Zoe Turner's interview {zoe}" in asked[-1]
    assert ctx.store.notes(ben) == []
    _questions(monkeypatch, True)
    assert other.import_transcript(vtt) is not None  # "Add anyway": the dialog opens


def test_export_proposes_the_engagements_folder_and_name(ctx, qtbot, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    proposed: list[str] = []

    def save_name(parent, caption, suggestion, *rest, **kw):
        proposed.append(suggestion)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    eng = ctx.store.engagement()
    assert export_qdpx(ctx, None) is None  # cancelled: nothing written
    stem = f"{eng.client} - {eng.title}".strip(" -")
    stem = "".join(c for c in stem if c.isalnum() or c in " -_.").strip()
    assert proposed == [str(Path(ctx.store.path).parent / f"{stem}.qdpx")]


def test_the_import_question_counts_users_memos_and_variables():
    from workbench.coding.qdpx import read_project

    project = read_project(DATA / "qdpx" / "qualcoder-4.0-course-feedback.qdpx")
    text = qdpx_files.what_comes(project)
    assert "• 2 users, kept as coders and for an export" in text
    assert "• 3 variables, with the respondents and interviews" in text
    assert f"• {len(project.notes)} notes, as memos" in text and len(project.notes) > 1


@pytest.mark.parametrize("where", ["new", "open"])
def test_the_consultant_importing_is_no_interviewer_of_the_sources(
    ctx, qtbot, monkeypatch, tmp_path, where
):
    from PySide6.QtWidgets import QWidget

    from workbench.store import open_engagement
    from workbench.ui.context import NAME_KEY

    ctx.settings.setValue(NAME_KEY, "Tess DPO")
    assert ctx.given_name() == "Tess DPO"
    parent = QWidget()
    qtbot.addWidget(parent)
    target = tmp_path / "demo.wbk"
    _answers(monkeypatch, where, confirm=True, new_path=str(target))
    import_qdpx(ctx, parent, str(DATA / "qdpx" / "qc-1.3.2-demo.qdpx"), open_file=lambda p: None)
    assert ctx.tasks.wait(60000)
    qtbot.wait(50)
    assert ctx.tasks.wait(60000)
    qtbot.waitUntil(lambda: bool(_messages(parent)), timeout=10000)
    if where == "new":
        with open_engagement(target) as made:
            rows = made.interview_rows(progress=False)
    else:
        rows = ctx.store.interview_rows(progress=False)
    assert rows and {r.interviewer for r in rows} == {""}  # (its sources name no creator)
