"""Albrecht's total customer service: actual − expected service per quality measure."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analyses._common import (
    FormNeed,
    Wanted,
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
    tagged_cells,
    text_col,
)
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.data import EngagementData, people_phrase
from workbench.analysis.numbers import fmt_percent, join_names, round_half_away, rounded, ties
from workbench.analysis.result import AnalysisResult, FigureSpec, Table, fmt_num
from workbench.analysis.stats import ci_text, mean_ci

FORM = "total-customer-service"
#: A form is read when it has this question (the built-in one has it).
NEED = FormNeed(
    FORM, ((Wanted("measure", None, ("pair",), "an expectation-and-perception pair"),),)
)


def measure_scores(data: EngagementData) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """(per interview × measure mean expected E and actual P, measure → question keys)."""
    pairs = pair_scores(data, form_for(data, NEED), "measure")
    per = pairs.groupby(["interview_id", "group"], sort=False).agg(
        E=("E", "mean"), P=("P", "mean"), order=("order", "min")
    )
    per["tcs"] = per["P"] - per["E"]
    keys = pairs.groupby("group")["question_key"].agg(lambda s: list(dict.fromkeys(s)))
    return per.reset_index(), keys.to_dict()


def importance_scores(data: EngagementData) -> pd.DataFrame:
    """Cells of the importance matrix: interview_id, measure, score, scale.

    A row rates the measure named by its ``measure`` tag, or by its key when untagged.
    """
    cells = tagged_cells(data, form_for(data, NEED), "role", "importance")
    cells = cells[(cells["type"] == "matrix") & (cells["item"] != "")].copy()
    items = data.question_items
    items = items[items["form_id"] == form_for(data, NEED)] if len(items) else items
    measure_of = {
        (k, i): str((t if isinstance(t, dict) else {}).get("measure") or i)
        for k, i, t in zip(items.get("question_key", []), items.get("item", []),
                           items.get("tags", []), strict=True)
    }  # fmt: skip
    cells["item"] = [
        measure_of.get((k, i), i) for k, i in zip(cells["question_key"], cells["item"], strict=True)
    ]
    return cells.rename(columns={"item": "measure", "num": "score"})[
        ["interview_id", "measure", "score", "scale_min", "scale_max", "question_key"]
    ].dropna(subset=["score"])


def person_measures(data: EngagementData, per: pd.DataFrame) -> pd.DataFrame:
    """:func:`measure_scores`' rows as one row per person and measure (``person, group,
    E, P, order, tcs``): a person interviewed more than once in the scope gets the mean
    of their interviews, as the report's headline table counts them."""
    person = person_of(data, per["interview_id"])
    people = per.assign(person=per["interview_id"].map(person))
    people = people.groupby(["person", "group"], sort=False).agg(
        E=("E", "mean"), P=("P", "mean"), order=("order", "min")
    )
    people["tcs"] = people["P"] - people["E"]
    return people.reset_index()


def person_importance(data: EngagementData, cells: pd.DataFrame) -> pd.Series:
    """measure → mean importance over people (each person's mean over their interviews)."""
    if cells.empty:
        return pd.Series(dtype=float)
    person = person_of(data, cells["interview_id"])
    cells = cells.assign(person=cells["interview_id"].map(person))
    per = cells.groupby(["measure", "person"], sort=False)["score"].mean()
    return per.groupby("measure", sort=False).mean()


def form_problems(form: Any) -> list[str]:
    """Importance rows that rate no measure of the form (so they would silently drop out)."""
    if not NEED.fits_form(form):
        return []
    questions = list(form.iter_questions())
    measures = {
        str(q.tags["measure"]) for q in questions if q.type == "pair" and "measure" in q.tags
    }
    problems = []
    for q in questions:
        if q.type != "matrix" or q.tags.get("role") != "importance":
            continue
        for row in q.rows:
            measure = str(row.tags.get("measure") or row.key)
            if measure != row.key:
                problems.append(
                    f"question '{q.key}', row '{row.key}': the row key and its tag "
                    f"measure: {measure} disagree; they must name the same measure"
                )
            elif measure not in measures:
                problems.append(
                    f"question '{q.key}', row '{row.key}': rates measure '{measure}', but no "
                    f"question is tagged measure: {measure} (the measures are "
                    f"{', '.join(sorted(measures)) or 'none'}); make the row's key or its "
                    "measure tag name one of them"
                )
    return problems


