"""The words of the Word report: severities and their colours, references such as
``F3`` or ``R1``, counts, and the sentences of the executive summary, the method section
and a table's source line.
"""

from __future__ import annotations

from typing import Any

from workbench.analysis.result import Table
from workbench.deliver.context import (
    FindingItem,
    ReportContext,
    format_period,
    join_names,
    segment_counts,
)

_SEVERITY_RANK = {"critical": 4, "high": 3, "major": 3, "medium": 2, "moderate": 2, "low": 1}
_PDCA = {"plan": "Plan", "do": "Do", "check": "Check", "act": "Act"}
_NEGATIVE = "B42318"
_POSITIVE = "067647"


def _sign_colour(value: Any) -> str | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number or number == 0:
        return None
    return _NEGATIVE if number < 0 else _POSITIVE


def _severity_rank(severity: Any) -> float:
    if severity is None or severity == "":
        return 0
    if isinstance(severity, int | float):
        return float(severity)
    return _SEVERITY_RANK.get(str(severity).strip().lower(), 0)


def _severity_sort_key(f: FindingItem) -> tuple[float, str]:
    return (-_severity_rank(f.severity), str(f.number).zfill(6))


def _severity_label(severity: Any) -> str:
    if severity is None or severity == "":
        return ""
    return str(severity).strip().capitalize()


def _severity_colour(severity: Any) -> str | None:
    rank = _severity_rank(severity)
    if rank >= 3:
        return _NEGATIVE
    if rank >= 2:
        return "B54708"
    return None


def _ref(prefix: str, number: Any) -> str:
    text = str(number).strip()
    if text[:1].isalpha():
        return text
    return f"{prefix}{text}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _during(period: str) -> str:
    """ "between 3 and 21 March 2025", "on 7 March 2025", or for a month alone (an
    anonymised deliverable's dates) "in March 2025"."""
    if "–" in period:
        return f"between {period.replace('–', ' and ', 1).replace('  ', ' ')}"
    return f"on {period}" if period[:1].isdigit() else f"in {period}"


def _held_when(m: Any, period: str, verb: str = "") -> str:
    """ " held between … and …" of the interviews, with how many have no date where some
    do: the period is of the dated ones."""
    if not period:
        return ""
    if 0 < m.undated < m.interview_count:
        dated = m.interview_count - m.undated
        return f", {dated} of them {verb}{_during(period)} and {m.undated} undated"
    return f" {verb}{_during(period)}"


def _summary_intro(ctx: ReportContext) -> str:
    """The executive summary's opening paragraph (empty when there is nothing to say)."""
    e, m = ctx.engagement, ctx.method
    parts = []
    title = e.title.strip()
    if title:
        parts.append(f"This report sets out the findings of {title} for {e.client}.")
    n_resp = sum(m.respondent_count_by_segment.values())
    period = format_period(m.date_from, m.date_to)
    gathered = _gathered_parts(m)
    if gathered:
        parts.append(f"It draws on {join_names(gathered)}.")
    elif m.interview_count:
        sentence = f"It draws on {_count(m.interview_count, 'interview')}"
        if n_resp:
            sentence += f" with {_count(n_resp, 'respondent')}"
        sentence += _held_when(m, period, "held ")
        parts.append(sentence + ".")
    if m.imported_drafts:
        n = m.imported_drafts
        parts.append(
            f"The {_count(n, 'imported interview')} still in draft "
            f"{'is' if n == 1 else 'are'} left out of every analysis here; to include "
            f"{'it' if n == 1 else 'them'}, open each in Workbench, answer its form where "
            "needed and mark it complete, then write the report again."
        )
    n_findings = len(ctx.findings)
    if n_findings:
        high = sum(1 for f in ctx.findings if _severity_rank(f.severity) >= 3)
        s = f"We report {_count(n_findings, 'finding')}"
        if high:
            s += f", {high} of them of high severity or worse"
        if ctx.recommendations:
            s += f", and make {_count(len(ctx.recommendations), 'recommendation')}"
        parts.append(s + "; the most severe are listed first below.")
    return " ".join(parts)


