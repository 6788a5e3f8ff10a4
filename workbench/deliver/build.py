"""From an open engagement to its deliverables: the one path both the window and the
command line take to a Word report or an Excel workbook.

``report_context`` fills the exporters' plain dataclasses from the store;
``run_selected_analyses`` runs the analyses a report asks for on one EngagementData;
``export_report`` and ``export_workbook`` put it together.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench.analysis.result import AnalysisResult
from workbench.deliver.context import (
    EngagementInfo,
    FindingItem,
    MethodSummary,
    OriginPart,
    Quote,
    RecommendationItem,
    ReportContext,
    ReportOptions,
    RespondentRow,
    interview_refs,
)

Progress = Callable[[float, str], Any] | None


@dataclass(frozen=True)
class AnalysisChoice:
    """One analysis to include: its id, parameters (defaults where not given) and the
    subset it covers (``segment``, ``wave``, ``attribute``: [name, value]) within the
    report's own scope; ``waves``: [a, b] shows the change between two waves."""

    analysis_id: str
    params: dict[str, Any] = field(default_factory=dict)
    scope: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_entry(cls, entry: Any) -> AnalysisChoice:
        """From the engagement's stored report selection (a ``ReportEntry``)."""
        return cls(entry.analysis_id, dict(entry.params or {}), dict(entry.scope or {}))

    def data_for(self, data: Any) -> Any:
        if not self.scope:
            return data
        attribute = self.scope.get("attribute")
        return data.filter(
            segment=self.scope.get("segment"),
            wave=self.scope.get("wave"),
            attribute=tuple(attribute) if attribute else None,
        )


# What a report holds when nobody chose: the service-quality models in the order a
# consultant tells the story — the customer's gap, where it comes from, what to fix first,
# how customers behave, and how mature the provider is — then, when the material is coded
# (by hand, suggestions accepted, or another QDA tool's coding), how often each code came
# up.  The other coding analyses are working tools; they go into a deliverable when chosen.
# Each is left out when its check says the data does not fit it.
DEFAULT_ANALYSES = (
    "servqual",
    "gaps-model",
    "total-customer-service",
    "importance-performance",
    "seven-sins",
    "satisfaction-loyalty",
    "itsm-maturity",
    "code-frequency",
)


class DeliverableError(Exception):
    """A deliverable cannot be made; the message says why in a consultant's words."""


def engagement_info(store: Any, prepared_by: list[str] | None = None) -> EngagementInfo:
    """The engagement as the deliverables describe it; ``prepared_by``, the names given at
    the export (None: :func:`default_prepared_by`)."""
    eng = store.engagement()
    consultants = list(eng.consultants or [])
    return EngagementInfo(
        client=eng.client,
        title=eng.title,
        scope=eng.scope,
        consultants=consultants,
        start_date=eng.start_date,
        end_date=eng.end_date,
        waves=[w.name for w in store.waves()],
        prepared_by=list(prepared_by or []) or _default_prepared_by(consultants),
    )


def default_prepared_by(store: Any) -> list[str]:
    """Who a deliverable says prepared it when the export names no one: the engagement's
    consultants, else the consultant signed in to export (the name they gave, never the
    computer's login nor whoever created the file on a shared machine); [] when neither."""
    return _default_prepared_by(list(store.engagement().consultants or []))


def _default_prepared_by(consultants: list[str]) -> list[str]:
    from workbench.settings import UNNAMED, consultant_name

    if consultants:
        return consultants
    name = " ".join(consultant_name().split())
    return [name] if name and name != UNNAMED else []


def _text(value: Any) -> str:
    """An optional text field of a respondent (role, unit…) as text: "" when unset."""
    return "" if value is None or value != value else str(value)


def _respondent_rows(data: Any) -> list[RespondentRow]:
    """The respondents in scope, ordered by segment, unit and name; a respondent with no
    segment is in :data:`NO_SEGMENT`, and an unset role or unit is "" (never None)."""
    from workbench.analysis.labels import segment_label

    rows = []
    frame = data.respondents.assign(
        segment=data.respondents["segment"].map(segment_label),
        org_unit=data.respondents["org_unit"].map(_text),
        role=data.respondents["role"].map(_text),
        name=data.respondents["name"].map(_text),
    )
    frame = frame.sort_values(["segment", "org_unit", "name"], kind="stable")
    iv = data.interviews
    interviewed = set(iv.loc[iv["status"] == "complete", "respondent_id"])
    attrs = [c for c in frame.columns if str(c).startswith("attr:")]
    for i, r in enumerate(frame.to_dict("records"), start=1):
        rows.append(
            RespondentRow(
                label=f"R{i:02d}",
                name=r["name"],
                role=r["role"],
                org_unit=r["org_unit"],
                segment=r["segment"],
                attributes={c[5:]: r[c] for c in attrs if r[c] is not None and r[c] == r[c]},
                interviewed=r["respondent_id"] in interviewed,
            )
        )
    return rows


