"""Framework matrix (Ritchie & Spencer): respondents down the side, codes across the top.

Each cell holds what that respondent said under that code — the coded quotes, in the
order of the interviews and of the text — or, with ``cells=count``, a summary of how
many segments there are.  Reading across a row gives one person's view on every theme;
reading down a column compares everyone on one theme.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analyses._common import without_drafts
from analyses.code_frequency import segments_with_context
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.result import AnalysisResult, Column, Evidence, Table
from workbench.coding import code_labels, counted_segments

if TYPE_CHECKING:
    from workbench.analysis.data import EngagementData

CELLS = {"quotes": "The quotes", "count": "Number of segments"}
QUOTE_SEPARATOR = "\n"


def format_quote(text: Any) -> str:
    body = " ".join(str(text or "").split())
    return f"“{body}”" if body else ""


class FrameworkMatrix(Analysis):
    id = "framework-matrix"
    title = "Framework matrix"
    description = (
        "Respondents by codes (Ritchie & Spencer): each cell holds what that respondent "
        "said under that code, to compare people theme by theme."
    )
    params = (
        Param("cells", "Cells show", "choice", "quotes", tuple(CELLS.items())),
        Param(
            "empty_codes",
            "Include codes nobody has been coded with",
            "bool",
            False,
        ),
    )

    def check(self, data: EngagementData) -> Applicability:
        if data.segments is None or len(counted_segments(data.segments)) == 0:
            return Applicability.no(
                "The framework matrix is filled from coded text: code some interview notes or "
                "answers first (suggestions still awaiting review do not count)."
            )
        return Applicability.yes()

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        params = self.resolve_params(params)
        mode = params["cells"]
        state.progress(0.1, "Collecting coded segments")
        segs, drafts_note = without_drafts(data, segments_with_context(data))
        labels = code_labels(data.codes, segs)
        used = set(segs["code_id"])
        codes = [c for c in labels if params["empty_codes"] or c in used]

        dates = {}
        if "date" in data.interviews.columns:
            dates = dict(
                zip(
                    data.interviews["interview_id"],
                    data.interviews["date"].astype(str),
                    strict=True,
                )
            )
        segs["_date"] = segs["interview_id"].map(dates).astype(object).fillna("")
        segs = segs.sort_values(
            ["_date", "interview_id", "source_kind", "source_id", "start", "end"], kind="stable"
        )

        people = data.respondents.set_index("respondent_id", drop=False)
        coded_ids = set(segs["respondent_id"])
        respondents = [r for r in people.index if r in coded_ids]
        respondents += [r for r in dict.fromkeys(segs["respondent_id"]) if r not in people.index]

        columns = [Column("respondent", "Respondent"), Column("role", "Role")]
        columns += [
            Column(
                f"c{i}",
                labels[c],
                "text" if mode == "quotes" else "int",
                None if mode == "quotes" else "0",
            )
            for i, c in enumerate(codes)
        ]
        state.progress(0.4, "Filling the matrix")
        cells = _cells(segs, mode)
        filled = _filled(segs)
        by_person = _evidence(segs)
        rows: list[list[Any]] = []
        evidence: dict[int, Evidence] = {}
        cells_filled = 0
        empty = "" if mode == "quotes" else 0
        names = _column(people, "name")
        roles = _column(people, "role")
        for r in respondents:
            state.check_cancelled()
            name = names.get(r)
            role = roles.get(r)
            row: list[Any] = [
                str(name) if isinstance(name, str) and name else str(r),
                role if isinstance(role, str) else "",
            ]
            row += [cells.get((r, c), empty) for c in codes]
            cells_filled += sum(1 for c in codes if (r, c) in filled)
            rows.append(row)
            interview_ids, segment_ids = by_person.get(r, ((), ()))
            evidence[len(rows) - 1] = Evidence(interview_ids=interview_ids, segment_ids=segment_ids)
        table = Table(
            "matrix",
            "Framework matrix" + (" (quotes)" if mode == "quotes" else " (segments per cell)"),
            columns,
            rows,
            evidence,
            note="One row per respondent with coded text, one column per code.",
        )
        total_cells = len(respondents) * len(codes)
        findings = [
            f"{len(respondents)} respondent(s) by {len(codes)} code(s); "
            f"{cells_filled} of {total_cells} cells have material."
        ]
        if codes and respondents:
            shared = segs.groupby("code_id", sort=False)["respondent_id"].nunique()
            coverage = {c: int(shared.get(c, 0)) for c in codes}
            widest = max(coverage, key=lambda c: coverage[c])
            findings.append(
                f"'{labels[widest]}' is the most widely shared theme: "
                f"{coverage[widest]} of {len(respondents)} respondents."
            )
        state.progress(1.0, "Done")
        return AnalysisResult(
            self.id,
            self.title,
            findings=findings,
            tables=[table],
            figures=[],
            method_notes=[
                "Framework method (Ritchie & Spencer): cases by themes, each cell summarising "
                "what the case said on the theme.",
                "Cells hold the coded text verbatim, in interview order; identical quotes "
                "appear once."
                if mode == "quotes"
                else "Cells count the respondent's coded segments under the code.",
                "Only segments coded by hand or accepted suggestions count.",
                "Passages of one code that overlap count once, whoever coded them: the "
                "cell holds their words joined.",
            ]
            + ([drafts_note] if drafts_note else []),
            params=params,
            scope=str(getattr(data, "scope", "") or ""),
        )


def _cells(segs: Any, mode: str) -> dict[tuple[Any, Any], Any]:
    """(respondent, code) -> the cell: the distinct quotes in order, or the segment count.

    One pass over the sorted segments: a hash table per cell, no per-cell selection.
    """
    keyed = segs.dropna(subset=["respondent_id", "code_id"])
    if mode != "quotes":
        sizes = keyed.groupby(["respondent_id", "code_id"], sort=False).size()
        return {key: int(n) for key, n in sizes.items()}
    texts = keyed["text"].astype(object)
    codes, uniques = pd_factorize(texts)
    formatted = [format_quote(t) for t in uniques] + [format_quote(None)]
    quotes: dict[tuple[Any, Any], dict[str, None]] = {}
    for r, c, q in zip(
        keyed["respondent_id"].tolist(), keyed["code_id"].tolist(), codes.tolist(), strict=True
    ):
        text = formatted[q]
        if text:
            quotes.setdefault((r, c), {})[text] = None
    return {key: QUOTE_SEPARATOR.join(found) for key, found in quotes.items()}


def _column(people: Any, column: str) -> dict[Any, Any]:
    """respondent id -> the value of ``column`` (empty when the column is missing)."""
    if column not in people.columns:
        return {}
    return dict(zip(people.index.tolist(), people[column].tolist(), strict=True))


def pd_factorize(values: Any) -> tuple[Any, list[Any]]:
    """Codes (-1 for a missing value) and the distinct values, in order of appearance."""
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes, list(uniques)


def _filled(segs: Any) -> set[tuple[Any, Any]]:
    """The (respondent, code) cells with at least one segment."""
    keyed = segs.dropna(subset=["respondent_id", "code_id"])
    return set(zip(keyed["respondent_id"].tolist(), keyed["code_id"].tolist(), strict=True))


def _evidence(segs: Any) -> dict[Any, tuple[tuple[str, ...], tuple[str, ...]]]:
    """respondent -> (their interview ids in order, their segment ids in order)."""
    interviews: dict[Any, dict[str, None]] = {}
    segments: dict[Any, list[str]] = {}
    for r, iid, sid in zip(
        segs["respondent_id"].tolist(),
        segs["interview_id"].astype(str).tolist(),
        segs["segment_id"].astype(str).tolist(),
        strict=True,
    ):
        if r != r:  # a missing respondent (NaN) has no row of its own
            continue
        interviews.setdefault(r, {})[iid] = None
        segments.setdefault(r, []).append(sid)
    return {r: (tuple(interviews[r]), tuple(segments[r])) for r in segments}
