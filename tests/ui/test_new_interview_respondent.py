"""New Interview chooses the respondent the consultant has highlighted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings

from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.ui import context
from workbench.ui.context import AppContext
from workbench.ui.interviews import ID_ROLE
from workbench.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    path = tmp_path / "acme.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    people = [store.add_respondent(n, role="Manager") for n in ("Ana Lima", "Ben Cole", "Cy Dee")]
    store.new_interview(people[2].id, builtin_form("servqual"))
    store.close()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert w.open_file(path)
    yield w
    ctx.set_store(None)


@pytest.fixture
def asked(monkeypatch) -> list:
    """The New Interview dialogs the window would have shown (cancelled at once)."""
    shown: list = []

    def ask(dialog):
        shown.append(dialog.respondent.currentText())
        return None

    monkeypatch.setattr(context, "ask", ask)
    return shown


def _highlight(view, proxy, wanted: str) -> None:
    for row in range(proxy.rowCount()):
        if wanted in str(proxy.index(row, 1).data()) or wanted in str(proxy.index(row, 0).data()):
            view.selectionModel().select(
                proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            return
    raise AssertionError(f"{wanted} not listed")


def test_the_highlighted_respondent_is_chosen(window: MainWindow, asked) -> None:
    page = window.show_page("respondents")
    page.select_id(next(r.id for r in window.ctx.store.respondents() if r.name == "Ben Cole"))
    window.new_interview()
    assert asked == ["Ben Cole  ·  Manager"]


def test_the_highlighted_interviews_respondent_is_chosen(window: MainWindow, asked) -> None:
    page = window.show_page("interviews")
    page.reload()
    assert page.proxy.rowCount() == 1
    _highlight(page.view, page.proxy, "Cy Dee")
    assert page.proxy.index(0, 0).data(ID_ROLE)
    window.new_interview()
    assert asked == ["Cy Dee  ·  Manager"]


def test_without_a_highlight_the_first_respondent_is_offered(window: MainWindow, asked) -> None:
    window.show_page("overview")
    window.new_interview()
    assert asked == ["Ana Lima  ·  Manager"]


@pytest.fixture
def waved(qtbot, tmp_path: Path) -> MainWindow:
    """Ana in the baseline, Ben in the re-audit (the latest wave)."""
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue("consultant/name", "Jo Whitfield")
    path = tmp_path / "waves.wbk"
    store = create_engagement(path, client="Acme", title="Review", waves=("baseline", "re-audit"))
    base, again = (w.id for w in store.waves())
    ana, ben = (store.add_respondent(n, role="Manager") for n in ("Ana Lima", "Ben Cole"))
    store.new_interview(ana.id, builtin_form("servqual"), wave_id=base)
    store.new_interview(ben.id, builtin_form("servqual"), wave_id=again)
    store.close()
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    assert w.open_file(path)
    yield w
    ctx.set_store(None)


@pytest.fixture
def waves_asked(monkeypatch) -> list:
    """(respondent, wave) the New Interview dialogs proposed (cancelled at once)."""
    shown: list = []

    def ask(dialog):
        shown.append((dialog.respondent.currentText().split("  ")[0], dialog.wave.currentText()))
        return None

    monkeypatch.setattr(context, "ask", ask)
    return shown


def test_ctrl_n_proposes_the_highlighted_interviews_wave(qtbot, waved, waves_asked) -> None:
    from PySide6.QtCore import Qt

    from tests.ui.window_driver import settle

    page = waved.show_page("interviews")
    page.reload()
    settle(qtbot, waved)
    for name, wave in (("Ben Cole", "re-audit"), ("Ana Lima", "baseline")):
        _highlight(page.view, page.proxy, name)
        page.view.setFocus()
        qtbot.keyClick(waved, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert waves_asked[-1] == (name, wave)
    page.view.clearSelection()  # nothing highlighted: the latest wave
    qtbot.keyClick(waved, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert waves_asked[-1] == ("Ana Lima", "re-audit")
