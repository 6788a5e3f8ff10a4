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


def _kept(path) -> dict[str, tuple[int, int]]:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT interview_id, answered, relevant FROM interview_progress")
        return {iid: (a, r) for iid, a, r in rows}
    finally:
        conn.close()


def _fill(store, rng: random.Random, forms: dict) -> list[str]:
    from workbench.demo.answers import Persona, answer_form

    ids = []
    for i in range(30):
        person = store.add_respondent(f"Person {i}").id
        form = list(forms.values())[i % len(forms)]
        iid = store.new_interview(person, form).id
        ids.append(iid)
        if form.id == "skip-logic":
            values = {"used": rng.choice(["yes", "no"]), "rating": rng.choice([1, 4])}
        else:
            persona = Persona(
                rng=rng,
                mood=rng.gauss(0, 0.6),
                loyal_bias=0.0,
                reaudit=False,
                interview_date=date(2026, 3, 3),
                role="Manager",
            )
            values = {k: v for k, v in answer_form(form, persona).items() if rng.random() < 0.7}
        store.set_answers(iid, {k: v for k, v in values.items() if v is not None})
    return ids


def test_kept_progress_is_what_the_answers_give_after_edits_imports_and_relevance_changes(
    store, engagement_path
) -> None:
    """The progress kept in the file equals a full replay of relevance over every answer,
    after one-by-one edits, a batch write such as an import's, an answer that switches
    questions off, and an edit by another program."""
    import sqlite3

    from sqlalchemy import insert

    from workbench.store.models import Answer, Interview, new_id

    rng = random.Random(11)
    forms = dict(builtin_forms())
    forms["skip-logic"] = load_form_text(SKIP, "skip.yaml")
    ids = _fill(store, rng, forms)
    skip = next(i for i in ids if store.interview(i).form_version.form_id == "skip-logic")
    store.set_answers(skip, {"used": "yes", "rating": 1, "why_low": "slow"})
    assert _kept(engagement_path)[skip] == (3, 5) == replayed(store, skip)
    store.set_answer(skip, "used", "no")  # rating and why_low are skipped now
    assert _kept(engagement_path)[skip] == (1, 3) == replayed(store, skip)
    # a batch write in one transaction, as the response import writes its rows
    version = store.ensure_form_version(forms["skip-logic"]).id
    person = store.add_respondent("Imported").id
    imported = [new_id() for _ in range(3)]
    with store.writing() as s:
        s.execute(
            insert(Interview.__table__),
            [{"id": i, "respondent_id": person, "form_version_id": version} for i in imported],
        )
        s.execute(
            insert(Answer.__table__),
            [
                {"interview_id": i, "question_key": "used", "item": "", "value": "yes"}
                for i in imported
            ]
            + [{"interview_id": imported[0], "question_key": "rating", "item": "", "value": 2}],
        )
    kept = _kept(engagement_path)
    assert set(kept) == {r.id for r in store.interview_rows(include_deleted=True)}
    for iid in [*ids, *imported]:
        assert kept[iid] == replayed(store, iid), iid
    # another program changes an answer: the trigger drops the row, the list works it out
    conn = sqlite3.connect(engagement_path)
    with conn:
        conn.execute(
            "UPDATE answer SET value = '\"yes\"' WHERE interview_id = ? AND question_key = 'used'",
            (skip,),
        )
    conn.close()
    assert skip not in _kept(engagement_path)
    row = next(r for r in store.interview_rows() if r.id == skip)
    assert (row.answered, row.total) == replayed(store, skip) == (3, 5)
    store.add_respondent("Someone")  # any write through the store keeps it again
    assert _kept(engagement_path)[skip] == (3, 5)
    store.trash_interview(skip)
    store.purge_interview(skip)
    assert skip not in _kept(engagement_path)


def test_the_list_reads_kept_progress_without_replaying_relevance(
    store, engagement_path, monkeypatch
) -> None:
    from workbench.store import open_engagement, progress

    forms = dict(builtin_forms())
    forms["skip-logic"] = load_form_text(SKIP, "skip.yaml")
    ids = _fill(store, random.Random(3), forms)
    expected = {r.id: (r.answered, r.total) for r in store.interview_rows()}
    assert {i: expected[i] for i in ids} == {i: replayed(store, i) for i in ids}

    def replay(*args, **kwargs):
        raise AssertionError("relevance replayed on opening")

    monkeypatch.setattr(progress, "relevance_progress", replay)
    reopened = open_engagement(engagement_path, backup=False, read_only=True)
    try:
        assert {r.id: (r.answered, r.total) for r in reopened.interview_rows()} == expected
    finally:
        reopened.close()


def test_upgrading_a_file_works_out_the_progress_of_its_interviews(store, engagement_path) -> None:
    """A file of schema 0009 (no kept progress) gets every interview's progress when it
    is upgraded, the same as the list worked out before."""
    import sqlite3

    from workbench.store import open_engagement
    from workbench.store.database import SCHEMA_HEAD
    from workbench.store.progress import PROGRESS_TRIGGERS
    from workbench.team.triggers import team_triggers

    forms = dict(builtin_forms())
    forms["skip-logic"] = load_form_text(SKIP, "skip.yaml")
    ids = _fill(store, random.Random(5), forms)
    expected = {i: replayed(store, i) for i in ids}
    store.close()
    conn = sqlite3.connect(engagement_path)
    with conn:
        for statement in PROGRESS_TRIGGERS:
            conn.execute(f"DROP TRIGGER {statement.split()[2]}")
        conn.execute("DROP TABLE interview_progress")
        conn.execute("CREATE INDEX ix_audit_event_at ON audit_event (at)")
        # what later revisions added goes too: the file is as schema 0009 made it
        for statement in team_triggers("0009"):
            conn.execute(f"DROP TRIGGER {statement.split()[2]}")
            conn.execute(statement)
        conn.execute("ALTER TABLE engagement DROP COLUMN qda_users")
        for column in ("selection_user", "coding_user", "qda_selection", "qda_coding"):
            conn.execute(f"ALTER TABLE coded_segment DROP COLUMN {column}")
        conn.execute("UPDATE alembic_version SET version_num = '0009'")
    conn.close()
    upgraded = open_engagement(engagement_path, backup=False)
    try:
        assert upgraded.schema_revision() == SCHEMA_HEAD
        assert _kept(engagement_path) == expected
    finally:
        upgraded.close()
    conn = sqlite3.connect(engagement_path)
    try:  # the audit trail's index on time went with the upgrade (nothing reads it)
        assert not conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'ix_audit_event_at'"
        ).fetchall()
    finally:
        conn.close()
