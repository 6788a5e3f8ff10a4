"""SERVQUAL (Parasuraman, Zeithaml & Berry 1988) and SERVPERF (Cronin & Taylor 1992)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analyses._common import (
    DIMENSIONS,
    GAP_FMT,
    MEAN_FMT,
    FormNeed,
    Wanted,
    allocations,
    by_person,
    category_axis,
    evidence,
    form_for,
    form_note,
    gap_col,
    int_col,
    legend_outside,
    mean_col,
    need_form,
    pair_scores,
    pct_col,
    person_of,
    pretty,
    require,
    respondent_scores_frame,
    text_col,
)
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.data import EngagementData, people_phrase
from workbench.analysis.labels import NO_SEGMENT
from workbench.analysis.numbers import (
    all_equal,
    display,
    fmt_percent,
    join_names,
    largest_remainder,
    ties,
)
from workbench.analysis.result import AnalysisResult, Column, FigureSpec, Table, fmt_num
from workbench.analysis.stats import ci_text, cronbach_alpha, mean_ci

FORM = "servqual"
#: A form is read when it has this question (the built-in one has it).
NEED = FormNeed(
    FORM, ((Wanted("dimension", None, ("pair",), "an expectation-and-perception pair"),),)
)
MIN_INTERVIEWS = 3


def dimension_order(groups: list[str]) -> list[str]:
    known = [d for d in DIMENSIONS if d in groups]
    return known + sorted(g for g in groups if g not in DIMENSIONS)


def respondent_dimensions(data: EngagementData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(item pairs, per interview × dimension means of E, P and gap)."""
    pairs = pair_scores(data, form_for(data, NEED), "dimension")
    per = pairs.groupby(["interview_id", "group"]).agg(
        E=("E", "mean"), P=("P", "mean"), gap=("gap", "mean")
    )
    return pairs, per


def weighted_scores(
    data: EngagementData, per_dim: pd.DataFrame
) -> tuple[pd.Series, pd.DataFrame, int]:
    """Per interview Σ w × value (w = points/100) for interviews with a valid allocation.

    ``per_dim`` is interview × dimension.  Returns (scores, weights used, excluded count).
    """
    points, valid = allocations(data, form_for(data, NEED), "role", "importance")
    if points.empty:
        return pd.Series(dtype=float), pd.DataFrame(), len(per_dim)
    w = points.reindex(index=per_dim.index, columns=per_dim.columns).fillna(0.0) / 100.0
    ok = valid.reindex(per_dim.index, fill_value=False).astype(bool)
    ok &= ~(per_dim.isna() & (w > 0)).any(axis=1)
    scores = (w * per_dim).sum(axis=1)[ok]
    return scores, w[ok], int((~ok).sum())


