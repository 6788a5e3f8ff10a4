"""EngagementData: construction, filters, completed answers, the wide frame, tags."""

from __future__ import annotations

import pandas as pd
import pytest

from workbench.analysis.data import ANSWER_COLUMNS, QUESTION_COLUMNS, EngagementData


def small(builder):
    b = builder
    b.respondent("r1", "staff", site="north").respondent("r2", "customers", site="south")
    b.question("f", "q1", "scale", {"dimension": "tangibles"}, label="First")
    b.question("f", "q2", "pair", {"dimension": "empathy", "reverse": True}, items=("E", "P"))
    b.question("f", "q3", "text", None)
    b.interview(
        "i1",
        "r1",
        "f",
        {"q1": 4, "q2": {"E": 6, "P": 5}, "q3": "fine"},
        wave="baseline",
        wave_order=1,
    )
    b.interview("i2", "r2", "f", {"q1": 2}, wave="baseline", wave_order=1, status="draft")
    b.interview("i3", "r1", "f", {"q1": 5}, wave="re-audit", wave_order=2)
    return b.build()


def test_empty_has_every_column():
    data = EngagementData.empty()
    assert tuple(data.answers.columns) == ANSWER_COLUMNS
    assert tuple(data.questions.columns[: len(QUESTION_COLUMNS)]) == QUESTION_COLUMNS
    assert data.waves() == [] and data.completed("servqual").empty
    assert data.wide("servqual").empty
    assert data.questions_tagged("servqual", "dimension").empty


def test_build_fills_missing_columns():
    data = EngagementData.build(answers=pd.DataFrame({"interview_id": ["x"], "num": [1.0]}))
    assert set(ANSWER_COLUMNS) <= set(data.answers.columns)
    assert data.respondents.empty


def test_completed_and_wide(builder):
    data = small(builder)
    done = data.completed("f")
    assert set(done["interview_id"]) == {"i1", "i3"}  # i2 is a draft
    wide = data.wide("f")
    assert list(wide.index) == ["i1", "i3"]
    assert list(wide.columns) == ["q1", "q2.E", "q2.P", "q3"]
    assert wide.loc["i1", "q2.E"] == 6 and wide.loc["i1", "q3"] == "fine"
    assert "i2" in data.wide("f", complete_only=False).index


def test_questions_tagged(builder):
    data = small(builder)
    assert list(data.questions_tagged("f", "dimension")["question_key"]) == ["q1", "q2"]
    assert list(data.questions_tagged("f", "dimension", "empathy")["question_key"]) == ["q2"]
    assert data.questions.set_index("question_key").loc["q2", "reverse"]  # from the tag
    assert data.questions_tagged("other", "dimension").empty


def test_filters_return_new_snapshots(builder):
    data = small(builder)
    assert data.waves() == ["baseline", "re-audit"]
    base = data.filter(wave="baseline")
    assert base.scope == "wave: baseline"
    assert set(base.answers["interview_id"]) == {"i1", "i2"}
    staff = data.filter(segment="staff")
    assert set(staff.interviews["interview_id"]) == {"i1", "i3"}
    assert list(staff.respondents["respondent_id"]) == ["r1"]
    south = data.filter(attribute=("site", "south"), wave="baseline")
    assert south.scope == "site: south; wave: baseline"
    assert set(south.answers["interview_id"]) == {"i2"}
    assert data.filter(attribute=("nope", 1)).answers.empty
    # The original is untouched.
    assert len(data.answers) == 6 and data.scope == ""
    with pytest.raises(AttributeError):
        data.scope = "x"  # frozen
