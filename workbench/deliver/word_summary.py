"""The executive summary's headline table and the sentences that refer to tables and
figures by number, as plain rows and strings (the builder puts them on the page).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.deliver.headlines import (
    BETTER,
    FOOTNOTE_MARKS,  # noqa: F401 - read from here too
    NO_CLEAR_CHANGE,
    NOT_COMPARED,
    NOT_TESTED,
    WITHHELD,
    WORSE,
    HeadlineSummary,
    footnote_mark,  # noqa: F401 - read from here by the tables of the sections
)

_POSITIVE = "067647"
_NEGATIVE = "B42318"


def short_title(title: str) -> str:
    """ "SERVQUAL: service quality gaps" → "SERVQUAL" (the part before a colon)."""
    return title.split(":", 1)[0].strip() or title


def headline_table(
    summary: HeadlineSummary,
) -> tuple[
    list[str], list[list[str]], list[bool], dict[tuple[int, int], str], list[str], list[int]
]:
    """(headers, rows, numeric, colours, notes, group rows) of the summary's table of
    headline scores, one bold row naming each analysis above its measures.

    With a comparison: measure, the baseline and latest scores, the change, its 95%
    interval, the people they rest on (those in both waves where there are any) and the
    verdict; a score measured in one wave only stands in that wave's column, with the
    people it rests on.  Without one: measure, score, respondents.
    """
    marks, notes = summary.marks()
    colours: dict[tuple[int, int], str] = {}
    rows: list[list[str]] = []
    groups: list[int] = []
    compared = summary.baseline_wave is not None
    width = 7 if compared else 3
    for title, headlines in summary.by_analysis():
        groups.append(len(rows))
        rows.append([short_title(title)] + [""] * (width - 1))
        for h in headlines:
            measure = h.measure
            if h.caution:  # one mark per distinct note: "†" for the first, "‡" …
                measure += f" {marks[h.caution]}"
            if not compared:
                rows.append([measure, h.score_text, str(h.respondents)])
                continue
            first = h.baseline_text if h.compared else ""
            last = h.score_text if h.compared else ""
            if not h.compared:
                if h.wave == summary.baseline_wave:
                    first = h.score_text
                else:
                    last = h.score_text
            # (a row an anonymised deliverable suppresses gives no count either)
            people = str(h.respondents) if h.respondents and h.score is not None else ""
            rows.append(
                [
                    measure, first, last, h.change_text, h.ci_text, people,
                    _verdict(h.verdict, h.wave),
                ]
            )  # fmt: skip
            if h.verdict in (BETTER, WORSE):
                colour = _POSITIVE if h.verdict == BETTER else _NEGATIVE
                colours[(len(rows) - 1, 3)] = colour
                colours[(len(rows) - 1, 6)] = colour
    if not compared:
        return (
            ["Measure", "Score", "Respondents"],
            rows,
            [False, True, True],
            colours,
            notes,
            groups,
        )
    headers = [
        "Measure",
        _capital(summary.baseline_wave or "Baseline"),
        _capital(summary.latest_wave or "Latest"),
        "Change",
        "95% CI",
        "People",
        "Verdict",
    ]
    return headers, rows, [False, True, True, True, True, True, False], colours, notes, groups


def headline_sentence(summary: HeadlineSummary) -> str:
    """What the headline table shows, in one sentence after its reference."""
    counts = summary.counts()
    n = len(summary.headlines)
    if summary.baseline_wave is None:
        return f" shows the headline scores of the analyses ({_count(n, 'measure')})."
    parts = []
    for key, one, many in (
        (BETTER, "improved clearly", "improved clearly"),
        (WORSE, "worsened clearly", "worsened clearly"),
        (NO_CLEAR_CHANGE, "shows no clear change", "show no clear change"),
        (NOT_TESTED, "rests on too few people to test", "rest on too few people to test"),
        (WITHHELD, "is withheld with its scores", "are withheld with their scores"),
        (NOT_COMPARED, "was measured in one wave only", "were measured in one wave only"),
    ):
        if counts[key]:
            parts.append(f"{counts[key]} {one if counts[key] == 1 else many}")
    tail = _join(parts)
    return (
        f" shows each headline score in the {summary.latest_wave} beside the "
        f"{summary.baseline_wave}, with the change and its 95% confidence interval: where "
        "people were measured in both waves, both scores, the change and the interval are "
        "those people's alone (the whole waves' figures are in the sections). "
        f"Of {_count(n, 'headline score')}, {tail}. A change is clear when its interval "
        "excludes zero (p < 0.05) on at least 5 respondents."
    )


def _verdict(verdict: str, wave: str | None) -> str:
    if verdict == NOT_COMPARED:
        return f"{_capital(wave)} only" if wave else "Not compared"
    return _capital(verdict)


def _capital(text: str | None) -> str:
    text = text or ""
    return text[:1].upper() + text[1:]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _join(parts: Sequence[str]) -> str:
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def lower_first(title: str) -> str:
    """A title inside a sentence: "Dimensions" → "dimensions", "SERVQUAL gaps" stays."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def reference_plan(
    figures: Sequence[tuple[int, str]], tables: Sequence[tuple[int, str]]
) -> list[tuple[str, Any]]:
    """The pieces of a sentence naming a section's figures and tables by number:
    ``("text", str)`` and ``("ref", (kind, number))`` in order.

    "Figure 2 shows the expectation and perception by dimension. Table 4 sets out the
    dimensions; Table 5, the scores; and Table 6, the items."
    """
    out: list[tuple[str, Any]] = []
    for i, (number, title) in enumerate(figures):
        if i == 0:
            out.append(("ref", ("Figure", number)))
            out.append(("text", f" shows {_the(title)}"))
        else:
            out.append(("text", _between(i, len(figures))))
            out.append(("ref", ("Figure", number)))
            out.append(("text", f", {_the(title)}"))
    if figures:
        out.append(("text", ". "))
    for i, (number, title) in enumerate(tables):
        if i == 0:
            out.append(("ref", ("Table", number)))
            out.append(("text", f" sets out {_the(title)}"))
        else:
            out.append(("text", _between(i, len(tables))))
            out.append(("ref", ("Table", number)))
            out.append(("text", f", {_the(title)}"))
    if tables:
        out.append(("text", "."))
    if out and out[-1] == ("text", ". "):
        out[-1] = ("text", ".")
    return out


def _between(i: int, n: int) -> str:
    """What goes before the ``i``-th of ``n`` references: "; " in a list of three or
    more ("; and " before the last), ", and " when there are two."""
    if n == 2:
        return ", and "
    return "; " if i < n - 1 else "; and "


def _the(title: str) -> str:
    words = title.strip().rstrip(".").split(" ")
    if len(words) > 1 and words[1][:1].isupper():  # a name ("Net Promoter Score")
        title = " ".join(words)
    else:
        title = lower_first(" ".join(words))
    if title[:4].lower() in ("the ", "how ", "what") or title[:1].isupper():
        return title
    if title.startswith("by "):  # a breakdown's title ("By segment")
        return f"the breakdown {title}"
    return f"the {title}"