def make_anonymiser(store: Any, data: Any, options: ReportOptions) -> Any:
    """The anonymiser of a deliverable: the register, the extra terms (the engagement's
    and the options'), k (the options', else the engagement's) and the engagement's
    vocabulary (its forms and codebook) and text, which tell the name parts that may be
    ordinary words (and those kept where they read as one: see ``Anonymiser``)."""
    from workbench.analysis.registry import discover
    from workbench.deliver.anonymise import Anonymiser, engagement_texts, vocabulary

    options = protected_options(store, options)
    codes = store.code_paths().values()
    own = vocabulary(data.forms.values(), codes)
    texts = []
    for analysis in discover().analyses():
        texts += [analysis.title, analysis.description]
    return Anonymiser(
        _respondent_rows(data),
        terms=options.anonymise_terms,
        k=options.k,
        vocabulary=own | vocabulary((), texts),
        own_words=own,
        texts=engagement_texts(store, data),
        answers=identifying_answers(data),
        keep_words=options.keep_words,
        replace_words=options.replace_words,
        code_words=vocabulary((), codes),
        consultants=[*data.interviews["interviewer"], *data.segments["coder"]],
        date_questions={
            (form_id, q.key)
            for form_id, form in data.forms.items()
            for q in form.iter_questions()
            if q.type == "date"
        },
    )


def identifying_answers(data: Any) -> dict[str, dict[str, str]]:
    """Each respondent's answers to the forms' identifying questions (role, unit,
    contact…), by name and question key: the first answer given, as text."""
    from workbench.forms.library import identifying_keys

    wanted = {
        (form_id, key) for form_id, form in data.forms.items() for key in identifying_keys(form)
    }
    if not wanted:
        return {}
    names = data.respondents.set_index("respondent_id")["name"]
    out: dict[str, dict[str, str]] = {}
    a = data.answers
    for rid, form_id, key, value, txt in zip(
        a["respondent_id"], a["form_id"], a["question_key"], a["value"], a["text"], strict=True
    ):
        if (form_id, key) not in wanted:
            continue
        shown = txt if isinstance(txt, str) and txt.strip() else _plain(value)
        if shown is None or shown != shown or not str(shown).strip():
            continue
        out.setdefault(str(names.get(rid, "")), {}).setdefault(key, str(shown))
    return out


def protected_options(store: Any, options: ReportOptions) -> ReportOptions:
    """``options`` with the engagement's protection settings filled in: its k where the
    options give none, its extra terms before the options' own."""
    from workbench.deliver.anonymise import merged_terms
    from workbench.store.protection import protection

    kept = protection(store)
    return replace(
        options,
        k=options.k if options.k is not None else kept.k,
        anonymise_terms=merged_terms(kept.terms, options.anonymise_terms),
    )


def interview_origins(data: Any) -> list[str]:
    """The origin of each of ``data.interviews`` (in its order): ``"qda"`` a project
    brought in from another QDA tool (REFI-QDA), ``"transcript"`` a recording's transcript
    (its turns are the notes), ``"survey:<platform>"`` a survey platform's export,
    ``"sheet"`` a row of a plain sheet of responses (no interviewer named), ``"form"``
    answers entered in Workbench's forms (or a sheet's rows of interviews held)."""
    from workbench.coding.qdpx import SOURCE_REF
    from workbench.coding.transcripts import TRANSCRIPT_REF

    interviews = data.interviews
    spoken = _spoken(data)
    out: list[str] = []
    refs = interviews["source_ref"] if "source_ref" in interviews else [None] * len(interviews)
    for iv, ref in zip(interviews["interview_id"], refs, strict=True):
        ref = ref if isinstance(ref, str) else ""
        if ref.startswith(SOURCE_REF):
            out.append("qda")
        elif ref.startswith(TRANSCRIPT_REF) or iv in spoken:
            out.append("transcript")
        elif ref.startswith("sheet:"):
            out.append("sheet")
        elif ref:
            out.append(f"survey:{ref.split(':', 1)[0]}")
        else:
            out.append("form")
    return out


def material_origins(data: Any) -> dict[str, int]:
    """Where the engagement's interviews came from, origin -> number of interviews (the
    origins of :func:`interview_origins`)."""
    return dict(Counter(interview_origins(data)))


#: The origins whose interviews were held by someone of the firm: only these name an
#: interviewer in the report (a survey response or another tool's source has none; an
#: older import may have recorded the importing consultant there).
HELD_ORIGINS = ("form", "transcript")


def _origin_parts(
    done: Any, kinds: list[str], spoken: set[str] | None = None
) -> dict[str, OriginPart]:
    """Origin -> what the completed interviews ``done`` of that origin amount to
    (``spoken``: the interviews whose notes are speakers' turns)."""
    out: dict[str, OriginPart] = {}
    for kind in dict.fromkeys(kinds):
        rows = done.loc[[k == kind for k in kinds]]
        dates = [d for d in rows["date"] if d is not None and d == d]
        out[kind] = OriginPart(
            count=len(rows),
            respondents=int(rows["respondent_id"].nunique()),
            date_from=min(dates) if dates else None,
            date_to=max(dates) if dates else None,
            transcripts=sum(1 for i in rows["interview_id"] if i in (spoken or ())),
        )
    return out


def _spoken(data: Any) -> set[str]:
    """The interviews whose notes are speakers' turns (a conversation's transcript)."""
    notes = data.notes
    if "speaker" not in notes or not len(notes):
        return set()
    turns = notes["speaker"].fillna("").astype(str).str.len() > 0
    return set(notes.loc[turns, "interview_id"])


