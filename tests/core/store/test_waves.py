"""An engagement's waves after the start: added, renamed, put in order, deleted when unused."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from workbench.forms.library import builtin_form
from workbench.store.waves import (
    WaveError,
    WaveSpec,
    add_wave,
    delete_wave,
    move_wave,
    rename_wave,
    set_waves,
    wave_uses,
)


def names(store) -> list[str]:
    return [w.name for w in store.waves()]


def test_add_rename_and_order(store) -> None:
    spec = add_wave(store, "  re-audit  ")
    assert spec.name == "re-audit"
    assert names(store) == ["baseline", "re-audit"]
    assert store.wave_by_name("re-audit").id == spec.id
    add_wave(store, "pilot", position=1)
    assert names(store) == ["pilot", "baseline", "re-audit"]
    rename_wave(store, "Re-Audit", "re-audit 2027")  # found whatever its letter case
    move_wave(store, "pilot", 3)
    assert names(store) == ["baseline", "re-audit 2027", "pilot"]
    assert [w.ordinal for w in store.waves()] == [0, 1, 2]


def test_two_waves_can_swap_names(store) -> None:
    add_wave(store, "re-audit")
    base, again = wave_uses(store)
    set_waves(store, [WaveSpec(base.id, "re-audit"), WaveSpec(again.id, "baseline")])
    assert [(w.id, w.name) for w in store.waves()] == [
        (base.id, "re-audit"),
        (again.id, "baseline"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: add_wave(s, "   "), "a wave needs a name"),
        (lambda s: add_wave(s, "BASELINE"), "two waves would be called 'BASELINE'"),
        (lambda s: add_wave(s, "x" * 101), "101 characters long; 100 at most"),
        (lambda s: add_wave(s, "later", position=5), "position 5 is not a place"),
        (lambda s: rename_wave(s, "pilot", "trial"), "no wave called 'pilot'"),
        (lambda s: delete_wave(s, "baseline"), "keeps at least one wave"),
        (lambda s: move_wave(s, "baseline", 0), "give 1 to 1"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(store, change, message) -> None:
    before = [(w.id, w.name, w.ordinal) for w in store.waves()]
    with pytest.raises(WaveError, match=message):
        change(store)
    assert [(w.id, w.name, w.ordinal) for w in store.waves()] == before


def test_a_wave_in_use_is_not_deleted_and_the_message_says_why(store) -> None:
    add_wave(store, "re-audit")
    add_wave(store, "spare")
    person = store.add_respondent("Ana Lima")
    again = store.wave_by_name("re-audit").id
    form = builtin_form("servqual")
    store.new_interview(person.id, form, wave_id=again)
    gone = store.new_interview(person.id, form, wave_id=again)
    store.trash_interview(gone.id)
    store.plan_interview(person.id, "servqual", wave_id=again)
    with pytest.raises(WaveError) as refused:
        delete_wave(store, "re-audit")
    assert str(refused.value) == (
        "the wave 're-audit' cannot be deleted: 2 interviews (1 of them in the trash) and "
        "1 planned interview use it. Move them to another wave (or purge them from the "
        "trash) first. Nothing was changed"
    )
    assert names(store) == ["baseline", "re-audit", "spare"]
    delete_wave(store, "spare")  # nothing uses it
    assert names(store) == ["baseline", "re-audit"]
    uses = {w.name: (w.interviews, w.trashed, w.planned) for w in wave_uses(store)}
    assert uses == {"baseline": (0, 0, 0), "re-audit": (1, 1, 1)}


def test_set_waves_returns_what_undo_writes_back(store) -> None:
    """A deleted wave comes back with its own id; an added one goes again."""
    spare = add_wave(store, "spare")
    base = store.wave_by_name("baseline")
    dated = WaveSpec(spare.id, "spare", date(2027, 3, 1), date(2027, 4, 30))
    undo = set_waves(store, [dated])  # baseline deleted, spare dated
    assert [(w.id, w.start_date) for w in store.waves()] == [(spare.id, date(2027, 3, 1))]
    assert set_waves(store, undo) == [dated]
    assert [(w.id, w.name, w.start_date) for w in store.waves()] == [
        (base.id, "baseline", None),
        (spare.id, "spare", None),
    ]
    new = WaveSpec("11111111-2222-4333-8444-555555555555", "new")
    undo = set_waves(store, [*undo, new])
    assert names(store) == ["baseline", "spare", "new"]
    set_waves(store, undo)
    assert names(store) == ["baseline", "spare"]


def test_each_change_is_in_the_audit_trail(store, engagement_path) -> None:
    from workbench.team.audit import sign_in

    sign_in(store, "Jo Whitfield")
    spec = add_wave(store, "re-audit")
    rename_wave(store, "re-audit", "follow-up")
    delete_wave(store, "follow-up")
    conn = sqlite3.connect(engagement_path)
    try:
        events = conn.execute(
            "SELECT action, actor FROM audit_event WHERE table_name = 'wave' AND row_id = ? "
            "ORDER BY at",
            (spec.id,),
        ).fetchall()
    finally:
        conn.close()
    assert sorted(events) == sorted(
        [("insert", "Jo Whitfield"), ("update", "Jo Whitfield"), ("delete", "Jo Whitfield")]
    )


def test_analyses_take_a_wave_added_later_in_the_order_given(store) -> None:
    from workbench.analysis.loader import load_engagement_data

    person = store.add_respondent("Ana Lima")
    form = builtin_form("servqual")
    first = store.new_interview(person.id, form)
    add_wave(store, "re-audit")
    second = store.new_interview(person.id, form, wave_id=store.wave_by_name("re-audit").id)
    for row in (first, second):
        store.update_interview(row.id, status="complete")
    assert load_engagement_data(store).waves() == ["baseline", "re-audit"]
    move_wave(store, "re-audit", 1)
    assert load_engagement_data(store).waves() == ["re-audit", "baseline"]


def test_a_renamed_wave_is_renamed_in_the_reports_scopes(store) -> None:
    add_wave(store, "re-audit")
    one = store.add_report_entry("servqual", scope={"wave": "baseline"})
    both = store.add_report_entry("servqual", scope={"waves": ["baseline", "re-audit"]})
    gone = store.add_report_entry("nps", scope={"wave": "re-audit", "segment": "staff"})
    store.remove_report_entry(gone.id)
    other = store.add_report_entry("nps", scope={"segment": "staff"})
    rename_wave(store, "re-audit", "follow-up")
    rename_wave(store, "baseline", "first round")
    from workbench.store.models import ReportEntry

    with store.session() as s:
        scopes = {r.id: r.scope for r in s.query(ReportEntry)}
    assert scopes == {
        one.id: {"wave": "first round"},
        both.id: {"waves": ["first round", "follow-up"]},
        gone.id: {"wave": "follow-up", "segment": "staff"},
        other.id: {"segment": "staff"},
    }


def test_two_waves_of_one_place_come_in_the_order_they_were_added(store) -> None:
    """Two merged copies of a file can each add a wave at the same place: the wave added
    first comes first wherever the waves are listed."""
    from sqlalchemy import text

    from workbench.analysis.loader import load_engagement_data
    from workbench.store import glance

    add_wave(store, "re-audit")
    with store.writing() as s:  # as a merge leaves them: one place; re-audit added first
        s.execute(text("UPDATE wave SET ordinal = 0"))
        s.execute(
            text("UPDATE wave SET created_at = '2026-01-01 09:00:00' WHERE name = 're-audit'")
        )
        s.execute(
            text("UPDATE wave SET created_at = '2026-01-02 09:00:00' WHERE name = 'baseline'")
        )
    assert [w.name for w in wave_uses(store)] == ["re-audit", "baseline"]  # the Waves listing
    assert names(store) == ["re-audit", "baseline"]
    with store._raw_reading() as conn:
        assert [w.name for w in glance.waves(conn)] == ["re-audit", "baseline"]
    person = store.add_respondent("Ana Lima")
    form = builtin_form("servqual")
    for wave in ("baseline", "re-audit"):  # the baseline's interview held first
        row = store.new_interview(person.id, form, wave_id=store.wave_by_name(wave).id)
        store.update_interview(row.id, status="complete")
    assert load_engagement_data(store).waves() == ["re-audit", "baseline"]
