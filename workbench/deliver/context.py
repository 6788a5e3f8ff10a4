"""What a report or a workbook needs, as plain data.

The exporters never see the database: the caller (the window or the command line) fills
these dataclasses from the store and hands them over.  Everything here is free text or
numbers; nothing is interpreted as template code or as a spreadsheet formula.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from workbench.analysis.result import AnalysisResult

#: The report sections a :class:`ReportOptions` may list, in their default order.
SECTIONS: tuple[str, ...] = ("summary", "method", "analyses", "findings", "actions", "quotes")

DateLike = _dt.date | str | None


def segment_counts(counts: dict[Any, int]) -> list[tuple[str, int]]:
    """(segment, count) pairs as the deliverables list them: the largest first, then by
    name, with the respondents of no segment (however unset) last as "No segment"."""
    from workbench.analysis.labels import NO_SEGMENT, segment_label

    merged: dict[str, int] = {}
    for seg, n in counts.items():
        merged[segment_label(seg)] = merged.get(segment_label(seg), 0) + int(n)
    return sorted(merged.items(), key=lambda kv: (kv[0] == NO_SEGMENT, -kv[1], kv[0]))


#: The longest name "Prepared by" takes (as the consultant's own name in the settings).
MAX_NAME = 200


def split_names(text: str) -> list[str]:
    """Names typed in one field ("Jo Whitfield, Sam Patel and Ann Lee", or with ";"), one
    each, as :func:`~workbench.analysis.numbers.join_names` writes them back."""
    import re

    return [n.strip() for n in re.split(r"[,;]|\band\b", text) if n.strip()]


@dataclass
class EngagementInfo:
    client: str
    title: str
    scope: str = ""
    consultants: list[str] = field(default_factory=list)
    start_date: DateLike = None
    end_date: DateLike = None
    waves: list[str] = field(default_factory=list)
    #: Who the deliverables say prepared them ("Prepared by" on the report's cover, the
    #: files' author): the names given at the export (:attr:`ReportOptions.prepared_by`),
    #: else the engagement's consultants, else the consultant signed in to export; empty
    #: when no name is known.
    prepared_by: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.prepared_by:
            self.prepared_by = list(self.consultants)


@dataclass
class RespondentRow:
    #: A stable code for the respondent (e.g. ``"R07"``); never shown when anonymised.
    label: str
    name: str
    role: str = ""
    org_unit: str = ""
    segment: str = ""
    #: Free attributes (site, team ...): quasi-identifiers like the role and the unit.
    attributes: dict[str, Any] = field(default_factory=dict)
    #: Whether the report's material holds a completed interview with them (the people
    #: its numbers are about); someone only planned is in the register, not the material.
    interviewed: bool = True


@dataclass
class FindingItem:
    number: int | str
    statement: str
    #: ``"critical"``, ``"high"``, ``"medium"``, ``"low"`` (or a number, higher = worse).
    severity: str | int | None = None
    evidence: list[str] = field(default_factory=list)
    #: The ids of the analyses the finding cites as evidence.
    analyses: list[str] = field(default_factory=list)


@dataclass
class RecommendationItem:
    number: int | str
    text: str
    owner: str = ""
    effort: str = ""
    impact: str = ""
    timing: str = ""
    #: ``"plan"``, ``"do"``, ``"check"`` or ``"act"``.
    pdca_stage: str = ""
    finding_numbers: list[int | str] = field(default_factory=list)


#: How a passage that is not the respondent's own words is introduced (by
#: :attr:`Quote.recorded`): never in quotation marks, never as said by the respondent.
RECORDED_LABELS = {
    "notes": "From the interview notes",
    "interviewer": "Said by the interviewer",
    "other": "Said by another participant",
}


@dataclass
class Quote:
    #: The code the segment was coded with, e.g. ``"Pain points/Handoffs"``.
    code_path: str
    respondent_name: str
    respondent_label: str
    text: str
    interview_date: DateLike = None
    #: A consultant's observation (an observation checklist's interview), not a quote.
    observation: bool = False
    #: Whose words these are when not the respondent's: ``"notes"`` (the consultant's
    #: interview notes), ``"interviewer"`` or ``"other"`` (a transcript's turn of another
    #: speaker); ``""`` for the respondent's own words (an answer, their transcript turn,
    #: or words the notes put between quotation marks).
    recorded: str = ""
    segment: str = ""
    #: The wave of the interview quoted ("" when the engagement has no waves).
    wave: str = ""
    #: What the material quoted is (``labels.material_kind``): "interview", "response",
    #: "source" (of another QDA tool's project).
    kind: str = "interview"


@dataclass
class InterviewRef:
    """Who an interview was with and when: what a table's evidence column names instead of
    the store's interview id."""

    respondent_name: str
    role: str = ""
    date: DateLike = None