def _method(data: Any) -> MethodSummary:
    from workbench.analysis.labels import material_kind, segment_label

    interviews = data.interviews
    done = interviews[interviews["status"] == "complete"]
    segments = data.respondents.set_index("respondent_id")["segment"]
    by_segment = Counter(segment_label(segments.get(rid)) for rid in done["respondent_id"].unique())
    titles = {fid: form.title for fid, form in data.forms.items()}
    kinds = interview_origins(data)
    done_kinds = [
        k for k, status in zip(kinds, interviews["status"], strict=True) if status == "complete"
    ]
    # another QDA tool's source follows no form (it is filed under one, its questions
    # unanswered): a form is used by the material that answered it
    answered = set(data.answers["interview_id"]) if len(data.answers) else set()
    on_form = done.loc[
        [k != "qda" or i in answered for k, i in zip(done_kinds, done["interview_id"], strict=True)]
    ]
    forms_used = [
        (titles.get(fid, fid), int(n)) for fid, n in on_form["form_id"].value_counts().items()
    ]
    people = on_form.groupby("form_id")["respondent_id"].nunique()
    date_from, date_to = fieldwork_dates(data)
    held = done.loc[[k in HELD_ORIGINS for k in done_kinds]]
    refs = done["source_ref"] if "source_ref" in done else [None] * len(done)
    material = {
        str(iid): material_kind(ref) for iid, ref in zip(done["interview_id"], refs, strict=True)
    }
    form_kinds: dict[str, set[str]] = {}
    for fid, iid in zip(on_form["form_id"], on_form["interview_id"], strict=True):
        form_kinds.setdefault(titles.get(fid, fid), set()).add(material[str(iid)])
    return MethodSummary(
        interview_count=len(done),
        respondent_count_by_segment=dict(sorted(by_segment.items())),
        forms_used=forms_used,
        date_from=date_from,
        date_to=date_to,
        undated=sum(1 for d in done["date"] if d is None or d != d),
        interviewers=sorted({str(i) for i in held["interviewer"] if i and i == i}),
        form_respondents={titles.get(fid, fid): int(n) for fid, n in people.items()},
        waves_with_data=data.waves_with_data(),
        origins=dict(Counter(done_kinds)),  # completed material only: a draft is none
        draft_origins=dict(
            Counter(
                k for k, st in zip(kinds, interviews["status"], strict=True) if st != "complete"
            )
        ),
        by_origin=_origin_parts(done, done_kinds, _spoken(data)),
        imported_drafts=sum(
            1
            for k, status in zip(kinds, interviews["status"], strict=True)
            if k != "form" and status != "complete"
        ),
        material=material,
        form_kinds={title: sorted(k) for title, k in form_kinds.items()},
    )


def fieldwork_dates(data: Any, engagement: EngagementInfo | None = None) -> tuple[Any, Any]:
    """(first, last) date of the completed interviews in scope: the fieldwork period.

    The one place the period is computed: the title page, the summary, the method section
    and the workbook all show it.  Only when no completed interview has a date does it
    fall back to the engagement's start and end dates.
    """
    interviews = data.interviews
    done = interviews[interviews["status"] == "complete"]
    dates = [d for d in done["date"] if d is not None and d == d]
    if dates:
        return min(dates), max(dates)
    if engagement is not None:
        return engagement.start_date, engagement.end_date
    return None, None


def report_quotes(store: Any, data: Any) -> tuple[list[Quote], str]:
    """The quotes of a report on ``data`` and the waves they come from, following the
    report's wave scope as its analyses do: the wave chosen, every wave (:data:`ALL_WAVES`,
    each quote carrying its wave), or by default the latest wave with data — the latest
    one whose completed interviews have accepted coded segments, when the latest has
    none.  The wave is "" when the engagement has no named waves."""
    quotes = _quotes(store, data)
    scope = getattr(data, "wave_scope", None)
    if scope is not None:
        return quotes, scope or ""
    waves = data.waves_with_data()
    if not waves:
        return quotes, ""
    quoted = {q.wave for q in quotes}
    latest = next((w for w in reversed(waves) if w in quoted), waves[-1])
    return [q for q in quotes if q.wave == latest], latest


