"""The import dialog warns about rows naming people who already have an interview of the
form in the wave, and imports them only once the consultant ticks the box."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.deliver.importer import apply_import, plan_import

pytestmark = pytest.mark.app_context(engagement="new")


def _sheet(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(("Name,overall_satisfaction", *rows)) + "\n", encoding="utf-8")
    return path


def _interviews(store) -> int:
    from workbench.store.models import Interview

    with store.session() as s:
        return s.execute(select(func.count()).select_from(Interview)).scalar()


def test_the_dialog_warns_and_asks_before_adding_people_again(qtbot, ctx, tmp_path) -> None:
    from workbench.ui.import_dialog import ImportDialog

    form = "satisfaction-loyalty"
    first = _sheet(tmp_path / "a.csv", "Ann Lee,4", "Bob Ray,3", "Cy Dee,5", "Di Fo,4")
    apply_import(ctx.store, plan_import(ctx.store, first, form, wave="baseline"), wave="baseline")
    ctx.store.add_wave("follow-up")
    second = _sheet(tmp_path / "b.csv", "Ann Lee,2", "Bob Ray,2", "Cy Dee,1", "Di Fo,1", "Ed Gu,2")

    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.wave_combo.setCurrentText("baseline")
    dialog.set_source(second, form)
    with qtbot.waitSignal(dialog.planned, timeout=20000):
        dialog.check()
    warning = dialog.repeats_label.text()
    assert warning.startswith(
        "4 rows name people who already have a 'Satisfaction, loyalty and effort' response "
        "in wave 'baseline': Ann Lee, Bob Ray, Cy Dee, …"
    ), warning
    assert not dialog.repeats_label.isHidden() and not dialog.add_again.isHidden()
    assert not dialog.add_again.isChecked()
    assert "as second responses of the same people" in dialog.add_again.text()
    assert not dialog.import_button.isEnabled()  # not until the box is ticked
    dialog.resize(980, 640)
    dialog.grab().save(str(tmp_path / "repeats.png"))
    dialog.grab().save(str(tmp_path / "imp-repeats.png"))

    # another wave: nobody there yet, nothing to warn about
    dialog.wave_combo.setCurrentText("follow-up")
    assert dialog.repeats_label.isHidden() and dialog.add_again.isHidden()
    assert dialog.import_button.isEnabled()
    dialog.wave_combo.setCurrentText("baseline")
    assert not dialog.repeats_label.isHidden() and not dialog.import_button.isEnabled()

    dialog.add_again.setChecked(True)
    assert dialog.import_button.isEnabled()
    statuses: list[str] = []
    ctx.status.connect(statuses.append)
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.apply()
    assert blocker.args[0].interviews == 5
    assert _interviews(ctx.store) == 4 + 5
    assert statuses and statuses[-1].startswith(
        "Imported 5 responses (1 new respondent, 0 rows skipped"
    ), statuses


def test_the_corrected_sheet_imports_only_the_rows_skipped(qtbot, ctx, tmp_path) -> None:
    """Skip-imported, the skipped rows named; the corrected sheet sent again: the second
    box imports only the people with no response in the wave yet, and the summary names
    the rows it left out."""
    from workbench.ui.import_dialog import ImportDialog

    form = "satisfaction-loyalty"

    def checked(path: Path) -> ImportDialog:
        dialog = ImportDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.wave_combo.setCurrentText("baseline")
        dialog.set_source(path, form)
        with qtbot.waitSignal(dialog.planned, timeout=20000):
            dialog.check()
        return dialog

    bad = _sheet(tmp_path / "bad.csv", "Ann Lee,4", "Dan Dorsey,four", "Bob Ray,3", "Eve Evans,9")
    dialog = checked(bad)
    assert dialog.only_new.isHidden()  # nobody there yet: nothing to leave out
    dialog.skip_bad.setChecked(True)
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.apply()
    assert "2 rows with bad cells skipped: row 3 (Dan Dorsey), row 5 (Eve Evans)." in (
        dialog.report
    ), dialog.report

    clean = _sheet(tmp_path / "clean.csv", "Ann Lee,4", "Dan Dorsey,4", "Bob Ray,3", "Eve Evans,2")
    dialog = checked(clean)
    assert not dialog.only_new.isHidden() and not dialog.only_new.isChecked()
    assert dialog.only_new.text() == (
        "Import only the rows of people with no response in this wave yet "
        "(leave out the 2 rows above)"
    )
    assert not dialog.import_button.isEnabled()
    dialog.add_again.setChecked(True)
    dialog.only_new.setChecked(True)  # the one box or the other, never both
    assert not dialog.add_again.isChecked() and dialog.import_button.isEnabled()
    dialog.resize(980, 640)
    dialog.grab().save(str(tmp_path / "only-new.png"))
    statuses: list[str] = []
    ctx.status.connect(statuses.append)
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        dialog.apply()
    summary = blocker.args[0]
    assert (summary.interviews, summary.left_out) == (2, ((2, "Ann Lee"), (4, "Bob Ray")))
    assert _interviews(ctx.store) == 4
    assert (
        "Left out 2 rows naming people who already have a 'Satisfaction, loyalty and effort' "
        "response in wave 'baseline': row 2 (Ann Lee), row 4 (Bob Ray)."
    ) in dialog.report, dialog.report
    assert ", 2 rows of people already in the wave left out" in statuses[-1], statuses
