"""Hand-built engagements for the analysis tests (every number is chosen by hand)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbench.analysis.api import Analysis, Applicability, Param
from workbench.analysis.data import EngagementData
from workbench.analysis.registry import Registry, discover
from workbench.analysis.result import AnalysisResult


class Builder:
    """Builds an EngagementData by hand: respondents, questions, interviews with answers."""

    def __init__(self) -> None:
        self.respondents: list[dict[str, Any]] = []
        self.interviews: list[dict[str, Any]] = []
        self.answers: list[dict[str, Any]] = []
        self.questions: list[dict[str, Any]] = []
        self.items: list[dict[str, Any]] = []
        self.segment_of: dict[str, str | None] = {}

    def respondent(self, rid: str, segment: str | None = None, **attrs: Any) -> Builder:
        row = {"respondent_id": rid, "name": rid.upper(), "segment": segment, "consent": True}
        row.update({f"attr:{k}": v for k, v in attrs.items()})
        self.respondents.append(row)
        self.segment_of[rid] = segment
        return self

    def question(
        self,
        form: str,
        key: str,
        type: str,
        tags: dict[str, Any] | None = None,
        label: str | None = None,
        reverse: bool = False,
        scale: tuple[float, float] | None = (1, 7),
        items: tuple[str, ...] = (),
    ) -> Builder:
        lo, hi = scale if scale else (None, None)
        self.questions.append(
            {
                "form_id": form,
                "question_key": key,
                "type": type,
                "label": label or key,
                "section": "main",
                "reverse": reverse,
                "scale_min": lo,
                "scale_max": hi,
                "tags": dict(tags or {}),
            }
        )
        for item in items:
            self.items.append(
                {"form_id": form, "question_key": key, "item": item, "label": item, "tags": {}}
            )
        return self

    def interview(
        self,
        iid: str,
        rid: str,
        form: str,
        answers: dict[str, Any],
        wave: str = "baseline",
        wave_order: int = 1,
        status: str = "complete",
    ) -> Builder:
        self.interviews.append(
            {
                "interview_id": iid,
                "respondent_id": rid,
                "form_id": form,
                "form_version": 1,
                "wave": wave,
                "wave_order": wave_order,
                "status": status,
            }
        )
        base = {
            "interview_id": iid,
            "respondent_id": rid,
            "form_id": form,
            "wave": wave,
            "segment": self.segment_of.get(rid),
            "status": status,
        }
        for key, answer in answers.items():
            parts = answer.items() if isinstance(answer, dict) else [("", answer)]
            for item, value in parts:
                if value is None:
                    continue
                score = None
                if isinstance(value, tuple):  # a single choice with a score
                    value, score = value
                elif isinstance(value, bool):
                    score = 1.0 if value else 0.0
                elif isinstance(value, int | float):
                    score = float(value)
                self.answers.append(
                    {
                        **base,
                        "question_key": key,
                        "item": item,
                        "value": value,
                        "num": score,
                        "text": value if isinstance(value, str) else None,
                    }
                )
        return self

    def build(self) -> EngagementData:
        def frame(rows: list[dict[str, Any]]) -> pd.DataFrame | None:
            return pd.DataFrame(rows) if rows else None

        return EngagementData.build(
            respondents=frame(self.respondents),
            interviews=frame(self.interviews),
            answers=frame(self.answers),
            questions=frame(self.questions),
            question_items=frame(self.items),
        )


def add_servqual(b: Builder) -> Builder:
    """Three respondents; tangibles t1 t2, reliability r1 r2 (r2 reversed on 1–7)."""
    b.respondent("r1", "staff").respondent("r2", "staff").respondent("r3", "customers")
    servqual_questions(b)
    pair = lambda e, p: {"E": e, "P": p}  # noqa: E731
    b.interview(
        "i1",
        "r1",
        "servqual",
        {
            "t1": pair(6, 4),
            "t2": pair(7, 5),
            "q1": pair(7, 6),
            "q2": pair(2, 3),
            "imp": {"tangibles": 40, "reliability": 60},
        },
    )
    b.interview(
        "i2",
        "r2",
        "servqual",
        {
            "t1": pair(5, 5),
            "t2": pair(6, 4),
            "q1": pair(6, 3),
            "q2": pair(1, 4),
            "imp": {"tangibles": 30, "reliability": 70},
        },
    )
    # r3's allocation sums to 90: not valid, so r3 is left out of the weighted score.
    b.interview(
        "i3",
        "r3",
        "servqual",
        {
            "t1": pair(7, 6),
            "t2": pair(5, 5),
            "q1": pair(5, 5),
            "q2": pair(3, 2),
            "imp": {"tangibles": 50, "reliability": 40},
        },
    )
    return b


def add_tcs(b: Builder) -> Builder:
    """Three respondents rating speed, friendliness, accuracy (pairs 1–7, importance 1–5)."""
    for rid in ("t1", "t2", "t3"):
        b.respondent(rid, "customers")
    for m in ("speed", "friendliness", "accuracy"):
        b.question("total-customer-service", m, "pair", {"measure": m}, items=("E", "P"))
    b.question(
        "total-customer-service",
        "imp",
        "matrix",
        {"role": "importance"},
        scale=(1, 5),
        items=("speed", "friendliness", "accuracy"),
    )
    answers = {
        "t1": ((6, 4), (5, 6), (6, 6), (5, 3, 4)),
        "t2": ((7, 5), (4, 4), (5, 3), (4, 2, 5)),
        "t3": ((5, 6), (6, 7), (7, 4), (5, 3, 5)),
    }
    for rid, (s, f, a, imp) in answers.items():
        b.interview(
            f"iv-{rid}",
            rid,
            "total-customer-service",
            {
                "speed": {"E": s[0], "P": s[1]},
                "friendliness": {"E": f[0], "P": f[1]},
                "accuracy": {"E": a[0], "P": a[1]},
                "imp": dict(zip(("speed", "friendliness", "accuracy"), imp, strict=True)),
            },
        )
    return b


def add_provider_gaps(b: Builder) -> Builder:
    """Two managers answering the provider-gaps form (g4a is reversed), and one member of
    staff who ticked "manager" on the form: the register says staff, so the gap-1 and
    gap-2 answers are not management's."""
    form = "provider-gaps"
    b.respondent("m1", "management").respondent("m2", "management").respondent("s1", "staff")
    b.question(form, "m_t", "scale", {"gap": "1", "dimension": "tangibles"})
    b.question(form, "m_r", "scale", {"gap": "1", "dimension": "reliability"})
    b.question(form, "g2a", "scale", {"gap": "2", "driver": "standards-defined"})
    b.question(form, "g2b", "scale", {"gap": "2", "driver": "resourced"})
    b.question(form, "g3a", "scale", {"gap": "3", "driver": "role-clarity"})
    b.question(form, "g3b", "scale", {"gap": "3", "driver": "tools"})
    b.question(form, "g3c", "scale", {"gap": "3", "driver": "tools"})
    b.question(form, "g4a", "scale", {"gap": 4, "driver": "over-promising"}, reverse=True)
    b.question(form, "g4b", "scale", {"gap": "4", "driver": "horizontal-communication"})
    keys = ("m_t", "m_r", "g2a", "g2b", "g3a", "g3b", "g3c", "g4a", "g4b")
    b.interview("p1", "m1", form, dict(zip(keys, (5, 6, 6, 4, 5, 3, 4, 2, 5), strict=True)))
    b.interview("p2", "m2", form, dict(zip(keys, (6, 6, 4, 3, 7, 2, 3, 5, 6), strict=True)))
    # Staff: only gaps 3 and 4 count (g3a 6, g4b 4); their 1s on gaps 1–2 are left out.
    b.interview("p3", "s1", form, dict(zip(keys, (1, 1, 1, 1, 6, 4, 4, 4, 4), strict=True)))
    return b