def _method_sentences(ctx: ReportContext) -> list[str]:
    from workbench.analysis.data import ALL_WAVES, people_phrase
    from workbench.analysis.labels import NO_SEGMENT, material_noun

    m, o = ctx.method, ctx.options
    out: list[str] = []
    n_resp = sum(m.respondent_count_by_segment.values()) or len(ctx.respondents)
    period = format_period(m.date_from, m.date_to)
    segs = [
        f"{n} {seg}" if seg != NO_SEGMENT else f"{n} with no segment"
        for seg, n in segment_counts(m.respondent_count_by_segment)
    ]
    gathered = _gathered_sentences(m)
    if gathered:
        out.extend(gathered)
        if len(segs) > 1:
            out.append(f"Respondents by segment: {join_names(segs)}.")
    elif m.interview_count:
        s = f"We conducted {_count(m.interview_count, 'interview')}"
        if n_resp:
            s += f" with {_count(n_resp, 'respondent')}"
        s += _held_when(m, period)
        if len(segs) > 1:
            s += f": {join_names(segs)}"
        out.append(s + ".")
    if m.interviewers:
        held = "The interviews" if _not_all_held(m) else "Interviews"
        out.append(f"{held} were conducted by {join_names(list(m.interviewers))}.")
    if m.forms_used:
        forms = [
            f"{title} ({people_phrase(m.form_respondents.get(title, n), n, m.form_kinds.get(title))})"
            if title in m.form_respondents
            else f"{title} ({material_noun(n, m.form_kinds.get(title))})"
            for title, n in m.forms_used
        ]
        out.append(f"{_followed(m, each=len(forms) > 1)}: {join_names(forms)}.")
    # A wave counts as fieldwork once it holds completed material (a wave planned, or
    # holding drafts only, did not run yet).
    waves = list(m.waves_with_data)
    if waves:
        out.append(
            f"Fieldwork ran in {_count(len(waves), 'wave')}: {join_names(waves)}."
            if len(waves) > 1
            else f"Fieldwork ran in one wave ({waves[0]})."
        )
    subset = []
    if o.wave == ALL_WAVES:
        out.append(
            "The analyses in this report cover every wave, counting each respondent once "
            "with their latest completed interview of each form."
        )
    elif o.wave:
        subset.append(f"wave \u2018{o.wave}\u2019")
    elif len(m.waves_with_data) > 1:
        out.append(
            "Each analysis covers one wave, the latest with completed data for it, so that "
            "no one who answered twice is counted twice; the waves are compared where the "
            "report shows what changed."
        )
    if o.segment:
        shown = o.segment
        if ctx.options.anonymise and ctx.anonymiser is not None:
            shown = ctx.anonymiser.segment_shown(o.segment)
        # A segment the deliverable withholds is named nowhere, the scope included.
        subset.append(f"segment \u2018{o.segment}\u2019" if shown == o.segment else "one segment")
    if subset:
        out.append(f"The analyses in this report cover {' and '.join(subset)} only.")
        if o.segment and shown != o.segment:
            out.append(
                "The segment is not named: fewer than "
                f"{getattr(ctx.anonymiser, 'k', None) or ctx.options.k or 5} respondents share it."
            )
    out.append(_approach_sentence(m.origins, m.kinds(), m.draft_origins, by_origin=m.by_origin))
    out.extend(m.left_out)
    if ctx.options.anonymise:
        k = getattr(ctx.anonymiser, "k", None) or ctx.options.k or 5
        out.append(
            "Respondents are not named in this report; they are identified by number "
            f"and, where at least {k} respondents share it, by segment. Units, "
            "roles and other attributes held by fewer respondents are generalised or "
            f"withheld, and figures resting on fewer than {k} respondents are "
            "suppressed, with the next smallest group of a breakdown where one group alone "
            "would be, so that none can be worked out from the totals."
        )
    return out


