"""The retrieval view on an imported project whose sources have no speaker marks says so
when "Respondents' words" leaves everything out."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.coding.qdpx import read_project
from workbench.coding.qdpx_import import import_project

DATA = Path(__file__).resolve().parents[1] / "data" / "qdpx"

pytestmark = pytest.mark.app_context(engagement="new", file="e.wbk")


def test_respondents_words_on_sources_without_speaker_marks(ctx, qtbot):
    from workbench.ui.retrieval_view import RetrievalPane

    store = ctx.store
    import_project(store, read_project(DATA / "nvivo-12-oltas.qdpx"))
    codes = sorted({s.code_id for s in store.segments()})
    view = RetrievalPane(ctx, None)
    qtbot.addWidget(view)
    view.set_codes(codes)
    assert view.count.text() == "330 segments from 1 respondent"
    view.speaker.setCurrentIndex(view.speaker.findData("respondent"))
    view.refresh()
    text = view.count.text()
    assert text.startswith("0 segments from 0 respondents. 330 coded segments left out: 330 in ")
    assert "sources imported from another QDA tool that have no speaker marks" in text


def test_respondents_words_in_qualcoders_own_speaker_marks(ctx, qtbot):
    """QualCoder marks a speaker "[id1] words": the turns of the case's respondent (ID1)
    are the respondent's words, the other speakers' are left out as such."""
    from workbench.ui.retrieval_view import RetrievalPane

    store = ctx.store
    import_project(store, read_project(DATA / "qualcoder-4.0-course-feedback.qdpx"))
    codes = sorted({s.code_id for s in store.segments()})
    view = RetrievalPane(ctx, None)
    qtbot.addWidget(view)
    view.set_codes(codes)
    assert view.count.text() == "5 segments from 1 respondent"
    view.speaker.setCurrentIndex(view.speaker.findData("respondent"))
    view.refresh()
    assert view.count.text() == (
        "2 segments from 1 respondent. 3 coded segments left out: 3 in turns of other "
        "speakers."
    )


def test_a_code_without_a_colour_is_drawn_grey(ctx, qtbot):
    from PySide6.QtGui import QColor

    from workbench.coding.codebook import NEUTRAL_COLOUR
    from workbench.ui.code_tree import CodeTreeModel

    store = ctx.store
    import_project(store, read_project(DATA / "nvivo-12-oltas.qdpx"))
    codes = store.codes()
    assert {c.colour for c in codes} == {""}  # NVivo gave none; none is invented
    model = CodeTreeModel()
    model.rebuild(codes, {})
    icon = model.item(0, 0).icon()
    pixel = icon.pixmap(12, 12).toImage().pixelColor(6, 6)
    assert pixel == QColor(NEUTRAL_COLOUR)
