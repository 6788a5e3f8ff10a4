"""FormDefinition helpers: relevance, required answers, fingerprints, JSON."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from workbench.forms.loader import load_form_text
from workbench.forms.schema import FormDefinition

TEXT = """\
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
        required: true
        choices: [{value: "yes"}, {value: "no"}]
      - {key: rating, type: scale, label: Rating, required: true, relevant: used == "yes"}
      - {key: why_low, type: longtext, label: "Why?", required: true, relevant: rating <= 2}
      - {key: channels, type: multi, label: Channels, choices: [{value: phone}, {value: web}]}
      - {key: phone_wait, type: number, label: Wait, relevant: '"phone" in channels'}
"""


@pytest.fixture()
def form() -> FormDefinition:
    return load_form_text(TEXT, "skip.yaml")


def test_missing_required_counts_only_relevant_questions(form: FormDefinition) -> None:
    assert form.missing_required({}) == ["used"]
    assert form.missing_required({"used": "no"}) == []
    assert form.missing_required({"used": "yes"}) == ["rating"]
    assert form.missing_required({"used": "yes", "rating": 2}) == ["why_low"]
    assert form.missing_required({"used": "yes", "rating": 4}) == []


def test_answers_of_skipped_questions_do_not_switch_others_on(form: FormDefinition) -> None:
    stale = {"used": "no", "rating": 1}
    assert not form.is_relevant("rating", stale)
    assert not form.is_relevant(form.question("why_low"), stale)
    assert form.missing_required(stale) == []


def test_multi_choice_condition(form: FormDefinition) -> None:
    assert form.is_relevant("phone_wait", {"channels": ["web", "phone"]})
    assert not form.is_relevant("phone_wait", {"channels": ["web"]})


def test_lookup_helpers(form: FormDefinition) -> None:
    assert form.keys() == ["used", "rating", "why_low", "channels", "phone_wait"]
    assert form.question("rating").type == "scale"
    with pytest.raises(KeyError, match="no question 'nope'"):
        form.question("nope")


def test_fingerprint_is_stable_and_changes_with_content(form: FormDefinition) -> None:
    same = load_form_text(TEXT, "other-name.yaml")
    assert same.fingerprint == form.fingerprint
    assert len(form.fingerprint) == 64
    changed = load_form_text(TEXT.replace("Why?", "Why so low?"), "x.yaml")
    assert changed.fingerprint != form.fingerprint


def test_json_round_trip(form: FormDefinition) -> None:
    again = FormDefinition.model_validate_json(form.model_dump_json())
    assert again == form
    assert again.fingerprint == form.fingerprint


def test_direct_construction_runs_the_cross_checks(form: FormDefinition) -> None:
    data = form.model_dump(mode="json")
    data["sections"][0]["questions"][1]["relevant"] = 'why_low == "x"'
    with pytest.raises(ValidationError, match="not an earlier question"):
        FormDefinition.model_validate(data)


COMPOSITE = """\
id: composite
title: Composite
version: 1
sections:
  - key: s
    title: S
    questions:
      - {key: prompt, type: pair, label: Prompt service, required: true}
      - key: grid
        type: matrix
        label: Practices
        required: true
        allow_na: true
        rows: [{key: incident, label: Incident}, {key: change, label: Change}]
      - {key: seen, type: checklist, label: Apathy, required: true}
      - key: split
        type: allocation
        label: Split
        required: true
        options: [{key: a, label: A}, {key: b, label: B}]
      - {key: note, type: text, label: Note}
"""


def test_a_composite_answer_counts_only_when_every_part_is_given() -> None:
    from workbench.forms.schema import is_answered, missing_parts

    form = load_form_text(COMPOSITE, "composite.yaml")
    q = form.question
    assert missing_parts(q("prompt"), {"E": 7}) == ["Perceived (P)"]
    assert missing_parts(q("prompt"), {"P": 2}) == ["Expected (E)"]
    assert not is_answered(q("prompt"), {"E": 7})
    assert is_answered(q("prompt"), {"E": 7, "P": 5})
    assert missing_parts(q("grid"), {"incident": 3}) == ["Change"]
    assert is_answered(q("grid"), {"incident": 3, "change": "na"})
    assert not is_answered(q("seen"), {"evidence": "shrugged"})
    assert is_answered(q("seen"), {"observed": False})
    assert not is_answered(q("split"), {"a": 40, "b": 20})
    assert is_answered(q("split"), {"a": 40, "b": 60})
    assert not is_answered(q("note"), "") and is_answered(q("note"), "x")

    whole = {
        "prompt": {"E": 7, "P": 5},
        "grid": {"incident": 3, "change": 2},
        "seen": {"observed": True},
        "split": {"a": 50, "b": 50},
    }
    assert form.missing_required(whole) == []
    assert form.answered_keys(whole) == set(whole)
    half = {**whole, "prompt": {"E": 7}, "grid": {"incident": 3}}
    assert form.missing_required(half) == ["prompt", "grid"]
    assert form.answered_keys(half) == {"seen", "split"}
