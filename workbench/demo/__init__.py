"""The demo engagement: a fictional IT service provider, its customers, staff and managers.

``build_demo(path)`` writes it deterministically (the same file content on every run, bar
the ids and timestamps): 36 respondents in four segments, two waves, interviews on every
built-in form, notes, a codebook and hand-coded segments by two consultants, findings
and recommendations.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from workbench.demo.answers import Persona, answer_form
from workbench.demo.people import CLIENT, CONSULTANTS, RESPONDENTS, SCOPE, SEGMENT_MOOD, TITLE
from workbench.demo.texts import (
    CUSTOMER_NOTES,
    PRACTICE_CODES,
    PROVIDER_NOTES,
    SECOND_CODER_DIFFERENCES,
)

SEED = 20260301
WAVES = (("baseline", date(2026, 3, 2)), ("re-audit", date(2026, 9, 7)))
CUSTOMERS = ("external customer", "internal customer")
PROVIDER = ("staff", "management")
# Which forms each group answers in each wave.
PLAN = {
    "baseline": {
        CUSTOMERS: ["servqual", "satisfaction-loyalty"],
        PROVIDER: ["itsm-maturity", "provider-gaps"],
    },
    "re-audit": {
        CUSTOMERS: ["servqual", "satisfaction-loyalty"],
        PROVIDER: ["itsm-maturity"],
    },
}


def build_demo(path: str | Path, *, overwrite: bool = False, progress: Any = None):  # -> Store
    from workbench.paths import atomic_path
    from workbench.store import EngagementFileError, open_engagement

    path = Path(path)
    if path.exists() and not overwrite:
        raise EngagementFileError(f"{path}: a file of that name already exists")
    # Built beside its destination and moved into place whole: an interrupted run
    # leaves nothing behind.
    with atomic_path(path) as tmp:
        _fill(tmp, progress)
    return open_engagement(path, backup=False)


def _fill(path: Path, progress: Any) -> None:
    from workbench.coding.codebook import builtin_codebooks
    from workbench.forms.library import builtin_forms
    from workbench.store import create_engagement
    from workbench.team.audit import sign_in

    rng = random.Random(SEED)
    forms = builtin_forms()
    store = create_engagement(
        path,
        client=CLIENT,
        title=TITLE,
        scope=SCOPE,
        consultants=CONSULTANTS,
        start_date=WAVES[0][1],
        end_date=WAVES[1][1] + timedelta(days=30),
        waves=tuple(name for name, _ in WAVES),
        overwrite=True,
        actor=CONSULTANTS[0],
    )
    # The demo's records are its consultants' own, not whoever builds it: the lead sets
    # the engagement up, each interview is its interviewer's, each coding its coder's.
    waves = {w.name: w for w in store.waves()}
    people = []
    for name, role, unit, segment, attrs in RESPONDENTS:
        row = store.add_respondent(
            name,
            role=role,
            org_unit=unit,
            segment=segment,
            attributes=attrs,
            consent_given=True,
            consent_at=datetime(2026, 2, 23, 9, 0),
        )
        people.append((row, rng.gauss(SEGMENT_MOOD[segment], 0.25)))

    codebooks = builtin_codebooks()
    for key in ("service-quality-dimensions", "seven-sins", "moments-of-truth", "itsm-practices"):
        if key in codebooks:
            store.load_codebook(codebooks[key], under=codebooks[key].name)

    interviews: list[tuple[Any, Any, str]] = []  # (interview, respondent, form id)
    steps = _plan(people, rng)
    drafts = {i for i, step in enumerate(steps) if step[0] == "re-audit"}
    drafts = set(sorted(drafts)[-3:])
    for i, (wave_name, respondent, mood, form_id) in enumerate(steps):
        sign_in(store, CONSULTANTS[i % 2])  # the interviewer captures it
        if progress:
            progress(i / len(steps), f"Interview {i + 1} of {len(steps)}")
        wave_date = dict(WAVES)[wave_name]
        when = wave_date + timedelta(days=rng.randint(0, 18))
        iv = store.new_interview(
            respondent.id,
            forms[form_id],
            wave_id=waves[wave_name].id,
            interviewer=CONSULTANTS[i % 2],
            date=when,
            place=respondent.attributes.get("site", "") or respondent.org_unit,
        )
        persona = Persona(
            rng=rng,
            mood=mood,
            loyal_bias=0.3 if respondent.segment == "internal customer" else 0.0,
            reaudit=wave_name == "re-audit",
            interview_date=when,
            role=respondent.role,
        )
        plan = store.plan_interview(
            respondent.id,
            form_id,
            wave_id=waves[wave_name].id,
            planned_date=when,
            interviewer=CONSULTANTS[i % 2],
        )
        store.link_planned(plan.id, iv.id)
        store.set_answers(iv.id, answer_form(forms[form_id], persona))
        # The last few re-audit interviews are still being written up.
        complete = i not in drafts
        store.update_interview(iv.id, status="complete" if complete else "draft")
        interviews.append((iv, respondent, form_id))

    # The customers not yet seen in the re-audit are on the schedule for later this month.
    seen = {(r.id, f) for iv, r, f in interviews if iv.wave_id == waves["re-audit"].id}
    late = dict(WAVES)["re-audit"] + timedelta(days=25)
    for respondent, _mood in people:
        if respondent.segment in CUSTOMERS and (respondent.id, "servqual") not in seen:
            store.plan_interview(
                respondent.id,
                "servqual",
                wave_id=waves["re-audit"].id,
                planned_date=late,
                interviewer=CONSULTANTS[0],
            )
    sign_in(store, CONSULTANTS[0])
    _notes_and_coding(store, interviews, rng)
    sign_in(store, CONSULTANTS[0])
    _findings(store)
    store.close()
    if progress:
        progress(1.0, "Done")


def _plan(people: list, rng: random.Random) -> list[tuple[str, Any, float, str]]:
    steps = []
    for wave_name, groups in PLAN.items():
        for segments, form_ids in groups.items():
            group = [(r, m) for r, m in people if r.segment in segments]
            if wave_name == "re-audit":
                group = group[::3] + group[1::3]  # two in three come back for the re-audit
            for respondent, mood in group:
                for form_id in form_ids:
                    steps.append((wave_name, respondent, mood, form_id))
    baseline = [(r, m) for r, m in people]
    # Stakeholder interviews with a dozen customers and the managers; TCS with the clients;
    # seven-sins observations of the front-line staff in both waves.
    for respondent, mood in baseline:
        if respondent.segment in CUSTOMERS and len(respondent.name) % 2 == 0:
            steps.append(("baseline", respondent, mood, "stakeholder-interview"))
        if respondent.segment == "management":
            steps.append(("baseline", respondent, mood, "stakeholder-interview"))
        if respondent.segment == "external customer":
            steps.append(("baseline", respondent, mood, "total-customer-service"))
        if respondent.segment == "staff":
            steps.append(("baseline", respondent, mood, "seven-sins"))
            if respondent.attributes.get("team") in ("First line", "Second line"):
                steps.append(("re-audit", respondent, mood, "seven-sins"))
    return steps


def _notes_and_coding(store: Any, interviews: list, rng: random.Random) -> None:
    from workbench.team.audit import sign_in

    customer_ivs = [
        (iv, r)
        for iv, r, f in interviews
        if f in ("stakeholder-interview", "servqual") and r.segment in CUSTOMERS
    ]
    provider_ivs = [
        (iv, r) for iv, r, f in interviews if r.segment in PROVIDER and f != "seven-sins"
    ]
    paths = store.code_paths()
    by_path = {p: cid for cid, p in paths.items()}

    def code_id(path: str) -> str:
        if path not in by_path:
            by_path[path] = store.ensure_code_path(path)
        return by_path[path]

    double_coded = 0
    for bank, ivs in ((CUSTOMER_NOTES, customer_ivs), (PROVIDER_NOTES, provider_ivs)):
        for i, (iv, _respondent) in enumerate(ivs):
            text, codes = bank[i % len(bank)]
            # The respondent's words, taken down in quotation marks as they spoke: the
            # report quotes them as theirs (a note's own words are the consultant's).
            text = f"\u201c{text}\u201d"
            stamp = f"00:{rng.randint(3, 55):02d}:00"
            note = store.add_note(iv.id, text, stamp=stamp)
            second = double_coded < 10 and i % 2 == 0
            double_coded += second
            extra = [(ph, path) for ph, path in PRACTICE_CODES.items() if ph in text]
            for phrase, path in codes + extra:
                start = text.index(phrase)
                store.code_segment(
                    code_id(path), "note", note.id, start, start + len(phrase), coder=CONSULTANTS[0]
                )
                if second:
                    other = SECOND_CODER_DIFFERENCES.get(phrase, path)
                    if other:
                        sign_in(store, CONSULTANTS[1])  # the second coder's own coding
                        store.code_segment(
                            code_id(other),
                            "note",
                            note.id,
                            start,
                            start + len(phrase),
                            coder=CONSULTANTS[1],
                        )
                        sign_in(store, CONSULTANTS[0])
    # Short field notes on the rest, so that every interview has something written.
    for iv, respondent, form_id in interviews:
        if not store.notes(iv.id):
            store.add_note(
                iv.id,
                f"{form_id.replace('-', ' ').capitalize()} with {respondent.name.split()[0]} "
                f"({respondent.role}); took {rng.randint(20, 55)} minutes.",
            )


def _findings(store: Any) -> None:
    from workbench.demo.claims import demo_claims

    # Claims that quote a number or a level take it from the tables the report shows.
    claims = demo_claims(store)
    f1 = store.add_finding(
        claims["servqual"],
        severity="high",
        evidence=[{"kind": "analysis", "id": "servqual", "label": "SERVQUAL dimension gaps"}],
    )
    f2 = store.add_finding(
        claims["seven-sins"],
        severity="high",
        evidence=[{"kind": "analysis", "id": "seven-sins", "label": "Seven sins Pareto"}],
    )
    f3 = store.add_finding(
        claims["itsm-maturity"],
        severity="medium",
        evidence=[{"kind": "analysis", "id": "itsm-maturity", "label": "Maturity profile"}],
    )
    f4 = store.add_finding(
        claims["satisfaction-loyalty"],
        severity="medium",
        evidence=[{"kind": "analysis", "id": "satisfaction-loyalty", "label": "Loyalty matrix"}],
    )
    store.add_recommendation(
        "Give every ticket one named owner from logging to closure, with proactive updates "
        "at agreed intervals.",
        finding_ids=[f1.id, f2.id],
        owner="Andrew Mills",
        effort="medium",
        impact="high",
        timing="Q1 2027",
        pdca_stage="do",
    )
    store.add_recommendation(
        "Start a weekly problem review of the top ten repeat incidents and publish the "
        "fixes in the knowledge base.",
        finding_ids=[f3.id],
        owner="Joanna Kowalska",
        effort="low",
        impact="high",
        timing="Within 6 weeks",
        pdca_stage="plan",
    )
    store.add_recommendation(
        "Agree service levels with each business unit in its own terms and review them "
        "quarterly with the business relationship manager.",
        finding_ids=[f4.id, f1.id],
        owner="Catherine Price",
        effort="high",
        impact="medium",
        timing="Q2 2027",
        pdca_stage="plan",
    )
    store.add_recommendation(
        "Once the ticket owners have worked for six months, measure responsiveness and "
        "the runaround again in a third wave with the same forms, against this re-audit.",
        finding_ids=[f1.id, f2.id],
        owner="Jo Whitfield",
        effort="low",
        impact="medium",
        timing="Q3 2027",
        pdca_stage="check",
    )
