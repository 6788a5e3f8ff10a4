"""Store.count_matches: every live match of a query and the interviews they are in, by
hand: notes and text answers, none of an interview or a person in the trash."""

from __future__ import annotations

from workbench.forms.library import builtin_form


def test_every_live_match_is_counted_with_its_interviews(store) -> None:
    form = builtin_form("stakeholder-interview")
    ana = store.add_respondent("Ana Lima").id
    ben = store.add_respondent("Ben Cole").id
    one = store.new_interview(ana, form).id
    two = store.new_interview(ana, form).id
    three = store.new_interview(ben, form).id
    for i in range(3):
        store.add_note(one, f"The callback came late ({i}).")
    store.add_note(two, "No callback at all.")
    store.add_note(two, "Nothing to report.")
    store.set_answer(two, "needs", "A callback within the hour")
    store.add_note(three, "Ben waited for the callback.")
    # one: 3, two: 1 note + 1 answer, three: 1
    assert store.count_matches("callback") == (6, 3)
    assert store.count_matches("callback NOT late") == (3, 2)
    assert store.count_matches("nothing") == (1, 1)
    assert store.count_matches("zebra") == (0, 0)
    assert store.count_matches("*") == (0, 0)
    store.trash_interview(one)
    assert store.count_matches("callback") == (3, 2)
    store.trash_respondent(ben)
    assert store.count_matches("callback") == (2, 1)
    store.restore_respondent(ben)
    store.restore_interview(one)
    assert store.count_matches("callback") == (6, 3)
    # as many as the pages of the search list, all together
    assert len(store.search("callback", limit=200)) == 6
