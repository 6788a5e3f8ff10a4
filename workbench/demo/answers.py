"""Plausible answers for any form, from the question's type and tags.

A respondent has a few hidden traits (mood, loyalty, the wave's improvements); every
answer is drawn from them with a seeded random generator, so the demo is the same on
every machine and the analyses find real patterns in it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workbench.demo.texts import GENERIC_TEXT, OPEN_ANSWERS, SIN_EVIDENCE

# How far perception falls short of expectation, by SERVQUAL dimension (1–7 scale).
DIMENSION_SHORTFALL = {
    "tangibles": -0.3,
    "reliability": -1.2,
    "responsiveness": -2.0,
    "assurance": -0.5,
    "empathy": -1.0,
}
# What the re-audit wave shows after the improvement programme.
REAUDIT_GAIN = {"responsiveness": 0.9, "reliability": 0.5, "empathy": 0.3}
MEASURE_SHORTFALL = {
    "friendliness": 0.3,
    "speed": -1.6,
    "accuracy": -0.8,
    "expertise": 0.2,
    "equipment": -0.4,
    "access": -0.9,
    "individual": -1.1,
    "recognition": -0.7,
    "flexibility": -1.3,
    "communication": -1.2,
    "price": -0.5,
    "supply_cost": -0.3,
}
MEASURE_IMPORTANCE = {
    "speed": 4.6,
    "accuracy": 4.5,
    "expertise": 4.4,
    "communication": 4.2,
    "flexibility": 3.6,
    "access": 3.9,
    "friendliness": 3.4,
    "individual": 3.3,
    "recognition": 2.8,
    "equipment": 3.0,
    "price": 3.8,
    "supply_cost": 2.6,
}
DIMENSION_WEIGHT = {
    "reliability": 32,
    "responsiveness": 24,
    "assurance": 18,
    "empathy": 14,
    "tangibles": 12,
}
PRACTICE_LEVEL = {
    "incident": 3.1,
    "request": 2.8,
    "change": 2.6,
    "service_level": 2.2,
    "availability": 2.3,
    "continuity": 2.0,
    "supplier": 2.1,
    "capacity": 1.7,
    "configuration": 1.5,
    "asset": 1.6,
    "release": 2.0,
    "problem": 1.2,
    "knowledge": 1.1,
    "relationship": 1.4,
    "portfolio": 1.3,
    "financial": 1.2,
    "strategy": 1.5,
    "catalogue": 1.8,
    "improvement": 1.0,
    "measurement": 1.4,
}
REAUDIT_PRACTICE_GAIN = {"problem": 0.9, "knowledge": 0.7, "improvement": 0.6}
SIN_RATE = {
    "runaround": 0.95,
    "robotism": 0.35,
    "rule-book": 0.4,
    "brush-off": 0.35,
    "apathy": 0.25,
    "coldness": 0.2,
    "condescension": 0.15,
}
GAP_DRIVER_LEVEL = {"2": 3.4, "3": 4.3, "4": 3.7}


@dataclass
class Persona:
    """The hidden traits behind one respondent's answers in one wave."""

    rng: random.Random
    mood: float  # added to perceptions
    loyal_bias: float  # added to loyalty (hostages: high)
    reaudit: bool
    interview_date: date
    role: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    # Per-person leanings by dimension or measure, so a respondent's items hang together.
    leanings: dict[str, tuple[float, float]] = field(default_factory=dict)

    def leaning(self, name: str) -> tuple[float, float]:
        """(expectation offset, perception offset) of this person for a dimension."""
        if name not in self.leanings:
            self.leanings[name] = (self.rng.gauss(0, 0.35), self.rng.gauss(0, 0.75))
        return self.leanings[name]

    def rating(self, centre: float, lo: int, hi: int, spread: float = 0.8) -> int:
        return max(lo, min(hi, round(self.rng.gauss(centre, spread))))


def answer_form(form: Any, persona: Persona) -> dict[str, Any]:
    """Answers to every relevant question of ``form``, in form order."""
    values: dict[str, Any] = {}
    for question in form.iter_questions():
        if not form.is_relevant(question, values):
            continue
        value = _answer(question, persona, values)
        if value is not None:
            values[question.key] = value
    return values


def _answer(q: Any, p: Persona, values: dict[str, Any]) -> Any:
    tags = q.tags or {}
    kind = q.type
    if kind == "pair":
        return _pair(q, p, tags)
    if kind == "allocation":
        return _allocation(q, p)
    if kind == "matrix":
        return _matrix(q, p, tags)
    if kind == "checklist":
        return _checklist(q, p, tags)
    if kind == "scale":
        return _scale(q, p, tags)
    if kind == "nps":
        sat = values.get("overall_satisfaction")
        centre = 7.5 + p.mood * 2 + ((sat - 3.5) * 1.4 if isinstance(sat, int) else 0)
        return p.rating(centre, 0, 10, 1.2)
    if kind == "single":
        return _single(q, p, tags)
    if kind == "multi":
        picks = p.rng.sample(q.choices, k=min(len(q.choices), p.rng.randint(1, 3)))
        return [c.value for c in picks]
    if kind == "number":
        lo = q.minimum if q.minimum is not None else 0
        hi = q.maximum if q.maximum is not None else lo + 100
        value = p.rng.uniform(lo, lo + (hi - lo) * 0.6)
        return round(value) if q.integer else round(value, 1)
    if kind == "date":
        return p.interview_date.isoformat()
    if kind in ("text", "longtext"):
        return _text(q, p, tags)
    return None


