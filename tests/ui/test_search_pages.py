"""The search window fetches its hits a page at a time, as the list is scrolled or moved
past its end, until a page comes back short."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.forms.library import builtin_form
from workbench.ui.context import AppContext
from workbench.ui.search import HIT_ROLE, PAGE, SearchDialog, SearchModel, summary_text


def key_of(hit: Any) -> tuple[str, str]:
    return (hit.kind, hit.ref_id)


pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def interviews(ctx: AppContext) -> tuple[str, str]:
    """Two interviews, one with 70 notes on the callback and one with 50 (120 matches)."""
    s = ctx.store
    ana = s.add_respondent("Ana Lima").id
    ben = s.add_respondent("Ben Cole").id
    iv = s.new_interview(ana, builtin_form("servqual")).id
    iv2 = s.new_interview(ben, builtin_form("stakeholder-interview")).id
    for i in range(70):
        s.add_note(iv, f"The callback came late, case {i}{' callback' * (i % 4)}.")
    for i in range(50):
        s.add_note(iv2, f"Ben waited for the callback, day {i}.")
    return iv, iv2


def dialog_for(qtbot, ctx: AppContext) -> SearchDialog:
    dialog = SearchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def scroll_to_end(qtbot, dialog: SearchDialog) -> None:
    QApplication.processEvents()  # the list lays out the rows it was given
    bar = dialog.results.verticalScrollBar()
    bar.setValue(bar.maximum())


def test_the_first_query_fetches_a_page_and_scrolling_fetches_the_next(qtbot, ctx, interviews):
    dialog = dialog_for(qtbot, ctx)
    dialog.query.setText("callback")
    assert len(dialog.run()) == PAGE == 50
    assert dialog.model.rowCount() == 50 and dialog.model.canFetchMore()
    assert dialog.summary.text() == (
        "50+ matches, counting… · Enter opens the interview at the match"
    )
    qtbot.waitUntil(lambda: not dialog.counting())  # the whole count, on the worker thread
    assert dialog.summary.text() == (
        "120 matches in 2 interviews · Enter opens the interview at the match"
    )

    scroll_to_end(qtbot, dialog)
    assert dialog.model.rowCount() == 100
    assert dialog.summary.text().startswith("120 matches in 2 interviews")
    scroll_to_end(qtbot, dialog)
    assert dialog.model.rowCount() == 120  # a short page: the last
    assert not dialog.model.canFetchMore()
    assert dialog.summary.text() == (
        "120 matches in 2 interviews · Enter opens the interview at the match"
    )
    scroll_to_end(qtbot, dialog)
    assert dialog.model.rowCount() == 120

    store = ctx.store
    listed = [key_of(h) for h in dialog.model.hits]
    # Each page is ranked best first within itself, as the Store returns it ...
    pages = [store.search("callback", limit=50, offset=o) for o in (0, 50, 100)]
    assert listed == [key_of(h) for page in pages for h in page]
    # ... and together they are the hits of one search of 200, none twice.
    whole = store.search("callback", limit=200)
    assert len(whole) == 120 and sorted(listed) == sorted(key_of(h) for h in whole)
    assert len(set(listed)) == 120


def test_rows_fetched_later_are_filled_when_shown_and_open_at_the_match(qtbot, ctx, interviews):
    dialog = dialog_for(qtbot, ctx)
    dialog.query.setText("callback")
    dialog.run()
    scroll_to_end(qtbot, dialog)
    assert not dialog.model.hits[99].filled or dialog.model.hits[99].snippet
    hit = dialog.model.index(99, 0).data(HIT_ROLE)
    assert "[[callback]]" in hit.snippet and hit.respondent in ("Ana Lima", "Ben Cole")
    dialog.results.setCurrentIndex(dialog.model.index(99, 0))
    with qtbot.waitSignal(ctx.open_interview_requested) as blocker:
        dialog.open_current()
    interview_id, (kind, ref_id, start, end) = blocker.args
    assert (interview_id, kind, ref_id) == (hit.interview_id, "note", hit.ref_id)
    assert ctx.store.source_text(kind, ref_id)[1][start:end] == "callback"


def test_the_keyboard_reaches_every_hit(qtbot, ctx, interviews):
    dialog = dialog_for(qtbot, ctx)
    dialog.query.setText("callback")
    dialog.run()
    for _ in range(119):  # Down from the query box, one row at a time
        qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.model.rowCount() == 120
    assert dialog.results.currentIndex().row() == 119
    assert dialog.summary.text().startswith("120 matches")

    dialog.run()  # PageDown from the query box, until it moves no more
    rows = []
    for _ in range(20):
        qtbot.keyClick(dialog.query, Qt.Key.Key_PageDown)
        rows.append(dialog.results.currentIndex().row())
    assert rows[-1] == 119 and dialog.model.rowCount() == 120
    assert rows == sorted(rows)


def test_end_goes_to_the_last_hit_of_the_next_page(qtbot, ctx, interviews):
    dialog = dialog_for(qtbot, ctx)
    dialog.query.setText("callback")
    dialog.run()
    dialog.results.setFocus()
    qtbot.keyClick(dialog.results, Qt.Key.Key_End)
    # The next page came first; the list, at its end, may ask for the one after it too,
    # as scrolling to the end does.
    assert dialog.results.currentIndex().row() == 99
    assert dialog.model.rowCount() >= 100
    qtbot.keyClick(dialog.results, Qt.Key.Key_End)
    assert dialog.model.rowCount() == 120
    assert dialog.results.currentIndex().row() == 119


def test_the_arrow_keys_in_the_query_box_still_move_in_the_list(qtbot, ctx, interviews):
    dialog = dialog_for(qtbot, ctx)
    dialog.query.setText("callback")
    dialog.run()
    qtbot.keyClick(dialog.query, Qt.Key.Key_Down)
    assert dialog.results.currentIndex().row() == 1
    qtbot.keyClick(dialog.query, Qt.Key.Key_Up)
    assert dialog.results.currentIndex().row() == 0


def test_pages_skip_the_matches_in_the_trash(qtbot, ctx, interviews):
    iv, iv2 = interviews
    ctx.store.trash_interview(iv2)
    dialog = dialog_for(qtbot, ctx)
    dialog.query.setText("callback")
    dialog.run()
    assert dialog.model.rowCount() == 50
    scroll_to_end(qtbot, dialog)
    assert dialog.model.rowCount() == 70 and not dialog.model.canFetchMore()
    assert {h.interview_id for h in dialog.model.hits} == {iv}
    assert len({key_of(h) for h in dialog.model.hits}) == 70
    assert dialog.summary.text().startswith("70 matches")


def test_a_full_last_page_is_followed_by_an_empty_one(ctx, interviews):
    model = SearchModel()
    iv, iv2 = interviews
    ctx.store.trash_interview(iv)  # 50 matches left: exactly one page
    model.set_hits(ctx.store.search("callback", limit=PAGE), ctx.store, "callback")
    assert model.rowCount() == 50 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 50 and not model.canFetchMore()


def test_the_summary_says_how_many_are_listed():
    assert summary_text(1, False).startswith("1 match ·")
    assert summary_text(2, False).startswith("2 matches ·")
    assert summary_text(50, True).startswith("50+ matches, counting… ·")
    assert summary_text(50, True, total=(1234, 312)).startswith("1,234 matches in 312 interviews ·")
    assert summary_text(1, False, total=(1, 1)).startswith("1 match in 1 interview ·")
    assert summary_text(0, False, 1, on_person=True) == (
        "1 person · no matches in notes or answers · Enter shows the person on the "
        "Respondents page, Shift+Enter their interviews"
    )
    assert summary_text(50, True, 10, 57, (70, 3)) == (
        "10 of 57 people listed (type more of the name) · 70 matches in 3 interviews · "
        "Enter opens the interview at the match"
    )


def test_ctrl_end_from_the_query_box_goes_down_the_list(qtbot, ctx, interviews):
    """End and Home move in the typed words; with Ctrl they move in the list."""
    dialog = dialog_for(qtbot, ctx)
    dialog.query.setText("callback")
    dialog.run()
    dialog.query.setFocus()
    qtbot.keyClick(dialog.query, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert dialog.results.currentIndex().row() == 99
    assert dialog.query.text() == "callback"
    qtbot.keyClick(dialog.query, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert dialog.results.currentIndex().row() == 0


def test_a_page_after_the_last_entry_is_the_page_after_skipping(qtbot, ctx, interviews):
    """Continuing after the last entry listed gives the same pages as skipping the
    matches already listed, without walking them again."""
    store = ctx.store
    first = store.search("callback", limit=50)
    by_skip = store.search("callback", limit=50, offset=50)
    by_entry = store.search("callback", limit=50, after=max(h.entry for h in first))
    assert [h.entry for h in by_entry] == [h.entry for h in by_skip]
    assert not {h.entry for h in first} & {h.entry for h in by_entry}