def _quotes(store: Any, data: Any) -> list[Quote]:
    from workbench.analysis.labels import material_kind, segment_label
    from workbench.coding import passages

    if data.segments.empty:
        return []
    paths = store.code_paths()
    names = data.respondents.set_index("respondent_id")["name"]
    segments = data.respondents.set_index("respondent_id")["segment"]
    dates = data.interviews.set_index("interview_id")["date"]
    waves = data.interviews.set_index("interview_id")["wave"]
    # An observation checklist's interview is the consultant's observation of the
    # respondent, not the respondent's words.
    observing = {
        fid
        for fid, form in data.forms.items()
        if any(q.type == "checklist" for q in form.iter_questions())
    }
    forms = data.interviews.set_index("interview_id")["form_id"]
    refs = (
        data.interviews.set_index("interview_id")["source_ref"]
        if "source_ref" in data.interviews
        else None
    )
    bodies = data.notes.set_index("note_id")["body"] if len(data.notes) else {}
    counted = data.segments[data.segments["status"] == "accepted"]
    # Evidence comes from completed interviews only: a draft is never quoted.
    complete = set(data.interviews.loc[data.interviews["status"] == "complete", "interview_id"])
    counted = counted[counted["interview_id"].isin(complete)]
    # Two coders' segments of one code on overlapping words are one passage: quoted once,
    # in full (their union), as code frequency counts it.
    counted = passages(counted)
    # The same words coded with the same code are quoted once: from the latest interview
    # that holds them (the newest wave's, when a respondent said them again).
    when = counted["interview_id"].map(lambda i: str(dates.get(i) or ""))
    counted = counted.assign(_when=when).sort_values("_when", ascending=False, kind="stable")
    seen: set[tuple[str, str]] = set()
    quotes = []
    for seg in counted.itertuples(index=False):
        path = paths.get(seg.code_id)
        wave = waves.get(seg.interview_id)
        wave = "" if wave is None or wave != wave else str(wave)
        if path is None or (path, seg.text) in seen:
            continue
        seen.add((path, seg.text))
        recorded, text = whose_words(seg, bodies)
        kind = material_kind(refs.get(seg.interview_id) if refs is not None else None)
        if kind == "source" and recorded == "notes":
            recorded = ""  # another QDA tool's document: its text, quoted as before
        quotes.append(
            Quote(
                code_path=path,
                respondent_name=str(names.get(seg.respondent_id, "")),
                respondent_label="",
                text=text,
                interview_date=dates.get(seg.interview_id),
                observation=forms.get(seg.interview_id) in observing,
                recorded=recorded,
                segment=segment_label(segments.get(seg.respondent_id)),
                wave=wave,
                kind=kind,
            )
        )
    quotes.sort(key=lambda q: (q.code_path, str(q.interview_date or "")))
    return quotes


#: Quotation marks a consultant's notes may put around a person's own words.
_OPENING = '\u201c\u201e\u00ab"'
_CLOSING = '\u201d\u201c\u00bb"'


#: The workbook's words for :attr:`Quote.recorded` (its Coded segments sheet).
WORDS_OF = {
    "": "respondent",
    "notes": "interview notes",
    "interviewer": "interviewer",
    "other": "other speaker",
}


def whose_words(seg: Any, bodies: Any) -> tuple[str, str]:
    """(whose words a coded passage is — :attr:`Quote.recorded` —, its text to show).

    An answer and a transcript turn of the respondent are the respondent's words. A
    passage of the consultant's own note is the consultant's record, unless the note puts
    it between quotation marks (then it is what the person said, shown without the
    note's marks); another speaker's turn is theirs."""
    text = str(seg.text)
    if getattr(seg, "source_kind", "answer") != "note":
        return "", text
    speaker = str(getattr(seg, "speaker", "") or "")
    role = speaker.partition(":")[0].strip().lower()
    if role == "respondent":
        return "", text
    if role in ("interviewer", "other"):
        return role, text
    stripped = text.strip()
    if len(stripped) > 1 and stripped[0] in _OPENING and stripped[-1] in _CLOSING:
        return "", stripped[1:-1].strip()
    body = bodies.get(getattr(seg, "source_id", None)) if len(bodies) else None
    if isinstance(body, str):
        try:
            start, end = int(seg.start), int(seg.end)
        except (TypeError, ValueError):
            return "notes", text
        if _quoted(body, start, end):
            return "", text
    return "notes", text


def _quoted(body: str, start: int, end: int) -> bool:
    """Whether ``body[start:end]`` lies within quotation marks of the note: after an
    opening mark that no closing mark follows before ``start``, and before a closing
    mark that no opening mark precedes after ``end`` (a straight double quote opens
    when an even number come before it)."""
    before, after = body[:start], body[end:]
    straight = before.count('"')
    if straight % 2 == 1 and '"' in after:
        return True
    curly_open = max(before.rfind(c) for c in "\u201c\u201e\u00ab")
    curly_shut = max(before.rfind(c) for c in "\u201d\u00bb")
    if curly_open < 0 or curly_shut > curly_open:
        return False
    shut = min((i for i in (after.find(c) for c in "\u201d\u00bb") if i >= 0), default=-1)
    if shut < 0:
        return False
    reopen = [i for i in (after.find(c) for c in "\u201c\u201e\u00ab") if i >= 0]
    return not reopen or min(reopen) > shut


def _findings(store: Any) -> tuple[list[FindingItem], list[RecommendationItem]]:
    numbers = {}
    findings = []
    for i, f in enumerate(store.findings(), start=1):
        numbers[f.id] = i
        findings.append(
            FindingItem(
                number=i,
                statement=f.statement,
                severity=f.severity,
                evidence=[str(e.get("label") or e.get("id")) for e in (f.evidence or [])],
                analyses=[
                    str(e["id"])
                    for e in (f.evidence or [])
                    if isinstance(e, dict) and e.get("kind") == "analysis" and e.get("id")
                ],
            )
        )
    recommendations = [
        RecommendationItem(
            number=i,
            text=r.text,
            owner=r.owner,
            effort=r.effort,
            impact=r.impact,
            timing=r.timing,
            pdca_stage=r.pdca_stage,
            finding_numbers=[numbers[f.id] for f in r.findings if f.id in numbers],
        )
        for i, r in enumerate(store.recommendations(), start=1)
    ]
    return findings, recommendations