def _followed(m: Any, each: bool = False) -> str:
    """What followed the forms, named as the material is: responses of survey imports
    alone, interviews, or the material of both ("each" one of several forms)."""
    from workbench.deliver.build import HELD_ORIGINS

    if m.by_origin and all(k.startswith("survey:") for k in m.by_origin):
        return f"{'Each response' if each else 'Responses'} followed a structured form"
    if m.by_origin and not set(m.by_origin) & set(HELD_ORIGINS):
        return f"The material followed {'structured forms' if each else 'a structured form'}"
    return f"{'Each interview' if each else 'Interviews'} followed a structured form"


def _not_all_held(m: Any) -> bool:
    """Whether some completed material was not an interview held by the firm (a survey
    response, another tool's source): its counts are then told per origin."""
    from workbench.deliver.build import HELD_ORIGINS

    return bool(m.by_origin) and not set(m.by_origin) <= set(HELD_ORIGINS)


def _held_count(m: Any) -> tuple[int, int, str]:
    """(interviews, respondents, period) of the interviews held, forms and transcripts."""
    from workbench.deliver.build import HELD_ORIGINS

    held = [p for k, p in m.by_origin.items() if k in HELD_ORIGINS and p.count]
    if not held:
        return 0, 0, ""
    dates = [d for p in held for d in (p.date_from, p.date_to) if d is not None]
    period = format_period(min(dates), max(dates)) if dates else ""
    return sum(p.count for p in held), sum(p.respondents for p in held), period


def _responses_gathered(kind: str) -> str | None:
    """How the responses of origin ``kind`` were gathered ("collected online (Google
    Forms)", "imported from a spreadsheet of answers"); None for material that is no
    response."""
    from workbench.deliver.survey_exports import PLATFORMS

    if kind.startswith("survey:"):
        platform = kind.split(":", 1)[1]
        return f"collected online ({PLATFORMS.get(platform, platform)})"
    if kind == "sheet":
        return "imported from a spreadsheet of answers"
    return None


def _gathered_parts(m: Any) -> list[str]:
    """The executive summary's account of the material per origin, or [] when it is all
    interviews held by the firm (then told as before)."""

    if not _not_all_held(m):
        return []
    out = []
    n, people, period = _held_count(m)
    if n:
        s = _count(n, "interview") + (f" with {_count(people, 'respondent')}" if people else "")
        out.append(s + (f" held {_during(period)}" if period else ""))
    for kind, part in m.by_origin.items():
        period = format_period(part.date_from, part.date_to)
        when = f" {_during(period)}" if period else ""
        how = _responses_gathered(kind)
        if how and part.count:
            out.append(f"{_count(part.count, 'response')} {how}{when}")
        elif kind == "qda" and part.count:
            out.append(f"{_qda_sources(part)} {QDA_CODED}")
    return out


#: How another QDA tool's sources came: what the report says after naming them.
QDA_CODED = "coded in another qualitative-analysis tool and imported from its project"


def _qda_sources(part: Any) -> str:
    """Another QDA tool's sources named for what they are: "2 transcripts", "1
    transcript and 3 documents" (a transcript is in speakers' turns), "4 documents"."""
    transcripts = min(getattr(part, "transcripts", 0), part.count)
    documents = part.count - transcripts
    if transcripts and documents:
        return f"{_count(transcripts, 'transcript')} and {_count(documents, 'document')}"
    return _count(part.count, "transcript" if transcripts else "document")