def add_seven_sins(b: Builder) -> Builder:
    """Two audits over four checklist items (runaround has two)."""
    form = "seven-sins"
    b.respondent("aud", "auditors")
    for key, sin in (
        ("c_apathy", "apathy"),
        ("c_run1", "runaround"),
        ("c_run2", "runaround"),
        ("c_cold", "coldness"),
    ):
        b.question(
            form,
            key,
            "checklist",
            {"sin": sin},
            scale=None,
            items=("observed", "severity", "touchpoint", "evidence"),
        )

    def seen(sev, tp, ev=""):
        return {"observed": True, "severity": sev, "touchpoint": tp, "evidence": ev}

    b.interview(
        "a1",
        "aud",
        form,
        {
            "c_apathy": seen(3, "phone", "Agent sighed"),
            "c_run1": seen(4, "phone", "Transferred three times"),
            "c_run2": {"observed": False},
            "c_cold": {"observed": False},
        },
    )
    b.interview(
        "a2",
        "aud",
        form,
        {
            "c_apathy": {"observed": False},
            "c_run1": seen(2, "desk"),
            "c_run2": seen(5, "phone", "Sent back to the portal"),
            "c_cold": seen(1, "desk", "Curt reply"),
        },
    )
    return b


def add_satisfaction(b: Builder) -> Builder:
    """Five customers: (segment, satisfaction, loyalty, recommend, effort, barrier)."""
    form = "satisfaction-loyalty"
    b.question(form, "sat", "scale", {"construct": "satisfaction"}, scale=(1, 5))
    b.question(form, "loy", "scale", {"construct": "loyalty"}, scale=(1, 5))
    b.question(form, "rec", "nps", {"construct": "recommend"}, scale=(0, 10))
    b.question(form, "ces", "scale", {"construct": "effort"}, scale=(1, 7))
    b.question(form, "bar", "scale", {"construct": "switching-barrier"}, scale=(1, 5))
    people = {
        "c1": ("A", 5, 5, 10, 6, 2),
        "c2": ("A", 5, 3, 8, 5, 1),
        "c3": ("B", 3, 4, 7, 3, 5),
        "c4": ("B", 1, 1, 2, 2, 4),
        "c5": ("B", 4, 5, 9, 7, 4),
    }
    for rid, (seg, *scores) in people.items():
        b.respondent(rid, seg)
        b.interview(
            f"s-{rid}",
            rid,
            form,
            dict(zip(("sat", "loy", "rec", "ces", "bar"), scores, strict=True)),
        )
    return b