def scoped_data(store: Any, options: ReportOptions, progress: Progress = None) -> Any:
    from workbench.analysis.loader import load_engagement_data

    data = load_engagement_data(store, progress)
    if options.wave or options.segment:
        data = data.filter(segment=options.segment, wave=options.wave)
    return data


def run_selected_analyses(
    data: Any,
    choices: Sequence[AnalysisChoice] | None,
    progress: Progress = None,
    left_out: list[str] | None = None,
    regroup: Callable[[Any], Any] | None = None,
) -> list[AnalysisResult]:
    """Run each chosen analysis (the applicable DEFAULT_ANALYSES when ``choices`` is None).

    A chosen analysis that does not apply to the data in scope (its check says no, or its
    run finds nothing to work on) never blocks the deliverable: it is left out and, when
    ``left_out`` is given, a line saying which and why is appended to it.  ``regroup``
    (an anonymised deliverable's :meth:`~workbench.deliver.anonymise.Anonymiser.regrouped`)
    turns each analysis's data, once chosen, into what it runs on.
    """
    from workbench.analysis.registry import NotApplicable, compare_waves, discover, run_analysis

    def leave_out(title: str, reason: str) -> None:
        if left_out is not None:
            reason = reason.strip().rstrip(".")
            left_out.append(
                f"{reason}, so it is left out."
                if reason.startswith(title)
                else f"{title} is left out: {reason}."
            )

    registry = discover()
    if choices is None:
        by_id = {a.id: a for a in registry.analyses()}
        analyses = [
            (by_id[i], {}, _as_analysed(regroup, by_id[i], {}, data), None)
            for i in DEFAULT_ANALYSES
            if i in by_id and by_id[i].check(data.in_scope(by_id[i].check)).ok
        ]
    else:
        analyses = []
        for choice in choices:
            try:
                analysis = registry.get(choice.analysis_id)
            except KeyError:
                known = ", ".join(a.id for a in registry.analyses())
                raise DeliverableError(
                    f"there is no analysis {choice.analysis_id!r}; known: {known}"
                ) from None
            subset = choice.data_for(data)
            applicable = analysis.check(subset.in_scope(analysis.check))
            if not applicable.ok:
                leave_out(analysis.title, applicable.reason)
                continue
            subset = _as_analysed(regroup, analysis, choice.params, subset)
            analyses.append((analysis, choice.params, subset, choice.scope.get("waves")))
    results = []
    for i, (analysis, params, subset, waves) in enumerate(analyses):
        if progress:
            progress(i / max(len(analyses), 1), f"Running {analysis.title}")
        try:
            if waves:
                results.append(compare_waves(analysis, subset, waves[0], waves[1], params))
            else:
                results.append(run_analysis(analysis, subset, params))
        except NotApplicable as exc:
            leave_out(analysis.title, exc.reason)
    return results


def _as_analysed(
    regroup: Callable[..., Any] | None, analysis: Any, params: dict[str, Any], data: Any
) -> Any:
    """The data ``analysis`` runs on: in an anonymised deliverable (``regroup``) with the
    respondents' segments as shown, except a segment its parameters name (the gaps model's
    managers), which it needs to find its people."""
    if regroup is None:
        return data
    try:
        named = {v for v in analysis.resolve_params(params or {}).values() if isinstance(v, str)}
    except Exception:  # noqa: BLE001 - a parameter the run itself will refuse
        named = set()
    return regroup(data, keep=named)


def _first_and_last_waves(
    data: Any, results: Sequence[AnalysisResult], progress: Progress
) -> Iterator[tuple[Any, AnalysisResult, str, str]]:
    """(analysis, the report's result of it, first wave, latest wave) for each analysis of
    ``results`` once, with a progress message for each; nothing when ``data`` holds fewer
    than two waves with completed interviews, or the report is limited to one wave or
    pools all of them.  Wave comparisons themselves are left out."""
    from workbench.analysis.registry import discover

    if getattr(data, "wave_scope", None) is not None:
        return
    waves = data.waves_with_data()
    if len(waves) < 2:
        return
    first, last = waves[0], waves[-1]
    registry = discover()
    seen = set()
    for i, result in enumerate(results):
        if result.analysis_id in seen or "→" in result.title:
            continue
        seen.add(result.analysis_id)
        try:
            analysis = registry.get(result.analysis_id)
        except KeyError:
            continue
        if progress:
            progress(i / max(len(results), 1), f"Comparing {first} and {last}: {analysis.title}")
        yield analysis, result, first, last


def wave_changes(
    data: Any,
    results: Sequence[AnalysisResult],
    progress: Progress = None,
    regroup: Callable[..., Any] | None = None,
) -> list[AnalysisResult]:
    """What changed from the first to the latest wave with data, for each analysis of
    ``results`` that has per-respondent scores and data in both waves.

    Empty when ``data`` holds fewer than two waves with completed interviews, or when
    the report is limited to one wave or pools all of them.
    """
    from workbench.analysis.registry import AnalysisFailed, NotApplicable, compare_waves

    out = []
    for analysis, result, first, last in _first_and_last_waves(data, results, progress):
        # The report's own result on the first or latest wave is that wave's run: it is
        # reused, not run again (only when it rests on that wave alone, whole).
        done = {
            w: r
            for r in results
            if r.analysis_id == result.analysis_id and r.params == result.params
            for w in (first, last)
            if r.wave == w and r.scope == data.filter(wave=w).scope
        }
        try:
            subset = _as_analysed(regroup, analysis, result.params, data)
            compared = compare_waves(analysis, subset, first, last, result.params, done=done)
        except (NotApplicable, AnalysisFailed):
            continue
        if compared.tables and compared.tables[0].name == "changes":
            out.append(compared)
    return out