class TotalCustomerService(Analysis):
    id = "total-customer-service"
    title = "Total customer service: actual against expected"
    description = (
        "For each measure of service quality, the mean expected and actual service, the "
        "total customer service score (actual − expected) and the share of satisfied "
        "customers (actual ≥ expected)."
    )
    params = (
        Param(
            "order",
            "Order",
            "choice",
            "tcs",
            choices=(("tcs", "Worst score first"), ("form", "Questionnaire order")),
        ),
    )

    def form_problems(self, form: Any) -> list[str]:
        return form_problems(form)

    def check(self, data: EngagementData) -> Applicability:
        return need_form(data, NEED, "Total customer service")

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        per, keys = measure_scores(data)
        require(
            per,
            "None of the completed total customer service interviews rates both the "
            "expected and the actual service of a measure.",
        )
        # Each person counts once: someone interviewed twice in the scope is given the mean
        # of their interviews (as the report's headline table counts them); the evidence
        # still names every interview.
        people = person_measures(data, per)
        imp = person_importance(data, importance_scores(data))
        state.progress(0.5, "measures")
        grouped = people.groupby("group", sort=False)
        summary = pd.DataFrame(
            {
                "n": grouped.size(),
                "expected": grouped["E"].mean(),
                "actual": grouped["P"].mean(),
                "tcs": grouped["tcs"].mean(),
                "satisfied_share": grouped["tcs"].agg(lambda s: float((s >= 0).mean())),
                "order": grouped["order"].min(),
            }
        )
        summary = summary.sort_values(["tcs", "order"] if params["order"] == "tcs" else "order")
        columns = [
            text_col("measure", "Measure"),
            int_col("n", "Respondents"),
            mean_col("expected", "Expected"),
            mean_col("actual", "Actual"),
            gap_col("tcs", "Total customer service (actual − expected)"),
            pct_col("satisfied_share", "Satisfied (actual ≥ expected)"),
            text_col("satisfied", "Satisfied on average"),
        ]
        if len(imp):
            columns.insert(6, mean_col("importance", "Importance"))
        rows, ev = [], {}
        for i, (m, rec) in enumerate(summary.iterrows()):
            values = {
                "measure": pretty(m),
                "n": int(rec["n"]),
                "expected": float(rec["expected"]),
                "actual": float(rec["actual"]),
                "tcs": float(rec["tcs"]),
                # Stored as shown, rounded once (as every analysis's shares).
                "satisfied_share": rounded(float(rec["satisfied_share"]), "percent", "0%"),
                "importance": float(imp[m]) if m in imp.index else None,
                "satisfied": "yes" if rec["tcs"] >= 0 else "no",
            }
            rows.append([values[c.name] for c in columns])
            ev[i] = evidence(per.loc[per["group"] == m, "interview_id"], keys.get(m, []))
        table = Table("measures", "Measures of service quality", columns, rows, ev)

        n_resp = int(people["person"].nunique())
        who = people_phrase(n_resp)
        overall = float(summary["tcs"].mean())
        per_person = people.groupby("person")["tcs"].mean()
        ci = mean_ci(per_person, centre=overall)
        interval = ci_text(*ci, signed=True)
        short = summary[summary["tcs"] < 0]
        findings = [
            f"{len(summary) - len(short)} of {len(summary)} measures meet expectations on "
            f"average (mean total customer service {fmt_num(overall, signed=True)}"
            f"{f', {interval}' if interval else ''}; {who})."
        ]
        if len(short):
            worst_all = ties(short["tcs"].to_dict(), 2, highest=False)
            worst = worst_all[0]
            if len(worst_all) == 1:
                findings.append(
                    f"Largest shortfall: {worst} (expected "
                    f"{fmt_num(summary.at[worst, 'expected'])}, "
                    f"actual {fmt_num(summary.at[worst, 'actual'])}, "
                    f"{fmt_num(summary.at[worst, 'tcs'], signed=True)}); "
                    f"{fmt_percent(summary.at[worst, 'satisfied_share'])} of respondents satisfied."
                )
            else:
                findings.append(
                    f"Largest shortfall, tied: {join_names(worst_all)} "
                    f"({fmt_num(summary.at[worst, 'tcs'], signed=True)} each)."
                )
        best_all = ties(summary["tcs"].to_dict(), 2)
        if best_all and round_half_away(summary.at[best_all[0], "tcs"], 2) > 0:
            findings.append(
                f"Best performance against expectation{', tied' if len(best_all) > 1 else ''}: "
                f"{join_names(best_all)} "
                f"({fmt_num(summary.at[best_all[0], 'tcs'], signed=True)}"
                f"{' each' if len(best_all) > 1 else ''})."
            )
        notes = [
            *form_note(data, NEED),
            f"Parameters: {self.describe_params(params)}.",
            "Total customer service = actual − expected, per respondent and measure (the mean "
            "over the measure's questions when it has several), then averaged over respondents.",
            "A respondent is satisfied on a measure when actual ≥ expected; a measure is "
            "satisfied on average when its mean total customer service is ≥ 0.",
            "Items marked reverse are reversed before scoring (min + max − x).",
            "Each person counts once: someone interviewed more than once in the scope is given "
            "the mean of their interviews on each measure (and of their importance ratings), "
            "and every n is a number of people.",
        ]
        labels = [pretty(m) for m in summary.index]
        exp, act = list(summary["expected"]), list(summary["actual"])
        figure = FigureSpec(
            "tcs", "Expected and actual service by measure", _drawer(labels, exp, act)
        )
        overall_table = Table(
            "overall",
            "Overall",
            [
                text_col("measure", "Measure"),
                gap_col("value", "Value"),
                gap_col("ci_low", "95% CI low"),
                gap_col("ci_high", "95% CI high"),
                int_col("measures", "Measures"),
                int_col("n", "Respondents"),
            ],
            [
                [
                    "Mean total customer service (mean over the measures)",
                    overall,
                    *ci,
                    len(summary),
                    n_resp,
                ]
            ],
            {0: evidence(per["interview_id"], [k for ks in keys.values() for k in ks])},
        )
        return AnalysisResult(
            self.id, self.title, findings, [table, overall_table], [figure], notes
        )

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> pd.DataFrame:
        """Per respondent: actual − expected on each measure and its mean over measures."""
        per, _keys = measure_scores(data)
        if per.empty:
            return respondent_scores_frame(data, pd.DataFrame())
        order = list(dict.fromkeys(per.sort_values("order", kind="stable")["group"]))
        wide = per.pivot_table(index="interview_id", columns="group", values="tcs")
        wide = wide.reindex(columns=order)
        out = wide.rename(columns=lambda m: f"{pretty(m)} (actual − expected)")
        out["Total customer service (mean over measures)"] = wide.mean(axis=1)
        return respondent_scores_frame(data, out)


def _drawer(labels: list[str], expected: list[float], actual: list[float]):
    def draw(fig) -> None:
        ax = fig.add_subplot()
        y = list(range(len(labels)))[::-1]
        for yy, e, a in zip(y, expected, actual, strict=True):
            ax.plot([e, a], [yy, yy], color="#27ae60" if a >= e else "#c0392b", linewidth=2)
        ax.scatter(expected, y, color="#95a5a6", label="Expected", zorder=3)
        ax.scatter(actual, y, color="#2a7ab0", label="Actual", zorder=3)
        ax.set_yticks(y, labels)
        ax.set_xlabel("Mean score")
        legend_outside(ax)

    return draw
