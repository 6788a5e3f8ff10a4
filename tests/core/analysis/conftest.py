"""Fixtures for the analysis tests: a headless matplotlib and a tiny engagement builder."""

from __future__ import annotations

from typing import Any

import matplotlib
import pandas as pd
import pytest

from workbench.analysis.data import EngagementData

matplotlib.use("Agg")


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


@pytest.fixture
def builder() -> Builder:
    return Builder()