def score_changes(
    data: Any, results: Sequence[AnalysisResult], progress: Progress = None
) -> list[AnalysisResult]:
    """The table of changes alone (``changes``, as :func:`wave_changes` puts first) for each
    analysis of ``results`` with per-respondent scores in the first and latest waves.

    Only the respondents' scores are computed on each wave, with the parameters the
    analysis ran with; the whole analysis is not run again on each wave, since only this
    table is kept (the workbook's comparison sheets).
    """
    from workbench.analysis import compare
    from workbench.analysis.registry import AnalysisFailed

    out = []
    subsets: dict[str, Any] = {}
    for analysis, result, first, last in _first_and_last_waves(data, results, progress):
        for w in (first, last):
            if w not in subsets:
                subsets[w] = data.filter(wave=w)
        pair = [subsets[first], subsets[last]]
        params = analysis.resolve_params(result.params)
        try:
            if not all(analysis.check(s).ok for s in pair):
                continue
            scores = [analysis.respondent_scores(s, params) for s in pair]
        except Exception as exc:  # noqa: BLE001 - a plugin error is reported, not raised
            raise AnalysisFailed(analysis.id, exc) from exc
        if any(s is None for s in scores):
            continue
        changes = compare.compare_scores(scores[0], scores[1], "t")
        if not changes:
            continue
        out.append(
            AnalysisResult(
                analysis.id,
                f"{analysis.title}: {first} → {last}",
                tables=[compare.change_table(changes, first, last)],
                findings=compare.change_findings(changes, first, last),
                method_notes=compare.change_notes(changes, "t", first, last),
                params=dict(params),
                scope="; ".join(p for p in (data.scope, f"waves: {first} → {last}") if p),
            )
        )
    return out


def stored_choices(store: Any) -> list[AnalysisChoice] | None:
    """The engagement's own report selection, or None when it has none (use the defaults)."""
    entries = store.report_entries()
    return [AnalysisChoice.from_entry(e) for e in entries] or None


def report_context(
    store: Any,
    options: ReportOptions,
    choices: Sequence[AnalysisChoice] | None = None,
    progress: Progress = None,
    data: Any = None,
) -> ReportContext:
    options = protected_options(store, options)
    data = data if data is not None else scoped_data(store, options)
    if choices is None:
        choices = stored_choices(store)
    left_out: list[str] = []
    anonymiser = make_anonymiser(store, data, options) if options.anonymise else None
    # Anonymised, the analyses group the respondents by their segments as shown.
    regroup = anonymiser.regrouped if anonymiser is not None else None
    results = run_selected_analyses(
        data, choices, _part(progress, 0.0, 0.6), left_out, regroup=regroup
    )
    changes = wave_changes(data, results, _part(progress, 0.6, 0.8), regroup)
    from workbench.deliver.headlines import headline_summary

    headlines = headline_summary(results, changes, data)
    findings, recommendations = _findings(store)
    respondents = _respondent_rows(data)
    quotes, quotes_wave = report_quotes(store, data)
    from workbench.deliver.finding_checks import stale_numbers

    return ReportContext(
        engagement=engagement_info(store, options.prepared_by),
        method=replace(_method(data), left_out=left_out),
        respondents=respondents,
        results=results,
        findings=findings,
        recommendations=recommendations,
        quotes=quotes,
        quotes_wave=quotes_wave,
        finding_warnings=stale_numbers(findings, results + changes),
        options=options,
        anonymiser=anonymiser,
        changes=changes,
        headlines=headlines,
        interviews=interview_refs(data),
    )


def export_report(
    store: Any,
    path: str | Path,
    options: ReportOptions | None = None,
    *,
    choices: Sequence[AnalysisChoice] | None = None,
    template: str | Path | None = None,
    progress: Progress = None,
    warnings: list[str] | None = None,
    log: list[Any] | None = None,
) -> Path:
    """Write the Word report; when ``warnings`` is given, a line is appended to it for each
    finding that quotes a figure its cited analysis no longer gives (the report itself is
    written as the findings stand); when ``log`` is, the anonymisation's log (its changes
    and the words kept) is added to it."""
    out, anonymiser = _write_report(store, path, options, choices, template, progress, warnings)
    _add_log(log, anonymiser)
    return out


def _add_log(log: list[Any] | None, anonymiser: Any) -> None:
    if log is not None and anonymiser is not None:
        log.extend(anonymiser.log)


def _write_report(
    store: Any,
    path: str | Path,
    options: ReportOptions | None,
    choices: Sequence[AnalysisChoice] | None,
    template: str | Path | None,
    progress: Progress,
    warnings: list[str] | None = None,
) -> tuple[Path, Any]:
    from workbench.deliver.word import build_report

    options = options or ReportOptions()
    context = report_context(store, options, choices, _part(progress, 0.0, 0.5))
    if warnings is not None and {"summary", "findings"} & set(options.sections):
        # Only a report that gives the findings (the summary's key findings or the
        # findings section) can carry a stale figure.
        warnings.extend(context.finding_warnings)
    out = build_report(path, context, template=template, progress=_part(progress, 0.5, 1.0))
    return out, context.anonymiser


