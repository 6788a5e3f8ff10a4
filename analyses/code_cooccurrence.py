"""Code co-occurrence: which codes are applied to the same stretches of text.

Two segments co-occur when they are in the same source (the same note or text answer)
and, with ``overlap=overlap``, share at least one character, or, with ``overlap=same``,
cover exactly the same characters.  A cell of the matrix counts co-occurring pairs of
segments of the two codes; the diagonal holds each code's own segment count.  Segments
of one code on overlapping words of one text count once, whoever coded them: they are
one passage, their union (:func:`workbench.coding.passages`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from analyses._common import without_drafts
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.result import AnalysisResult, Column, Evidence, FigureSpec, Table
from workbench.coding import code_labels, counted_segments, passages

if TYPE_CHECKING:
    from workbench.analysis.data import EngagementData

MODES = {"overlap": "Overlapping text", "same": "Exactly the same text"}
MAX_HEATMAP = 30


def cooccurring_pairs(segments: Any, mode: str) -> dict[tuple[Any, Any], list[tuple[str, str]]]:
    """(code_a, code_b) with code_a < code_b as strings -> the co-occurring segment id pairs.

    One table join of the segments with themselves on their source: each pair of segments
    in the same source, taken in text order, whose codes differ and whose spans overlap
    (or, with ``mode="same"``, coincide).
    """
    import numpy as np
    import pandas as pd

    segs = segments.drop_duplicates(["code_id", "source_kind", "source_id", "start", "end"])
    if segs.empty:
        return {}
    keys = ["source_kind", "source_id"]
    frame = pd.DataFrame(
        {
            "_source": segs.groupby(keys, sort=False).ngroup().to_numpy(),
            "segment_id": segs["segment_id"].astype(str).to_numpy(),
            "code_id": segs["code_id"].to_numpy(),
            "start": segs["start"].astype("int64").to_numpy(),
            "end": segs["end"].astype("int64").to_numpy(),
        }
    )
    frame = frame[frame["_source"] >= 0]  # a segment without a source pairs with nothing
    # Text order within each source (ties keep their order, as a stable sort would).
    frame = frame.sort_values(["_source", "start", "end"], kind="stable").reset_index(drop=True)
    frame["_rank"] = np.arange(len(frame))
    both = frame.merge(frame, on="_source", suffixes=("_x", "_y"))
    both = both[both["_rank_x"] < both["_rank_y"]]
    if mode == "same":
        hit = (both["start_x"] == both["start_y"]) & (both["end_x"] == both["end_y"])
    else:
        hit = (both["start_x"] < both["end_y"]) & (both["start_y"] < both["end_x"])
    both = both[hit & (both["code_id_x"] != both["code_id_y"])]
    if both.empty:
        return {}
    both = both.sort_values(["_source", "_rank_x", "_rank_y"], kind="stable")
    code_x, code_y = both["code_id_x"].to_numpy(), both["code_id_y"].to_numpy()
    seg_x, seg_y = both["segment_id_x"].to_numpy(), both["segment_id_y"].to_numpy()
    swap = code_x.astype(str) > code_y.astype(str)
    pairs: dict[tuple[Any, Any], list[tuple[str, str]]] = defaultdict(list)
    for a, b, sa, sb in zip(
        np.where(swap, code_y, code_x),
        np.where(swap, code_x, code_y),
        np.where(swap, seg_y, seg_x),
        np.where(swap, seg_x, seg_y),
        strict=True,
    ):
        pairs[(a, b)].append((sa, sb))
    return pairs


class CodeCooccurrence(Analysis):
    id = "code-cooccurrence"
    title = "Code co-occurrence"
    description = (
        "Which codes are applied to the same or overlapping text: themes that come up "
        "together in what respondents said."
    )
    params = (
        Param(
            "overlap",
            "Count as co-occurring",
            "choice",
            "overlap",
            tuple(MODES.items()),
            help="Overlapping: the two segments share at least one character. "
            "Same: they cover exactly the same text.",
        ),
    )

    def check(self, data: EngagementData) -> Applicability:
        segs = counted_segments(data.segments) if data.segments is not None else None
        if segs is None or len(segs) == 0:
            return Applicability.no(
                "Nothing has been coded yet (or only suggestions await review)."
            )
        if segs["code_id"].nunique() < 2:
            return Applicability.no(
                "Co-occurrence needs at least two different codes applied; only one code has been used."
            )
        return Applicability.yes()

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        params = self.resolve_params(params)
        mode = params["overlap"]
        state.progress(0.1, "Collecting coded segments")
        segs, drafts_note = without_drafts(data, passages(counted_segments(data.segments)))
        labels = code_labels(data.codes, segs)
        own = segs.groupby("code_id").size().to_dict()
        used = [c for c in labels if own.get(c, 0)]
        state.progress(0.3, "Finding co-occurrences")
        pairs = cooccurring_pairs(segs, mode)

        def count(a: Any, b: Any) -> int:
            if a == b:
                return int(own.get(a, 0))
            key = (a, b) if str(a) < str(b) else (b, a)
            return len(pairs.get(key, ()))

        matrix_cols = [Column("code", "Code")] + [
            Column(f"c{i}", labels[c], "int", "0") for i, c in enumerate(used)
        ]
        matrix_rows = [[labels[a]] + [count(a, b) for b in used] for a in used]
        matrix = Table(
            "matrix",
            "Co-occurrence matrix",
            matrix_cols,
            matrix_rows,
            note="Off the diagonal: pairs of segments of the two codes on "
            + ("overlapping" if mode == "overlap" else "the same")
            + " text in the same source. On the diagonal: the code's own segments.",
        )
        state.progress(0.7, "Ranking pairs")
        ranked = sorted(
            pairs.items(), key=lambda kv: (-len(kv[1]), labels[kv[0][0]], labels[kv[0][1]])
        )
        pair_cols = [
            Column("code_a", "Code"),
            Column("code_b", "Co-occurs with"),
            Column("count", "Co-occurrences", "int", "0"),
            Column("share", "Share of the rarer code's segments", "percent", "0%"),
        ]
        pair_rows, evidence = [], {}
        for i, ((a, b), ids) in enumerate(ranked):
            count_a, count_b = own.get(a, 0), own.get(b, 0)
            rarer = min(count_a, count_b)
            rarer_ids = {p[0] for p in ids} if count_a <= count_b else {p[1] for p in ids}
            share = len(rarer_ids) / rarer if rarer else None
            involved = {s for pair in ids for s in pair}
            pair_rows.append([labels[a], labels[b], len(ids), share])
            evidence[i] = Evidence(segment_ids=tuple(sorted(involved)))
        pair_table = Table("pairs", "Codes that occur together", pair_cols, pair_rows, evidence)

        findings = []
        if ranked:
            (a, b), ids = ranked[0]
            findings.append(
                f"'{labels[a]}' and '{labels[b]}' occur together most often: {len(ids)} time(s)."
            )
        else:
            findings.append(
                "No two codes were applied to "
                + ("overlapping" if mode == "overlap" else "the same")
                + " text."
            )
        lonely = [labels[c] for c in used if not any(c in k for k in pairs)]
        if lonely and ranked:
            findings.append(
                f"{len(lonely)} code(s) never co-occur with another: "
                + ", ".join(f"'{x}'" for x in lonely[:5])
                + (" …" if len(lonely) > 5 else "")
                + "."
            )
        figure = FigureSpec(
            "heatmap",
            "Code co-occurrence",
            _heatmap_drawer(
                [labels[c] for c in used][:MAX_HEATMAP],
                [r[1 : MAX_HEATMAP + 1] for r in matrix_rows[:MAX_HEATMAP]],
            ),
            width_in=6.5,
            height_in=6.0,
            caption="Pairs of segments on "
            + ("overlapping" if mode == "overlap" else "the same")
            + " text; the diagonal is left blank.",
        )
        state.progress(1.0, "Done")
        return AnalysisResult(
            self.id,
            self.title,
            findings=findings,
            tables=[matrix, pair_table],
            figures=[figure],
            method_notes=[
                "Only segments coded by hand or accepted suggestions count.",
                "Two segments co-occur when they sit in the same note or answer and "
                + (
                    "share at least one character."
                    if mode == "overlap"
                    else "cover exactly the same characters."
                ),
                "Passages of one code that overlap count once, whoever coded them: "
                "segments of the same code on overlapping words of one answer or note are "
                "one segment.",
                "The share is the part of the less frequent code's segments that co-occur "
                "with the other code.",
            ]
            + ([drafts_note] if drafts_note else []),
            params=params,
            scope=str(getattr(data, "scope", "") or ""),
        )


def _heatmap_drawer(names: list[str], values: list[list[int]]):
    def draw(fig: Any) -> None:
        import numpy as np

        ax = fig.add_subplot(111)
        if not names:
            ax.text(0.5, 0.5, "No codes", ha="center", va="center")
            ax.set_axis_off()
            return
        grid = np.array(values, dtype=float)
        np.fill_diagonal(grid, np.nan)
        image = ax.imshow(grid, cmap="Blues")
        short = [n.rsplit("/", 1)[-1] for n in names]
        ax.set_xticks(range(len(names)), short, rotation=60, ha="right", fontsize=7)
        ax.set_yticks(range(len(names)), short, fontsize=7)
        if len(names) <= 15:
            top = np.nanmax(grid) if np.isfinite(grid).any() else 0
            for i in range(len(names)):
                for j in range(len(names)):
                    if i != j and grid[i, j]:
                        colour = "white" if grid[i, j] > top / 2 else "black"
                        ax.text(
                            j,
                            i,
                            int(grid[i, j]),
                            ha="center",
                            va="center",
                            fontsize=7,
                            color=colour,
                        )
        fig.colorbar(image, ax=ax, shrink=0.7, label="Co-occurrences")

    return draw
