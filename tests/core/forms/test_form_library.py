"""The built-in library loads, and every form carries the tags its analysis selects on."""

from __future__ import annotations

from collections import Counter

import pytest

from workbench.forms.library import builtin_form, builtin_forms
from workbench.forms.loader import load_form_text
from workbench.forms.schema import (
    AllocationQuestion,
    ChecklistQuestion,
    LongTextQuestion,
    MatrixQuestion,
    NpsQuestion,
    PairQuestion,
    ScaleQuestion,
    SingleQuestion,
)

DIMENSIONS = ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
MEASURES = [
    "friendliness",
    "speed",
    "accuracy",
    "expertise",
    "equipment",
    "access",
    "individual",
    "recognition",
    "flexibility",
    "communication",
    "price",
    "supply_cost",
]
SINS = ["apathy", "brush-off", "coldness", "condescension", "robotism", "rule-book", "runaround"]
STAGES = ["strategy", "design", "transition", "operation", "improvement"]


def tagged(form_id: str, tag: str, value: str | None = None) -> list:
    return [
        q
        for q in builtin_form(form_id).iter_questions()
        if tag in q.tags and (value is None or q.tags[tag] == value)
    ]


def test_all_seven_forms_load() -> None:
    assert set(builtin_forms()) == {
        "stakeholder-interview",
        "servqual",
        "total-customer-service",
        "seven-sins",
        "satisfaction-loyalty",
        "itsm-maturity",
        "provider-gaps",
    }


def test_unknown_builtin_form_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="servqual"):
        builtin_form("nope")


@pytest.mark.parametrize("form_id", sorted(builtin_forms()))
def test_every_question_has_help_or_a_label_and_yaml_round_trips(form_id: str) -> None:
    form = builtin_form(form_id)
    assert form.description
    assert all(q.label for q in form.iter_questions())
    again = load_form_text(form.to_yaml(), f"{form_id} (round trip)")
    assert again == form
    assert again.fingerprint == form.fingerprint


def test_servqual_has_22_pairs_4_5_4_4_5_and_the_importance_allocation() -> None:
    pairs = [q for q in builtin_form("servqual").iter_questions() if isinstance(q, PairQuestion)]
    assert len(pairs) == 22
    assert all((q.min, q.max) == (1, 7) for q in pairs)
    counts = Counter(q.tags["dimension"] for q in pairs)
    assert [counts[d] for d in DIMENSIONS] == [4, 5, 4, 4, 5]
    (importance,) = tagged("servqual", "role", "importance")
    assert isinstance(importance, AllocationQuestion)
    assert [o.key for o in importance.options] == DIMENSIONS
    assert importance.total == 100


def test_total_customer_service_measures_and_importance_matrix() -> None:
    pairs = [q for q in tagged("total-customer-service", "measure") if isinstance(q, PairQuestion)]
    assert sorted(q.tags["measure"] for q in pairs) == sorted(MEASURES)
    assert all(q.key == q.tags["measure"].replace("-", "_") for q in pairs)
    assert all((q.min, q.max) == (1, 7) for q in pairs)
    (matrix,) = tagged("total-customer-service", "role", "importance")
    assert isinstance(matrix, MatrixQuestion)
    assert [r.tags["measure"] for r in matrix.rows] == MEASURES
    assert [r.key for r in matrix.rows] == [m.replace("-", "_") for m in MEASURES]


def test_seven_sins_one_checklist_per_sin_with_touchpoints() -> None:
    checklists = tagged("seven-sins", "sin")
    assert sorted(q.tags["sin"] for q in checklists) == sorted(SINS)
    for q in checklists:
        assert isinstance(q, ChecklistQuestion)
        assert {"phone", "email", "escalation"} <= set(q.touchpoints)


@pytest.mark.parametrize(
    ("construct", "kind", "scale"),
    [
        ("satisfaction", ScaleQuestion, (1, 5)),
        ("recommend", NpsQuestion, (0, 10)),
        ("loyalty", ScaleQuestion, (1, 5)),
        ("switching-barrier", ScaleQuestion, (1, 5)),
        ("effort", ScaleQuestion, (1, 7)),
    ],
)
def test_satisfaction_loyalty_constructs(construct: str, kind: type, scale: tuple) -> None:
    questions = tagged("satisfaction-loyalty", "construct", construct)
    assert questions
    for q in questions:
        assert isinstance(q, kind)
        assert (q.min, q.max) == scale


def test_itsm_maturity_stages_share_and_ladders() -> None:
    matrices = tagged("itsm-maturity", "stage")
    assert [q.tags["stage"] for q in matrices] == STAGES
    for q in matrices:
        assert isinstance(q, MatrixQuestion) and (q.min, q.max) == (0, 5)
    rows = {r.key for q in matrices for r in q.rows}
    assert {"incident", "problem", "change", "configuration", "service_level", "supplier"} <= rows
    assert {"business_relationship", "capacity", "availability", "continuity", "knowledge"} <= rows
    (share,) = tagged("itsm-maturity", "construct", "proactive-share")
    assert isinstance(share, AllocationQuestion) and share.total == 100
    assert [o.key for o in share.options] == ["reactive", "proactive"]
    for ladder in ("problem-ladder", "cost-ladder"):
        (q,) = tagged("itsm-maturity", "construct", ladder)
        assert isinstance(q, SingleQuestion)
        assert [c.score for c in q.choices] == [1, 2, 3]


def test_provider_gaps_tags() -> None:
    questions = tagged("provider-gaps", "gap")
    assert {q.tags["gap"] for q in questions} == {"1", "2", "3", "4"}
    for q in questions:
        assert isinstance(q, ScaleQuestion) and (q.min, q.max) == (1, 7)
        assert q.tags["driver"]
    gap1 = [q for q in questions if q.tags["gap"] == "1"]
    assert sorted(q.tags["dimension"] for q in gap1) == sorted(DIMENSIONS)


def test_stakeholder_interview_topics_and_conditions() -> None:
    form = builtin_form("stakeholder-interview")
    topics = {q.tags["topic"] for q in tagged("stakeholder-interview", "topic")}
    assert topics == {"needs", "expectations", "moments-of-truth", "pain-points", "good-looks-like"}
    assert all(isinstance(q, LongTextQuestion) for q in tagged("stakeholder-interview", "topic"))
    assert any(q.relevant for q in form.iter_questions())
    assert not form.is_relevant("relationship_other", {"relationship": "user"})
    assert form.is_relevant("relationship_other", {"relationship": "other"})


def test_only_the_documented_tag_names_are_used() -> None:
    allowed = {
        "servqual": {"dimension", "role"},
        "total-customer-service": {"measure", "role"},
        "seven-sins": {"sin"},
        "satisfaction-loyalty": {"construct"},
        "itsm-maturity": {"stage", "construct"},
        "provider-gaps": {"gap", "driver", "dimension"},
        "stakeholder-interview": {"topic"},
    }
    for form_id, names in allowed.items():
        used = {t for q in builtin_form(form_id).iter_questions() for t in q.tags}
        assert used <= names, (form_id, used - names)


def test_equal_forms_stay_equal_after_lookups() -> None:
    form = builtin_form("servqual")
    again = load_form_text(form.to_yaml(), "servqual (copy)")
    form.question("tan_1")  # fills the lookup cache on one of them only
    assert again == form