def _gathered_sentences(m: Any) -> list[str]:
    """The method section's account of the material per origin (see
    :func:`_gathered_parts`)."""

    if not _not_all_held(m):
        return []
    out = []
    n, people, period = _held_count(m)
    if n:
        s = f"We conducted {_count(n, 'interview')}"
        s += f" with {_count(people, 'respondent')}" if people else ""
        out.append(s + (f" {_during(period)}" if period else "") + ".")
    for kind, part in m.by_origin.items():
        period = format_period(part.date_from, part.date_to)
        when = f" {_during(period)}" if period else ""
        how = _responses_gathered(kind)
        if how and part.count:
            were = "was" if part.count == 1 else "were"
            out.append(
                f"{_count(part.count, 'response')} from "
                f"{_count(part.respondents, 'respondent')} {were} {how}{when}; "
                "no interviewer took part."
            )
        elif kind == "qda" and part.count:
            were = "was" if part.count == 1 else "were"
            dated = f", dated {period.replace('–', ' to ', 1)}" if period else ""
            them = "it" if part.count == 1 else "them"
            out.append(
                f"{_qda_sources(part)} {were} {QDA_CODED} (REFI-QDA){dated}; the report "
                f"names no interviewer for {them}."
            )
    return out


#: What one piece of material of each origin is called, for counting it.
_ORIGIN_NOUNS = {
    "form": "interview",
    "transcript": "recorded conversation",
    "qda": "source",
    "sheet": "response",
}


def _approach_sentence(
    origins: dict[str, int],
    kinds: Any = ("interview",),
    drafts: dict[str, int] | None = None,
    *,
    by_origin: Any = None,
) -> str:
    """How the material was gathered, true to where it came from: Workbench's forms,
    transcripts, another QDA tool's project, a survey platform's export (``origins`` the
    completed material by origin, ``kinds`` its kinds: "interview", "response",
    "source"; ``by_origin`` the completed material per origin, ``MethodSummary.by_origin``;
    ``drafts`` the material not yet complete by origin, said as drafts)."""
    from workbench.analysis.labels import material_word
    from workbench.deliver.survey_exports import PLATFORMS

    drafts = dict(drafts or {})
    if not origins and drafts:  # nothing complete yet: tell what there is
        origins, drafts = drafts, {}
    rest = (
        "each analysis section states its method and any limitations. Only completed "
        f"{material_word(kinds)} are counted."
    )
    if drafts:
        left = [_count(n, _ORIGIN_NOUNS.get(k, "response")) for k, n in drafts.items()]
        many = sum(drafts.values()) > 1
        rest += (
            f" {join_names(left)} {'are' if many else 'is'} still "
            f"{'drafts' if many else 'a draft'} and not counted as material."
        )
    done = (by_origin or {}).get("qda")
    if set(origins) == {"qda"} and done is not None and done.count:
        # the sources were told just before (see _gathered_sentences)
        return (
            "The analyses count the codes as they were applied in that tool (with any "
            f"coding added in Workbench since); {rest}"
        )
    if set(origins) <= {"form"}:
        return (
            "Answers were captured in structured forms during the interviews, coded and "
            f"analysed with standard service-quality methods; {rest}"
        )
    parts = []
    if origins.get("form"):
        parts.append(f"structured forms filled in during {_count(origins['form'], 'interview')}")
    if origins.get("transcript"):
        parts.append(f"transcripts of {_count(origins['transcript'], 'recorded conversation')}")
    if origins.get("qda"):
        sources = (
            _qda_sources(done)
            if done is not None and done.count == origins["qda"]
            else _count(origins["qda"], "source")
        )
        parts.append(
            f"{sources} coded in another qualitative-analysis tool (REFI-QDA), with the "
            "coding made there"
        )
    surveys = {k.split(":", 1)[1]: n for k, n in origins.items() if k.startswith("survey:")}
    for platform, n in sorted(surveys.items()):
        parts.append(
            f"{_count(n, 'response')} given online in {PLATFORMS.get(platform, platform)} "
            "and imported from its export"
        )
    if origins.get("sheet"):
        parts.append(f"{_count(origins['sheet'], 'response')} imported from a spreadsheet")
    done = "analysed" if set(origins) == {"qda"} else "coded and analysed"
    return (
        f"The material comes from {join_names(parts)}. It was {done} with standard "
        f"service-quality methods; {rest}"
    )


