"""The import dialog: rows of one file naming the same person wait for the same box as
people already in the wave; once imported, a box says what the new respondents were
given (their segment, no consent recorded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from sqlalchemy import func, select

pytestmark = pytest.mark.app_context(engagement="new")

FORM = "satisfaction-loyalty"


def _sheet(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(("Name,Group,overall_satisfaction", *rows)) + "\n", "utf-8")
    return path


def _interviews(store) -> int:
    from workbench.store.models import Interview

    with store.session() as s:
        return s.execute(select(func.count()).select_from(Interview)).scalar()


def test_one_person_named_twice_waits_for_the_box(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    data = _sheet(tmp_path / "a.csv", "Ann Lee,staff,4", "Bob Ray,,3", "Ann Lee,staff,5")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.set_source(data, FORM)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.repeats_label.text() == (
        "1 person is named in more than one row of the file: Ann Lee (rows 2 and 4). "
        "Importing them gives each of these people two or more responses in this wave "
        "(people of the same name are told apart by an e-mail column)."
    )
    assert not dialog.repeats_label.isHidden() and not dialog.add_again.isHidden()
    assert dialog.add_again.text() == (
        "Import these rows too, as second responses of the same people in this wave"
    )
    assert not dialog.import_button.isEnabled()
    dialog.resize(980, 640)
    dialog.grab().save(str(tmp_path / "twice.png"))

    dialog.add_again.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.apply()
    assert _interviews(ctx.store) == 3
    assert dialog.report == (
        "Imported 3 responses: 2 new respondents and 0 known respondents.\n\n"
        "The 2 new respondents' segments come from column B (Group): 1 staff, 1 external "
        "customer where the cell is empty; no consent is recorded for any of them: tick "
        "Consent on the Respondents page for those who gave it."
    )


def test_the_summary_box_after_the_import(qtbot, ctx, tmp_path, monkeypatch) -> None:
    from workbench.ui import form_files
    from workbench.ui.import_dialog import ImportDialog

    data = _sheet(tmp_path / "a.csv", "Ann Lee,,4", "Bob Ray,,3")

    def run(dialog: ImportDialog) -> int:  # what the consultant does in the dialog
        dialog.set_source(data, FORM)
        with qtbot.waitSignal(dialog.planned, timeout=20000):
            dialog.check()
        with qtbot.waitSignal(dialog.imported, timeout=20000):
            dialog.apply()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", run)
    parent = QWidget()
    qtbot.addWidget(parent)
    form_files.import_responses(ctx, parent)
    boxes = parent.findChildren(QMessageBox)
    assert len(boxes) == 1 and boxes[0].windowTitle() == "Responses imported"
    assert boxes[0].text() == (
        "Imported 2 responses: 2 new respondents and 0 known respondents.\n\n"
        "The 2 new respondents are in the segment external customer (column B (Group) is "
        "empty for them; change it on the Respondents page where it is wrong); no consent is "
        "recorded for any of them: tick Consent on the Respondents page for those who gave it."
    )
    boxes[0].resize(520, 260)
    boxes[0].grab().save(str(tmp_path / "summary.png"))

    # cancelled: no box
    monkeypatch.setattr(ImportDialog, "exec", lambda _d: QDialog.DialogCode.Rejected)
    other = QWidget()
    qtbot.addWidget(other)
    form_files.import_responses(ctx, other)
    assert other.findChildren(QMessageBox) == []


def test_the_dialog_proposes_the_form_the_file_fits(qtbot, ctx, tmp_path) -> None:
    from workbench.forms.schema import FormDefinition
    from workbench.ui.import_dialog import ImportDialog

    own = FormDefinition.model_validate(
        {"id": "aaa-own", "title": "Aardvark", "version": 1,
         "sections": [{"key": "s", "title": "S", "questions": [
             {"key": "q1", "type": "text", "label": "What went well?"}]}]}
    )  # fmt: skip
    ctx.store.ensure_form_version(own, source="imported")
    data = tmp_path / "a.csv"
    data.write_text("Name,overall_satisfaction,recommend\nAnn Lee,4,9\n", encoding="utf-8")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.form_combo.currentData() == "aaa-own"  # first of the list
    dialog.set_source(data)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.form_combo.currentData() == "satisfaction-loyalty"
    assert dialog.plan.form.id == "satisfaction-loyalty"
    assert dialog.mapping()["recommend"] == "recommend"
    assert dialog.summary_label.text().startswith(
        "Form proposed: Satisfaction, loyalty and effort (2 of the 3 columns match its "
        "questions). 1 response in a.csv;"
    ), dialog.summary_label.text()

    # a form the consultant picks is kept, whatever the file fits, and the file is checked
    # against it at once: the plan of the other form must not be the one imported
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findData("aaa-own"))
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.form_combo.activated.emit(dialog.form_combo.currentIndex())
        assert not dialog.import_button.isEnabled()
    assert dialog.plan.form.id == "aaa-own" and dialog.form_combo.currentData() == "aaa-own"
    assert not dialog.summary_label.text().startswith("Form proposed")


def test_nothing_is_said_proposed_when_nothing_fits(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    data = tmp_path / "a.csv"
    data.write_text("Name,Department\nAnn Lee,IT\n", encoding="utf-8")
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    first = dialog.form_combo.currentData()
    dialog.set_source(data)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    assert dialog.proposed is None and dialog.plan.form.id == first
    assert dialog.summary_label.text().startswith("1 response in a.csv;"), (
        dialog.summary_label.text()
    )