class Servqual(Analysis):
    id = "servqual"
    title = "SERVQUAL: service quality gaps"
    description = (
        "Expectation and perception of the five service-quality dimensions: item and "
        "dimension gaps (P − E), the unweighted and importance-weighted scores, "
        "Cronbach's alpha per dimension, and the scores by segment."
    )
    params = (
        Param(
            "model",
            "Model",
            "choice",
            "servqual",
            choices=(("servqual", "SERVQUAL (P − E)"), ("servperf", "SERVPERF (P only)")),
        ),
        Param("weighted", "Importance-weighted score", "bool", True),
        Param("alpha_threshold", "Acceptable alpha", "number", 0.70, minimum=0.0, maximum=1.0),
        Param("by_segment", "By segment", "bool", True),
    )

    def form_problems(self, form: Any) -> list[str]:
        """Importance allocation options that name no dimension of the form."""
        if not NEED.fits_form(form):
            return []
        questions = list(form.iter_questions())
        dims = {str(q.tags["dimension"]) for q in questions if "dimension" in q.tags}
        problems = []
        for q in questions:
            if q.type != "allocation" or q.tags.get("role") != "importance":
                continue
            keys = {o.key for o in q.options}
            for option in q.options:
                if option.key not in dims:
                    problems.append(
                        f"question '{q.key}', option '{option.key}': no question is tagged "
                        f"dimension: {option.key} (the dimensions are "
                        f"{', '.join(dimension_order(sorted(dims))) or 'none'}); points given "
                        "to it would weight nothing"
                    )
            for d in dimension_order(sorted(dims - keys)):
                problems.append(
                    f"question '{q.key}': no option is keyed '{d}', so dimension {d} could "
                    "never carry importance"
                )
        return problems

    def check(self, data: EngagementData) -> Applicability:
        return need_form(data, NEED, "SERVQUAL", MIN_INTERVIEWS)

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        perf = params["model"] == "servperf"
        value = "P" if perf else "gap"
        pairs, per = respondent_dimensions(data)
        require(
            pairs,
            "None of the completed SERVQUAL interviews has an item with both an "
            "expectation and a perception.",
        )
        state.progress(0.3, "dimension scores")
        dims = dimension_order(list(pairs["group"].unique()))
        # Each person counts once: someone interviewed twice in the scope is given the
        # mean of their interviews' dimension scores (as the report's headline table and
        # a wave comparison count them); the evidence still names every interview.
        person = person_of(data, pairs["interview_id"])
        iv_dim = per[value].unstack("group").reindex(columns=dims)
        per = by_person(per, person)
        per_dim = per[value].unstack("group").reindex(columns=dims)
        per_e = per["E"].unstack("group").reindex(columns=dims)
        per_p = per["P"].unstack("group").reindex(columns=dims)
        interviews_of = pairs.groupby(pairs["interview_id"].map(person), sort=False)[
            "interview_id"
        ].unique()

        def of(people: Any) -> list[Any]:  # the interviews of these people, for evidence
            return [i for p in people for i in interviews_of.get(p, [])]

        scores_w, weights, excluded = None, None, 0
        if params["weighted"]:
            iv_scores, iv_weights, _x = weighted_scores(data, iv_dim)
            scores_w = by_person(iv_scores.to_frame("score"), person)["score"]
            weights = by_person(iv_weights, person) if len(iv_weights) else iv_weights
            excluded = len(per_dim) - len(scores_w)
        keys = {
            d: list(dict.fromkeys(pairs.loc[pairs["group"] == d, "question_key"])) for d in dims
        }
        all_ids = list(iv_dim.index)
        all_keys = list(dict.fromkeys(pairs["question_key"]))
        value_label = "perception" if perf else "gap"

        # -- dimensions ---------------------------------------------------------------
        counted = "Respondents"  # every n below counts people
        dim_cols = [
            text_col("dimension", "Dimension"),
            int_col("items", "Items"),
            int_col("n", counted),
        ]
        if not perf:
            dim_cols += [mean_col("expectation", "Expectation (E)")]
        dim_cols += [mean_col("perception", "Perception (P)")]
        if not perf:
            dim_cols += [gap_col("gap", "Gap (P − E)")]
        if weights is not None and not weights.empty:
            dim_cols += [pct_col("weight", "Mean importance weight")]
        # Mean weights shown together: apportioned so that they sum to 100%.
        shares = (
            largest_remainder({d: float(weights[d].mean()) for d in dims})
            if weights is not None and len(weights)
            else {}
        )
        dim_rows, dim_ev = [], {}
        for i, d in enumerate(dims):
            rec = {
                "dimension": pretty(d),
                "items": len(keys[d]),
                "n": int(per_dim[d].notna().sum()),
                "expectation": float(per_e[d].mean()),
                "perception": float(per_p[d].mean()),
                "gap": float(per_dim[d].mean()) if not perf else None,
                "weight": shares.get(d),
            }
            dim_rows.append([rec[c.name] for c in dim_cols])
            dim_ev[i] = evidence(iv_dim.index[iv_dim[d].notna()], keys[d])
        dim_means = per_dim.mean()
        unweighted = float(dim_means.mean())

        # -- scores ---------------------------------------------------------------------
        name = "SERVPERF" if perf else "SERVQUAL"
        ci_u = mean_ci(per_dim.mean(axis=1), centre=unweighted)
        score_rows = [[f"Unweighted {name} score", unweighted, *ci_u, len(per_dim)]]
        score_ev = {0: evidence(all_ids, all_keys)}
        ci_w = (math.nan, math.nan)
        if scores_w is not None:
            ci_w = mean_ci(scores_w)
            score_rows.append(
                [f"Importance-weighted {name} score", _mean(scores_w), *ci_w, len(scores_w)]
            )
            score_ev[1] = evidence(iv_scores.index, all_keys)
        make = mean_col if perf else gap_col
        scores = Table(
            "scores",
            f"{name} scores",
            [
                text_col("measure", "Measure"),
                make("score", "Score"),
                make("ci_low", "95% CI low"),
                make("ci_high", "95% CI high"),
                int_col("n", counted),
            ],
            score_rows,
            score_ev,
        )

        # -- items ----------------------------------------------------------------------
        item_cols = [
            text_col("question_key", "Question"),
            text_col("label", "Item"),
            text_col("dimension", "Dimension"),
            int_col("n", counted),
            mean_col("expectation", "Expectation (E)"),
            mean_col("perception", "Perception (P)"),
            gap_col("gap", "Gap (P − E)"),
        ]
        if perf:
            item_cols = [c for c in item_cols if c.name not in ("expectation", "gap")]
        item_rows, item_ev = [], {}
        # Per person and item: the mean of their interviews' answers to it.
        item_people = by_person(
            pairs.set_index(["interview_id", "question_key"])[["E", "P", "gap"]], person
        )
        item_gaps = {}
        for i, (key, grp) in enumerate(pairs.groupby("question_key", sort=False)):
            people = item_people.xs(key, level="question_key")
            item_gaps[key] = float(people["gap"].mean())
            rec = {
                "question_key": key,
                "label": str(grp["label"].iloc[0]),
                "dimension": pretty(grp["group"].iloc[0]),
                "n": len(people),
                "expectation": float(people["E"].mean()),
                "perception": float(people["P"].mean()),
                "gap": item_gaps[key],
            }
            item_rows.append([rec[c.name] for c in item_cols])
            item_ev[i] = evidence(grp["interview_id"], [key])
        state.progress(0.6, "reliability")

        # -- reliability ------------------------------------------------------------------
        threshold = float(params["alpha_threshold"])
        rel_rows, rel_ev, alphas_gap, alpha_cases = [], {}, {}, {}
        for d in dims:
            sub = pairs[pairs["group"] == d]
            for on in ("P",) if perf else ("E", "P", "gap"):
                # One case per person: a respondent interviewed twice gives their mean.
                matrix = sub.pivot_table(index="respondent_id", columns="question_key", values=on)
                a = cronbach_alpha(matrix)
                verdict = (
                    "n/a" if math.isnan(a.alpha) else ("yes" if a.acceptable(threshold) else "no")
                )
                cases = sub["respondent_id"].isin(matrix.dropna().index)
                rel_ev[len(rel_rows)] = evidence(sub.loc[cases, "interview_id"], keys[d])
                rel_rows.append([pretty(d), {"gap": "Gap"}.get(on, on), a.k, a.n, a.alpha, verdict])
                if on == value:
                    alphas_gap[d] = a.alpha
                    alpha_cases[d] = a.n
        reliability = Table(
            "reliability",
            "Reliability (Cronbach's alpha)",
            [
                text_col("dimension", "Dimension"),
                text_col("on", "On"),
                int_col("k", "Items (k)"),
                int_col("n", "Complete cases (n)"),
                Column("alpha", "Alpha", "float", "0.000"),
                text_col("acceptable", f"Acceptable (≥ {threshold:.2f})"),
            ],
            rel_rows,
            rel_ev,
        )

        tables = [
            Table("dimensions", "Dimensions", dim_cols, dim_rows, dim_ev),
            scores,
            Table("items", "Items", item_cols, item_rows, item_ev),
            reliability,
        ]
        if params["by_segment"]:
            tables.append(self._segments(pairs, per_dim, dims, scores_w, perf, of, person))

        # -- findings ---------------------------------------------------------------------
        who = people_phrase(len(per_dim))
        findings = []
        interval = ci_text(*ci_u, signed=not perf)
        interval = f" ({interval})" if interval else ""
        if perf:
            findings.append(
                f"SERVPERF score (mean perception) {fmt_num(unweighted)}{interval} over {who}."
            )
        else:
            findings.append(
                f"Unweighted SERVQUAL score {fmt_num(unweighted, signed=True)}{interval} over {who} "
                f"({'perceptions fall short of expectations' if unweighted < 0 else 'perceptions meet or exceed expectations'})."
            )
        findings += extremes_sentence(dim_means.dropna().to_dict(), signed=not perf)
        if scores_w is not None:
            if len(scores_w):
                findings.append(
                    f"Importance-weighted score {fmt_num(_mean(scores_w), signed=not perf)}"
                    f"{f' ({ci_text(*ci_w, signed=not perf)})' if ci_text(*ci_w) else ''} over "
                    f"{people_phrase(len(scores_w))}; {excluded} without a valid "
                    "allocation excluded."
                )
                findings.append(importance_sentence(shares))
            else:
                findings.append(
                    "No respondent gave a valid importance allocation; no weighted score."
                )
        if not perf and len(pairs):
            worst = ties(item_gaps, 2, highest=False)
            if worst and item_gaps[worst[0]] < 0:
                labels = [  # an item worded as a sentence loses its full stop here
                    str(pairs.loc[pairs["question_key"] == k, "label"].iloc[0]).rstrip(". ")
                    for k in worst
                ]
                value = fmt_num(item_gaps[worst[0]], signed=True)
                findings.append(
                    f"Largest item shortfall: {labels[0]} ({value})."
                    if len(labels) == 1
                    else f"Largest item shortfall, shared by {len(labels)} items ({value} each): "
                    + "; ".join(labels)
                    + "."
                )
        valid_alphas = {d: a for d, a in alphas_gap.items() if not math.isnan(a)}
        if valid_alphas:
            good = [d for d, a in valid_alphas.items() if a >= threshold]
            weakest = ties(valid_alphas, 3, highest=False)
            findings.append(
                f"Cronbach's alpha on the {value_label}s is acceptable (≥ {threshold:.2f}) for "
                f"{len(good)} of {len(valid_alphas)} dimensions; lowest: {join_names(weakest)} "
                f"(α = {fmt_num(valid_alphas[weakest[0]], 3)})."
            )
            few = min(alpha_cases[d] for d in valid_alphas)
            if few < 10:
                findings[-1] = findings[-1][:-1] + (
                    f"; with as few as {few} cases alpha is unstable (fewer than 10)."
                )

        notes = [
            *form_note(data, NEED),
            f"Parameters: {self.describe_params(params)}.",
            "Item gap = P − E; a respondent's dimension gap is the mean of its item gaps; the "
            "sample's dimension gap is the mean over respondents; the unweighted score is the "
            "mean of the dimension gaps."
            if not perf
            else "SERVPERF: perceptions only; mean P per respondent and dimension, then over "
            "respondents; the score is the mean of the dimension means.",
            "Items marked reverse are reversed before scoring (min + max − x, 8 − x on 1–7).",
            "Cronbach's alpha uses sample variances (n − 1) over respondents with every item "
            "of the dimension answered (listwise).",
            "Each person counts once: someone interviewed more than once in the scope is given "
            "the mean of their interviews (each item, dimension and score), and every n is a "
            "number of people.",
        ]
        if params["weighted"]:
            notes.append(
                "Weighted score per respondent = Σ w × dimension score, w = points/100 of the "
                f"importance allocation; {excluded} respondent(s) without a valid allocation "
                "(missing, or not summing to 100) were excluded from it."
            )
        figures = self._figures(dims, per_e.mean(), per_p.mean(), dim_means, perf)
        return AnalysisResult(self.id, self.title, findings, tables, figures, notes)

    def _segments(self, pairs, per_dim, dims, scores_w, perf, of, person) -> Table:
        seg = pairs.assign(person=pairs["interview_id"].map(person))
        seg = seg.drop_duplicates("person").set_index("person")["segment"]
        seg = seg.reindex(per_dim.index).fillna(NO_SEGMENT).astype(str)
        cols = [text_col("segment", "Segment"), int_col("n", "Respondents")]
        make = mean_col if perf else gap_col
        cols += [make(d, pretty(d)) for d in dims]
        cols += [make("score", "Unweighted score")]
        if scores_w is not None:
            cols += [make("weighted", "Weighted score")]
        rows, ev = [], {}
        for i, (name, ids) in enumerate(seg.groupby(seg).groups.items()):
            sub = per_dim.loc[ids]
            means = sub.mean()
            row = [name, len(sub), *[float(means[d]) for d in dims], float(means.mean())]
            if scores_w is not None:
                row.append(_mean(scores_w.reindex(ids).dropna()))
            rows.append(row)
            ev[i] = evidence(of(ids))
        return Table("segments", "By segment", cols, rows, ev)

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> pd.DataFrame:
        """Per respondent: the gap (or perception) of each dimension and the scores."""
        perf = params.get("model") == "servperf"
        value = "P" if perf else "gap"
        _pairs, per = respondent_dimensions(data)
        per_dim = per[value].unstack("group")
        per_dim = per_dim.reindex(columns=dimension_order(list(per_dim.columns)))
        what = "perception (P)" if perf else "gap (P − E)"
        name = "SERVPERF" if perf else "SERVQUAL"
        wide = per_dim.rename(columns=lambda d: f"{pretty(d)} {what}")
        wide[f"Unweighted {name} score"] = per_dim.mean(axis=1)
        if params.get("weighted", True):
            scores_w, _w, _x = weighted_scores(data, per_dim)
            wide[f"Importance-weighted {name} score"] = scores_w.reindex(wide.index)
        return respondent_scores_frame(data, wide)

    @staticmethod
    def _figures(dims, e_means, p_means, values, perf) -> list[FigureSpec]:
        labels = [pretty(d) for d in dims]
        vals = [float(values[d]) for d in dims]
        e_vals = [float(e_means[d]) for d in dims]
        p_vals = [float(p_means[d]) for d in dims]

        def draw_values(fig) -> None:
            ax = fig.add_subplot()
            colours = ["#2a7ab0" if perf or v >= 0 else "#c0392b" for v in vals]
            ax.barh(labels[::-1], vals[::-1], color=colours[::-1])
            ax.axvline(0, color="black", linewidth=0.8)
            ax.set_xlabel("Mean perception (P)" if perf else "Gap (P − E)")
            for y, v in enumerate(vals[::-1]):
                ax.annotate(
                    display(v, "float", MEAN_FMT if perf else GAP_FMT),
                    (v, y),
                    va="center",
                    xytext=(3 if v >= 0 else -3, 0),
                    textcoords="offset points",
                    ha="left" if v >= 0 else "right",
                    fontsize=8,
                )
            # Room beyond the longest bar for its label, so it never meets the axis text.
            low, high = min(min(vals), 0.0), max(max(vals), 0.0)
            pad = 0.18 * ((high - low) or 1.0)
            left = low - pad if low < 0 else 0.0
            right = high + pad if high > 0 else 0.0
            if left == right:  # every value zero
                left, right = -pad, pad
            ax.set_xlim(left, right)

        def draw_ep(fig) -> None:
            import numpy as np

            ax = fig.add_subplot()
            x = np.arange(len(labels))
            ax.bar(x - 0.2, e_vals, width=0.4, label="Expectation (E)", color="#95a5a6")
            ax.bar(x + 0.2, p_vals, width=0.4, label="Perception (P)", color="#2a7ab0")
            category_axis(ax, x, labels)
            ax.set_ylim(1, 7)
            ax.set_ylabel("Mean (1–7)")
            legend_outside(ax)

        if perf:
            return [FigureSpec("dimension_perceptions", "Perception by dimension", draw_values)]
        return [
            FigureSpec("dimension_gaps", "Gap by dimension (P − E)", draw_values),
            FigureSpec(
                "expectation_perception", "Expectation and perception by dimension", draw_ep
            ),
        ]


