"""Global search (live results, escaped snippets, open at the match) and the trash."""

from __future__ import annotations

import pytest

from workbench.forms.library import builtin_form
from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow
from workbench.ui.search import SearchDialog, locate, snippet_html
from workbench.ui.trash import TrashDialog, trashed_items

pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def material(ctx: AppContext) -> dict[str, str]:
    s = ctx.store
    ana = s.add_respondent("Ana <Lima>", segment="external customer").id
    ben = s.add_respondent("Ben Cole", segment="staff").id
    iv = s.new_interview(ana, builtin_form("servqual")).id
    iv2 = s.new_interview(ben, builtin_form("stakeholder-interview")).id
    note = s.add_note(iv, "The desk said <b>call back</b>; the callback never came, twice.").id
    return {"ana": ana, "ben": ben, "iv": iv, "iv2": iv2, "note": note}


def test_snippets_are_escaped_and_marked():
    assert snippet_html("a <i>x</i> [[call]]back & more") == (
        "a &lt;i&gt;x&lt;/i&gt; <b>call</b>back &amp; more"
    )


def test_locate_finds_the_match_in_the_source():
    text = "callback here, and the callback there"
    start, end = locate("…and the [[callback]] there", text)
    assert (start, end) == (23, 31) and text[start:end] == "callback"
    assert locate("no marks", text) == (0, 0)


def test_search_finds_a_note_and_opens_it_at_the_match(qtbot, ctx, material):
    dialog = SearchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.query.setText("callback")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=2000)  # live, debounced
    hit = dialog.model.hits[0]
    assert hit.respondent == "Ana <Lima>"
    assert hit.kind == "note" and hit.ref_id == material["note"]
    dialog.results.grab()  # the delegate renders the escaped rich text
    with qtbot.waitSignal(ctx.open_interview_requested) as blocker:
        dialog.open_current()
    interview_id, (kind, ref_id, start, end) = blocker.args
    assert interview_id == material["iv"]
    assert (kind, ref_id) == ("note", material["note"])
    body = ctx.store.notes(material["iv"])[0].body
    assert body[start:end].lower() == "callback"
    assert dialog.isHidden()


def test_no_results_for_nonsense_and_nothing_for_punctuation(qtbot, ctx, material):
    dialog = SearchDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.query.setText('"*)(')
    assert dialog.run() == []
    dialog.query.setText("zzzqqq")
    assert dialog.run() == []
    assert dialog.summary.text() == "No matches."


def test_window_search_opens_the_interview(qtbot, ctx, material, tmp_path):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.find_action.trigger()
    dialog = window._search
    assert dialog is not None and dialog.isVisible()
    dialog.query.setText("never came")
    dialog.run()
    dialog.open_current()
    assert window.current_page_key() == "interviews"
    assert window.pages["interviews"].editor_id == material["iv"]


def test_trash_lists_restores_and_purges(qtbot, ctx, material):
    s = ctx.store
    s.trash_respondent(material["ben"])
    s.trash_interview(material["iv"])
    dialog = TrashDialog(ctx)
    qtbot.addWidget(dialog)
    kinds = {(i.kind, i.id) for i in dialog.items}
    assert kinds == {("respondent", material["ben"]), ("interview", material["iv"])}
    assert dialog.table.rowCount() == 2

    dialog.select_ids([material["ben"]])
    assert [i.id for i in dialog.selected()] == [material["ben"]]
    dialog.restore(dialog.selected())
    assert s.respondent(material["ben"]).deleted_at is None
    assert [i.id for i in dialog.items] == [material["iv"]]  # refreshed on data_changed
    ctx.undo_stack.undo()  # restore is undoable
    assert s.respondent(material["ben"]).deleted_at is not None
    assert len(dialog.items) == 2

    dialog.select_ids([material["iv"]])
    assert dialog.purge_button.isEnabled()
    assert dialog.purge(dialog.selected()) == ""
    with pytest.raises(KeyError):
        s.interview(material["iv"])
    assert ctx.undo_stack.count() == 0  # history referring to it is gone
    assert [i.id for i in trashed_items(s)] == [material["ben"]]


def test_trash_is_reached_from_the_edit_menu(qtbot, ctx, material):
    ctx.store.trash_interview(material["iv2"])
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.trash_action.trigger()
    dialog = window.findChild(TrashDialog)
    assert dialog is not None
    assert [i.id for i in dialog.items] == [material["iv2"]]
    dialog.close()


def test_results_past_the_first_screen_get_their_snippet_when_shown(qtbot, ctx, material):
    from workbench.ui.search import HIT_ROLE, SearchModel

    for i in range(30):
        ctx.store.add_note(material["iv2"], f"The callback came late, case {i}.")
    hits = ctx.store.search("callback", snippets=2)
    assert len(hits) == 31 and not hits[-1].snippet
    model = SearchModel()
    model.set_hits(hits, ctx.store, "callback")
    last = model.index(30, 0).data(HIT_ROLE)
    assert "[[callback]]" in last.snippet
    assert "callback" in model.index(30, 0).data()
