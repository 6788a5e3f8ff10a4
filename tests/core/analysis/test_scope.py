"""The scope of an analysis: one wave (the latest with data by default), or every wave with
each person counted once; never two answers of one person counted as two people."""

from __future__ import annotations

import pytest
from _analysis_builders import Builder, add_servqual

from workbench.analysis.data import ALL_WAVES, people_phrase
from workbench.analysis.registry import run_analysis


def _second_wave(b: Builder, rids=("r1", "r2", "r3")) -> Builder:
    pair = lambda e, p: {"E": e, "P": p}  # noqa: E731
    for rid in rids:
        b.interview(
            f"{rid}-w2",
            rid,
            "servqual",
            {
                "t1": pair(7, 7),
                "t2": pair(7, 6),
                "q1": pair(6, 6),
                "q2": pair(2, 2),
                "imp": {"tangibles": 50, "reliability": 50},
            },
            wave="re-audit",
            wave_order=2,
        )
    return b


def test_default_scope_is_the_latest_wave_with_data(builder):
    from analyses.servqual import Servqual

    data = _second_wave(add_servqual(builder)).build()
    result = run_analysis(Servqual(), data, {"by_segment": False})
    # Three people answered the re-audit; pooling the waves would have said 6.
    assert result.table("scores").records()[0]["n"] == 3
    assert result.scope == "wave: re-audit"
    assert "3 respondents" in result.findings[0]
    assert any("wave ‘re-audit’ only" in n for n in result.method_notes)
    # Reliability sees each person once: three complete cases, not six.
    assert {r["n"] for r in result.table("reliability").records()} == {3}


def test_all_waves_counts_each_person_once_with_their_latest_interview(builder):
    from analyses.servqual import Servqual

    data = _second_wave(add_servqual(builder), ("r1", "r2")).build()
    scoped = data.filter(wave=ALL_WAVES)
    assert sorted(scoped.completed_interviews("servqual")["interview_id"]) == [
        "i3",
        "r1-w2",
        "r2-w2",
    ]
    result = run_analysis(Servqual(), scoped, {"by_segment": False})
    assert result.table("scores").records()[0]["n"] == 3
    assert "each respondent once" in result.scope
    assert any("counted once" in n and "2 earlier interviews" in n for n in result.method_notes)
    assert {r["n"] for r in result.table("reliability").records()} == {3}


def test_the_latest_wave_that_has_the_analysis_data_is_chosen(builder):
    """A form not asked again in the latest wave is analysed on the wave that has it."""
    from analyses.servqual import Servqual

    b = add_servqual(builder)
    b.respondent("x", "staff")
    b.question("other", "o1", "scale", {"construct": "x"})
    b.interview("o-1", "x", "other", {"o1": 3}, wave="re-audit", wave_order=2)
    result = run_analysis(Servqual(), b.build(), {"by_segment": False})
    assert result.scope == "wave: baseline"
    assert result.table("scores").records()[0]["n"] == 3


def test_an_explicit_wave_is_kept(builder):
    from analyses.servqual import Servqual

    data = _second_wave(add_servqual(builder), ("r1", "r2")).build()
    result = run_analysis(Servqual(), data.filter(wave="baseline"), {"by_segment": False})
    assert result.scope == "wave: baseline"
    assert result.table("scores").records()[0]["n"] == 3
    assert not any("latest with" in n for n in result.method_notes)


def test_in_scope_is_idempotent_and_leaves_a_file_without_waves_alone(builder):
    data = add_servqual(builder).build()
    once = data.in_scope()
    assert once.in_scope() is once
    assert once.wave_scope == "baseline"
    no_waves = data.build(
        respondents=data.respondents,
        interviews=data.interviews.assign(wave=None, wave_order=None),
        answers=data.answers.assign(wave=None),
        questions=data.questions.drop(columns=[c for c in data.questions if c.startswith("tag:")]),
        question_items=data.question_items,
    )
    assert len(no_waves.in_scope().completed_interviews("servqual")) == 3


@pytest.mark.parametrize(
    ("respondents", "interviews", "text"),
    [
        (1, None, "1 respondent"),
        (24, 24, "24 respondents"),
        (2, 3, "3 interviews with 2 respondents"),
        (1, 2, "2 interviews with 1 respondent"),
    ],
)
def test_people_phrase(respondents, interviews, text):
    assert people_phrase(respondents, interviews) == text


def test_people_of_a_scope(builder):
    b = add_servqual(builder)
    b.interview("i1-again", "r1", "servqual", {"t1": {"E": 5, "P": 5}})
    data = b.build()
    assert data.people() == (3, 4)
    assert data.people_phrase() == "4 interviews with 3 respondents"
    assert data.people_phrase(["i1", "i2"]) == "2 respondents"


def test_all_waves_keeps_material_filed_under_the_respondent(builder):
    """A coded segment of a note kept with the respondent (no interview) stays in scope."""
    import pandas as pd

    from workbench.analysis.data import EngagementData

    data = _second_wave(add_servqual(builder), ("r1",)).build()
    segments = pd.DataFrame(
        [
            {"segment_id": "s1", "code_id": "c", "interview_id": None, "respondent_id": "r1"},
            {"segment_id": "s2", "code_id": "c", "interview_id": "i1", "respondent_id": "r1"},
            {"segment_id": "s3", "code_id": "c", "interview_id": "r1-w2", "respondent_id": "r1"},
        ]
    )
    full = EngagementData.build(
        respondents=data.respondents,
        interviews=data.interviews,
        answers=data.answers,
        segments=segments,
    )
    kept = full.filter(wave=ALL_WAVES).segments["segment_id"].tolist()
    assert kept == ["s1", "s3"]  # i1 was superseded by r1's re-audit interview
    assert full.filter(wave="baseline").segments["segment_id"].tolist() == ["s2"]
