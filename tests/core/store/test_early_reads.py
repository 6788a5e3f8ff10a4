"""The first page's reads in plain SQL (``store.glance``), answered before the Store has
loaded (``store.early.OpeningStore``) and by the Store itself, give what the models give."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.forms.library import builtin_form
from workbench.store import open_engagement, schema_check
from workbench.store.early import OpeningStore
from workbench.store.models import (
    Answer,
    AuditEvent,
    Code,
    CodedSegment,
    Engagement,
    Interview,
    Note,
    Respondent,
    Wave,
)


@pytest.fixture
def busy(engagement_path: Path) -> Path:
    """Plans done and not, interviews without a plan, things in the trash, two waves."""
    with open_engagement(engagement_path, backup=False) as store:
        store.update_engagement(
            consultants=["Jo", "Sam"], start_date=date(2026, 3, 1), scope="Desk and field"
        )
        follow = store.add_wave("follow-up")
        baseline = store.waves()[0]
        form = builtin_form("itsm-maturity")
        ana = store.add_respondent("Ana", segment="staff")
        ben = store.add_respondent("Ben", segment="staff")
        cy = store.add_respondent("Cy", segment="management")
        gone = store.add_respondent("Gone", segment="supplier")
        plan_a = store.plan_interview(ana.id, form.id, wave_id=baseline.id)
        store.plan_interview(ben.id, form.id, wave_id=baseline.id)  # not held yet
        plan_c = store.plan_interview(cy.id, form.id, wave_id=follow.id)
        store.plan_interview(gone.id, form.id, wave_id=follow.id)  # its person goes
        dropped = store.plan_interview(ben.id, form.id, wave_id=follow.id)
        store.trash_planned(dropped.id)
        done = store.new_interview(ana.id, form, wave_id=baseline.id, date=date(2026, 3, 4))
        store.update_interview(done.id, status="complete")
        store.link_planned(plan_a.id, done.id)
        draft = store.new_interview(cy.id, form, wave_id=follow.id)
        store.link_planned(plan_c.id, draft.id)
        extra = store.new_interview(ben.id, form, wave_id=baseline.id, date=date(2026, 3, 6))
        store.update_interview(extra.id, status="complete")
        binned = store.new_interview(ben.id, form, wave_id=follow.id)
        store.trash_interview(binned.id)
        store.new_interview(gone.id, form, wave_id=follow.id)
        store.trash_respondent(gone.id)
        store.add_note(done.id, "The desk never calls back.")
    return engagement_path


def _by_models(store) -> dict[str, object]:
    """The same reads through the models, as the Store made them before."""
    with store.session() as s:
        live = {
            "respondents": (Respondent, True),
            "interviews": (Interview, True),
            "notes": (Note, False),
            "answers": (Answer, False),
            "codes": (Code, True),
            "coded segments": (CodedSegment, True),
        }
        counts = {}
        for label, (model, trashable) in live.items():
            q = select(func.count()).select_from(model)
            if trashable:
                q = q.where(model.deleted_at.is_(None))
            if model is Interview:  # an interview of a respondent in the trash is in it too
                q = q.join(Respondent, Respondent.id == Interview.respondent_id).where(
                    Respondent.deleted_at.is_(None)
                )
            counts[label] = s.execute(q).scalar_one()
        # an interview's last edit: its own, or the latest event of it, of what belongs
        # to it or of its respondent
        last = {
            iid: (when, rid)
            for iid, when, rid in s.execute(
                select(Interview.id, Interview.modified_at, Interview.respondent_id)
                .join(Interview.respondent)
                .where(Interview.deleted_at.is_(None), Respondent.deleted_at.is_(None))
            )
        }
        for event in s.execute(select(AuditEvent)).scalars():
            for iid, (when, rid) in last.items():
                if event.at > when and iid in (
                    event.row_id if event.table_name == "interview" else None,
                    event.parent_id,
                    iid if event.table_name == "respondent" and event.row_id == rid else None,
                ):
                    last[iid] = (event.at, rid)
        recent = sorted(((i, w) for i, (w, _r) in last.items()), key=lambda r: r[1])[::-1][:8]
        eng = s.execute(select(Engagement)).scalar_one()
        engagement = {
            k: getattr(eng, k)
            for k in (
                "id", "client", "title", "scope", "consultants", "start_date", "end_date",
                "anonymise_k", "anonymise_terms", "retain_until", "code_sets", "created_at",
                "modified_at",
            )
        }  # fmt: skip
        waves = [
            (w.id, w.engagement_id, w.name, w.ordinal, w.start_date, w.end_date, w.modified_at)
            for w in s.execute(select(Wave).order_by(Wave.ordinal)).scalars()
        ]
        held = s.execute(
            select(Interview.id, Interview.respondent_id, Respondent.segment, Wave.name)
            .add_columns(Interview.status)
            .join(Respondent, Respondent.id == Interview.respondent_id)
            .outerjoin(Wave, Wave.id == Interview.wave_id)
            .where(Interview.deleted_at.is_(None), Respondent.deleted_at.is_(None))
        ).all()
    # people to interview and people interviewed, per (segment, wave) and per segment in
    # any wave (None); the busy file has no one in the register without a plan
    to_see: dict[tuple[str, object], set[str]] = {}
    seen: dict[tuple[str, object], set[str]] = {}

    def count(person: str, segment: str, wave: str, done: bool) -> None:
        for key in ((segment, wave), (segment, None)):
            to_see.setdefault(key, set()).add(person)
            seen.setdefault(key, set()).update([person] if done else [])

    linked = set()
    for plan in store.schedule():
        if plan.interview_id:
            linked.add(plan.interview_id)
        count(plan.respondent_id, plan.segment, plan.wave, plan.done)
    for iid, person, segment, wave, status in held:
        if iid not in linked:
            count(person, segment, wave or "", status == "complete")
    progress = sorted(
        (
            {"segment": seg, "wave": wave, "planned": len(people), "done": len(seen[seg, wave])}
            for (seg, wave), people in to_see.items()
        ),
        key=lambda e: (e["wave"] is None, e["wave"] or "", e["segment"]),
    )
    return {
        "counts": counts,
        "recent": recent,
        "engagement": engagement,
        "waves": waves,
        "progress": progress,
    }


def _reads(store) -> dict[str, object]:
    eng = store.engagement()
    return {
        "counts": store.counts(),
        "recent": store.recent_interviews(8),
        "engagement": {k: getattr(eng, k) for k in _by_models_keys()},
        "waves": [
            (w.id, w.engagement_id, w.name, w.ordinal, w.start_date, w.end_date, w.modified_at)
            for w in store.waves()
        ],
        "progress": store.progress_by_segment_and_wave(),
    }


def _by_models_keys() -> tuple[str, ...]:
    return (
        "id", "client", "title", "scope", "consultants", "start_date", "end_date",
        "anonymise_k", "anonymise_terms", "retain_until", "code_sets", "created_at",
        "modified_at",
    )  # fmt: skip


def test_the_first_page_read_from_the_file_is_what_the_models_give(busy: Path) -> None:
    opening = open_engagement(busy, check="later", load="background")
    try:
        assert isinstance(opening, OpeningStore)
        early = _reads(opening)
        early_rows = opening.interview_rows(progress=False)
        assert not opening.ready  # all of it before the Store was made
        store = opening.loaded()
        assert _reads(opening) == early  # the same again through the Store
        assert _by_models(store) == early
        assert store.interview_rows(progress=False) == early_rows
        with_progress = store.interview_rows()
        assert [r.id for r in with_progress] == [r.id for r in early_rows]
    finally:
        opening.close()
    # worked out by hand, in people: staff/baseline Ana (her plan done) and Ben (his plan
    # not held, but an interview of his held without a plan: done); management/follow-up
    # Cy (his plan a draft); in any wave the same people once each
    assert early["progress"] == [
        {"segment": "staff", "wave": "baseline", "planned": 2, "done": 2},
        {"segment": "management", "wave": "follow-up", "planned": 1, "done": 0},
        {"segment": "management", "wave": None, "planned": 1, "done": 0},
        {"segment": "staff", "wave": None, "planned": 2, "done": 2},
    ]
    counts = early["counts"]
    # (the interview of the person in the trash is in the trash with them)
    assert (counts["respondents"], counts["interviews"], counts["notes"]) == (3, 3, 1)
    assert early["engagement"]["consultants"] == ["Jo", "Sam"]
    assert early["engagement"]["start_date"] == date(2026, 3, 1)
    assert [r.respondent for r in early_rows] == ["Ben", "Ana", "Cy"]  # newest date first
    assert all(r.answered is None and r.total is None for r in early_rows)


def test_anything_else_waits_for_the_store_and_goes_to_it(busy: Path) -> None:
    opening = open_engagement(busy, check="later", load="background")
    try:
        assert not opening.ready
        names = [r.name for r in opening.respondents()]  # not a first-page read
        assert opening.ready and names == ["Ana", "Ben", "Cy"]
        added = opening.add_respondent("Dee")  # a write: after the whole-file check
        assert opening.integrity.passed
        assert opening.counts()["respondents"] == 4
    finally:
        opening.close()
    with open_engagement(busy, read_only=True, backup=False) as store:
        assert [r.id for r in store.respondents() if r.name == "Dee"] == [added.id]


def test_the_schema_checks_lists_are_the_models_tables_and_indexes() -> None:
    tables, indexes = schema_check.model_tables_and_indexes()
    assert set(schema_check.MODEL_TABLES) == tables
    assert set(schema_check.MODEL_INDEXES) == indexes
