"""The words of the slide deck: which findings get a slide and what their action titles
say, and the speaker notes that carry the evidence behind each slide.

Nothing here is invented: an action title is the consultant's finding (the engagement's
findings register) or, for an analysis no finding speaks of, the analysis's own lead
finding; the notes quote the coded segments, the respondents counted and the table the
chart is drawn from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.analysis.result import AnalysisResult, Table, findings_naming_wave
from workbench.deliver.anonymise import OTHER, WITHHELD
from workbench.deliver.context import (
    RECORDED_LABELS,
    FindingItem,
    Quote,
    ReportContext,
    format_date,
)
from workbench.deliver.deck_charts import shows_scores
from workbench.deliver.word_text import (
    _evidence_line,
    _ref,
    _severity_label,
    _severity_sort_key,
)

#: Quotes in one slide's notes.
MAX_QUOTES = 3
#: Supporting points beside a chart.
MAX_POINTS = 3
#: Analyses whose lead finding states the method (where the crosshairs sit) before the
#: "so what": the finding that starts so leads their slide instead.
_LEADS = {"importance-performance": ("Concentrate here", "Top priority")}


@dataclass
class KeyFinding:
    """One key-finding slide: its action title, the points beside the chart, and where
    they come from."""

    title: str
    points: list[str] = field(default_factory=list)
    result: AnalysisResult | None = None
    finding: FindingItem | None = None


def key_findings(ctx: ReportContext, links: dict[Any, list[str]] | None = None) -> list[KeyFinding]:
    """The key findings, most severe first: each finding of the engagement's register
    (with the analysis its evidence names), then each analysis no finding speaks of,
    titled by its own lead finding.

    ``links``: finding number -> the analysis ids its evidence links to.
    """
    links = links or {}
    by_id: dict[str, AnalysisResult] = {}
    for result in ctx.results:
        by_id.setdefault(result.analysis_id, result)
    out: list[KeyFinding] = []
    used: set[int] = set()
    for finding in sorted(ctx.findings, key=_severity_sort_key):
        result = next((by_id[a] for a in links.get(finding.number, []) if a in by_id), None)
        if result is not None:
            points = _points(result, ctx.results)
        else:  # its analysis is not in the deck (or it rests on other evidence)
            points = [f"Evidence: {e}" for e in finding.evidence[:MAX_POINTS]]
        if result is not None:
            used.add(id(result))
        out.append(KeyFinding(finding.statement, points, result, finding))
    # The wave a title names when it is not the latest: none when the results rest on
    # one wave (a one-wave engagement has no "baseline" to set apart).
    latest = latest_wave_of(ctx.results)
    summary = ctx.headlines
    if summary is not None and ctx.options.anonymise:
        summary = summary.suppressed(ctx.options.k)  # (the summary slide logs them)
    for result in ctx.results:
        if id(result) in used:
            continue
        texts = _points(result, ctx.results, limit=len(result.findings))
        if not texts:
            continue
        lead = next(
            (t for t in texts for p in _LEADS.get(result.analysis_id, ()) if p in t), texts[0]
        )
        texts = [lead, *(t for t in texts if t != lead)][: MAX_POINTS + 1]
        mine = [
            h for h in (summary.headlines if summary else []) if h.analysis_id == result.analysis_id
        ]
        title = headline_title(mine, (summary.latest_wave if summary else None) or latest)
        if title and not shows_scores(result, title):
            # Its chart is of groups, not of the score the title names: the slide takes
            # its lead finding, which speaks of what the chart shows.
            title = ""
        if title:
            out.append(KeyFinding(title, texts[:MAX_POINTS], result, None))
        else:
            out.append(KeyFinding(texts[0], texts[1:], result, None))
    return out


def _standing(h: Any) -> float | None:
    """Where a score sits on the scale its measure names, 0 the worst end and 1 the best;
    None when the measure names no scale ("(1–5)", "(0–10)", "(%)")."""
    from workbench.analysis.compare import scale_of

    scale = scale_of(h.measure)
    if scale is None:
        return None
    low, high = scale
    place = (h.score - low) / (high - low)
    return place if h.higher_is_better else 1 - place


def latest_wave_of(results: Sequence[AnalysisResult]) -> str | None:
    """The latest wave the results rest on (by the order of the waves), or None when they
    rest on one wave or none."""
    waves = [(r.wave_order, r.wave) for r in results if r.wave]
    if len({w for _o, w in waves}) < 2:
        return None
    ranked = [(o, w) for o, w in waves if o is not None]
    return max(ranked)[1] if ranked else waves[-1][1]


def headline_title(headlines: Sequence[Any], latest_wave: str | None = None) -> str:
    """An action title from an analysis's headline scores (those of the report's executive
    summary, so the two agree): the largest shortfall against expectations where a score
    is a gap (below zero), else the weakest score (placed on the scale its measure names,
    so a 1–5 and a 0–10 measure are compared fairly, and the score says its scale: "at
    3.31 of 5"); with its wave when that is not the latest and its change since the
    baseline.  "" when no headline has a score (none, or all suppressed in an anonymised
    deck)."""
    scored = [h for h in headlines if h.score is not None]
    if not scored:
        return ""
    from workbench.analysis.compare import scale_of

    # A gap names no scale; a score below zero on one ("NPS (-100 to +100)") is no gap.
    gaps = [h for h in scored if h.higher_is_better and h.score < 0 and scale_of(h.measure) is None]
    if gaps:
        worst = min(gaps, key=lambda h: h.score)
        verb = "shows the largest gap" if len(gaps) > 1 else "falls short of expectations"
    else:
        placed = [(_standing(h), i) for i, h in enumerate(scored)]
        known = [(place, i) for place, i in placed if place is not None]
        if known:
            worst = scored[min(known)[1]]
        else:
            worst = min(scored, key=lambda h: h.score if h.higher_is_better else -h.score)
        verb = "is the weakest" if len(scored) > 1 else "stands"
    where = (
        f" in the {worst.wave}" if worst.wave and latest_wave and worst.wave != latest_wave else ""
    )
    change = ""
    if worst.compared and worst.change_text not in ("", "–"):
        since = worst.baseline_wave or "baseline"
        change = f", {worst.change_text} since the {since} ({worst.verdict})"
    name = worst.measure
    if " of " in worst.score_text:  # the score names the scale: "Satisfaction … at 3.31 of 5"
        from workbench.analysis.compare import without_scale

        name = without_scale(name)
    return f"{name} {verb} at {worst.score_text}{where}{change}"


def _points(
    result: AnalysisResult, results: Sequence[AnalysisResult], limit: int = MAX_POINTS
) -> list[str]:
    """The analysis's findings (led by their wave where it is not the latest); notes
    ("† ...") last."""
    texts = findings_naming_wave(result, results)
    plain = [t for t in texts if not t.startswith("\u2020")]
    notes = [t for t in texts if t.startswith("\u2020")]
    return (plain + notes)[:limit]


# -- evidence ---------------------------------------------------------------------------------
def table_n(table: Table) -> str:
    """``"n = 16"`` or ``"n = 3–12"`` from the table's respondent count column ("" if none);
    a table of groups (a ``count`` column) gives its groups' total."""
    col = next(
        (
            i
            for i, c in enumerate(table.columns)
            if c.kind == "int"
            and (c.name in ("n", "count", "cases") or c.label.strip().casefold() in ("n",))
        ),
        None,
    )
    if col is None:
        return ""
    counts = []
    for row in table.rows:
        value = row[col] if col < len(row) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
            counts.append(int(value))
    if not counts:
        return ""
    if table.columns[col].name == "count":
        # Respondents counted per group (the loyalty matrix's quadrants): the groups share
        # out the respondents, so n is their sum; an indented "of which" row is a part of
        # the group above it and is not counted twice.
        label = table.marker_column()
        total = sum(
            int(row[col])
            for row in table.rows
            if isinstance(row[col], int | float)
            and row[col] == row[col]
            and not str(row[label] if label < len(row) else "").startswith((" ", "\u2003"))
        )
        return f"n = {total}"
    lo, hi = min(counts), max(counts)
    return f"n = {lo}" if lo == hi else f"n = {lo}–{hi}"


def source_line(result: AnalysisResult, table: Table | None) -> str:
    """The slide's footnote: the analysis, the table its chart is drawn from, n, scope;
    then the analysis's notes on all its figures ("† Every figure here rests on fewer
    than 5 respondents …"), which the slide's points may have no room for."""
    parts = [f"Source: {result.title}"]
    if table is not None:
        parts[0] += f", table \u201c{table.title or table.name}\u201d"
        n = table_n(table)
        if n:
            parts.append(n)
    if result.scope:
        parts.append(result.scope)
    notes = [f.rstrip(".") + "." for f in result.findings if f.startswith("\u2020")]
    return " ".join(["; ".join(parts) + ".", *notes])


def matching_quotes(quotes: Sequence[Quote], texts: Sequence[str]) -> list[Quote]:
    """Quotes coded with a theme that ``texts`` name (the code's own name, as a whole
    word: "runaround" in a finding brings the segments coded ".../Runaround").

    Themes the first text (the title) names come first, one quote per theme before a
    second of any, so that the notes show each theme the slide speaks of."""
    found: dict[str, list[Quote]] = {}
    rank: dict[str, int] = {}
    seen: set[str] = set()
    for q in quotes:
        leaf = q.code_path.rsplit("/", 1)[-1].strip()
        if len(leaf) < 4 or q.text in seen:
            continue
        pattern = rf"(?<!\w){re.escape(leaf.casefold())}(?!\w)"
        where = [i for i, t in enumerate(texts) if re.search(pattern, t.casefold())]
        if not where:
            continue
        seen.add(q.text)
        found.setdefault(q.code_path, []).append(q)
        rank.setdefault(q.code_path, min(where))
    themes = sorted(found, key=lambda path: rank[path])
    out: list[Quote] = []
    for round_ in range(MAX_QUOTES):
        for path in themes:
            if round_ < len(found[path]) and len(out) < MAX_QUOTES:
                out.append(found[path][round_])
    return out


def quote_lines(quotes: Sequence[Quote], anonymiser: Any, waves: bool = False) -> list[str]:
    """Each quote with who said it: the pseudonym and a shared segment when anonymised
    (never a name, unit, role or date); an observation is the consultant's, attributed
    to no one.  With ``waves`` (the quotes span several waves) each names its wave."""
    lines = []
    for q in quotes:
        wave = f", {q.wave} wave" if waves and q.wave else ""
        text = " ".join(q.text.split())
        if q.observation:
            segment = q.segment
            if anonymiser is not None:
                segment = anonymiser.quasi(q.respondent_name).get("segment", "")
                segment = "" if segment in (WITHHELD, OTHER) else segment
            who = "consultant's observation" + (f", {segment}" if segment else "")
            lines.append(f"Observation ({who}{wave}): {text} [{q.code_path}]")
            continue
        if anonymiser is not None:
            who = anonymiser.label(q.respondent_name or q.respondent_label)
        else:
            when = format_date(q.interview_date)
            who = ", ".join(x for x in (q.respondent_name, q.segment, when) if x)
        if q.recorded:  # the consultant's notes or another speaker: not the person's words
            label = RECORDED_LABELS.get(q.recorded, RECORDED_LABELS["notes"])
            of = "notes of the interview" if q.recorded == "notes" else "interview"
            lines.append(f"{label}: {text} \u2014 {of} with {who}{wave} [{q.code_path}]")
            continue
        lines.append(f"\u201c{text}\u201d \u2014 {who}{wave} [{q.code_path}]")
    return lines


def finding_notes(
    item: KeyFinding,
    ctx: ReportContext,
    table: Table | None,
    chart_note: str = "",
) -> list[str]:
    """The speaker notes of a key-finding slide: the finding, the analysis behind it, n,
    the source table, and the quotes coded with the themes it names."""
    lines: list[str] = []
    f = item.finding
    if f is not None:
        sev = _severity_label(f.severity)
        lines.append(f"{_ref('F', f.number)}{f' ({sev})' if sev else ''}: {f.statement}")
        if f.evidence:
            lines.append("Evidence linked to this finding: " + "; ".join(f.evidence) + ".")
    result = item.result
    if result is not None:
        lines.append(f"Analysis: {result.title}" + (f" ({result.scope})" if result.scope else ""))
        for text in findings_naming_wave(result, ctx.results):
            lines.append(f"- {text}")
        if table is not None:
            what = f"Chart drawn from the table \u201c{table.title or table.name}\u201d"
            n = table_n(table)
            lines.append(what + (f" ({n} respondents per row)" if n else "") + ".")
            line = _evidence_line(table, ctx.method.material)
            if line:
                lines.append(line)
            if table.note:
                lines.append(table.note)
            lines += table.flag_notes()
        if chart_note:
            lines.append(chart_note)
    texts = [item.title, *item.points]
    quotes = matching_quotes(ctx.quotes, texts)
    if quotes:
        lines.append("What people said:")
        lines += quote_lines(
            quotes, ctx.anonymiser if ctx.options.anonymise else None, ctx.quotes_span_waves()
        )
    return lines


def summary_notes(ctx: ReportContext, headline_lines: Sequence[str]) -> list[str]:
    lines = ["Headline scores, each with its change since the first wave where there is one:"]
    lines += list(headline_lines)
    for f in sorted(ctx.findings, key=_severity_sort_key)[:5]:
        sev = _severity_label(f.severity)
        lines.append(f"{_ref('F', f.number)}{f' ({sev})' if sev else ''}: {f.statement}")
    return lines


def chunk(items: Sequence[Any], size: int) -> list[list[Any]]:
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


def scrubber(ctx: ReportContext) -> Callable[[Any], str]:
    """Every piece of deck text goes through here: made literal, scrubbed as a label when
    anonymising (the findings, quotes and prose are scrubbed before, as for the report)."""
    from workbench.deliver.safety import docx_literal

    anon = ctx.anonymiser if ctx.options.anonymise else None

    def t(text: Any) -> str:
        text = docx_literal(text)
        return anon.scrub_label(text) if anon is not None else text

    return t