def _pair(q: Any, p: Persona, tags: dict[str, str]) -> dict[str, int]:
    lo, hi = q.min, q.max
    if "dimension" in tags:
        shortfall = DIMENSION_SHORTFALL.get(tags["dimension"], -0.8)
        gain = REAUDIT_GAIN.get(tags["dimension"], 0.0) if p.reaudit else 0.0
    else:
        shortfall = MEASURE_SHORTFALL.get(tags.get("measure", ""), -0.6)
        gain = 0.5 if p.reaudit and shortfall < -0.8 else 0.0
    lean_e, lean_p = p.leaning(tags.get("dimension") or tags.get("measure", ""))
    expected = p.rating(hi - 0.9 + lean_e, lo, hi, 0.45)
    perceived = p.rating(hi - 0.9 + shortfall + gain + p.mood + lean_p, lo, hi, 0.5)
    return {"E": expected, "P": perceived}


def _allocation(q: Any, p: Persona) -> dict[str, int]:
    weights = {o.key: DIMENSION_WEIGHT.get(o.key, 20) * p.rng.uniform(0.6, 1.4) for o in q.options}
    if "reactive" in weights:
        share = max(0.1, min(0.6, p.rng.gauss(0.38 if p.reaudit else 0.26, 0.07)))
        weights = {k: (share if k == "proactive" else (1 - share)) for k in weights}
    total = sum(weights.values())
    points = {k: int(q.total * w / total) for k, w in weights.items()}
    biggest = max(points, key=points.get)
    points[biggest] += q.total - sum(points.values())
    return points


def _matrix(q: Any, p: Persona, tags: dict[str, str]) -> dict[str, int]:
    out = {}
    for row in q.rows:
        if "stage" in tags:
            level = next((v for k, v in PRACTICE_LEVEL.items() if k in row.key), 1.8)
            level += (
                next((v for k, v in REAUDIT_PRACTICE_GAIN.items() if k in row.key), 0)
                if p.reaudit
                else 0
            )
            out[row.key] = p.rating(level + p.mood * 0.5, q.min, q.max, 0.7)
        else:
            measure = (row.tags or {}).get("measure", row.key.replace("_", "-"))
            centre = q.min + (MEASURE_IMPORTANCE.get(measure, 3.5) - 1) / 4 * (q.max - q.min)
            out[row.key] = p.rating(centre, q.min, q.max, 0.7)
    return out


def _checklist(q: Any, p: Persona, tags: dict[str, str]) -> dict[str, Any]:
    sin = tags.get("sin", "")
    rate = SIN_RATE.get(sin, 0.3) * (0.6 if p.reaudit and sin in ("runaround", "brush-off") else 1)
    observed = p.rng.random() < rate
    value: dict[str, Any] = {"observed": observed}
    if q.touchpoints:
        value["touchpoint"] = p.rng.choice(q.touchpoints)
    if observed:
        value["severity"] = (
            p.rng.choice([1, 1, 2, 2, 3]) if sin != "runaround" else p.rng.choice([2, 2, 3])
        )
        value["evidence"] = p.rng.choice(SIN_EVIDENCE.get(sin, ["Observed during the visit."]))
    return value


def _scale(q: Any, p: Persona, tags: dict[str, str]) -> int:
    lo, hi = q.min, q.max
    construct = tags.get("construct", "")
    span = hi - lo
    if construct == "satisfaction":
        centre = lo + span * (0.62 + p.mood * 0.25 + (0.08 if p.reaudit else 0))
    elif construct == "loyalty":
        centre = lo + span * (0.55 + p.loyal_bias + p.mood * 0.2)
    elif construct == "switching-barrier":
        centre = lo + span * (0.35 + p.loyal_bias)
    elif construct == "effort":
        centre = lo + span * (0.55 + p.mood * 0.25 + (0.1 if p.reaudit else 0))
    elif "gap" in tags:
        if tags["gap"] == "1":
            return p.rating(hi - 2.0, lo, hi, 0.7)  # managers under-estimate expectations
        centre = GAP_DRIVER_LEVEL.get(tags["gap"], 4.0) * span / 6 + lo - (span / 6)
    else:
        centre = lo + span * (0.6 + p.mood * 0.2)
    return p.rating(centre, lo, hi, span * 0.18 + 0.3)


def _single(q: Any, p: Persona, tags: dict[str, str]) -> str:
    scored = [c for c in q.choices if c.score is not None]
    if scored and "construct" in tags:
        # The ladders: most of the organisation sits on the lowest rungs.
        ranked = sorted(scored, key=lambda c: c.score)
        weights = [0.55, 0.35, 0.1] if not p.reaudit else [0.35, 0.45, 0.2]
        weights = (weights + [0.05] * len(ranked))[: len(ranked)]
        return p.rng.choices(ranked, weights=weights)[0].value
    choices = [c for c in q.choices if c.value != "other"] or q.choices
    return p.rng.choice(choices).value


def _text(q: Any, p: Persona, tags: dict[str, str]) -> str:
    topic = tags.get("topic")
    if topic in OPEN_ANSWERS:
        return p.rng.choice(OPEN_ANSWERS[topic])
    if q.type == "text" and "role" in q.key:
        return p.role or None
    if q.type == "longtext" or q.required:
        return p.rng.choice(GENERIC_TEXT)
    return None