def export_workbook(
    store: Any,
    path: str | Path,
    *,
    choices: Sequence[AnalysisChoice] | None = None,
    options: ReportOptions | None = None,
    progress: Progress = None,
    log: list[Any] | None = None,
) -> Path:
    """Write the Excel workbook (``log`` as :func:`export_report`'s)."""
    out, anonymiser = _write_workbook(store, path, choices, options, progress)
    _add_log(log, anonymiser)
    return out


def _write_workbook(
    store: Any,
    path: str | Path,
    choices: Sequence[AnalysisChoice] | None,
    options: ReportOptions | None,
    progress: Progress,
) -> tuple[Path, Any]:
    from workbench.deliver.excel import write_workbook

    options = protected_options(store, options or ReportOptions())
    data = scoped_data(store, options)
    if choices is None:
        choices = stored_choices(store)
    left_out: list[str] = []
    anonymiser = make_anonymiser(store, data, options) if options.anonymise else None
    # Anonymised, the analyses group the respondents by their segments as shown.
    regroup = anonymiser.regrouped if anonymiser is not None else None
    results = run_selected_analyses(
        data, choices, _part(progress, 0.0, 0.3), left_out, regroup=regroup
    )
    # After the analyses, each comparison's table of changes (the per-table differences
    # are in the window and the command line).
    results = results + score_changes(data, results, _part(progress, 0.3, 0.4))
    engagement = engagement_info(store, options.prepared_by)
    # The workbook's "Fieldwork" is the same period as the report's.
    first, last = fieldwork_dates(data, engagement)
    engagement = replace(engagement, start_date=first, end_date=last)
    raw = raw_frames(store, data)
    if anonymiser is not None:
        from workbench.deliver.anonymise import (
            anonymise_frames,
            months_only,
            result_vocabulary,
        )

        with anonymiser.at("workbook: summary"):
            engagement = replace(
                engagement,
                title=anonymiser.scrub_prose(engagement.title),
                scope=anonymiser.scrub_prose(engagement.scope),
            )
        anonymiser.protect(result_vocabulary(results))
        results = [anonymiser.suppress_small_cells(r) for r in results]
        raw = anonymise_frames(anonymiser, raw)
        engagement = months_only(anonymiser, engagement, "workbook: summary")
        anonymiser.where = "workbook: analysis sheets"
    from workbench.deliver.dictionary import data_dictionary

    raw = {"dictionary": data_dictionary(raw, data.forms), **raw}
    out = write_workbook(
        path,
        engagement=engagement,
        results=results,
        raw=raw,
        progress=_part(progress, 0.4, 1.0),
        anonymiser=anonymiser,
        left_out=left_out,
        material=_method(data).material,
    )
    return out, anonymiser


def anonymisation_preview(
    store: Any,
    kind: str,
    options: ReportOptions,
    *,
    choices: Sequence[AnalysisChoice] | None = None,
    template: str | Path | None = None,
    progress: Progress = None,
) -> list[Any]:
    """Every replacement and suppression an anonymised ``kind`` (``"report"`` or
    ``"workbook"``) would make, as :class:`~workbench.deliver.anonymise.Replacement`
    rows in the order they are made, with a row of kind ``"kept"`` for each passage that
    keeps a name part as an ordinary word; nothing is written anywhere the user can see (the
    deliverable is built in a temporary folder and thrown away)."""
    import tempfile

    options = replace(options, anonymise=True)
    with tempfile.TemporaryDirectory(prefix="workbench-preview-") as tmp:
        if kind == "report":
            _, anonymiser = _write_report(
                store, Path(tmp) / "preview.docx", options, choices, template, progress
            )
        elif kind == "workbook":
            _, anonymiser = _write_workbook(
                store, Path(tmp) / "preview.xlsx", choices, options, progress
            )
        else:
            raise ValueError(f"no anonymisation preview for {kind!r}; choose report or workbook")
    return list(anonymiser.log)


def export_with_log(
    store: Any,
    kind: str,
    path: str | Path,
    options: ReportOptions,
    *,
    choices: Sequence[AnalysisChoice] | None = None,
    template: str | Path | None = None,
    progress: Progress = None,
    warnings: list[str] | None = None,
) -> tuple[Path, list[Any]]:
    """Write the ``kind`` ("report", "workbook" or "deck") and list every replacement and
    suppression an anonymised one made (empty when not anonymised): the window writes
    an anonymised deliverable aside, shows the list, and keeps the file only if asked.
    ``warnings`` gets the report's or the deck's stale finding figures, as from
    :func:`export_report`."""
    if kind == "report":
        out, anonymiser = _write_report(store, path, options, choices, template, progress, warnings)
    elif kind == "workbook":
        out, anonymiser = _write_workbook(store, path, choices, options, progress)
    elif kind == "deck":
        from workbench.deliver.deck import _write_deck

        out, anonymiser = _write_deck(store, path, options, choices, template, progress, warnings)
    else:
        raise ValueError(f"no deliverable {kind!r}; choose report, workbook or deck")
    return out, list(anonymiser.log) if anonymiser is not None else []


