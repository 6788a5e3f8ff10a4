"""New Interview says so before creating a second interview of a respondent on the same form
in the same wave, and when the date falls outside the engagement's dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, QSettings

from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.ui import context, interviews
from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    """Patrick has a complete baseline ITSM interview (8 Mar 2026) and a draft in the
    re-audit; the engagement runs 2 Mar – 7 Oct 2026."""
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    path = tmp_path / "twin.wbk"
    store = create_engagement(
        path,
        client="Meridian",
        title="Review",
        start_date=date(2026, 3, 2),
        end_date=date(2026, 10, 7),
        waves=("baseline", "re-audit"),
    )
    base, again = (w.id for w in store.waves())
    patrick = store.add_respondent("Patrick Walsh", role="Service desk lead")
    store.add_respondent("Ana Lima", role="Manager")
    itsm = builtin_form("itsm-maturity")
    done = store.new_interview(patrick.id, itsm, wave_id=base, date=date(2026, 3, 8))
    store.update_interview(done.id, status="complete")
    store.new_interview(patrick.id, itsm, wave_id=again, date=date(2026, 9, 1))
    store.close()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert w.open_file(path)
    yield w
    ctx.set_store(None)


def _highlight_baseline(page) -> None:
    page.reload()
    for row in range(page.proxy.rowCount()):
        if page.proxy.index(row, 0).data(interviews.ROW_ROLE).wave == "baseline":
            page.view.selectionModel().select(
                page.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            return
    raise AssertionError("no baseline interview listed")


def _accept(shown: list, today: QDate | None = None):
    def ask(dialog):
        if today is not None:
            dialog.date.setDate(today)
        dialog.adjustSize()
        shown.append((dialog.warning.isVisibleTo(dialog), dialog.warning.text()))
        return dialog.values()

    return ask


def test_the_dialog_and_a_question_say_so_and_open_the_existing_one(window, monkeypatch) -> None:
    store = window.ctx.store
    before = len(store.interview_rows(progress=False))
    shown: list = []
    asked: list = []
    monkeypatch.setattr(context, "ask", _accept(shown, QDate(2026, 4, 1)))

    def confirm(parent, text):
        asked.append(text)
        return "open"

    monkeypatch.setattr(interviews, "confirm_another", confirm)
    page = window.show_page("interviews")
    _highlight_baseline(page)
    window.new_interview()
    title = builtin_form("itsm-maturity").title
    said = (
        f"Patrick Walsh already has a complete {title} interview in the baseline wave (8 Mar 2026)."
    )
    assert shown == [(True, said)]
    assert asked == [said]
    assert len(store.interview_rows(progress=False)) == before  # nothing created
    opened = page.stack.currentWidget()
    assert getattr(opened, "interview_id", None) == next(
        r.id for r in store.interview_rows(progress=False) if r.wave == "baseline"
    )


def test_create_another_creates_it_and_cancel_creates_nothing(window, monkeypatch) -> None:
    store = window.ctx.store
    before = len(store.interview_rows(progress=False))
    monkeypatch.setattr(context, "ask", _accept([], QDate(2026, 4, 1)))
    page = window.show_page("interviews")
    monkeypatch.setattr(interviews, "confirm_another", lambda parent, text: "")
    _highlight_baseline(page)
    window.new_interview()
    assert len(store.interview_rows(progress=False)) == before
    monkeypatch.setattr(interviews, "confirm_another", lambda parent, text: "create")
    window.show_page("interviews")
    _highlight_baseline(page)
    window.new_interview()
    rows = store.interview_rows(progress=False)
    assert len(rows) == before + 1
    assert sum(r.wave == "baseline" for r in rows) == 2


def test_a_respondent_without_one_is_not_asked(window, monkeypatch) -> None:
    shown: list = []
    monkeypatch.setattr(context, "ask", _accept(shown, QDate(2026, 4, 1)))
    monkeypatch.setattr(interviews, "confirm_another", lambda *a: pytest.fail("asked needlessly"))
    window.show_page("overview")
    window.new_interview()  # Ana Lima, the first respondent, has no interview
    assert shown == [(False, "")]


def test_a_date_outside_the_engagement_is_pointed_out(window, monkeypatch, qtbot, tmp_path) -> None:
    seen: list = []

    def ask(dialog):
        assert dialog.date.date() == QDate.currentDate()  # today is proposed
        for day in (QDate(2026, 11, 29), QDate(2026, 3, 1), QDate(2026, 3, 2)):
            dialog.date.setDate(day)
            seen.append(dialog.warning.text())
        dialog.date.setDate(QDate(2026, 11, 29))
        dialog.adjustSize()
        dialog.grab().save(str(tmp_path / "new-interview-dates.png"))
        return None

    monkeypatch.setattr(context, "ask", ask)
    window.show_page("overview")
    window.new_interview()
    assert seen == [
        "29 Nov 2026 is outside the engagement's dates (2 Mar – 7 Oct 2026).",
        "1 Mar 2026 is outside the engagement's dates (2 Mar – 7 Oct 2026).",
        "",
    ]


def test_changing_the_wave_updates_the_warning(window, monkeypatch) -> None:
    seen: list = []

    def ask(dialog):
        dialog.date.setDate(QDate(2026, 4, 1))
        dialog.form.setCurrentIndex(dialog.form.findData("itsm-maturity"))
        for name in ("baseline", "re-audit"):
            dialog.wave.setCurrentIndex(dialog.wave.findText(name))
            seen.append(dialog.warning.text().split(" interview in the ")[-1])
        dialog.form.setCurrentIndex(dialog.form.findData("servqual"))
        seen.append(dialog.warning.text())
        return None

    monkeypatch.setattr(context, "ask", ask)
    page = window.show_page("interviews")
    _highlight_baseline(page)
    window.new_interview()
    assert seen == ["baseline wave (8 Mar 2026).", "re-audit wave (1 Sep 2026).", ""]