def interview_refs(data: Any) -> dict[str, InterviewRef]:
    """interview id → :class:`InterviewRef`, from an EngagementData's frames."""
    people = data.respondents.set_index("respondent_id")
    out = {}
    for iid, rid, date in zip(
        data.interviews["interview_id"],
        data.interviews["respondent_id"],
        data.interviews["date"],
        strict=True,
    ):
        if rid in people.index:
            person = people.loc[rid]
            out[str(iid)] = InterviewRef(str(person["name"]), str(person["role"] or ""), date)
    return out


@dataclass
class OriginPart:
    """The completed interviews of one origin: how many, with how many respondents, and
    their first and last date."""

    count: int = 0
    respondents: int = 0
    date_from: DateLike = None
    date_to: DateLike = None
    #: of another QDA tool's sources: those in speakers' turns (transcripts of a
    #: conversation); the others are documents
    transcripts: int = 0


@dataclass
class MethodSummary:
    interview_count: int = 0
    #: segment -> number of respondents interviewed.
    respondent_count_by_segment: dict[str, int] = field(default_factory=dict)
    #: (form title, number of interviews) pairs.
    forms_used: list[tuple[str, int]] = field(default_factory=list)
    date_from: DateLike = None
    date_to: DateLike = None
    #: Completed interviews with no date (the period above is of the others).
    undated: int = 0
    interviewers: list[str] = field(default_factory=list)
    #: form title -> distinct respondents who completed it (beside ``forms_used``).
    form_respondents: dict[str, int] = field(default_factory=dict)
    #: The waves with completed interviews, in order.
    waves_with_data: list[str] = field(default_factory=list)
    #: One sentence per chosen analysis that does not apply to the data in scope.
    left_out: list[str] = field(default_factory=list)
    #: Where the engagement's interviews came from (see ``build.material_origins``):
    #: "form", "transcript", "qda", "sheet" or "survey:<platform>" -> number of completed
    #: interviews (a draft is not material yet).
    origins: dict[str, int] = field(default_factory=dict)
    #: The same count of the interviews not yet complete (drafts: not material yet).
    draft_origins: dict[str, int] = field(default_factory=dict)
    #: The completed interviews by origin (the same keys), in the order first met.
    by_origin: dict[str, OriginPart] = field(default_factory=dict)
    #: Interviews brought in from another tool (not Workbench's forms) still drafts, so
    #: left out of every analysis until marked complete.
    imported_drafts: int = 0
    #: Completed interview id -> what it is ("interview", "response", "source": see
    #: ``labels.material_kind``), so that counts name the material for what it is.
    material: dict[str, str] = field(default_factory=dict)
    #: form title -> the kinds of material that completed it (beside ``forms_used``).
    form_kinds: dict[str, list[str]] = field(default_factory=dict)

    def kinds(self, interview_ids: Any = None) -> list[str]:
        """The kinds of the completed material, or of ``interview_ids`` among it."""
        ids = self.material if interview_ids is None else interview_ids
        return sorted({self.material[i] for i in ids if i in self.material})


