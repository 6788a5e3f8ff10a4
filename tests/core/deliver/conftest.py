"""Fixtures for the deliverable tests: a hand-built result and report context."""

from __future__ import annotations

import datetime as dt

import matplotlib
import pytest

matplotlib.use("Agg")

from workbench.analysis.result import (  # noqa: E402
    AnalysisResult,
    Column,
    Evidence,
    FigureSpec,
    Table,
)
from workbench.deliver.context import (  # noqa: E402
    EngagementInfo,
    FindingItem,
    MethodSummary,
    Quote,
    RecommendationItem,
    ReportContext,
    ReportOptions,
    RespondentRow,
)

DIMENSIONS = ["Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy"]
EXPECTED = [5.8, 6.6, 6.3, 6.1, 5.4]
PERCEIVED = [5.5, 4.9, 4.6, 5.7, 5.5]
WEIGHTS = [0.11, 0.32, 0.22, 0.19, 0.16]

RESPONDENTS = [
    RespondentRow(
        "R01", "Margaret Thornbury", "Service desk lead", "Operations", "internal customer"
    ),
    RespondentRow("R02", "Dev Patel", "CIO", "IT leadership", "management"),
    RespondentRow("R03", "Ana Ruiz-Cabello", "Analyst", "Finance", "internal customer"),
    RespondentRow("R04", "Tom O'Neill", "Engineer", "Infrastructure", "staff"),
]


def _draw_gaps(fig):
    ax = fig.add_subplot()
    gaps = [p - e for p, e in zip(PERCEIVED, EXPECTED, strict=True)]
    colours = ["#B42318" if g < 0 else "#067647" for g in gaps]
    ax.barh(DIMENSIONS, gaps, color=colours)
    ax.axvline(0, color="#1B2A41", linewidth=0.8)
    ax.set_xlabel("Gap (perception − expectation)")
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)


def _draw_named(fig):
    ax = fig.add_subplot()
    ax.bar(["Margaret Thornbury", "Dev Patel"], [3, 5], color="#0E7C86")
    ax.set_title("Mentions by Margaret")


def make_result() -> AnalysisResult:
    columns = [
        Column("dimension", "Dimension"),
        Column("expected", "Expectation", "float", "0.00"),
        Column("perceived", "Perception", "float", "0.00"),
        Column("gap", "Gap (P − E)", "float", "+0.00;-0.00;0.00", diverging=True),
        Column("weight", "Importance", "percent", "0%"),
        Column("n", "Respondents", "int", "0"),
    ]
    rows = [
        [d, e, p, p - e, w, n]
        for d, e, p, w, n in zip(
            DIMENSIONS, EXPECTED, PERCEIVED, WEIGHTS, [24, 24, 23, 24, 22], strict=True
        )
    ]
    table = Table(
        name="gaps",
        title="SERVQUAL gaps by dimension",
        columns=columns,
        rows=rows,
        evidence={0: Evidence(interview_ids=("i1", "i2"), question_keys=("sq_01", "sq_02"))},
        note="Gap = perception − expectation on a 1–7 scale; negative means below expectation.",
    )
    comments = Table(
        name="comments",
        title="Comments that look like formulas",
        columns=[Column("who", "Who"), Column("comment", "Comment")],
        rows=[
            ["Dev Patel", '=HYPERLINK("http://evil.example","click")'],
            ["R03", "+44 20 7946 0000 is the desk number"],
            ["R04", "-- the queue is always full"],
            ["R01", "@everyone knows {{ 7*7 }}"],
        ],
    )
    return AnalysisResult(
        analysis_id="servqual",
        title="SERVQUAL service quality",
        findings=[
            "Reliability shows the largest gap (−1.70): the service does not do what it promises.",
            "Responsiveness is the second weakest dimension (−1.70), mentioned by Margaret Thornbury's team.",
        ],
        tables=[table, comments],
        figures=[
            FigureSpec(
                "gaps", "Gap by dimension", _draw_gaps, caption="Negative = below expectation"
            ),
        ],
        method_notes=[
            "Scores are means of 22 paired items on a 7-point scale (Parasuraman et al., 1988)."
        ],
        scope="wave: baseline; all segments",
    )


