"""Two records of one person, added in two copies, joined into one after the merge."""

from __future__ import annotations

import shutil

import pytest
from test_merge import TEXT_FORM, merge

from workbench.store import open_engagement
from workbench.team.merge_people import join_respondents, unjoin


def _ninas(store) -> list:
    return [r for r in store.respondents() if r.name == "Nina Frost"]


def test_joined_people_stay_one_when_the_copies_are_merged_again(two_copies) -> None:
    a, b = two_copies
    with open_engagement(a) as store:
        anna = store.add_respondent("Nina Frost", role="Procurement lead")
    with open_engagement(b) as store:
        ben = store.add_respondent(
            "Nina Frost", email="nina@example.org", attributes={"site": "Hull"}
        )
        row = next(r for r in store.interview_rows() if r.form_id == TEXT_FORM)
        form = store.form_definition(store.interview(row.id).form_version_id)
        interview = store.new_interview(ben.id, form).id  # Ben interviewed his Nina
    bens = b.with_name("ben-alone.wbk")
    shutil.copyfile(b, bens)
    merge(b, a)
    with open_engagement(b) as store:
        assert len(_ninas(store)) == 2
        done = join_respondents(store, anna.id, ben.id)
        assert done.interviews == [interview]
        (nina,) = _ninas(store)
        assert nina.id == anna.id and nina.role == "Procurement lead"
        assert (nina.email, nina.attributes) == ("nina@example.org", {"site": "Hull"})
        assert store.respondent(ben.id).deleted_at is not None  # in the trash, restorable
        assert store.interview(interview).respondent_id == anna.id
    for source in (a, bens):  # each copy still holds its own Nina
        merge(b, source)
    with open_engagement(b) as store:
        assert [r.id for r in _ninas(store)] == [anna.id]
        unjoin(store, done)
        assert {r.id for r in _ninas(store)} == {anna.id, ben.id}
        assert store.respondent(anna.id).email == ""
        assert store.interview(interview).respondent_id == ben.id


def test_a_join_of_one_record_or_of_one_in_the_trash_is_refused(two_copies) -> None:
    a, _ = two_copies
    with open_engagement(a) as store:
        one, two = store.respondents()[:2]
        with pytest.raises(ValueError, match="two different"):
            join_respondents(store, one.id, one.id)
        store.trash_respondent(two.id)
        with pytest.raises(ValueError, match="in the trash"):
            join_respondents(store, one.id, two.id)
        assert store.respondent(two.id).deleted_at is not None
