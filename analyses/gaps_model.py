"""The gaps model (Parasuraman, Zeithaml & Berry 1985): gaps 1–4 and the customer gap 5."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analyses._common import (
    DIMENSIONS,
    GAP_FMT,
    FormNeed,
    Wanted,
    by_person,
    evidence,
    form_for,
    form_note,
    gap_col,
    int_col,
    mean_col,
    need_form,
    person_of,
    pretty,
    require,
    respondent_scores_frame,
    reversed_num,
    scale_name,
    tagged_cells,
    text_col,
)
from analyses.servqual import dimension_order, respondent_dimensions
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.data import EngagementData, people_phrase
from workbench.analysis.numbers import round_half_away
from workbench.analysis.result import AnalysisResult, Column, FigureSpec, Table, fmt_num

FORM = "provider-gaps"
#: A form is read when it has this question (the built-in one has it).
NEED = FormNeed(FORM, ((Wanted("gap", None, ("scale",), "a rating scale"),),))
# A figure on fewer respondents than this is flagged (as the registry's small-sample rule).
SMALL_SAMPLE = 5

GAPS = {
    "1": ("Knowledge (listening)", "customers' expectations vs management's perception of them"),
    "2": ("Standards (design)", "management's perception vs the service specifications"),
    "3": ("Delivery (performance)", "the specifications vs the service delivered"),
    "4": ("Communication", "the service delivered vs what is promised externally"),
    "5": ("Customer gap", "expected vs perceived service (SERVQUAL P − E)"),
}


def provider_cells(data: EngagementData) -> pd.DataFrame:
    """Provider-gaps cells with gap, driver and dimension, the reversed score and shortfall."""
    cells = tagged_cells(data, form_for(data, NEED), "gap")
    q = data.questions_of(form_for(data, NEED))
    for tag in ("driver", "dimension"):
        col = f"tag:{tag}"
        values = q.set_index("question_key")[col] if col in q.columns else pd.Series(dtype=object)
        cells[tag] = cells["question_key"].map(values)
    cells = cells.dropna(subset=["num"]).copy()
    cells["score"] = reversed_num(cells, 1, 7)
    lo = pd.to_numeric(cells["scale_min"], errors="coerce").fillna(1)
    hi = pd.to_numeric(cells["scale_max"], errors="coerce").fillna(7)
    # Agreement above the midpoint reads as no gap (positive), below as a gap (negative):
    # the same units and sign as gap 5 (P − E), so the gaps can be read side by side.
    cells["gap"] = cells["score"] - (lo + hi) / 2
    return cells


def managers_only(cells: pd.DataFrame, data: EngagementData, segment: str) -> pd.DataFrame:
    """Cells from respondents whose register segment is ``segment`` (case-insensitive)."""
    seg = data.respondents.set_index("respondent_id")["segment"] if len(data.respondents) else {}
    of = cells["respondent_id"].map(seg).fillna("").astype(str).str.strip().str.casefold()
    return cells[of == segment.strip().casefold()]


class GapsModel(Analysis):
    id = "gaps-model"
    title = "The gaps model: where service quality is lost"
    description = (
        "The provider's four gaps (knowledge, standards, delivery, communication) from the "
        "provider questionnaire, each with its weakest drivers, and the customer gap from "
        "SERVQUAL."
    )
    params = (
        Param("weakest", "Weakest drivers to name", "int", 2, minimum=1, maximum=10),
        Param(
            "managers",
            "Managers' segment",
            "text",
            "management",
            help="Gaps 1 and 2 rest on management: the respondents of this segment of the "
            "respondent register (not on who ticked 'manager' on the form).",
        ),
    )

    def form_problems(self, form: Any) -> list[str]:
        """Gap questions must say what they measure: a driver, and for gap 1 a dimension."""
        if not NEED.fits_form(form):
            return []
        problems = []
        for q in form.iter_questions():
            gap = str(q.tags.get("gap", ""))
            if not gap:
                continue
            if gap not in ("1", "2", "3", "4"):
                problems.append(f"question '{q.key}': gap: {gap} is not one of 1, 2, 3, 4")
            elif gap == "1" and q.tags.get("dimension") not in DIMENSIONS:
                problems.append(
                    f"question '{q.key}': a gap-1 question needs a dimension tag naming one of "
                    f"{', '.join(DIMENSIONS)} (it has {q.tags.get('dimension')!r}), to be "
                    "compared with the customers' SERVQUAL expectations"
                )
            elif gap != "1" and not q.tags.get("driver"):
                problems.append(f"question '{q.key}': a gap-{gap} question needs a driver tag")
        return problems

    def check(self, data: EngagementData) -> Applicability:
        return need_form(data, NEED, "The gaps model")

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        cells = provider_cells(data)
        require(cells, "None of the completed provider-gaps interviews rates a gap question.")
        segment = str(params["managers"]).strip()
        mgmt_side = cells["group"].isin(["1", "2"])
        kept = managers_only(cells[mgmt_side], data, segment)
        left_out = cells.loc[mgmt_side, "interview_id"].nunique() - kept["interview_id"].nunique()
        cells = pd.concat([kept, cells[~mgmt_side]]).sort_index()
        # Each person counts once: someone interviewed twice in the scope is given the mean
        # of their interviews (on either form), as the report's headline table counts
        # them; the evidence still names every interview.
        cells["person"] = cells["interview_id"].map(person_of(data, cells["interview_id"]))
        _pairs, per_iv = respondent_dimensions(data)
        per = per_iv
        if len(per_iv):
            per = by_person(per_iv, person_of(data, per_iv.index.get_level_values(0)))
        state.progress(0.4, "gaps")
        weakest_n = int(params["weakest"])

        # -- gap 1: customers' E minus managers' predicted E, per dimension --------------
        g1 = cells[(cells["group"] == "1") & cells["dimension"].notna()]
        predicted = (
            g1.groupby(["person", "interview_id", "dimension"])["score"]
            .mean()
            .groupby(["person", "dimension"])
            .mean()
            .groupby("dimension")
            .mean()
        )
        customers = per["E"].groupby("group").mean() if len(per) else pd.Series(dtype=float)
        dims = dimension_order(sorted(set(predicted.index) | set(customers.index)))
        dim_rows, dim_ev = [], {}
        for i, d in enumerate(dims):
            c, m = customers.get(d, math.nan), predicted.get(d, math.nan)
            diff = c - m
            direction = (
                ""
                if math.isnan(diff)
                else "underestimates"
                if round_half_away(diff, 2) > 0
                else "overestimates"
                if round_half_away(diff, 2) < 0
                else "judges it right"
            )
            managers = int(g1.loc[g1["dimension"] == d, "person"].nunique())
            dim_rows.append(
                [pretty(d), _f(c), _f(m), _f(diff), _f(-abs(diff)), direction, managers]
            )
            dim_ev[i] = evidence(
                list(g1.loc[g1["dimension"] == d, "interview_id"])
                + list(per_iv.xs(d, level="group").index if d in customers.index else []),
                g1.loc[g1["dimension"] == d, "question_key"],
            )
        gap1 = (customers - predicted).dropna()
        dim_table = Table(
            "gap1_dimensions",
            "Gap 1 by dimension: customers' expectation vs management's prediction",
            [
                text_col("dimension", "Dimension"),
                mean_col("customers", "Customers' expectation"),
                mean_col("managers", "Management's prediction"),
                # Either sign is a misjudgement: the signed difference is not coloured;
                # the misjudgement (−|difference|) is, red the further off management is.
                Column("gap", "Customers − management", "float", GAP_FMT),
                gap_col("misjudgement", "Gap 1 (−|customers − management|)"),
                text_col("direction", "Management"),
                # What management's prediction rests on (an anonymised deliverable
                # suppresses a row resting on fewer than k of them).
                int_col("managers_n", "Management respondents"),
            ],
            dim_rows,
            dim_ev,
        )

        # -- gaps 2–4: drivers, centred on the neutral answer-------------------------------------------------
        drv = cells[cells["group"].isin(["2", "3", "4"]) & cells["driver"].notna()]
        per_drv = (
            drv.groupby(["group", "driver", "person", "interview_id"], sort=False)[["score", "gap"]]
            .mean()
            .groupby(["group", "driver", "person"], sort=False)
            .mean()
        )
        drivers = per_drv.groupby(["group", "driver"], sort=False).agg(
            n=("score", "size"), score=("score", "mean"), gap=("gap", "mean")
        )
        drv_rows, drv_ev = [], {}
        for i, ((g, d), rec) in enumerate(
            drivers.sort_index(level=0, sort_remaining=False).iterrows()
        ):
            sub = drv[(drv["group"] == g) & (drv["driver"] == d)]
            drv_rows.append(
                [f"Gap {g}", pretty(d), int(rec["n"]), float(rec["score"]), float(rec["gap"])]
            )
            drv_ev[i] = evidence(sub["interview_id"], sub["question_key"])
        drv_table = Table(
            "drivers",
            "Drivers of gaps 2–4",
            [
                text_col("gap", "Gap"),
                text_col("driver", "Driver"),
                int_col("n", "Respondents"),
                mean_col("score", "Mean score"),
                gap_col("gap", "Gap (score − scale midpoint)"),
            ],
            drv_rows,
            drv_ev,
        )

        # -- the five gaps -------------------------------------------------------------------
        n_customers = per.index.get_level_values(0).nunique() if len(per) else 0
        gap5 = float(per["gap"].groupby("group").mean().mean()) if len(per) else math.nan
        # Gap 1: how far management misjudges customers, whichever way: −mean |C − M|.
        scores: dict[str, float] = {
            "1": -float(gap1.abs().mean()) if len(gap1) else math.nan,
            "5": gap5,
        }
        weakest: dict[str, str] = {"1": ""}
        counts = {
            "1": g1["person"].nunique(),
            "5": n_customers,
        }
        for g in ("2", "3", "4"):
            sub = drivers.xs(g, level="group") if g in drivers.index.get_level_values(0) else None
            if sub is None or sub.empty:
                scores[g], weakest[g], counts[g] = math.nan, "", 0
                continue
            scores[g] = float(sub["gap"].mean())
            low = sub.sort_values("score").head(weakest_n)
            weakest[g] = ", ".join(
                f"{pretty(d)} ({fmt_num(r['score'])})" for d, r in low.iterrows()
            )
            counts[g] = drv.loc[drv["group"] == g, "person"].nunique()
        if len(gap1):
            big = gap1.abs().idxmax()
            weakest["1"] = f"{pretty(big)} ({fmt_num(gap1[big], signed=True)})"
        weakest["5"] = ""
        gap_rows, gap_ev = [], {}
        for i, g in enumerate(("1", "2", "3", "4", "5")):
            name, between = GAPS[g]
            gap_rows.append([f"Gap {g}", name, between, _f(scores[g]), int(counts[g]), weakest[g]])
            if g == "5":
                gap_ev[i] = evidence(per_iv.index.get_level_values(0), _pairs["question_key"])
            else:
                sub = cells[cells["group"] == g]
                gap_ev[i] = evidence(sub["interview_id"], sub["question_key"])
        gap_table = Table(
            "gaps",
            "The five gaps",
            [
                text_col("gap", "Gap"),
                text_col("name", "Name"),
                text_col("between", "Between"),
                gap_col("score", "Score"),
                int_col("n", "Respondents"),
                text_col("weakest", "Weakest drivers / largest dimension"),
            ],
            gap_rows,
            gap_ev,
        )

        who = people_phrase(n_customers) if len(per) else ""
        findings = self._findings(scores, weakest, gap1, who, counts)
        if not len(kept):
            findings.insert(
                0,
                f"No respondent of the register's segment '{segment}' answered the provider "
                "questionnaire: gaps 1 and 2, which rest on management, are not measured.",
            )
        notes = [
            *form_note(data, NEED),
            f"Parameters: {self.describe_params(params)}.",
            "Gap 1: per dimension, customers' mean expectation (SERVQUAL E: respondent mean, "
            "then sample mean) − management's predicted expectation; positive means "
            "management underestimates, negative overestimates. Either way management "
            "misjudges its customers, so the gap-1 score is −(mean over dimensions of "
            "|customers − management|): 0 when management judges every dimension right, "
            "more negative the further off it is, on the same scale points as gap 5.",
            f"Gaps 1 and 2 rest on management: the respondents of the register's segment "
            f"'{segment}'. Answers to those questions from anyone else (who ticked "
            f"'manager' on the form) are left out: {left_out} interview(s).",
            "Gaps 2–4: each driver is scored as its mean agreement − the scale midpoint (4 on "
            "1–7): 0 is a neutral answer, negative a gap (down to −3), positive no gap; per "
            "respondent then over respondents; a gap's score is the mean of its drivers. "
            "Being centred on the neutral answer, gaps 1–4 and gap 5 (P − E) read on the "
            "same scale points and sign (negative = quality lost); the weakest drivers are "
            "those with the lowest mean agreement.",
            "Gap 5 = the unweighted SERVQUAL score (mean of the five dimension gaps P − E).",
            "Items marked reverse (e.g. over-promising) are reversed before scoring.",
            "Each person counts once: someone interviewed more than once in the scope is given "
            "the mean of their interviews, and every n is a number of people.",
        ]
        figure = FigureSpec(
            "gaps_model", "The gaps model with the measured gaps", _diagram(scores), 7.0, 5.5
        )
        return AnalysisResult(
            self.id, self.title, findings, [gap_table, dim_table, drv_table], [figure], notes
        )

    @staticmethod
    def _findings(scores, weakest, gap1, customers, counts=None) -> list[str]:
        counts = counts or {}

        def few(g: str, inside: bool = False) -> str:
            # A gap resting on fewer than 5 respondents says so in the sentence too, not
            # only in the table's flag.
            n = int(counts.get(g, 0) or 0)
            if not 0 < n < SMALL_SAMPLE:
                return ""
            text = f"† {n} respondent{'' if n == 1 else 's'}"
            return f"; {text}" if inside else f" ({text})"

        out = []
        if math.isnan(scores["5"]):
            out.append("No completed SERVQUAL interviews: gaps 1 and 5 cannot be measured.")
        else:
            out.append(
                f"Gap 5, the customer gap: {fmt_num(scores['5'], signed=True)} "
                f"(SERVQUAL, {customers})."
            )
        # Gaps 1–4 are all provider gaps and read on the same scale; compare them as shown.
        shown = {
            g: round_half_away(scores[g], 2)
            for g in ("1", "2", "3", "4")
            if g in scores and not math.isnan(scores[g])
        }
        drivers = [g for g in ("2", "3", "4") if g in shown]
        if drivers:
            widest = min(shown.values())
            tied = [g for g in shown if shown[g] == widest]
            widest_driver = min(shown[g] for g in drivers)
            d_tied = [g for g in drivers if shown[g] == widest_driver]

            def name(g: str) -> str:
                return f"gap {g} ({GAPS[g][0].lower()})"

            def driver_text(gs: list[str]) -> str:
                if len(gs) == 1:
                    g = gs[0]
                    return (
                        f"{name(g)}: {fmt_num(scores[g], signed=True)}{few(g)}; "
                        f"weakest drivers: {weakest[g]}"
                    )
                return (
                    f"{' and '.join(name(g) for g in gs)}, tied at "
                    f"{fmt_num(scores[gs[0]], signed=True)}; weakest drivers: "
                    + "; ".join(f"gap {g}: {weakest[g]}{few(g)}" for g in gs)
                )

            if tied == ["1"]:
                out.append(
                    f"The widest provider gap is {name('1')}: "
                    f"{fmt_num(scores['1'], signed=True)}{few('1')}, management's "
                    f"misjudgement of customers' expectations; of gaps 2–4 the widest is "
                    f"{driver_text(d_tied)}."
                )
            elif "1" in tied:
                out.append(
                    f"The widest provider gaps, tied, are {name('1')} and "
                    f"{driver_text(d_tied)}{few('1')}."
                )
            elif len(d_tied) == 1:
                out.append(f"The widest provider gap is {driver_text(d_tied)}.")
            else:
                out.append(f"The widest provider gaps are {driver_text(d_tied)}.")
        if len(gap1):
            d = gap1.abs().idxmax()
            side = "underestimates" if gap1[d] > 0 else "overestimates"
            out.append(
                f"Management misjudges customers' expectations most on {d}: it {side} them "
                f"({fmt_num(gap1[d], signed=True)}); gap 1 overall "
                f"{fmt_num(scores['1'], signed=True)} (the mean misjudgement, either way"
                f"{few('1', inside=True)})."
            )
        return out

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> pd.DataFrame:
        """Per respondent: mean agreement with the drivers of gaps 2–4 (provider staff) and
        the customer gap 5 (customers' unweighted SERVQUAL score)."""
        cells = provider_cells(data)
        # As in the analysis itself: gaps 1 and 2 rest on management alone (a headline
        # takes the section's own figure, not one with staff answers in it).
        mgmt_side = cells["group"].isin(["1", "2"])
        segment = str(params.get("managers", "management"))
        cells = pd.concat([managers_only(cells[mgmt_side], data, segment), cells[~mgmt_side]])
        drv = cells[cells["group"].isin(["2", "3", "4"]) & cells["driver"].notna()]
        parts = []
        if len(drv):
            per_drv = drv.groupby(["interview_id", "group", "driver"])["score"].mean()
            by_gap = per_drv.groupby(["interview_id", "group"]).mean().unstack("group")
            by_gap = by_gap.reindex(columns=[g for g in ("2", "3", "4") if g in by_gap.columns])
            scale = scale_name(drv)  # the agreement scale: "… mean agreement (1–7)"
            parts.append(
                by_gap.rename(
                    columns=lambda g: (
                        f"Gap {g} {GAPS[g][0].lower()}: drivers' mean agreement {scale}"
                    )
                )
            )
        _pairs, per = respondent_dimensions(data)
        if len(per):
            gap5 = per["gap"].unstack("group").mean(axis=1).rename("Gap 5 customer gap (P − E)")
            parts.append(gap5.to_frame())
        wide = pd.concat(parts, axis=1) if parts else pd.DataFrame()
        return respondent_scores_frame(data, wide)


def _f(value: float) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def _diagram(scores: dict[str, float]):
    def label(g: str) -> str:
        v = scores.get(g, math.nan)
        return f"Gap {g}\n{fmt_num(v, signed=True)}"

    def draw(fig) -> None:
        from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

        ax = fig.add_subplot()
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        ax.axis("off")
        boxes = {
            "expected": (4.0, 8.6, "Expected service"),
            "perceived": (4.0, 6.8, "Perceived service"),
            "delivery": (4.0, 4.8, "Service delivery"),
            "specs": (4.0, 2.9, "Service specifications"),
            "mgmt": (4.0, 1.0, "Management's perception\nof customers' expectations"),
            "comms": (7.6, 4.8, "External\ncommunications"),
        }
        w, h = 2.6, 0.9
        for x, y, text in boxes.values():
            ax.add_patch(
                FancyBboxPatch(
                    (x - w / 2, y - h / 2),
                    w,
                    h,
                    boxstyle="round,pad=0.05",
                    facecolor="#eaf2f8",
                    edgecolor="#2a7ab0",
                )
            )
            ax.text(x, y, text, ha="center", va="center", fontsize=8)
        ax.axhline(5.9, color="#7f8c8d", linestyle="--", linewidth=0.8)
        ax.text(0.1, 9.6, "CUSTOMER", fontsize=9, weight="bold", color="#7f8c8d")
        ax.text(0.1, 5.5, "PROVIDER", fontsize=9, weight="bold", color="#7f8c8d")

        def link(start, end, colour="#c0392b", style="<->", rad=0.0):
            ax.add_patch(
                FancyArrowPatch(
                    start,
                    end,
                    arrowstyle=style,
                    mutation_scale=10,
                    color=colour,
                    connectionstyle=f"arc3,rad={rad}",
                )
            )

        def note(x, y, text, ha="left"):
            ax.text(x, y, text, fontsize=7, color="#c0392b", ha=ha, va="center")

        # Gaps (red): 5 and 3, 2 as vertical pairs right of centre; 4 across; 1 the long arc.
        for top, bottom, g in (
            ("expected", "perceived", "5"),
            ("delivery", "specs", "3"),
            ("specs", "mgmt", "2"),
        ):
            y1, y2 = boxes[top][1] - h / 2, boxes[bottom][1] + h / 2
            link((4.8, y1), (4.8, y2))
            note(4.95, (y1 + y2) / 2, label(g))
        link((4.0 + w / 2, 4.8), (7.6 - w / 2, 4.8))
        note((4.0 + w / 2 + 7.6 - w / 2) / 2, 5.35, label("4"), ha="center")
        link((4.0 - w / 2, 8.6), (4.0 - w / 2, 1.0), rad=0.35)
        note(1.4, 4.8, label("1"), ha="right")
        # The flow of the service (blue).
        blue = "#2a7ab0"
        link((4.0, 1.0 + h / 2), (4.0, 2.9 - h / 2), blue, "->")
        link((3.4, 2.9 + h / 2), (3.4, 4.8 - h / 2), blue, "->")
        link((4.0, 4.8 + h / 2), (4.0, 6.8 - h / 2), blue, "->")
        link((7.6, 4.8 + h / 2), (4.0 + w / 2, 8.6), blue, "->", rad=0.2)

    return draw
