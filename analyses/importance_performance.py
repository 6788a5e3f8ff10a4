"""Importance–performance analysis (Martilla & James 1977)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analyses import servqual as sq
from analyses import total_customer_service as tcs
from analyses._common import (
    allocations,
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
    scale_name,
    text_col,
)
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.data import EngagementData
from workbench.analysis.numbers import is_missing, join_names, round_half_away, settle, ties
from workbench.analysis.registry import NotApplicable
from workbench.analysis.result import AnalysisResult, FigureSpec, Table, fmt_num
from workbench.analysis.stats import nan_to_none

CONCENTRATE = "Concentrate here"
KEEP_UP = "Keep up the good work"
LOW_PRIORITY = "Low priority"
OVERKILL = "Possible overkill"
# Low importance and performance above the crosshair, yet perceptions below expectations:
# not overkill at all, so it is not called that.
SHORT_OF_EXPECTATIONS = "Low priority, short of expectations"
QUADRANTS = (CONCENTRATE, KEEP_UP, LOW_PRIORITY, OVERKILL, SHORT_OF_EXPECTATIONS)


def quadrant(importance: float, performance: float, y0: float, x0: float) -> str:
    """Martilla & James quadrant; a value on a crosshair counts as high.

    Values and crosshairs are compared as the decimals they stand for (settled at 10
    places), so floating-point noise in a mean never decides the side of a line.
    """
    high_importance = settle(importance) >= settle(y0)
    high_performance = settle(performance) >= settle(x0)
    if high_importance:
        return KEEP_UP if high_performance else CONCENTRATE
    return OVERKILL if high_performance else LOW_PRIORITY


def grand_mean(values: list[float]) -> float:
    """The mean of the attributes, summed exactly (``math.fsum``)."""
    return math.fsum(values) / len(values) if values else math.nan


def _midpoint(questions: pd.DataFrame, default: tuple[float, float]) -> float:
    lo = pd.to_numeric(questions["scale_min"], errors="coerce").dropna()
    hi = pd.to_numeric(questions["scale_max"], errors="coerce").dropna()
    lo_v = float(lo.iloc[0]) if len(lo) else default[0]
    hi_v = float(hi.iloc[0]) if len(hi) else default[1]
    return (lo_v + hi_v) / 2


def _importance_answered(data: EngagementData, need: Any) -> bool:
    """Whether any completed interview of the form ``need`` picks gives the importance
    that ``run`` uses (a valid SERVQUAL allocation, or a cell of the total customer
    service matrix)."""
    if need is sq.NEED:
        points, valid = allocations(data, form_for(data, need), "role", "importance")
        return bool(len(points)) and bool(valid.any())
    return not tcs.importance_scores(data).empty


class ImportancePerformance(Analysis):
    id = "importance-performance"
    title = "Importance–performance analysis"
    description = (
        "Each attribute's mean importance against its mean performance, in Martilla & "
        "James's four quadrants: concentrate here, keep up the good work, low priority, "
        "possible overkill."
    )
    params = (
        Param(
            "source",
            "Data from",
            "choice",
            "servqual",
            choices=(
                ("servqual", "SERVQUAL (dimensions; importance from the allocation)"),
                ("total-customer-service", "Total customer service (measures; importance matrix)"),
            ),
        ),
        Param(
            "crosshair",
            "Crosshairs at",
            "choice",
            "data",
            choices=(("data", "the grand means (data-centred)"), ("scale", "the scale midpoints")),
        ),
    )

    def check(self, data: EngagementData) -> Applicability:
        # The check cannot see the chosen source: it passes when either form can feed it.
        reasons = []
        for need, what in ((sq.NEED, "SERVQUAL"), (tcs.NEED, "total customer service")):
            done = need_form(data, need, "Importance–performance analysis")
            form = form_for(data, need)
            has_imp = not data.questions_tagged(form, "role", "importance").empty
            if done.ok and has_imp and _importance_answered(data, need):
                return Applicability.yes()
            reasons.append(
                done.reason
                if not done.ok
                else f"the {what} form has no importance question"
                if not has_imp
                else f"no completed {what} interview answers the importance question"
            )
        return Applicability.no(
            "Importance–performance analysis needs completed SERVQUAL or total customer service "
            f"interviews with an importance question: {reasons[0]}"
        )

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        source = params["source"]
        need = sq.NEED if source == "servqual" else tcs.NEED
        form = form_for(data, need)
        check = need_form(data, need, "Importance–performance analysis")
        if not check.ok:
            raise NotApplicable(check.reason)
        if source == "servqual":
            frame, x_mid, y_mid, imp_note = self._servqual(data)
        else:
            frame, x_mid, y_mid, imp_note = self._tcs(data)
        state.progress(0.6, "quadrants")
        frame = frame.dropna(subset=["importance", "performance"])
        require(
            frame,
            "No attribute has both an importance and a performance score in the "
            f"completed {form} interviews.",
        )
        if params["crosshair"] == "data":
            x0 = grand_mean(list(frame["performance"]))
            y0 = grand_mean(list(frame["importance"]))
            where = "grand means of the attributes (data-centred)"
        else:
            x0, y0 = x_mid, y_mid
            where = "scale midpoints (scale-centred)"
        frame["quadrant"] = [
            quadrant(i, p, y0, x0)
            for i, p in zip(frame["importance"], frame["performance"], strict=True)
        ]
        # "Possible overkill" only where perception meets expectation (gap as displayed).
        short = [
            q == OVERKILL and not is_missing(g) and round_half_away(g, 2) < 0
            for q, g in zip(frame["quadrant"], frame["gap"], strict=True)
        ]
        frame.loc[short, "quadrant"] = SHORT_OF_EXPECTATIONS
        rows, ev = [], {}
        for i, (attr, r) in enumerate(frame.iterrows()):
            rows.append(
                [
                    pretty(attr),
                    float(r["importance"]),
                    float(r["performance"]),
                    nan_to_none(r["gap"]),
                    int(r["n"]),
                    r["quadrant"],
                ]
            )
            ev[i] = evidence(r["ids"], r["keys"])
        counted = "Respondents"  # each person once (their mean over their interviews)
        table = Table(
            "attributes",
            "Importance and performance by attribute",
            [
                text_col("attribute", "Attribute"),
                mean_col("importance", "Importance"),
                mean_col("performance", "Performance"),
                gap_col("gap", "Gap (P − E)"),
                int_col("n", counted),
                text_col("quadrant", "Quadrant"),
            ],
            rows,
            ev,
        )
        crosshair = (
            f"Crosshairs at the {where}: performance {fmt_num(x0)}, importance {fmt_num(y0)}."
        )
        findings = [crosshair]
        for q in QUADRANTS:
            names = [pretty(a) for a in frame.index[frame["quadrant"] == q]]
            if names:
                findings.append(f"{q}: {', '.join(names)}.")
        conc = frame[frame["quadrant"] == CONCENTRATE]
        if len(conc):
            tops = ties(conc["importance"].to_dict(), 2)
            top = tops[0]
            if len(tops) == 1:
                findings.append(
                    f"Top priority: {top} (importance {fmt_num(conc.at[top, 'importance'])}, "
                    f"performance {fmt_num(conc.at[top, 'performance'])})."
                )
            else:
                findings.append(
                    f"Top priorities, tied on importance ({fmt_num(conc.at[top, 'importance'])}): "
                    f"{join_names(tops)}."
                )
        notes = [
            *form_note(data, sq.NEED if params["source"] == "servqual" else tcs.NEED),
            f"Parameters: {self.describe_params(params)}.",
            imp_note,
            "Performance = mean perception (P, the actual service), per respondent then over "
            "respondents.",
            crosshair + " An attribute on a crosshair counts as high; values are compared "
            "as the decimals they stand for (settled at 10 places), so rounding noise in a "
            "mean never moves an attribute across a line.",
            f"Martilla & James call low importance with high performance '{OVERKILL}'. High "
            "performance here means above the crosshair, not above expectations: an "
            "attribute there whose perception still falls short of its expectation "
            f"(P − E < 0) is labelled '{SHORT_OF_EXPECTATIONS}' instead.",
        ]
        labels = [pretty(a) for a in frame.index]
        figure = FigureSpec(
            "quadrants",
            "Importance–performance quadrants",
            _drawer(labels, list(frame["performance"]), list(frame["importance"]), x0, y0, where),
            6.5,
            5.0,
        )
        crosshairs = Table(
            "crosshairs",
            "Crosshairs",
            [
                text_col("axis", "Axis"),
                mean_col("value", "Crosshair"),
                text_col("at", "At the"),
            ],
            [["Performance", x0, where], ["Importance", y0, where]],
        )
        return AnalysisResult(self.id, self.title, findings, [table, crosshairs], [figure], notes)

    @staticmethod
    def _servqual(data: EngagementData):
        pairs, per_iv = sq.respondent_dimensions(data)
        # Each person counts once: the mean of their interviews first.
        per = per_iv
        if len(per_iv):
            per = by_person(per_iv, person_of(data, per_iv.index.get_level_values(0)))
        perf = per["P"].groupby("group").mean()
        n = per["P"].groupby("group").size()
        points, valid = allocations(data, form_for(data, sq.NEED), "role", "importance")
        good = points[valid] if len(points) else points
        if len(good):
            good = by_person(good, person_of(data, good.index))
        imp = good.mean() if len(good) else pd.Series(dtype=float)
        alloc_key = list(
            data.questions_tagged(form_for(data, sq.NEED), "role", "importance")["question_key"]
        )
        dims = sq.dimension_order(sorted(set(perf.index) | set(imp.index)))
        frame = pd.DataFrame(
            {
                "importance": imp.reindex(dims),
                "performance": perf.reindex(dims),
                "gap": per["gap"].groupby("group").mean().reindex(dims),
                "n": n.reindex(dims).fillna(0),
                "ids": [
                    list(per_iv.xs(d, level="group").index) if d in perf.index else [] for d in dims
                ],
                "keys": [
                    list(pairs.loc[pairs["group"] == d, "question_key"].unique()) + alloc_key
                    for d in dims
                ],
            },
            index=dims,
        )
        y_mid = 100.0 / max(len(points.columns), 1) if len(points) else 20.0
        x_mid = _midpoint(data.questions_tagged(form_for(data, sq.NEED), "dimension"), (1, 7))
        note = (
            "Importance = mean points allocated to the dimension (valid allocations only, "
            f"{len(good)} respondents); its scale midpoint is an "
            "equal share of the 100 points."
        )
        return frame, x_mid, y_mid, note

    @staticmethod
    def _tcs(data: EngagementData):
        per, keys = tcs.measure_scores(data)
        imp_cells = tcs.importance_scores(data)
        # Each person counts once: the mean of their interviews first.
        people = tcs.person_measures(data, per) if len(per) else per.assign(person=None)
        perf = people.groupby("group", sort=False)["P"].mean()
        n = people.groupby("group", sort=False).size()
        imp = tcs.person_importance(data, imp_cells)
        measures = list(dict.fromkeys([*perf.index, *imp.index]))
        frame = pd.DataFrame(
            {
                "importance": imp.reindex(measures),
                "performance": perf.reindex(measures),
                "gap": people.groupby("group", sort=False)["tcs"].mean().reindex(measures),
                "n": n.reindex(measures).fillna(0),
                "ids": [list(per.loc[per["group"] == m, "interview_id"]) for m in measures],
                "keys": [
                    keys.get(m, []) + list(imp_cells["question_key"].unique()) for m in measures
                ],
            },
            index=measures,
        )
        y_mid = _midpoint(
            data.questions_tagged(form_for(data, tcs.NEED), "role", "importance"), (1, 5)
        )
        x_mid = _midpoint(data.questions_tagged(form_for(data, tcs.NEED), "measure"), (1, 7))
        note = "Importance = mean rating of the measure in the importance matrix."
        return frame, x_mid, y_mid, note

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> pd.DataFrame:
        """Per respondent: each attribute's performance (P) and importance."""
        if params.get("source", "servqual") == "servqual":
            _pairs, per = sq.respondent_dimensions(data)
            perf = per["P"].unstack("group")
            perf = perf.reindex(columns=sq.dimension_order(list(perf.columns)))
            points, valid = allocations(data, form_for(data, sq.NEED), "role", "importance")
            imp = points[valid] if len(points) else points
            imp_label = "importance (points of 100)"
            scale = scale_name(data.questions_tagged(form_for(data, sq.NEED), "dimension"))
        else:
            per, _keys = tcs.measure_scores(data)
            perf = per.pivot_table(index="interview_id", columns="group", values="P", sort=False)
            cells = tcs.importance_scores(data)
            imp = cells.pivot_table(
                index="interview_id", columns="measure", values="score", sort=False
            )
            imp_label = "importance"
            scale = scale_name(data.questions_tagged(form_for(data, tcs.NEED), "measure"))
        # performance on its scale ("Tangibles performance (1–7)": shown "5.61 of 7")
        out = perf.rename(columns=lambda a: f"{pretty(a)} performance {scale}")
        for attr in perf.columns:
            if attr in getattr(imp, "columns", ()):
                out[f"{pretty(attr)} {imp_label}"] = imp[attr].reindex(out.index)
        return respondent_scores_frame(data, out)


def _drawer(labels, xs, ys, x0, y0, where):
    def draw(fig) -> None:
        ax = fig.add_subplot()
        ax.scatter(xs, ys, color="#2a7ab0", zorder=3)
        for label, x, y in zip(labels, xs, ys, strict=True):
            ax.annotate(label, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=8)
        ax.axvline(x0, color="#7f8c8d", linestyle="--", linewidth=0.8)
        ax.axhline(y0, color="#7f8c8d", linestyle="--", linewidth=0.8)
        ax.margins(0.25)
        ax.set_xlabel("Performance")
        ax.set_ylabel("Importance")
        for text, ha, va, fx, fy in (
            (CONCENTRATE, "left", "top", 0.02, 0.98),
            (KEEP_UP, "right", "top", 0.98, 0.98),
            (LOW_PRIORITY, "left", "bottom", 0.02, 0.02),
            (f"{OVERKILL}\n(where expectations are met)", "right", "bottom", 0.98, 0.02),
        ):
            ax.text(fx, fy, text, transform=ax.transAxes, ha=ha, va=va, fontsize=8, color="#7f8c8d")
        ax.set_title(f"Crosshairs: {where}", fontsize=8)

    return draw
