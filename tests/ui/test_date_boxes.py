"""The date boxes of the engagement dialogs: a date is typed as the window writes it (or
another plain way) or picked from a calendar; text that is no date is refused where it
is, naming the field, never dropped to "not set"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from workbench.ui.dialogs import DateEdit, NewEngagementDialog, read_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 Mar 2026", date(2026, 3, 3)),
        ("03 march 2026", date(2026, 3, 3)),
        ("March 3, 2026", date(2026, 3, 3)),
        ("sept 30 2026", date(2026, 9, 30)),
        ("2026-03-03", date(2026, 3, 3)),
        ("31 Feb 2026", None),  # no such day
        ("03/04/2026", None),  # day or month first: either
        ("/tmp/t8/beta.wbk", None),
        ("3 Mxr 2026", None),
        ("", None),
    ],
)
def test_what_a_date_box_reads(text: str, expected: date | None) -> None:
    assert read_date(text) == expected


def _new_dialog(qtbot, tmp_path: Path) -> NewEngagementDialog:
    dialog = NewEngagementDialog(folder=str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    form = dialog.form
    qtbot.keyClicks(form.client, "Beta Corp")
    qtbot.keyClicks(form.title, "Desk review")
    return dialog


def test_text_typed_into_a_dates_box_that_is_no_date_is_refused(qtbot, tmp_path) -> None:
    dialog = _new_dialog(qtbot, tmp_path)
    form = dialog.form
    form.consultants.setFocus()
    qtbot.keyClicks(form.consultants, "Tess Tester")
    qtbot.keyClick(form.consultants, Qt.Key.Key_Tab)  # one Tab on: the first Dates box
    qtbot.keyClicks(form.start, "/tmp/t8/beta.wbk")
    dialog.accept()
    assert dialog.result() == 0 and dialog.isVisible()  # not created
    assert dialog.error.text() == (
        "Dates (start): '/tmp/t8/beta.wbk' is not a date; type one as 3 Mar 2026 (or pick it "
        "from the calendar), or empty the box to leave the date not set."
    )
    assert form.start.text() == "/tmp/t8/beta.wbk"  # kept as typed, to be corrected
    dialog.grab().save(str(tmp_path / "refused-date.png"))

    form.start.clear()
    qtbot.keyClicks(form.start, "2 march 2026")
    qtbot.keyClicks(form.end, "31 Nov 2026")  # November has 30 days
    dialog.accept()
    assert dialog.error.text().startswith("Dates (end): '31 Nov 2026' is not a date")
    form.end.clear()  # empty: not set
    dialog.accept()
    assert dialog.result() == 1
    values = dialog.values()
    assert (values["start_date"], values["end_date"]) == (date(2026, 3, 2), None)


def test_a_date_typed_is_written_as_the_window_writes_dates(qtbot) -> None:
    box = DateEdit()
    qtbot.addWidget(box)
    box.show()
    box.setFocus()
    qtbot.keyClicks(box, "2026-03-02")
    box.editingFinished.emit()
    assert (box.text(), box.value()) == ("2 Mar 2026", date(2026, 3, 2))
    box.set_value(None)
    assert (box.text(), box.value(), box.problem("Dates")) == ("", None, "")


def test_a_date_picked_from_the_calendar_is_the_box_s_date(qtbot) -> None:
    box = DateEdit(date(2026, 3, 2))
    qtbot.addWidget(box)
    box.show()
    menu = box.show_calendar()
    assert box.calendar is not None
    assert box.calendar.selectedDate() == QDate(2026, 3, 2)  # opens at the box's date
    box.calendar.clicked.emit(QDate(2026, 10, 7))
    assert (box.text(), box.value()) == ("7 Oct 2026", date(2026, 10, 7))
    assert not menu.isVisible()


def test_the_retention_date_typed_wrong_is_refused(qtbot, tmp_path) -> None:
    from workbench.store import create_engagement
    from workbench.ui.protection import ProtectionDialog

    store = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    try:
        dialog = ProtectionDialog(store)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.retain.setText("next spring")
        dialog.accept()
        assert dialog.result() == 0 and dialog.message.text().startswith(
            "Keep personal data until: 'next spring' is not a date"
        )
        dialog.retain.setText("31 Mar 2031")
        dialog.accept()
        assert dialog.result() == 1 and dialog.values()["retain_until"] == date(2031, 3, 31)
    finally:
        store.close()