def _evidence_line(table: Table, material: dict[str, str] | None = None) -> str:
    """ "Source: 6 interviews; questions …" under a table, the material named for what it
    is when ``material`` (interview id -> kind, ``MethodSummary.material``) is given."""
    from workbench.analysis.labels import material_noun

    if not table.evidence:
        return ""
    interviews: set[str] = set()
    questions: list[str] = []
    segments: set[str] = set()
    for ev in table.evidence.values():
        interviews.update(ev.interview_ids)
        segments.update(ev.segment_ids)
        for q in ev.question_keys:
            if q not in questions:
                questions.append(q)
    parts = []
    if interviews:
        kinds = {material.get(str(i), "interview") for i in interviews} if material else None
        parts.append(material_noun(len(interviews), kinds))
    if segments:
        parts.append(_count(len(segments), "coded segment"))
    if questions:
        shown = ", ".join(questions[:10])
        more = f" and {len(questions) - 10} more" if len(questions) > 10 else ""
        parts.append(f"questions {shown}{more}")
    return "Source: " + "; ".join(parts) + "." if parts else ""


def _changes_heading(ctx: ReportContext) -> str:
    """ "What changed since the baseline" (named after the first wave compared)."""
    first = ctx.changes[0].title.rsplit(": ", 1)[-1].split(" → ")[0] if ctx.changes else ""
    if first.casefold() == "baseline":
        return "What changed since the baseline"
    return f"What changed since {first}" if first else "What changed"


def _changes_intro(ctx: ReportContext) -> str:
    """The sentence that opens the section: which waves, and how the change is judged."""
    if not ctx.changes:
        return ""
    title = ctx.changes[0].title.rsplit(": ", 1)[-1]
    first, _sep, last = title.partition(" → ")
    return (
        f"This engagement holds more than one wave of fieldwork. Below, each analysis is "
        f"compared between {first} and {last}: the change in each score with its 95% "
        "confidence interval and a test. Where people answered both waves, the two means, "
        "the change, the interval and the test are those people's alone (a paired test); "
        "where no one did, they compare the two whole waves (Welch's test). A change whose "
        "interval includes zero is not a clear change."
    )


def _change_table_rows(table: Table) -> tuple[list[str], list[list[str]], list[bool]]:
    """The compact table of the section: measure, the two means, change, 95% CI, test, p.

    Rows resting on fewer than 5 respondents are marked with "†"."""
    names = ["measure", "a", "b", "change", "ci_low", "ci_high", "test", "p", "n_paired"]
    index = {c.name: i for i, c in enumerate(table.columns)}
    headers = [table.columns[index[n]].label for n in names if n in index]
    headers = [h for h in headers if h not in ("95% CI low", "95% CI high")]
    rows = []
    for r in range(len(table.rows)):
        cell = {n: table.format_cell(r, index[n]) for n in names if n in index}
        mark = " \u2020" if r in table.flags else ""
        rows.append(
            [
                cell["measure"] + mark,
                cell["a"],
                cell["b"],
                cell["change"],
                (
                    f"{cell['ci_low']} to {cell['ci_high']}"
                    if table.rows[r][index["ci_low"]] is not None
                    and not (cell["ci_low"] == cell["ci_high"] and cell["ci_low"].startswith("n<"))
                    else cell["ci_low"]
                ),
                cell["test"],
                cell["p"],
                cell["n_paired"],
            ]
        )
    headers = [headers[0], headers[1], headers[2], headers[3], "95% CI", *headers[4:]]
    numeric = [False, True, True, True, True, False, True, True]
    return headers, rows, numeric