def make_named_result() -> AnalysisResult:
    return AnalysisResult(
        analysis_id="code-frequency",
        title="Code frequency",
        findings=["Tom O'Neill raised handoffs most often."],
        tables=[
            Table(
                "by_resp",
                "Mentions by respondent",
                [Column("who", "Respondent"), Column("n", "Mentions", "int")],
                [["Margaret Thornbury", 3], ["Patel", 5]],
            )
        ],
        figures=[FigureSpec("named", "Mentions by respondent", _draw_named)],
    )


def make_context(**options) -> ReportContext:
    return ReportContext(
        engagement=EngagementInfo(
            client="Northwind Utilities",
            title="IT service quality review",
            scope="Assess how the IT service desk and infrastructure teams serve internal customers, "
            "and identify the improvements with the largest effect on satisfaction.",
            consultants=["Claire Dubois", "Ben Okafor"],
            start_date=dt.date(2025, 3, 3),
            end_date=dt.date(2025, 3, 21),
            waves=["baseline"],
        ),
        method=MethodSummary(
            interview_count=24,
            respondent_count_by_segment={"internal customer": 14, "staff": 7, "management": 3},
            forms_used=[("SERVQUAL questionnaire", 18), ("Stakeholder interview", 6)],
            date_from=dt.date(2025, 3, 3),
            date_to=dt.date(2025, 3, 21),
            interviewers=["Claire Dubois", "Ben Okafor"],
        ),
        respondents=list(RESPONDENTS),
        results=[make_result()],
        findings=[
            FindingItem(
                2,
                "Tickets bounce between teams; Dev Patel called it 'the runaround'.",
                "medium",
                ["7 of 12 customers described reassignments", "Median ticket has 3 handoffs"],
            ),
            FindingItem(
                1,
                "The service desk does not keep its promises on resolution times.",
                "high",
                ["Reliability gap −1.70 (Table 1)", "Margaret said fixes 'never stick'"],
            ),
            FindingItem(3, "Staff feel competent but unsupported.", "low", []),
        ],
        recommendations=[
            RecommendationItem(
                1,
                "Introduce ownership of each ticket from logging to closure.",
                "Service desk manager",
                "medium",
                "high",
                "Q2 2025",
                "plan",
                [1, 2],
            ),
            RecommendationItem(
                2,
                "Publish realistic resolution targets and report against them monthly.",
                "Head of IT operations",
                "low",
                "high",
                "Q2 2025",
                "do",
                [1],
            ),
            RecommendationItem(
                3,
                "Run a quarterly customer review with the business units.",
                "CIO",
                "low",
                "medium",
                "Q3 2025",
                "check",
                [3],
            ),
        ],
        quotes=[
            Quote(
                "Pain points/Handoffs",
                "Margaret Thornbury",
                "R01",
                "I get passed around three teams before anyone owns it. Ask Dev, he knows.",
                dt.date(2025, 3, 4),
            ),
            Quote(
                "Pain points/Handoffs",
                "Tom O'Neill",
                "R04",
                "We literally wrote {{ 7*7 }} and {% for x in y %} on the whiteboard; {{ ''.__class__ }}",
                dt.date(2025, 3, 6),
            ),
            Quote(
                "Good looks like",
                "Ana Ruiz-Cabello",
                "R03",
                "One person who calls me back when it's done. Ruiz is my name, not 'user'.",
                "2025-03-10",
            ),
        ],
        options=ReportOptions(report_date=dt.date(2025, 4, 2), **options),
    )


@pytest.fixture
def result() -> AnalysisResult:
    return make_result()


@pytest.fixture
def context() -> ReportContext:
    return make_context()


@pytest.fixture
def make_ctx():
    """Factory: ``make_ctx(anonymise=True, sections=[...])``."""
    return make_context


@pytest.fixture
def named_result() -> AnalysisResult:
    return make_named_result()


@pytest.fixture
def respondents() -> list[RespondentRow]:
    return list(RESPONDENTS)