@dataclass
class ReportOptions:
    sections: list[str] = field(default_factory=lambda: list(SECTIONS))
    anonymise: bool = False
    #: The subset the results were computed on (shown in the method section).
    wave: str | None = None
    segment: str | None = None
    #: The date printed on the title page; today when ``None``.
    report_date: DateLike = None
    #: Anonymising: extra terms to withhold (client products, places) and the smallest
    #: group of respondents a deliverable may show (quasi-identifiers, table cells).
    #: The engagement's own terms are added and its k used where ``k`` is None.
    anonymise_terms: list[str] = field(default_factory=list)
    k: int | None = None
    #: Words that are parts of a respondent's name but kept where they stand alone
    #: ("Mark my words"): full names are still replaced.
    keep_words: list[str] = field(default_factory=list)
    #: Words that are parts of a respondent's name, replaced wherever they stand, even
    #: where they read as an ordinary word and would be kept ("Price is too high").
    replace_words: list[str] = field(default_factory=list)
    #: The names the deliverable says prepared it ("Prepared by", the file's author), as
    #: the consultant gave them at the export; None (or no name): the engagement's
    #: consultants, else the consultant signed in.
    prepared_by: list[str] | None = None

    def __post_init__(self) -> None:
        if self.prepared_by is not None:
            names = [" ".join(str(n).split()) for n in self.prepared_by]
            long = next((n for n in names if len(n) > MAX_NAME), None)
            if long is not None:
                raise ValueError(
                    f"'Prepared by' takes names of at most {MAX_NAME} characters "
                    f"('{long[:40]}…' has {len(long)})"
                )
            self.prepared_by = [n for n in names if n] or None
        if self.k is not None and (
            isinstance(self.k, bool) or not isinstance(self.k, int) or self.k < 1
        ):
            raise ValueError(f"k must be a whole number of respondents, 1 or more (not {self.k!r})")
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise ValueError(
                f"unknown report section(s) {', '.join(map(repr, unknown))}; "
                f"choose from {', '.join(SECTIONS)}"
            )


@dataclass
class ReportContext:
    engagement: EngagementInfo
    method: MethodSummary = field(default_factory=MethodSummary)
    respondents: list[RespondentRow] = field(default_factory=list)
    results: list[AnalysisResult] = field(default_factory=list)
    findings: list[FindingItem] = field(default_factory=list)
    recommendations: list[RecommendationItem] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    options: ReportOptions = field(default_factory=ReportOptions)
    #: The anonymiser of an anonymised report (built from ``respondents`` when ``None``).
    anonymiser: Any = None
    #: Wave comparisons (first → latest wave) that the summary leads with.
    changes: list[AnalysisResult] = field(default_factory=list)
    #: The headline scores and their change since the baseline
    #: (:class:`~workbench.deliver.headlines.HeadlineSummary`; None: not computed).
    headlines: Any = None
    #: interview id → who and when (the evidence columns of tables name them).
    interviews: dict[str, InterviewRef] = field(default_factory=dict)
    #: The waves the quotes are drawn from: one wave's name, or
    #: :data:`~workbench.analysis.data.ALL_WAVES`; "" when the engagement has no waves.
    quotes_wave: str = ""
    #: Findings quoting a figure their cited analysis no longer gives, one line each
    #: (:func:`~workbench.deliver.finding_checks.stale_numbers`); for the consultant, not
    #: printed in the report.
    finding_warnings: list[str] = field(default_factory=list)

    def quotes_heading_scope(self) -> str:
        """What the quotes appendix's heading says of their waves: ``"wave: re-audit"``,
        ``"all waves"`` or "" (no waves)."""
        from workbench.analysis.data import ALL_WAVES

        if not self.quotes_wave:
            return ""
        return "all waves" if self.quotes_wave == ALL_WAVES else f"wave: {self.quotes_wave}"

    def quotes_span_waves(self) -> bool:
        """Whether the quotes come from more than one wave (each is then labelled)."""
        return len({q.wave for q in self.quotes if q.wave}) > 1


def format_date(value: Any) -> str:
    """``2025-03-07`` -> ``"7 March 2025"``; strings that are not ISO dates pass through."""
    if value is None or value == "" or value != value:  # NaN / NaT: no date
        return ""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, str):
        if _MONTH.fullmatch(value):  # a month only (anonymised deliverables)
            return f"{_dt.date.fromisoformat(value + '-01'):%B %Y}"
        try:
            value = _dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, _dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def format_period(start: Any, end: Any) -> str:
    """A readable date range: ``"3–21 March 2025"``, ``"28 February – 4 March 2025"``."""
    months = isinstance(start, str) and isinstance(end, str)
    if months and _MONTH.fullmatch(start) and _MONTH.fullmatch(end):  # "March – May 2026"
        if start == end:
            return format_date(start)
        if start[:4] == end[:4]:
            return f"{format_date(start).split()[0]} \u2013 {format_date(end)}"
        return f"{format_date(start)} \u2013 {format_date(end)}"
    a, b = _as_date(start), _as_date(end)
    if a and b:
        if a == b:
            return format_date(a)
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{b.day} {b:%B %Y}"
        if a.year == b.year:
            return f"{a.day} {a:%B} – {b.day} {b:%B %Y}"
        return f"{format_date(a)} – {format_date(b)}"
    return format_date(start) or format_date(end)


def join_names(names: list[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"``."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _as_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return _dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None
