"""Inter-coder agreement: Cohen's kappa per code for two coders.

Units are characters.  Only the sources both coders have coded (a note or text answer
in which each of them applied at least one code) are compared, and every character of
those sources is a unit.  A source's length is the length of its text: a note's
``body``, a text answer's ``text`` (uncoded text at the end counts as agreement on
"not this code", as everywhere else).  Only a source whose text the snapshot lacks falls
back to the furthest character either coder coded in it.

For one code, with both coders applying it to ``a`` characters, only coder A to ``b``,
only coder B to ``c`` and neither to ``d`` (N = a + b + c + d)::

    p_o = (a + d) / N
    p_e = ((a + b)(a + c) + (c + d)(b + d)) / N²
    κ   = (p_o − p_e) / (1 − p_e)

κ is undefined when p_e = 1 (one value everywhere for both coders) and then left out
of the mean.  Bands after Landis & Koch (1977).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.analysis.api import Analysis, Applicability, Param, ParamError, TaskState
from workbench.analysis.numbers import fmt_percent, rounded
from workbench.analysis.result import AnalysisResult, Column, Evidence, FigureSpec, Table, fmt_num
from workbench.coding import code_labels, counted_segments

if TYPE_CHECKING:
    import pandas as pd

    from workbench.analysis.data import EngagementData

BANDS = (
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
)


def cohen_kappa(a: float, b: float, c: float, d: float) -> tuple[float, float, float]:
    """(p_o, p_e, κ) for a 2×2 agreement table; κ is NaN when p_e is 1 or N is 0."""
    n = a + b + c + d
    if n <= 0:
        return math.nan, math.nan, math.nan
    p_o = (a + d) / n
    p_e = ((a + b) * (a + c) + (c + d) * (b + d)) / n**2
    if math.isclose(p_e, 1.0):
        return p_o, p_e, math.nan
    return p_o, p_e, (p_o - p_e) / (1 - p_e)


def kappa_band(kappa: float) -> str:
    """Landis & Koch: < 0 poor, ≤ .20 slight, ≤ .40 fair, ≤ .60 moderate, ≤ .80 substantial."""
    if kappa is None or math.isnan(kappa):
        return "undefined"
    if kappa < 0:
        return "poor"
    for upper, band in BANDS:
        if kappa <= upper:
            return band
    return "almost perfect"


def coders_by_volume(segments: pd.DataFrame) -> list[str]:
    """Coders with counted segments, most segments first (ties by name)."""
    if segments is None or len(segments) == 0 or "coder" not in segments.columns:
        return []
    names = segments["coder"].fillna("").astype(str).str.strip()
    counts = names[names != ""].value_counts()
    return sorted(counts.index, key=lambda n: (-counts[n], n.lower()))


def best_pair(segs: pd.DataFrame, coders: list[str]) -> tuple[str, str] | None:
    """The two coders who coded the most notes or answers in common (None if no two did)."""
    best, most = None, 0
    for i, a in enumerate(coders):
        for b in coders[i + 1 :]:
            shared = len(common_sources(segs, a, b))
            if shared > most:
                best, most = (a, b), shared
    return best


def _source_keys(segs: pd.DataFrame) -> pd.Series:
    return segs["source_kind"].astype(str) + "\x1f" + segs["source_id"].astype(str)


def common_sources(segs: pd.DataFrame, coder_a: str, coder_b: str) -> list[str]:
    keys = _source_keys(segs)
    coder = segs["coder"].fillna("").astype(str).str.strip()
    a, b = set(keys[coder == coder_a]), set(keys[coder == coder_b])
    return sorted(a & b)


def _source_lengths(data: Any, segs: pd.DataFrame, sources: list[str]) -> dict[str, int]:
    known: dict[str, int] = {}
    notes = getattr(data, "notes", None)
    if notes is not None and len(notes) and {"note_id", "body"} <= set(notes.columns):
        for note_id, body in zip(notes["note_id"], notes["body"], strict=True):
            known[f"note\x1f{note_id}"] = len(body) if isinstance(body, str) else 0
    answers = getattr(data, "answers", None)
    if answers is not None and len(answers) and {"answer_id", "text"} <= set(answers.columns):
        for answer_id, text in zip(answers["answer_id"], answers["text"], strict=True):
            if isinstance(text, str):
                known[f"answer\x1f{answer_id}"] = len(text)
    ends = segs.assign(_key=_source_keys(segs)).groupby("_key")["end"].max()
    return {s: max(known.get(s, 0), int(ends.get(s, 0))) for s in sources}


def _share(part: int, whole: int) -> float | None:
    """``part / whole`` as shown (a whole percent, rounded once, as every analysis's
    shares are stored); None when there is no whole."""
    return rounded(part / whole, "percent", "0%") if whole else None


class IntercoderAgreement(Analysis):
    id = "intercoder-agreement"
    title = "Inter-coder agreement"
    description = (
        "How consistently two consultants applied the codebook to the same interviews: "
        "Cohen's kappa per code, with the Landis & Koch reading."
    )
    params = (
        Param(
            "coder_a",
            "First coder",
            "text",
            "",
            help="Empty: of the two coders who coded the most texts in common.",
        ),
        Param(
            "coder_b",
            "Second coder",
            "text",
            "",
            help="Empty: the other of the pair that coded the most texts in common.",
        ),
    )

    def check(self, data: EngagementData) -> Applicability:
        segs = counted_segments(data.segments) if data.segments is not None else None
        coders = coders_by_volume(segs) if segs is not None else []
        if not coders:
            return Applicability.no(
                "Inter-coder agreement needs two coders on the same interviews; nobody has coded "
                "any text yet (or only suggestions await review)."
            )
        if len(coders) == 1:
            return Applicability.no(
                f"Inter-coder agreement needs two coders on the same interviews; only "
                f"'{coders[0]}' has coded."
            )
        if best_pair(segs, coders) is None:
            return Applicability.no(
                f"Inter-coder agreement needs two coders on the same interviews; '{coders[0]}' "
                f"and '{coders[1]}' have not coded any of the same notes or answers yet."
            )
        return Applicability.yes()

    def _pick_coders(self, segs: pd.DataFrame, params: dict[str, Any]) -> tuple[str, str]:
        coders = coders_by_volume(segs)
        a, b = params["coder_a"].strip(), params["coder_b"].strip()
        for name, label in ((a, "coder_a"), (b, "coder_b")):
            if name and name not in coders:
                raise ParamError(
                    f"{label}: nobody called {name!r} has coded; coders: {', '.join(coders) or 'none'}"
                )
        if not a and not b:  # the pair that coded the most texts in common
            a, b = best_pair(segs, coders) or (coders[0], coders[1] if len(coders) > 1 else "")
        if not a:
            a = next((c for c in coders if c != b and common_sources(segs, c, b)), "")
        if not b:
            b = next((c for c in coders if c != a and common_sources(segs, a, c)), "")
        if not a or not b or a == b:
            raise ParamError("Inter-coder agreement needs two different coders.")
        return a, b

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        params = self.resolve_params(params)
        segs = counted_segments(data.segments).copy()
        segs["coder"] = segs["coder"].fillna("").astype(str).str.strip()
        coder_a, coder_b = self._pick_coders(segs, params)
        params = {**params, "coder_a": coder_a, "coder_b": coder_b}
        sources = common_sources(segs, coder_a, coder_b)
        if not sources:
            raise ParamError(f"'{coder_a}' and '{coder_b}' have not coded any of the same text.")
        state.progress(0.1, "Laying out the text units")
        segs = segs[segs["coder"].isin([coder_a, coder_b])]
        segs = segs.assign(_key=_source_keys(segs))
        segs = segs[segs["_key"].isin(sources)]
        lengths = _source_lengths(data, segs, sources)
        offsets, total = {}, 0
        for s in sources:
            offsets[s] = total
            total += lengths[s]
        labels = code_labels(data.codes, segs)
        codes = [c for c in labels if c in set(segs["code_id"])]

        def mask(frame: pd.DataFrame) -> np.ndarray:
            m = np.zeros(total, dtype=bool)
            for key, start, end in zip(frame["_key"], frame["start"], frame["end"], strict=True):
                lo = offsets[key] + max(0, int(start))
                hi = offsets[key] + min(lengths[key], int(end))
                m[lo:hi] = True
            return m

        rows, evidence, kappas = [], {}, []
        by_a, by_b = segs[segs["coder"] == coder_a], segs[segs["coder"] == coder_b]
        for i, code in enumerate(codes):
            state.progress(0.2 + 0.7 * i / max(1, len(codes)), labels[code])
            ma, mb = mask(by_a[by_a["code_id"] == code]), mask(by_b[by_b["code_id"] == code])
            a = int(np.count_nonzero(ma & mb))
            b = int(np.count_nonzero(ma & ~mb))
            c = int(np.count_nonzero(~ma & mb))
            d = total - a - b - c
            p_o, p_e, kappa = cohen_kappa(a, b, c, d)
            if not math.isnan(kappa):
                kappas.append(kappa)
            rows.append([labels[code], a, b, c, d, p_o, p_e, kappa, kappa_band(kappa),
                         _share(b + c, a + b + c)])  # fmt: skip
            ids = segs[segs["code_id"] == code]["segment_id"].astype(str)
            evidence[i] = Evidence(segment_ids=tuple(ids))
        columns = [
            Column("code", "Code"),
            Column("a", "Both", "int", "0"),
            Column("b", f"Only {coder_a}", "int", "0"),
            Column("c", f"Only {coder_b}", "int", "0"),
            Column("d", "Neither", "int", "0"),
            Column("p_o", "Observed agreement", "float", "0.000"),
            Column("p_e", "Chance agreement", "float", "0.000"),
            Column("kappa", "Cohen's κ", "float", "0.00"),
            Column("band", "Landis & Koch"),
            Column("one_coder_share", "Coded by one coder only", "percent", "0%"),
        ]
        table = Table(
            "kappa",
            f"Agreement per code: {coder_a} and {coder_b}",
            columns,
            rows,
            evidence,
            note="Counts are characters of the notes and answers both coders coded.",
        )
        any_a, any_b = mask(by_a), mask(by_b)
        coded = int(np.count_nonzero(any_a | any_b))
        one_only = int(np.count_nonzero(any_a ^ any_b))
        mean_kappa = float(np.mean(kappas)) if kappas else math.nan
        one_share = one_only / coded if coded else math.nan
        summary = Table(
            "summary",
            "Overall",
            [Column("measure", "Measure"), Column("value", "Value", "float", "0.00")],
            [
                ["Coders", f"{coder_a} and {coder_b}"],
                ["Sources compared", len(sources)],
                ["Characters compared (N)", total],
                ["Codes compared", len(codes)],
                ["Mean κ", mean_kappa],
                ["Share of coded text coded by one coder only", _share(one_only, coded)],
            ],
        )
        # Counts as whole numbers and the share in percent, as the findings give them.
        whole = Column("value", "Value", "int", "0")
        summary.cell_formats = {
            1: {1: whole},
            2: {1: whole},
            3: {1: whole},
            5: {1: Column("value", "Value", "percent", "0%")},
        }
        findings = [
            f"Mean κ over {len(kappas)} code(s) is {fmt_num(mean_kappa)} "
            f"({kappa_band(mean_kappa)} agreement, Landis & Koch) between '{coder_a}' and "
            f"'{coder_b}' on {len(sources)} shared note(s) or answer(s)."
        ]
        if coded:
            findings.append(
                f"{fmt_percent(one_share)} of the text either coder coded (with any code) was coded by "
                "only one of them."
            )
        weak = [r[0] for r in rows if not math.isnan(r[7]) and r[7] <= 0.40]
        if weak:
            findings.append(
                "Codes to discuss and sharpen in the codebook (κ ≤ 0.40): "
                + ", ".join(f"'{w}'" for w in weak[:6])
                + (" …" if len(weak) > 6 else "")
                + "."
            )
        figure = FigureSpec(
            "kappa",
            "Cohen's kappa per code",
            _kappa_drawer([r[0] for r in rows], [r[7] for r in rows]),
            height_in=max(2.5, min(9.0, 0.3 * len(rows) + 1.2)),
            caption="Dashed lines: the Landis & Koch band limits 0.20, 0.40, 0.60 and 0.80.",
        )
        state.progress(1.0, "Done")
        return AnalysisResult(
            self.id,
            self.title,
            findings=findings,
            tables=[table, summary],
            figures=[figure],
            method_notes=[
                "Cohen's κ = (p_o − p_e)/(1 − p_e) per code, with p_o = (a+d)/N and "
                "p_e = [(a+b)(a+c) + (c+d)(b+d)]/N².",
                "Units are characters of the notes and answers both coders coded (at least one "
                "segment each); a source's length is its text's length when known, otherwise "
                "the furthest coded character.",
                "Only segments coded by hand or accepted suggestions count.",
                "Landis & Koch (1977): below 0 poor, up to 0.20 slight, 0.40 fair, 0.60 "
                "moderate, 0.80 substantial, above that almost perfect.",
                "The mean κ leaves out codes where κ is undefined (both coders never, or "
                "always, applied the code).",
            ],
            params=params,
            scope=str(getattr(data, "scope", "") or ""),
        )


def _kappa_drawer(names: list[str], kappas: list[float]):
    def draw(fig: Any) -> None:
        ax = fig.add_subplot(111)
        if not names:
            ax.text(0.5, 0.5, "No codes compared", ha="center", va="center")
            ax.set_axis_off()
            return
        values = [0.0 if math.isnan(k) else k for k in kappas][::-1]
        y = range(len(values))
        ax.barh(list(y), values, color=["#e15759" if v <= 0.4 else "#4e79a7" for v in values])
        ax.set_yticks(list(y), [n.rsplit("/", 1)[-1] for n in names][::-1], fontsize=8)
        for limit in (0.2, 0.4, 0.6, 0.8):
            ax.axvline(limit, color="grey", linestyle="--", linewidth=0.7)
        ax.set_xlim(min(-0.1, min(values) - 0.05), 1.0)
        ax.set_xlabel("Cohen's κ")

    return draw
