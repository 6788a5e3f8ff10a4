"""A tiny stand-in for EngagementData: the frames the coding analyses read."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

SEGMENT_COLUMNS = [
    "segment_id", "code_id", "interview_id", "respondent_id", "source_kind", "source_id",
    "start", "end", "text", "coder", "status",
]  # fmt: skip


def make_data(codes, segments, respondents, interviews, notes=None, scope="all"):
    return SimpleNamespace(
        respondents=pd.DataFrame(
            respondents, columns=["respondent_id", "name", "role", "org_unit", "segment", "consent"]
        ),
        interviews=pd.DataFrame(
            interviews,
            columns=[
                "interview_id",
                "respondent_id",
                "form_id",
                "form_version",
                "wave",
                "wave_order",
                "date",
                "interviewer",
                "status",
            ],
        ),  # fmt: skip
        codes=pd.DataFrame(codes, columns=["code_id", "parent_id", "name", "path", "colour"]),
        segments=pd.DataFrame(segments, columns=SEGMENT_COLUMNS),
        notes=pd.DataFrame(
            notes or [], columns=["note_id", "interview_id", "respondent_id", "body"]
        ),
        scope=scope,
    )


@pytest.fixture(name="make_data")
def make_data_fixture():
    return make_data


@pytest.fixture
def coded():
    """Three respondents, three notes, codes Operation/{Incident,Problem} and Empathy.

    n1 (Alice): s1 Incident 0-10, s2 Problem 5-15 (overlaps s1), s3 Empathy 20-30
    n2 (Bob):   s4 Incident 0-10, s5 Empathy 0-10 (same text), s9 Problem 8-12
    n3 (Cara):  s6 Incident 0-5; s7 Incident pending, s8 Empathy rejected (ignored)
    """
    codes = [
        ("A", None, "Operation", "Operation", "#111111"),
        ("A1", "A", "Incident", "Operation/Incident", "#222222"),
        ("A2", "A", "Problem", "Operation/Problem", "#333333"),
        ("B", None, "Empathy", "Empathy", "#444444"),
        ("C", None, "Unused", "Unused", "#555555"),
    ]
    respondents = [
        ("r1", "Alice", "manager", "IT", "staff", True),
        ("r2", "Bob", "agent", "IT", "staff", True),
        ("r3", "Cara", "manager", "Sales", "customer", True),
    ]
    interviews = [
        ("i1", "r1", "stakeholder-interview", 1, "baseline", 1, "2024-01-01", "Ana", "completed"),
        ("i2", "r2", "stakeholder-interview", 1, "baseline", 1, "2024-01-02", "Ana", "completed"),
        ("i3", "r3", "stakeholder-interview", 1, "follow-up", 2, "2024-06-01", "Ana", "completed"),
    ]

    def seg(sid, code, i, r, n, start, end, text, status="accepted", coder="Ana"):
        return (sid, code, i, r, "note", n, start, end, text, coder, status)

    segments = [
        seg("s1", "A1", "i1", "r1", "n1", 0, 10, "The outage"),
        seg("s2", "A2", "i1", "r1", "n1", 5, 15, "age again"),
        seg("s3", "B", "i1", "r1", "n1", 20, 30, "they cared"),
        seg("s4", "A1", "i2", "r2", "n2", 0, 10, "Email down"),
        seg("s5", "B", "i2", "r2", "n2", 0, 10, "Email down"),
        seg("s9", "A2", "i2", "r2", "n2", 8, 12, "wn, "),
        seg("s6", "A1", "i3", "r3", "n3", 0, 5, "Slow."),
        seg("s7", "A1", "i3", "r3", "n3", 10, 20, "pending", status="pending"),
        seg("s8", "B", "i3", "r3", "n3", 30, 40, "rejected", status="rejected"),
    ]
    return make_data(codes, segments, respondents, interviews)


@pytest.fixture
def two_coders():
    """One 100-character note coded by Ana and Ben with codes K and L (see the kappa test)."""
    codes = [
        ("K", None, "Knowledge", "Knowledge", "#111111"),
        ("L", None, "Logging", "Logging", "#222222"),
    ]
    respondents = [
        ("r1", "Alice", "manager", "IT", "staff", True),
        ("r2", "Bob", "agent", "IT", "staff", True),
    ]
    interviews = [
        ("i1", "r1", "f", 1, "baseline", 1, "2024-01-01", "Ana", "completed"),
        ("i2", "r2", "f", 1, "baseline", 1, "2024-01-01", "Ana", "completed"),
    ]
    body = "x" * 100

    def seg(sid, code, start, end, coder, status="accepted", note="n1", interview="i1", resp="r1"):
        return (
            sid,
            code,
            interview,
            resp,
            "note",
            note,
            start,
            end,
            body[start:end],
            coder,
            status,
        )

    segments = [
        seg("a1", "K", 0, 25, "Ana"),
        seg("a2", "L", 50, 60, "Ana"),
        seg("a3", "L", 70, 90, "Ana", status="pending"),  # pending: ignored
        seg("b1", "K", 0, 20, "Ben"),
        seg("b2", "K", 25, 35, "Ben"),
        seg("b3", "L", 50, 60, "Ben"),
        seg("c1", "K", 0, 5, "Cy", note="n2", interview="i2", resp="r2"),  # no common source
    ]
    notes = [("n1", "i1", "r1", body), ("n2", "i2", "r2", "y" * 40)]
    return make_data(codes, segments, respondents, interviews, notes)
