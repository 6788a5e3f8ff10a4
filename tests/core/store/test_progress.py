"""Interview progress in the list: answered of relevant questions, from SQL, cached safely."""

from __future__ import annotations

import random
from datetime import date

from workbench.forms.library import builtin_forms
from workbench.forms.loader import load_form_text

SKIP = """\
id: skip-logic
title: Skip logic
version: 1
sections:
  - key: s
    title: S
    questions:
      - key: used
        type: single
        label: Used the desk?
        choices: [{value: "yes"}, {value: "no"}]
      - {key: rating, type: scale, label: Rating, relevant: used == "yes"}
      - {key: why_low, type: longtext, label: "Why?", relevant: rating <= 2}
      - {key: channels, type: multi, label: Channels, choices: [{value: phone}, {value: web}]}
      - {key: phone_wait, type: number, label: Wait, relevant: '"phone" in channels'}
      - {key: other, type: text, label: Other}
"""


def replayed(store, interview_id: str) -> tuple[int, int]:
    """Progress the slow way: every answer decoded, relevance replayed over all of them."""
    form = store.form_definition(store.interview(interview_id).form_version_id)
    values = store.answers(interview_id)
    relevant = form.relevant_keys(values)
    return sum(1 for k in relevant if values.get(k) is not None), len(relevant)


def test_progress_matches_a_full_replay_of_relevance(store) -> None:
    from workbench.demo.answers import Persona, answer_form

    rng = random.Random(7)
    forms = dict(builtin_forms())
    forms["skip-logic"] = load_form_text(SKIP, "skip.yaml")
    person = store.add_respondent("Ana").id
    ids = []
    for i in range(40):
        form = list(forms.values())[i % len(forms)]
        iid = store.new_interview(person, form).id
        ids.append(iid)
        if form.id == "skip-logic":
            values = {
                "used": rng.choice(["yes", "no", None]),
                # answered even where skipped: such answers must not count
                "rating": rng.choice([1, 2, 4, None]),
                "why_low": rng.choice(["slow", None]),
                "channels": rng.choice([["phone"], ["web"], [], None]),
                "phone_wait": rng.choice([3, None]),
                "other": rng.choice(["x", None]),
            }
        else:
            persona = Persona(
                rng=rng,
                mood=rng.gauss(0, 0.6),
                loyal_bias=0.0,
                reaudit=False,
                interview_date=date(2026, 3, 3),
                role="Manager",
            )
            values = answer_form(form, persona)
            for key in list(values):
                if rng.random() < 0.3:
                    del values[key]
        store.set_answers(iid, {k: v for k, v in values.items() if v is not None})
    rows = {r.id: r for r in store.interview_rows()}
    for iid in ids:
        assert (rows[iid].answered, rows[iid].total) == replayed(store, iid), iid


def test_an_answer_that_switches_questions_on_updates_the_progress(store) -> None:
    form = load_form_text(SKIP, "skip.yaml")
    iid = store.new_interview(store.add_respondent("Ana").id, form).id
    store.set_answers(iid, {"used": "no", "rating": 1, "why_low": "slow"})
    row = store.interview_rows()[0]
    # used, channels, other are relevant; rating (skipped) and why_low do not count
    assert (row.answered, row.total) == (1, 3)
    store.set_answer(iid, "used", "yes")
    row = store.interview_rows()[0]
    assert (row.answered, row.total) == (3, 5)
    store.set_answer(iid, "rating", 4)
    row = store.interview_rows()[0]
    assert (row.answered, row.total) == (2, 4)
    store.set_answer(iid, "rating", None)
    assert (store.interview_rows()[0].answered, store.interview_rows()[0].total) == (1, 4)


def test_rows_of_some_interviews_only(store) -> None:
    forms = builtin_forms()
    person = store.add_respondent("Ana").id
    a = store.new_interview(person, forms["servqual"]).id
    b = store.new_interview(person, forms["satisfaction-loyalty"]).id
    assert {r.id for r in store.interview_rows(ids=[b])} == {b}
    assert store.interview_rows(ids=[]) == []
    assert {r.id for r in store.interview_rows()} == {a, b}
    store.trash_interview(a)
    assert {r.id for r in store.interview_rows()} == {b}
    rows = {r.id: r for r in store.interview_rows(include_deleted=True)}
    assert rows[a].deleted and not rows[b].deleted
    assert rows[a].form_title and rows[a].respondent == "Ana" and rows[a].wave == "baseline"