def raw_frames(store: Any, data: Any) -> dict[str, Any]:
    """The raw-data sheets: respondents, interviews, answers long and one wide sheet per
    form, codebook, segments.

    Every sheet about interviews carries the identifier columns respondent, segment, wave
    and date first; each frame's ``attrs`` hold its sheet's full ``title`` and a short
    ``sheet`` name.
    """
    import pandas as pd

    from workbench.deliver.dictionary import wide_with_identifiers

    paths = store.code_paths()
    from workbench.analysis.labels import segment_label

    people = data.respondents.assign(segment=data.respondents["segment"].map(segment_label))
    # the store holds consent as given or not: "not recorded" and "refused" look alike, so
    # the column says what TRUE means (consent recorded) rather than reading FALSE as refusal
    respondents = people.drop(columns=["respondent_id"]).rename(
        columns={"consent": "consent_recorded"}
    )
    people = people.set_index("respondent_id")
    names, segments_of = people["name"], people["segment"]
    iv = data.interviews
    ids = pd.DataFrame(
        {
            "respondent": iv["respondent_id"].map(names),
            "segment": iv["respondent_id"].map(segments_of),
            "wave": iv["wave"],
            "date": iv["date"],
        }
    ).set_axis(iv["interview_id"])
    titles = {fid: form.title for fid, form in data.forms.items()}
    interviews = pd.concat(
        [
            ids.reset_index(drop=True),
            pd.DataFrame(
                {
                    "form": iv["form_id"].map(titles).fillna(iv["form_id"]),
                    "form_id": iv["form_id"],
                    "form_version": iv["form_version"],
                    "interviewer": iv["interviewer"],
                    "status": iv["status"],
                    "interview_id": iv["interview_id"],
                }
            ),
        ],
        axis=1,
    )

    def identified(frame: Any, rest: list[str]) -> Any:
        """``frame``'s ``rest`` columns after the identifiers of its interview."""
        head = ids.reindex(frame["interview_id"]).reset_index(drop=True)
        return pd.concat([head, frame[rest].reset_index(drop=True)], axis=1)

    answers = identified(
        data.answers,
        ["form_id", "question_key", "item", "value", "num", "text", "interview_id"],
    ).assign(value=lambda f: f["value"].map(_plain))
    wide = []
    for form_id in sorted(data.forms):
        frame = data.wide(form_id, complete_only=False)
        # an interview whose answers are all empty (nothing selected) keeps its row
        of_form = iv.loc[iv["form_id"] == form_id, "interview_id"]
        frame = frame.reindex(list(frame.index) + [i for i in of_form if i not in frame.index])
        if len(frame.index):
            wide.append((form_id, wide_with_identifiers(frame, ids, iv)))
    from workbench.coding.counts import CodeCount, code_counts, frame_statuses
    from workbench.coding.service import tree_order

    codes = tree_order(store.codes())  # as the codebook reads: parents before sub-codes
    counts = code_counts(codes, frame_statuses(data.segments))  # as the Codebook page
    codebook = pd.DataFrame(
        [
            {
                "path": paths.get(c.id, c.name),
                "colour": c.colour,
                "description": c.description,
                "definition": c.definition,
                "when to use": c.when_to_use,
                "when not to use": c.when_not_to_use,
                "example": c.example,
                "origin": c.origin,
                **counts[c.id].as_row(),
            }
            for c in codes
            if c.id in paths
        ],
        columns=["path", "colour", "description", "definition", "when to use",
                 "when not to use", "example", "origin", *CodeCount().as_row()],  # fmt: skip
    )
    bodies = data.notes.set_index("note_id")["body"] if len(data.notes) else {}
    from workbench.analysis.labels import material_kind

    refs = iv.set_index("interview_id")["source_ref"] if "source_ref" in iv else {}
    words = [
        WORDS_OF[
            ""
            if material_kind(refs.get(g.interview_id)) == "source" and recorded == "notes"
            else recorded
        ]
        for g in data.segments.itertuples(index=False)
        for recorded in [whose_words(g, bodies)[0]]
    ]
    coded = identified(
        data.segments.assign(code=data.segments["code_id"].map(paths), whose_words=words),
        ["code", "text", "whose_words", "coder", "status", "source_kind", "start", "end",
         "interview_id"],
    )  # fmt: skip
    frames = {"respondents": respondents, "interviews": interviews, "answers": answers}
    for form_id, frame in wide:
        title = titles.get(form_id, form_id)
        frame.attrs.update(title=f"Answers by interview: {title}", sheet=f"Answers – {title}")
        frames[f"answers_wide_{form_id}"] = frame
    frames["codebook"] = codebook
    frames["segments"] = coded
    frames["interviews"].attrs.update(title="Interviews: who, when, which form and wave")
    frames["answers"].attrs.update(title="Answers, one row per answer cell")
    return frames


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


def _part(progress: Progress, start: float, end: float) -> Progress:
    """A progress callback for a share of the work; it passes on a ``False`` (cancel)."""
    if progress is None:
        return None

    def report(fraction: float, message: str) -> Any:
        return progress(start + (end - start) * fraction, message)

    return report
