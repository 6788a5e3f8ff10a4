"""The counts `workbench info` and the Overview give leave out what is in the trash, an
interview of a respondent in the trash with them, as the Interviews page does."""

from __future__ import annotations

from workbench.forms.library import builtin_form


def test_an_interview_of_a_trashed_respondent_is_not_counted(store) -> None:
    form = builtin_form("satisfaction-loyalty")
    kept = store.add_respondent("Ana")
    gone = store.add_respondent("Ben")
    store.new_interview(kept.id, form)
    store.new_interview(gone.id, form)
    store.new_interview(gone.id, form)
    assert (store.counts()["respondents"], store.counts()["interviews"]) == (2, 3)
    store.trash_respondent(gone.id)
    assert (store.counts()["respondents"], store.counts()["interviews"]) == (1, 1)
    assert len(store.interview_rows()) == 1  # the list the counts speak of