def extremes_sentence(values: dict[str, float], signed: bool = True) -> list[str]:
    """The weakest and strongest dimensions as displayed, ties named as ties.

    Nothing is said when every dimension shows the same value: none is weakest.
    """
    if len(values) < 2 or all_equal(values.values()):
        if values:
            return [
                f"Every dimension scores the same ({fmt_num(next(iter(values.values())), signed=signed)}): "
                "none stands out as weakest or strongest."
            ]
        return []
    out = []
    for label, highest in (("Weakest", False), ("Strongest", True)):
        keys = ties(values, 2, highest=highest)
        value = fmt_num(values[keys[0]], signed=signed)
        if len(keys) == 1:
            out.append(f"{label} dimension: {keys[0]} ({value}).")
        else:
            out.append(f"{label} dimensions, tied: {join_names(keys)} ({value} each).")
    return [" ".join(out)]


def importance_sentence(shares: dict[str, float]) -> str:
    """Which dimension respondents weight most, from the shares shown in the table."""
    shown = {d: v for d, v in shares.items() if v is not None}
    top = ties(shown, 0, scale=100)
    share = fmt_percent(shown[top[0]])
    if len(top) == 1:
        return f"Respondents weight {top[0]} most ({share} of the points on average)."
    if len(top) == len(shown) > 2:
        return (
            f"Respondents weight every dimension equally ({share} of the points each on average)."
        )
    return (
        f"{join_names(top).capitalize()} are jointly most important ({share} of the points "
        "each on average)."
    )


def _mean(series: pd.Series) -> float:
    return float(series.mean()) if len(series) else math.nan
