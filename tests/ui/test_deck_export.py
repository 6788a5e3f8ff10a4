"""Export → Slide deck: the Report page's selection and options, written in the background
as the command line writes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.ui.report_view import ReportPage
from workbench.ui.result_view import ReportItem, add_to_report


@pytest.fixture
def page(report_page):
    return report_page


def test_the_report_page_exports_the_deck_with_its_selection(
    qtbot, page, ctx, tmp_path, monkeypatch
):
    from pptx import Presentation

    shown = []  # an anonymised deck is previewed like the report: every change listed
    monkeypatch.setattr(
        "workbench.ui.anonymised_export.confirm_preview", lambda d: shown.append(d) or True
    )
    add_to_report(ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    page.anonymise.setChecked(True)
    deck = tmp_path / "deck.pptx"
    with qtbot.waitSignal(page.export_finished, timeout=180000) as blocker:
        page.export_deck(deck)
    assert blocker.args == ["deck", str(deck)], page.done_label.text()
    assert page.done_label.text() == f"Slide deck written to {deck}"
    prs = Presentation(str(deck))
    sources = [
        sh.text_frame.text
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame and sh.text_frame.text.startswith("Source: ")
    ]
    assert sources and all(s.startswith("Source: SERVQUAL") for s in sources)
    names = [r.name for r in ctx.store.respondents()]
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in prs.slides)
    assert not any(name in notes for name in names)
    assert len(shown) == 1 and "deck" in shown[0].windowTitle()


def test_a_bad_slide_template_is_reported_and_nothing_written(qtbot, page, ctx, tmp_path):
    bad = tmp_path / "firm.pptx"
    bad.write_text("not a presentation")
    page.deck_template = str(bad)
    deck = tmp_path / "deck.pptx"
    with qtbot.waitSignal(page.export_finished, timeout=120000) as blocker:
        page.export_deck(deck)
    assert blocker.args == ["deck", ""]
    assert "is not a PowerPoint presentation" in page.done_label.text()
    assert not deck.exists()
    assert page.deck_template is None  # asked for again next time


def test_file_export_slide_deck_opens_the_report_page_and_exports(qtbot, ctx, monkeypatch):
    import workbench.ui.report_view as rv
    from workbench.ui.main_window import MainWindow

    asked, when = [], []
    monkeypatch.setattr(
        ReportPage, "export_deck", lambda self, path=None, design=None: asked.append(path)
    )
    # the design and the file's name are asked at once, before the Report page is built
    # (its first showing reads the engagement); the page then exports to that file
    monkeypatch.setattr(
        rv,
        "ask_slide_design",
        lambda parent: when.append((parent, window.pages.slots["report"].page)) or "default",
    )
    monkeypatch.setattr(
        rv,
        "ask_export_path",
        lambda parent, store, kind, anonymise: when.append((kind, anonymise))
        or Path("deck.pptx"),
    )
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.export_deck_action.text() == "Export Slide &Deck…"
    window.export_deck_action.trigger()
    assert when == [(window, None), ("deck", False)]
    assert window.current_page_key() == "report"
    assert asked == [Path("deck.pptx")] and window.pages.slots["report"].page is not None


def test_cancelling_the_slide_design_leaves_the_page_as_it_was(qtbot, ctx, monkeypatch):
    import workbench.ui.report_view as rv
    from workbench.ui.main_window import MainWindow

    asked = []
    monkeypatch.setattr(ReportPage, "export_deck", lambda self, *a, **k: asked.append(self))
    monkeypatch.setattr(rv, "ask_slide_design", lambda parent: "cancel")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show_page("overview")
    window.export_deck_action.trigger()
    assert asked == [] and window.current_page_key() == "overview"
    assert window.pages.slots["report"].page is None


def test_the_store_loads_while_the_slide_design_is_asked(qtbot, ctx, monkeypatch):
    """An engagement just opened may still be loading its Store (SQLAlchemy, the models):
    the question starts that loading, which the Report page waits for, on its own thread."""
    import workbench.ui.report_view as rv
    from workbench.ui.main_window import MainWindow

    events = []
    monkeypatch.setattr(
        ctx.store, "load_in_background", lambda: events.append("load"), raising=False
    )
    monkeypatch.setattr(rv, "ask_slide_design", lambda parent: events.append("ask") or "cancel")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.export_deck_action.trigger()
    assert events == ["load", "ask"]


def test_export_slide_deck_without_an_engagement_does_nothing(qtbot, monkeypatch):
    from workbench.ui.context import AppContext
    from workbench.ui.main_window import MainWindow

    asked = []
    monkeypatch.setattr(ReportPage, "export_deck", lambda self, *a, **k: asked.append(self))
    window = MainWindow(AppContext())
    qtbot.addWidget(window)
    window.export_deck_action.trigger()
    assert asked == []


def test_the_deck_asks_for_its_design_with_a_clear_choice(qtbot, page, monkeypatch, tmp_path):
    """No Open dialog whose Cancel means carry on: a choice of the default design or a firm
    template; Cancel exports nothing."""
    from PySide6.QtWidgets import QFileDialog

    import workbench.ui.report_view as rv

    box = rv.slide_design_box(page)
    texts = [b.text() for b in box.buttons()]
    assert "Use the default slide design" in texts and "Choose a firm template…" in texts
    box.deleteLater()

    exported, opened = [], []
    monkeypatch.setattr(ReportPage, "_export", lambda self, kind, path: exported.append(kind))
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: opened.append(a) or ("", "")
    )
    for answer in ("cancel", "default", "template"):
        monkeypatch.setattr(rv, "ask_slide_design", lambda parent, a=answer: a)
        page.deck_template = None
        page.export_deck()
    # Cancel: nothing; default: exported with no file dialog; template: the file dialog,
    # and its Cancel exports nothing (never the default behind the consultant's back).
    assert exported == ["deck"] and len(opened) == 1
    assert page.deck_template is None


def test_file_menu_exports_the_word_report_and_the_workbook(qtbot, ctx, monkeypatch):
    import workbench.ui.report_view as rv
    from workbench.ui.main_window import MainWindow

    asked = []
    monkeypatch.setattr(rv, "ask_export_path", lambda parent, store, kind, a: Path(kind))
    monkeypatch.setattr(ReportPage, "export_word", lambda self, path=None: asked.append(path))
    monkeypatch.setattr(ReportPage, "export_excel", lambda self, path=None: asked.append(path))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.export_word_action.text() == "Export &Word Report…"
    assert window.export_excel_action.text() == "Export E&xcel Workbook…"
    window.export_word_action.trigger()
    window.export_excel_action.trigger()
    assert asked == [Path("word"), Path("excel")] and window.current_page_key() == "report"


def test_the_page_names_the_finding_figures_the_deck_no_longer_matches(qtbot, page, ctx, tmp_path):
    # The demo's SERVQUAL responsiveness gap is not -9.99: the deck gives the finding as
    # written, and the page says so as after a Word export.
    ctx.store.add_finding(
        "Responsiveness has a gap of -9.99.", "high", [{"kind": "analysis", "id": "servqual"}]
    )
    add_to_report(ctx, ReportItem("servqual", "SERVQUAL", {}, {}))
    deck = tmp_path / "deck.pptx"
    with qtbot.waitSignal(page.export_finished, timeout=180000) as blocker:
        page.export_deck(deck)
    assert blocker.args == ["deck", str(deck)], page.done_label.text()
    text = page.done_label.text()
    assert "Check these findings: their figures no longer match the deck." in text
    assert any(
        line.startswith("\u2022 Finding F") and "quotes -9.99; the analysis now gives" in line
        for line in text.splitlines()
    ), text


def test_the_report_page_shows_an_engagement_of_several_waves_without_pandas(tmp_path):
    """Its wave choices end with every wave at once: the constant came with the data
    module, which brought pandas and numpy onto the UI thread at the page's first showing."""
    import json
    import os
    import subprocess
    import sys

    from workbench.store import create_engagement

    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="Review")
    store.add_wave("re-audit")  # beside the baseline every engagement starts with
    store.close()
    code = (
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from workbench.store import open_engagement\n"
        "from workbench.ui.context import AppContext\n"
        "from workbench.ui.report_view import ReportPage\n"
        "app = QApplication([])\n"
        "ctx = AppContext()\n"
        f"ctx.set_store(open_engagement({str(path)!r}, backup=False))\n"
        "page = ReportPage(ctx); page.show(); app.processEvents()\n"
        "print(json.dumps([page.wave_combo.itemText(i) for i in range(page.wave_combo.count())]"
        " + [m for m in ('pandas', 'numpy') if m in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    shown = json.loads(out.stdout.strip().splitlines()[-1])
    assert shown == ["Latest wave", "baseline", "re-audit", "All waves, each respondent once"]
