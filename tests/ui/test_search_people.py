"""The search window lists the respondents the words find at the top, each opening that
person on the Respondents page, by keyboard too; under the matches it gives their whole
count once taken, never the count of a query typed before."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from workbench.forms.library import builtin_form
from workbench.ui.search import HIT_ROLE, PEOPLE_SHOWN, SearchDialog

pytestmark = [pytest.mark.app_context(engagement="new"), pytest.mark.window(shown=True)]


@pytest.fixture
def people(ctx) -> dict[str, str]:
    s = ctx.store
    ids = {
        "siobhan": s.add_respondent(
            "Siobhán O'Neill", role="Service desk lead", org_unit="IT Operations",
            segment="staff", email="s.oneill@client.ie",
        ).id,
        "neil": s.add_respondent("Neil Baker", role="Buyer", segment="supplier").id,
        "gone": s.add_respondent("Niall O'Neill").id,
    }
    s.trash_respondent(ids["gone"])
    iv = s.new_interview(ids["neil"], builtin_form("stakeholder-interview")).id
    s.add_note(iv, "Neil said the callback never came.")
    for i in range(60):
        s.add_note(iv, f"The callback came late, case {i}.")
    s.new_interview(ids["siobhan"], builtin_form("stakeholder-interview"))
    return ids


def rows(dialog: SearchDialog) -> list[str]:
    return [
        dialog.model.index(r, 0).data(Qt.ItemDataRole.DisplayRole)
        for r in range(dialog.model.rowCount())
    ]


def test_people_come_first_and_enter_shows_the_person(qtbot, window, people) -> None:
    search = window.show_search()
    qtbot.waitUntil(lambda: search.query.hasFocus())
    qtbot.keyClicks(search.query, "o'neill")
    qtbot.waitUntil(lambda: search.model.rowCount() > 0)
    assert rows(search) == [
        "Siobhán O'Neill — Service desk lead, IT Operations, staff, s.oneill@client.ie, "
        "1 interview"
    ]  # not the one in the trash
    assert search.summary.text() == (
        "1 person · no matches in notes or answers · Enter shows the person on the "
        "Respondents page, Shift+Enter their interviews"
    )
    qtbot.keyClick(search.query, Qt.Key.Key_Return)
    assert window.current_page_key() == "respondents"
    page = window.pages["respondents"]
    assert page.selected_ids() == [people["siobhan"]]
    assert not search.isVisible()
    window.activateWindow()  # (offscreen, no window manager gives it back by itself)
    qtbot.waitUntil(page.view.hasFocus)


def test_the_person_is_shown_whatever_filter_the_page_had(qtbot, window, people) -> None:
    page = window.show_page("respondents")
    page.filter.setText("Baker")  # Siobhán is filtered out
    search = window.show_search()
    search.query.setText("SIOBHAN")
    search.run()
    search.results.activated.emit(search.model.index(0, 0))  # a click or Enter on the row
    assert page.filter.text() == "" and page.selected_ids() == [people["siobhan"]]


def test_people_then_matches_by_keyboard(qtbot, window, people) -> None:
    search = window.show_search()
    search.query.setText("neil")
    search.run()
    listed = rows(search)
    assert listed[0].startswith("Neil Baker — Buyer, supplier, 1 interview")
    assert listed[1].startswith("Siobhán O'Neill")
    assert "Neil said the callback never came." in listed[2]
    assert search.summary.text() == (
        "2 people · 1 match in 1 interview · Enter shows the person on the Respondents "
        "page, Shift+Enter their interviews"
    )
    qtbot.keyClick(search.query, Qt.Key.Key_Down)
    qtbot.keyClick(search.query, Qt.Key.Key_Down)
    hit = search.results.currentIndex().data(HIT_ROLE)
    assert search.summary.text() == (  # what Enter does, said for the row it is on
        "2 people · 1 match in 1 interview · Enter opens the interview at the match"
    )
    with qtbot.waitSignal(window.ctx.open_interview_requested) as opened:
        qtbot.keyClick(search.query, Qt.Key.Key_Return)
    assert opened.args[0] == hit.interview_id


def test_many_people_found_are_listed_up_to_a_few(qtbot, ctx) -> None:
    for i in range(PEOPLE_SHOWN + 3):
        ctx.store.add_respondent(f"Pat Quinn {i:02d}")
    search = SearchDialog(ctx)
    qtbot.addWidget(search)
    search.query.setText("quinn")
    search.run()
    assert search.model.rowCount() == PEOPLE_SHOWN
    assert search.summary.text().startswith(
        f"{PEOPLE_SHOWN} of {PEOPLE_SHOWN + 3} people listed (type more of the name)"
    )


def test_the_whole_count_replaces_50_plus_and_never_a_stale_one(
    qtbot, window, people, monkeypatch
) -> None:
    store = window.ctx.store
    counted = store.count_matches
    release = threading.Event()

    def slow(query: str) -> tuple[int, int]:
        if query == "callback":  # the first query's count is still under way ...
            release.wait(10)
        return counted(query)

    monkeypatch.setattr(store, "count_matches", slow)
    search = window.show_search()
    shown: list[str] = []
    set_text = search.summary.setText
    monkeypatch.setattr(search.summary, "setText", lambda t: (shown.append(t), set_text(t)))
    search.query.setText("callback")
    search.run()
    assert search.summary.text().startswith("50+ matches, counting…")
    search.query.setText("callback case")  # ... when another is typed
    search.run()
    release.set()
    qtbot.waitUntil(lambda: not search.counting())
    window.ctx.tasks.wait()
    qtbot.wait(50)  # the first count's result, delivered now, is dropped
    assert search.summary.text().startswith("60 matches in 1 interview ·")
    assert not any(t.startswith("61 matches") for t in shown)
    assert counted("callback") == (61, 1)


def test_a_count_under_way_when_another_file_opens_is_dropped(qtbot, window, people) -> None:
    search = window.show_search()
    search.query.setText("callback")
    search.run()
    window.ctx.set_store(None)  # waits for the worker, then closes the file
    qtbot.wait(50)
    assert not search.counting() and search.model.rowCount() == 0
    assert "match" not in search.summary.text()


@pytest.mark.parametrize(
    ("typed", "said"),
    [("*", "Nothing to search for: type a word"), ("NOT callback", "A word left out")],
)
def test_a_query_with_nothing_to_search_for_says_why(qtbot, window, people, typed, said) -> None:
    search = window.show_search()
    search.query.setText(typed)
    assert search.run() == []
    assert search.summary.text().startswith(said)


def test_shift_enter_on_a_person_lists_their_interviews(qtbot, window, people) -> None:
    s = window.ctx.store
    other = s.add_respondent("Ana Lima").id
    s.new_interview(other, builtin_form("stakeholder-interview"))
    interviews = window.show_page("interviews")
    interviews.status.setCurrentIndex(1)  # drafts only: to be cleared
    search = window.show_search()
    qtbot.keyClicks(search.query, "baker")
    qtbot.waitUntil(lambda: search.model.rowCount() > 0)
    qtbot.keyClick(search.query, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.current_page_key() == "interviews" and not search.isVisible()
    assert interviews.filter.text() == "Neil Baker"
    assert interviews.status.currentIndex() == 0
    shown = [interviews.proxy.index(r, 0).data(Qt.ItemDataRole.DisplayRole)
             for r in range(interviews.proxy.rowCount())]
    assert shown == ["Neil Baker"]
    # from the list too, the person's row current
    search = window.show_search()
    search.query.setText("siobhan")
    search.run()
    search.results.setFocus()
    qtbot.keyClick(search.results, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert interviews.filter.text() == "Siobhán O'Neill" and interviews.proxy.rowCount() == 1


def test_shift_enter_lists_the_persons_own_interviews_not_a_namesakes(
    qtbot, window, people
) -> None:
    s = window.ctx.store
    ann = s.add_respondent("Ann Lee", segment="staff").id
    anna = s.add_respondent("Anna Lee", segment="staff").id  # her name holds "Ann Lee"
    for person in (ann, anna, anna):
        s.new_interview(person, builtin_form("stakeholder-interview"))
    interviews = window.show_page("interviews")
    search = window.show_search()
    search.query.setText("ann lee")
    search.run()
    found = [search.model.index(r, 0) for r in range(search.model.rowCount())]
    (row,) = [i for i in found if getattr(i.data(HIT_ROLE), "respondent_id", "") == ann]
    search.results.setCurrentIndex(row)
    search.results.setFocus()
    qtbot.keyClick(search.results, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert window.current_page_key() == "interviews"
    assert interviews.filter.text() == "Ann Lee"  # the person's name in the filter box
    from workbench.ui.interviews import ROW_ROLE

    proxy = interviews.proxy
    listed = [proxy.index(r, 0).data(ROW_ROLE) for r in range(proxy.rowCount())]
    assert [r.respondent_id for r in listed] == [ann]
    assert interviews.count_label.text().startswith("1 of 5 interviews")
    # typed anew, the filter finds anyone's interviews by their words again
    interviews.filter.setText("Lee")
    assert interviews.proxy.rowCount() == 3 and interviews.person is None
