"""The window's data protection: the settings dialog, the anonymised export's preview,
erasing a respondent, the retention reminder with its one-step erasure, and changing or
removing an engagement's passphrase."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QLineEdit

from workbench.store import open_engagement
from workbench.store.database import SQLITE_MAGIC, list_backups
from workbench.store.protection import protection, set_protection

pytestmark = pytest.mark.app_context(engagement=None)

PASS = "correct horse battery"


def _finished(window, qtbot) -> str:
    """The record of the erasure running in the background, once the file is open again."""
    window.erasure_record = None
    qtbot.waitUntil(lambda: window.erasure_record is not None, timeout=60000)
    assert window.ctx.store is not None
    return window.erasure_record


def _bytes(path: Path) -> bytes:
    wal = Path(f"{path}-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_the_protection_dialog_keeps_the_settings_undoably(window, demo_file, qtbot, tmp_path):
    from workbench.ui.protection import ProtectionDialog, edit_protection

    assert window.open_file(demo_file)
    assert window.protection_action.isEnabled()
    dialog = ProtectionDialog(window.ctx.store, window)
    qtbot.addWidget(dialog)
    dialog.k.setValue(7)
    dialog.term.setText("Harbour Group")
    assert dialog.add_term()
    dialog.term.setText("harbour  group")  # the same term: kept once
    assert dialog.add_term()
    dialog.term.setText("Calder")  # typed but not added: OK keeps it
    dialog.retain.set_value(date(2031, 3, 31))
    dialog.show()
    dialog.grab().save(str(tmp_path / "protection-dialog.png"))
    values = dialog.values()
    assert values == {
        "k": 7,
        "terms": ["Harbour Group", "Calder"],
        "retain_until": date(2031, 3, 31),
    }
    assert edit_protection(window.ctx, window, values)
    kept = protection(window.ctx.store)
    assert (kept.k, kept.terms, kept.retain_until) == (
        7,
        ["Harbour Group", "Calder"],
        date(2031, 3, 31),
    )
    window.ctx.undo_stack.undo()
    kept = protection(window.ctx.store)
    assert (kept.k, kept.terms, kept.retain_until) == (5, [], None)
    window.ctx.undo_stack.redo()
    assert protection(window.ctx.store).k == 7
    dialog.term.setText(" ")
    assert not dialog.add_term() and dialog.message.isVisibleTo(dialog)


def test_an_anonymised_export_shows_every_change_and_cancel_writes_nothing(
    window, demo_file, qtbot, tmp_path, monkeypatch
):
    from workbench.ui import anonymised_export
    from workbench.ui.result_view import ReportItem, add_to_report

    assert window.open_file(demo_file)
    set_protection(window.ctx.store, terms=["Meridian"])
    page = window.show_page("report")
    add_to_report(window.ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    page.anonymise.setChecked(True)
    seen, drafted = [], []

    def look(dialog, answer):
        seen.append(
            [
                [dialog.table.item(r, c).text() for c in range(5)]
                for r in range(dialog.table.rowCount())
            ]
        )
        drafted.append([p.name.startswith("workbench-anonymised-") for p in drafts.iterdir()])
        dialog.show()
        dialog.grab().save(str(tmp_path / "anonymisation-preview.png"))
        return answer

    # the drafts go in a folder of this test's own, not in the temporary folder that other
    # tests and programs share: what is left there is this export's alone
    import tempfile

    drafts = tmp_path / "temp"
    drafts.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(drafts))
    monkeypatch.setattr(anonymised_export, "confirm_preview", lambda d: look(d, False))
    target = tmp_path / "never.docx"
    with qtbot.waitSignal(page.export_finished, timeout=120000) as blocker:
        page.export_word(target)
    assert blocker.args == ["word", ""]
    assert not target.exists() and "nothing was written" in page.done_label.text()
    rows = seen[0]
    kinds = {r[1] for r in rows}
    assert {"name", "role, unit, attribute or identifying answer", "extra term"} <= kinds, kinds
    # (an action's owner whose role no k others share is withheld in words)
    assert any(
        r[2] == "Catherine Price" and r[3].startswith(("[Respondent", "Owner withheld"))
        for r in rows
    )
    assert any(r[2] == "Meridian" and r[3] == "[withheld]" for r in rows)

    monkeypatch.setattr(anonymised_export, "confirm_preview", lambda d: look(d, True))
    target = tmp_path / "kept.xlsx"
    with qtbot.waitSignal(page.export_finished, timeout=120000) as blocker:
        page.export_excel(target)
    assert blocker.args == ["excel", str(target)], page.done_label.text()
    assert any(r[0].startswith("workbook: respondents") for r in seen[1])
    from openpyxl import load_workbook

    cells = " ".join(
        str(c.value)
        for ws in load_workbook(target).worksheets
        for row in ws.iter_rows()
        for c in row
    )
    assert "Catherine Price" not in cells and "[withheld]" in cells
    assert drafted == [[True], [True]]  # each export's draft, in the test's own folder
    assert list(drafts.iterdir()) == []  # and gone once the export is done


def test_erase_a_respondent_from_the_respondents_page(window, demo_file, qtbot, tmp_path):
    from workbench.ui.protection import ProtectionDialog

    assert window.open_file(demo_file)
    store = window.ctx.store
    person = next(r for r in store.respondents() if r.name == "Catherine Price")
    page = window.show_page("respondents")
    page.reload()
    page.select_id(person.id)
    assert page.erase_button.isEnabled()
    shown = []

    def cancel(dialog):
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.show()
        dialog.grab().save(str(tmp_path / "erase-respondent.png"))
        assert dialog.cancel.isDefault()
        return False

    assert page.erase_selected(cancel) is None
    assert any(re.match(r"\d+ interviews", line) for line in shown[0]), shown
    assert "Catherine Price" in [r.name for r in window.ctx.store.respondents()]

    assert page.erase_selected(lambda d: True) is not None
    assert window.ctx.store is None  # closed while it is erased and vacuumed
    record = _finished(window, qtbot)
    assert "one respondent was erased" in record
    assert b"Catherine Price" not in _bytes(demo_file)
    assert window.ctx.store is not None and window.ctx.store is not store
    assert "Catherine Price" not in [r.name for r in window.ctx.store.respondents()]
    assert "Recorded in the engagement" in window.erasure_message.text()
    window.erasure_message.close()
    dialog = ProtectionDialog(window.ctx.store, window)
    qtbot.addWidget(dialog)
    assert record in dialog.records.toPlainText()

    # Pseudonymising instead: the interviews stay, the identity goes.
    other = next(r for r in window.ctx.store.respondents() if r.name == "Oliver Grant")
    interviews = window.ctx.store.interview_counts().get(other.id, 0)
    page = window.show_page("respondents")
    page.reload()
    page.select_id(other.id)

    def pseudonymise(dialog):
        assert dialog.go.text() == "Erase"
        dialog.alternative.setChecked(True)
        assert dialog.go.text() == "Pseudonymise"
        return True

    assert page.erase_selected(pseudonymise) is not None
    record = _finished(window, qtbot)
    assert "pseudonymised" in record
    renamed = window.ctx.store.respondent(other.id)
    assert re.fullmatch(r"Respondent \d+", renamed.name)
    assert window.ctx.store.interview_counts().get(other.id, 0) == interviews > 0
    assert b"Oliver Grant" not in _bytes(demo_file)


def test_the_retention_reminder_and_the_one_step_erasure(window, demo_file, qtbot, tmp_path):
    with open_engagement(demo_file, backup=False) as store:
        names = [r.name for r in store.respondents()]
        set_protection(store, retain_until=date.today() - timedelta(days=3))
    assert window.open_file(demo_file)
    window.show()
    notice = window.retention_notice
    assert notice.isVisible() and "passed 3 days ago" in notice.text.text()
    window.grab().save(str(tmp_path / "retention-notice.png"))
    assert window.open_file(demo_file)  # opened again: the reminder again
    assert notice.isVisible()

    from workbench.ui.protection import erase_all_personal_data

    shown = []

    def look(dialog, answer):
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.show()
        dialog.grab().save(str(tmp_path / "erase-all.png"))
        return answer

    assert erase_all_personal_data(window, lambda d: look(d, False)) is None
    assert "36 respondent(s) become" in shown[0][0]
    assert "Catherine Price" in _bytes(demo_file).decode("latin-1")
    assert erase_all_personal_data(window, lambda d: look(d, True)) is not None
    record = _finished(window, qtbot)
    assert "personal data of this engagement were erased" in record
    data = _bytes(demo_file)
    assert not [n for n in names if n.encode() in data]
    assert not notice.isVisible()  # nothing personal is left to remind of
    assert list_backups(demo_file) == [] or all(
        not any(n.encode() in b.read_bytes() for n in names) for b in list_backups(demo_file)
    )


def _answers(monkeypatch, *answers):
    queue = list(answers)

    def fake(parent, title, label, echo):
        assert echo == QLineEdit.EchoMode.Password
        value = queue.pop(0)
        return ("", False) if value is None else (value, True)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(fake))


def test_change_and_remove_the_passphrase_in_the_window(window, tmp_path, monkeypatch):
    from workbench.store import create_engagement
    from workbench.ui.encryption import CHANGE, REMOVE, encryption_of_open_file

    path = tmp_path / "secret.wbk"
    create_engagement(path, client="Acme", title="Review", passphrase=PASS).close()
    _answers(monkeypatch, PASS)
    assert window.open_file(path)
    window.ctx.store.add_respondent("Ana Quibblethwaite")
    new = "a brand new passphrase"
    _answers(monkeypatch, "not the current one")
    before = path.read_bytes()
    assert not encryption_of_open_file(window, CHANGE)
    assert "not the passphrase" in window.last_message.text()
    window.last_message.close()
    _answers(monkeypatch, PASS, new, "typed differently")
    assert not encryption_of_open_file(window, CHANGE)
    window.last_message.close()
    assert path.read_bytes() == before
    _answers(monkeypatch, PASS, new, new)
    assert encryption_of_open_file(window, CHANGE)
    assert window.ctx.store._key == new
    assert [r.name for r in window.ctx.store.respondents()] == ["Ana Quibblethwaite"]
    window.ctx.store.add_respondent("Ben Written After")
    window.ctx.set_store(None)
    with open_engagement(path, read_only=True, passphrase=new) as store:
        assert len(store.respondents()) == 2
    for backup in list_backups(path):  # every backup encrypted
        assert not backup.read_bytes().startswith(SQLITE_MAGIC)

    _answers(monkeypatch, new)
    assert window.open_file(path)
    encrypted_backups = list_backups(path)
    assert encrypted_backups
    _answers(monkeypatch, new)
    assert encryption_of_open_file(window, REMOVE)
    assert path.read_bytes().startswith(SQLITE_MAGIC)
    assert window.ctx.store._key is None and len(window.ctx.store.respondents()) == 2
    for backup in encrypted_backups:  # the backups made while encrypted stay encrypted
        assert not backup.exists() or not backup.read_bytes().startswith(SQLITE_MAGIC)


def test_the_erase_button_erases_and_pseudonymises_through_the_dialog(
    window, demo_file, qtbot, monkeypatch
):
    """The button as a consultant clicks it: the real dialog, answered by its own buttons."""
    from PySide6.QtWidgets import QDialog

    from workbench.ui.protection import PreviewDialog

    pseudonymising = []

    def answer(dialog):
        if pseudonymising:
            dialog.alternative.setChecked(True)
        dialog.go.click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PreviewDialog, "exec", answer)
    assert window.open_file(demo_file)
    person = next(r for r in window.ctx.store.respondents() if r.name == "Catherine Price")
    page = window.show_page("respondents")
    page.reload()
    page.select_id(person.id)
    window.erasure_record = None
    page.erase_button.click()
    record = _finished(window, qtbot)
    assert "one respondent was erased" in record
    assert b"Catherine Price" not in _bytes(demo_file)
    assert "Catherine Price" not in [r.name for r in window.ctx.store.respondents()]
    window.erasure_message.close()

    from sqlalchemy import text

    with window.ctx.store.session() as s:  # someone who answered the role question
        rid, title = s.execute(
            text(
                "SELECT i.respondent_id, a.text FROM answer a JOIN interview i "
                "ON i.id = a.interview_id WHERE a.question_key = 'role' AND a.text != '' "
                "ORDER BY a.text LIMIT 1"
            )
        ).one()
    other = window.ctx.store.respondent(rid)
    assert title.encode() in _bytes(demo_file)
    page = window.show_page("respondents")
    page.reload()
    page.select_id(other.id)
    pseudonymising.append(True)
    window.erasure_record = None
    page.erase_button.click()
    record = _finished(window, qtbot)
    assert "pseudonymised" in record
    assert re.fullmatch(r"Respondent \d+", window.ctx.store.respondent(other.id).name)
    data = _bytes(demo_file)
    assert other.name.encode() not in data
    assert title.encode() not in data  # the job title answered is gone too


def test_an_anonymised_export_is_offered_a_name_that_says_so(window, demo_file, monkeypatch):
    from workbench.ui import report_view

    offered = []

    def save_name(parent, title, default, filt):
        offered.append(Path(default).name)
        return "", ""

    monkeypatch.setattr(report_view.QFileDialog, "getSaveFileName", save_name)
    assert window.open_file(demo_file)
    page = window.show_page("report")
    assert page.export_excel() is None and page.export_word() is None
    page.anonymise.setChecked(True)
    assert page.export_excel() is None and page.export_word() is None
    assert ["anonymised" in n for n in offered] == [False, False, True, True], offered
    assert offered[2].endswith("(anonymised).xlsx") and offered[3].endswith(".docx")
