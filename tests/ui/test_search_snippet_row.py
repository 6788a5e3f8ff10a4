"""A search hit's row in the list shows its snippet on the one line the row has room for,
with the first match whole on it (a wrapped second line of the snippet was cut off)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.ui.context import AppContext
from workbench.ui.search import HIT_ROLE, SearchDialog, fit_snippet


@pytest.fixture
def ctx(qtbot, tmp_path: Path) -> AppContext:
    ctx = AppContext()
    ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx.set_store(create_engagement(tmp_path / "acme.wbk", client="Acme", title="Review"))
    yield ctx
    ctx.set_store(None)


def test_fit_snippet_leaves_words_out_before_the_match_until_it_fits(qtbot):
    font = QFont()
    snippet = (
        "…the desk answered quickly and then nobody told us anything until the [[escalation]] came"
    )
    fitted = fit_snippet(snippet, 200, font)
    assert fitted.startswith("…") and "[[escalation]] came" in fitted
    before = fitted[: fitted.index("[[")]
    bold = QFont(font)
    bold.setBold(True)
    assert (
        QFontMetrics(font).horizontalAdvance(before)
        + QFontMetrics(bold).horizontalAdvance("escalation")
        <= 200
    )
    assert before.endswith("until the ")  # whole words, the nearest ones kept
    assert fit_snippet(snippet, 2000, font) == snippet  # room enough: as it was
    assert fit_snippet("no marks", 10, font) == "no marks"


def test_the_row_shows_the_first_match_on_its_visible_line(tmp_path, qtbot, ctx):
    s = ctx.store
    iv = s.new_interview(s.add_respondent("Ana").id, builtin_form("servqual")).id
    s.add_note(
        iv,
        "The desk answered quickly and was friendly, and then nobody told us anything "
        "for a week until the escalation finally came",
    )
    dialog = SearchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.resize(420, 300)
    dialog.show()
    dialog.query.setText("escalation")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=5000)
    view = dialog.results
    index = dialog.model.index(0)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    option.rect = view.visualRect(index)
    width = option.rect.width() - 16  # as the delegate paints it
    doc = view.itemDelegate()._document(option, index.data(HIT_ROLE), False, width)
    doc.size()  # laid out, as when it is painted
    found = doc.find("escalation")
    assert not found.isNull()
    block = found.block()
    assert block.blockNumber() == 1  # the snippet's line, below respondent and form
    layout = block.layout()
    end = found.position() - block.position()
    line = layout.lineForTextPosition(end)
    assert (
        line.isValid() and line.lineNumber() == 0
    )  # on the line the row shows, not a wrapped second one
    assert line.cursorToX(end)[0] <= width
    view.grab().save(str(tmp_path / "search-row-narrow.png"))


def test_rows_of_one_respondent_and_form_tell_their_interviews_apart(tmp_path, qtbot, ctx):
    """Two answers of one respondent on one form, in two waves: each row says its wave and
    date (an undated interview says so)."""
    import datetime as dt

    s = ctx.store
    s.add_wave("re-audit")
    base, again = (w.id for w in s.waves())
    victor = s.add_respondent("Victor Alves").id
    form = builtin_form("stakeholder-interview")
    key = next(q.key for q in form.iter_questions() if q.type in ("text", "longtext"))
    first = s.new_interview(victor, form, wave_id=base, date=dt.date(2026, 3, 9)).id
    second = s.new_interview(victor, form, wave_id=again).id
    s.set_answer(first, key, "The escalation took a week")
    s.set_answer(second, key, "The escalation is quicker now")
    dialog = SearchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.query.setText("escalation")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    dialog.grab().save(str(tmp_path / "search-waves.png"))
    view = dialog.results
    shown = {}
    for row in range(2):
        index = dialog.model.index(row)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()
        option.rect = view.visualRect(index)
        hit = index.data(HIT_ROLE)
        doc = view.itemDelegate()._document(option, hit, False, option.rect.width() - 16)
        shown[hit.interview_id] = doc.toPlainText().splitlines()[0]
    title = form.title
    assert shown[first] == f"Victor Alves  ·  {title}  ·  baseline  ·  9 Mar 2026  ·  answer"
    assert shown[second] == f"Victor Alves  ·  {title}  ·  re-audit  ·  undated  ·  answer"
    texts = {dialog.model.index(r).data() for r in range(2)}
    assert f"Victor Alves — {title} (baseline, 9 Mar 2026): The escalation took a week" in texts
    unfilled = s.search("escalation", snippets=0)  # as the rows further down come
    assert not any(h.filled for h in unfilled)
    filled = s.fill_hits("escalation", unfilled)
    assert {(h.wave, h.date) for h in filled.values()} == {
        ("baseline", "2026-03-09"),
        ("re-audit", ""),
    }
