"""The export keys ask for the file at once, even on an engagement just opened whose Store
is still loading: the name is asked before anything waits on the Store, and the export
follows once the Store is there (that wait off the window's thread)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog

from workbench.store.early import OpeningStore
from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow
from workbench.ui.report_view import ReportPage


@pytest.fixture
def held(monkeypatch):
    """The Store of a file opened next loads only once the test lets it."""
    gate = threading.Event()
    load = OpeningStore._load

    def held_load(self):
        gate.wait(120)
        load(self)

    monkeypatch.setattr(OpeningStore, "_load", held_load)
    yield gate
    gate.set()


@pytest.fixture
def window(qtbot, tmp_path: Path, held):
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx.settings.setValue("consultant/name", "Jo Tester")  # (no name dialog)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    yield w
    held.set()
    w.ctx.tasks.wait()
    w.ctx.set_store(None)


@pytest.mark.parametrize("kind", ["word", "excel", "deck"])
def test_the_file_is_asked_before_the_store_has_loaded(
    qtbot, window, held, demo_file, monkeypatch, tmp_path, kind
):
    import workbench.ui.report_view as rv

    asked, exported = [], []
    target = tmp_path / f"out.{kind}"

    def save_name(parent, title, default, filt):
        asked.append((window.store.ready, Path(default).name))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    monkeypatch.setattr(rv, "ask_slide_design", lambda parent: "default")
    monkeypatch.setattr(
        ReportPage,
        "_export",
        lambda self, k, path: exported.append((k, path, self.ctx.store.ready, self.deck_template)),
    )
    assert window.open_file(demo_file)
    action = {
        "word": window.export_word_action,
        "excel": window.export_excel_action,
        "deck": window.export_deck_action,
    }[kind]
    action.trigger()
    suffix = {"word": ".docx", "excel": ".xlsx", "deck": ".pptx"}[kind]
    # asked at once, the Store still loading, with the engagement's name as the file's
    assert asked == [(False, f"Meridian IT Services - {window.store.engagement().title}{suffix}")]
    assert exported == [] and window.pages.slots["report"].page is None
    action.trigger()  # pressed again while waiting: one export, not two
    assert len(asked) == 1
    held.set()
    qtbot.waitUntil(lambda: bool(exported), timeout=120000)
    assert exported == [(kind, Path(f"{target}{suffix}"), True, None)]
    assert window.current_page_key() == "report"


def test_a_firm_template_chosen_before_the_name_is_the_decks(
    qtbot, window, held, demo_file, monkeypatch, tmp_path
):
    import workbench.ui.report_view as rv

    order, exported = [], []
    monkeypatch.setattr(rv, "ask_slide_design", lambda parent: order.append("design") or "template")
    monkeypatch.setattr(
        rv, "choose_slide_template", lambda parent: order.append("template") or "firm.pptx"
    )
    monkeypatch.setattr(
        rv,
        "ask_export_path",
        lambda parent, store, kind, anonymise: order.append("name") or tmp_path / "d.pptx",
    )
    monkeypatch.setattr(
        ReportPage, "_export", lambda self, k, path: exported.append((path, self.deck_template))
    )
    assert window.open_file(demo_file)
    window.export_deck_action.trigger()
    assert order == ["design", "template", "name"]
    held.set()
    qtbot.waitUntil(lambda: bool(exported), timeout=120000)
    assert exported == [(tmp_path / "d.pptx", "firm.pptx")]


def test_cancelling_the_name_exports_nothing_and_builds_no_page(
    qtbot, window, held, demo_file, monkeypatch
):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    exported = []
    monkeypatch.setattr(ReportPage, "_export", lambda self, k, path: exported.append(path))
    assert window.open_file(demo_file)
    window.show_page("overview")
    window.export_word_action.trigger()
    held.set()
    qtbot.wait(200)
    assert exported == [] and window.pages.slots["report"].page is None
    assert window.current_page_key() == "overview"