def add_itsm(b: Builder) -> Builder:
    """Three respondents; 'na' answers are left out of the means."""
    form = "itsm-maturity"
    b.question(
        form, "ops", "matrix", {"stage": "operation"}, scale=(0, 5), items=("incident", "problem")
    )
    b.question(form, "trans", "matrix", {"stage": "transition"}, scale=(0, 5), items=("change",))
    b.question(
        form,
        "effort",
        "allocation",
        {"construct": "proactive-share"},
        scale=None,
        items=("reactive", "proactive"),
    )
    b.question(form, "pl", "single", {"construct": "problem-ladder"}, scale=None)
    b.question(form, "cl", "single", {"construct": "cost-ladder"}, scale=None)
    rows = {
        "it1": (3, 1, 2, 80, 20, ("solve", 1), ("know", 2)),
        "it2": (4, 2, "na", 60, 40, ("faster", 2), ("know", 2)),
        "it3": (2, "na", 4, 50, 50, ("faster", 2), ("prove", 3)),
    }
    for rid, (inc, prob, chg, rea, pro, pl, cl) in rows.items():
        b.respondent(rid, "it")
        b.interview(
            f"x-{rid}",
            rid,
            form,
            {
                "ops": {"incident": inc, "problem": prob},
                "trans": {"change": chg},
                "effort": {"reactive": rea, "proactive": pro},
                "pl": pl,
                "cl": cl,
            },
        )
    return b


# -- fake plugins for the registry and command tests ------------------------------------
class FakeEntryPoint:
    def __init__(self, name: str, target):
        self.name, self.value, self._target = name, f"fake:{name}", target

    def load(self):
        if isinstance(self._target, Exception):
            raise self._target
        return self._target


class Fine(Analysis):
    id = "fine"
    title = "Fine"
    params = (Param("n", "N", "int", 1),)

    def run(self, data, params, state):
        return AnalysisResult(self.id, self.title, [f"n is {params['n']}"])


class Boom(Analysis):
    id = "boom"
    title = "Boom"

    def run(self, data, params, state):
        raise RuntimeError("kaput")


class BadCheck(Analysis):
    id = "bad-check"
    title = "Bad check"

    def check(self, data):
        raise ValueError("no idea")


class Never(Analysis):
    id = "never"
    title = "Never"

    def check(self, data):
        return Applicability.no("Never applies.")


def fake_registry() -> Registry:
    return discover(
        [
            FakeEntryPoint("fine", Fine),
            FakeEntryPoint("missing", ImportError("No module named 'nowhere'")),
            FakeEntryPoint("not-a-plugin", dict),
            FakeEntryPoint("boom", Boom),
            FakeEntryPoint("bad-check", BadCheck),
            FakeEntryPoint("never", Never),
        ]
    )


def servqual_questions(b: Builder) -> Builder:
    """SERVQUAL's questions: tangibles t1 t2, reliability q1 q2 (q2 reversed on 1–7), and
    the importance allocation over the two dimensions."""
    for key, dim, rev in (
        ("t1", "tangibles", False),
        ("t2", "tangibles", False),
        ("q1", "reliability", False),
        ("q2", "reliability", True),
    ):
        tags = {"dimension": dim}
        if rev:
            tags["reverse"] = True
        b.question("servqual", key, "pair", tags, label=f"Item {key}", items=("E", "P"))
    b.question(
        "servqual",
        "imp",
        "allocation",
        {"role": "importance"},
        scale=None,
        items=("tangibles", "reliability"),
    )
    return b
