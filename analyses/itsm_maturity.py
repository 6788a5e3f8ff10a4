"""ITSM maturity: practice and lifecycle-stage profile, proactive share, the two ladders."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analyses._common import (
    FormNeed,
    Wanted,
    allocations,
    bar_chart_height,
    by_person,
    evidence,
    form_for,
    form_note,
    int_col,
    mean_col,
    need_form,
    pct_col,
    person_of,
    pretty,
    require,
    respondent_scores_frame,
    tagged_cells,
    text_col,
)
from workbench.analysis.api import Analysis, Applicability, TaskState
from workbench.analysis.data import EngagementData, people_phrase
from workbench.analysis.numbers import (
    all_equal,
    fmt_percent,
    join_names,
    round_half_away,
    rounded,
    ties,
)
from workbench.analysis.result import AnalysisResult, FigureSpec, Table, fmt_num
from workbench.analysis.stats import ci_text, mean_ci

FORM = "itsm-maturity"
#: A form is read when it has this question (the built-in one has it).
NEED = FormNeed(FORM, ((Wanted("stage", None, ("matrix",), "a matrix rating practices 0–5"),),))
STAGES = ("strategy", "design", "transition", "operation", "improvement")
EFFORT_OPTIONS = ("reactive", "proactive")
LEVELS = ("Absent", "Initial", "Repeatable", "Defined", "Managed", "Optimising")
LADDERS = {
    "problem-ladder": (
        "Problem ladder",
        ("Firefighting: many problems solved", "Fixing problems faster", "Preventing problems"),
    ),
    "cost-ladder": (
        "Cost ladder",
        ("Cost unknown", "Cost known, and high", "Value for money proven"),
    ),
}


def level_name(mean: float) -> str:
    """The maturity level nearest the mean as displayed (two decimals; halves round up).

    The level follows the number the reader sees: a mean shown as 1.50 is "Repeatable".
    """
    if mean is None or math.isnan(mean):
        return ""
    shown = float(round_half_away(mean, 2))
    return LEVELS[max(0, min(5, int(round_half_away(shown, 0))))]


def _per_person(cells: pd.DataFrame, value: str) -> pd.Series:
    """person → the mean over their interviews of each interview's mean ``value``."""
    return cells.groupby(["person", "interview_id"])[value].mean().groupby("person").mean()


def _stats(values: pd.Series) -> tuple[int, float, float, float, float]:
    v = values.dropna()
    n = len(v)
    return (
        n,
        float(v.mean()) if n else math.nan,
        float(v.min()) if n else math.nan,
        float(v.max()) if n else math.nan,
        float(v.std(ddof=1)) if n > 1 else math.nan,
    )


class ItsmMaturity(Analysis):
    id = "itsm-maturity"
    title = "ITSM maturity"
    description = (
        "Maturity (0–5) per practice and per lifecycle stage with the spread across "
        "respondents, the share of effort that is proactive, and where the organisation "
        "stands on the problem and cost ladders."
    )
    params = ()

    def form_problems(self, form: Any) -> list[str]:
        """The effort allocation must offer the options the proactive share reads."""
        if not NEED.fits_form(form):
            return []
        problems = []
        for q in form.iter_questions():
            if q.type != "allocation" or q.tags.get("construct") != "proactive-share":
                continue
            keys = [o.key for o in q.options]
            for wanted in EFFORT_OPTIONS:
                if wanted not in keys:
                    problems.append(
                        f"question '{q.key}': no option is keyed '{wanted}' (options: "
                        f"{', '.join(keys)}); the proactive share reads the options "
                        f"{' and '.join(EFFORT_OPTIONS)}"
                    )
            for key in keys:
                if key not in EFFORT_OPTIONS:
                    problems.append(
                        f"question '{q.key}', option '{key}': the proactive share reads only "
                        f"the options {' and '.join(EFFORT_OPTIONS)}"
                    )
        return problems

    def check(self, data: EngagementData) -> Applicability:
        return need_form(data, NEED, "The ITSM maturity analysis")

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        cells = tagged_cells(data, form_for(data, NEED), "stage")
        cells = cells[(cells["item"] != "") & cells["num"].notna()]
        require(
            cells,
            "None of the completed ITSM maturity interviews rates a practice (all "
            "answers are missing or n/a).",
        )
        # A respondent rates the organisation: each person counts once, someone
        # interviewed twice in the scope with the mean of their interviews (as the
        # report's headline table counts them); the evidence still names every interview.
        cells = cells.assign(
            person=cells["interview_id"].map(person_of(data, cells["interview_id"]))
        )
        qi = data.question_items[data.question_items["form_id"] == form_for(data, NEED)]
        labels = qi.set_index(["question_key", "item"])["label"].to_dict()
        stages = [s for s in STAGES if s in set(cells["group"])]
        stages += sorted(set(cells["group"]) - set(STAGES))
        stat_cols = [
            int_col("n", "Respondents"),
            mean_col("mean", "Mean"),
            mean_col("min", "Min"),
            mean_col("max", "Max"),
            mean_col("sd", "SD"),
            text_col("level", "Level"),
        ]

        # -- practices ------------------------------------------------------------------------
        p_rows, p_ev, p_means = [], {}, []
        for (stage, key, item), grp in cells.groupby(["group", "question_key", "item"], sort=False):
            per_resp = _per_person(grp, "num")
            n, mean, lo, hi, sd = _stats(per_resp)
            name = str(labels.get((key, item)) or pretty(item))
            p_ev[len(p_rows)] = evidence(grp["interview_id"], [key])
            p_rows.append([name, pretty(stage), n, mean, lo, hi, sd, level_name(mean)])
            p_means.append((name, mean))
        practices = Table(
            "practices",
            "Maturity by practice",
            [text_col("practice", "Practice"), text_col("stage", "Stage"), *stat_cols],
            p_rows,
            p_ev,
        )

        # -- stages: respondent's mean over the stage's practices, then across respondents --
        s_rows, s_ev, s_means = [], {}, []
        for stage in stages:
            sub = cells[cells["group"] == stage]
            per_resp = _per_person(sub, "num")
            n, mean, lo, hi, sd = _stats(per_resp)
            s_ev[len(s_rows)] = evidence(sub["interview_id"], sub["question_key"])
            s_rows.append([pretty(stage), n, mean, lo, hi, sd, level_name(mean)])
            s_means.append(mean)
        stage_table = Table(
            "stages",
            "Maturity by lifecycle stage",
            [text_col("stage", "Stage"), *stat_cols],
            s_rows,
            s_ev,
        )
        state.progress(0.5, "proactive share and ladders")

        # -- proactive share ---------------------------------------------------------------
        points, _valid = allocations(data, form_for(data, NEED), "construct", "proactive-share")
        pro_table, pro_mean = None, math.nan
        if len(points):
            total = points.fillna(0).sum(axis=1)
            pro = points["proactive"] if "proactive" in points.columns else 0 * total
            share = (pro.fillna(0) / total).where(total > 0).dropna()
            people = person_of(data, share.index)
            n, pro_mean, lo, hi, sd = _stats(share.groupby(share.index.map(people)).mean())
            key = data.questions_tagged(form_for(data, NEED), "construct", "proactive-share")[
                "question_key"
            ]
            pro_table = Table(
                "proactive",
                "Proactive share of effort",
                [
                    text_col("measure", "Measure"),
                    int_col("n", "Respondents"),
                    pct_col("mean", "Mean"),
                    pct_col("min", "Min"),
                    pct_col("max", "Max"),
                ],
                [["Proactive share (proactive / total effort)", n, pro_mean, lo, hi]],
                {0: evidence(share.index, key)},
            )

        # -- ladders -------------------------------------------------------------------------
        l_rows, l_ev, modal = [], {}, {}
        for tag, (title, rung_names) in LADDERS.items():
            lc = tagged_cells(data, form_for(data, NEED), "construct", tag)
            lc = lc[lc["num"].notna()]
            if lc.empty:
                continue
            # A person's rung: the one nearest the mean of their interviews' (halves up).
            lc = lc.assign(person=lc["interview_id"].map(person_of(data, lc["interview_id"])))
            given = lc.groupby(["person", "interview_id"])["num"].first()
            scores = given.groupby("person").mean().map(lambda v: int(round_half_away(v, 0)))
            counts = scores.value_counts()
            top_count = int(counts.max())
            tops = sorted(int(r) for r in counts.index if int(counts[r]) == top_count)
            modal[title] = (
                [(r, rung_names[r - 1] if 1 <= r <= len(rung_names) else str(r)) for r in tops],
                top_count,
                len(scores),
            )
            # Each share of a count out of n is rounded by the one rule (1 of 8 is 13%
            # wherever it stands), not apportioned: shown shares may sum to 99–101%.
            rung_share = [
                rounded(int(counts.get(r, 0)) / len(scores), "percent", "0%")
                for r in range(1, len(rung_names) + 1)
            ]
            for rung in range(1, len(rung_names) + 1):
                c = int(counts.get(rung, 0))
                on_rung = lc["person"].isin(scores.index[scores == rung])
                l_ev[len(l_rows)] = evidence(
                    lc.loc[on_rung, "interview_id"], lc["question_key"].unique()
                )
                l_rows.append(
                    [
                        title,
                        rung,
                        rung_names[rung - 1],
                        c,
                        rung_share[rung - 1],
                        ("yes (tied)" if len(tops) > 1 else "yes") if rung in tops else "",
                    ]
                )
        ladder_table = Table(
            "ladders",
            "Position on the ladders",
            [
                text_col("ladder", "Ladder"),
                int_col("rung", "Rung"),
                text_col("label", "Rung"),
                int_col("count", "Respondents"),
                pct_col("share", "Share"),
                text_col("modal", "Modal"),
            ],
            l_rows,
            l_ev,
        )
        valid_means = [m for m in s_means if not math.isnan(m)]
        # One definition of the overall score everywhere (this section, the report's
        # headline table, the wave comparison): a person's overall maturity is the mean of
        # their stage scores (a person interviewed twice: the mean of both interviews'),
        # and the engagement's is the mean over people, so each person counts once. With
        # a stage left wholly "n/a" by some people this differs from the mean of the stage
        # means, which would weigh those who rated every stage more.
        person_overall = by_person(
            _interview_scores(cells).mean(axis=1).to_frame("overall"),
            person_of(data, cells["interview_id"]),
        )["overall"].dropna()
        overall_mean = float(person_overall.mean()) if len(person_overall) else math.nan
        overall_ci = mean_ci(person_overall)
        overall_table = Table(
            "overall",
            "Overall maturity",
            [
                text_col("measure", "Measure"),
                int_col("stages", "Stages"),
                mean_col("mean", "Mean"),
                mean_col("ci_low", "95% CI low"),
                mean_col("ci_high", "95% CI high"),
                text_col("level", "Level"),
                int_col("n", "Respondents"),
            ],
            [
                [
                    "Overall maturity (mean over respondents of their stage scores' mean)",
                    len(valid_means),
                    overall_mean,
                    *overall_ci,
                    level_name(overall_mean),
                    int(cells["person"].nunique()),
                ]
            ],
        )
        tables = [stage_table, practices, overall_table]
        if pro_table is not None:
            tables.append(pro_table)
        if l_rows:
            tables.append(ladder_table)

        findings = []
        valid = [(s, m) for s, m in zip(stages, s_means, strict=True) if not math.isnan(m)]
        if valid and not math.isnan(overall_mean):
            overall = overall_mean
            interval = ci_text(*overall_ci)
            sentence = (
                f"Overall maturity {fmt_num(overall)} of 5 ({level_name(overall).lower()}"
                f"{f'; {interval}' if interval else ''}) over "
                f"{people_phrase(int(cells['person'].nunique()))}"
            )
            by_stage = dict(valid)
            if len(by_stage) > 1 and not all_equal(by_stage.values()):
                weak = ties(by_stage, 2, highest=False)
                strong = ties(by_stage, 2, highest=True)
                sentence += (
                    f"; weakest stage{'s (tied)' if len(weak) > 1 else ''} {join_names(weak)} "
                    f"({fmt_num(by_stage[weak[0]])}), strongest{' (tied)' if len(strong) > 1 else ''} "
                    f"{join_names(strong)} ({fmt_num(by_stage[strong[0]])})"
                )
            elif len(by_stage) > 1:
                sentence += "; every stage scores the same"
            findings.append(sentence + ".")
        ranked = sorted((pm for pm in p_means if not math.isnan(pm[1])), key=lambda pm: pm[1])
        if ranked:
            # The three lowest, and any practice that shows the same mean as the third.
            cut = fmt_num(ranked[min(3, len(ranked)) - 1][1])
            lowest = ranked[:3] + [pm for pm in ranked[3:] if fmt_num(pm[1]) == cut]
            low = ", ".join(f"{p} ({fmt_num(m)})" for p, m in lowest)
            findings.append(f"Least mature practices: {low}.")
        if not math.isnan(pro_mean):
            findings.append(f"On average {fmt_percent(pro_mean)} of effort is proactive.")
        for title, (tops, top_count, n_ladder) in modal.items():
            if len(tops) > 1:
                rungs = join_names([f"rung {r} ({name})" for r, name in tops])
                findings.append(
                    f"{title}: tied between {rungs}, {top_count} of {n_ladder} respondents each."
                )
            elif 2 * top_count > n_ladder:
                rung, name = tops[0]
                findings.append(
                    f"{title}: most respondents place the organisation on rung {rung} ({name})."
                )
            else:
                # The most common rung without a majority: say how many, never "most".
                rung, name = tops[0]
                findings.append(
                    f"{title}: the most common position is rung {rung} ({name}), given by "
                    f"{top_count} of {n_ladder} respondents."
                )
        notes = [
            *form_note(data, NEED),
            "Maturity 0–5: 0 absent, 1 initial, 2 repeatable, 3 defined, 4 managed, "
            "5 optimising; the level shown is the one nearest the mean (halves round up); "
            "'n/a' answers are left out.",
            "A stage's score per respondent is the mean over its practices; the table gives "
            "the mean, min, max and SD (n − 1) across respondents.",
            "Overall maturity per respondent is the mean of their stage scores (stages they "
            "left wholly 'n/a' are left out); the overall score is the mean over respondents, "
            "the same figure as the report's headline table.",
            "Proactive share = proactive points / all points of the effort allocation, per "
            "respondent, then averaged.",
            "Ladders: the modal rung is the most frequent; rungs given by as many "
            "respondents are named together as a tie.",
            "Each person counts once: someone interviewed more than once in the scope is given "
            "the mean of their interviews (on a ladder, the rung nearest that mean, halves "
            "up), and every n is a number of people.",
        ]
        figures = [
            FigureSpec(
                "stages_radar",
                "Maturity by lifecycle stage",
                _radar(*_radar_axes(stages, s_means)),
                5.0,
                5.0,
            ),
            FigureSpec(
                "practices",
                "Maturity by practice",
                _bars(p_rows),
                height_in=bar_chart_height(len(p_rows)),
            ),
        ]
        return AnalysisResult(self.id, self.title, findings, tables, figures, notes)

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> pd.DataFrame:
        """Per respondent: maturity per lifecycle stage, overall, and the proactive share."""
        cells = tagged_cells(data, form_for(data, NEED), "stage")
        cells = cells[(cells["item"] != "") & cells["num"].notna()]
        if cells.empty:
            return respondent_scores_frame(data, pd.DataFrame())
        per = _interview_scores(cells)
        out = per.rename(columns=lambda s: f"{pretty(s)} maturity (0–5)")
        out["Overall maturity (0–5)"] = per.mean(axis=1)
        points, _valid = allocations(data, form_for(data, NEED), "construct", "proactive-share")
        if len(points) and "proactive" in points.columns:
            total = points.fillna(0).sum(axis=1)
            share = (points["proactive"].fillna(0) / total).where(total > 0)
            out["Proactive share of effort (%)"] = 100 * share.reindex(out.index)
        return respondent_scores_frame(data, out)


def _interview_scores(cells: pd.DataFrame) -> pd.DataFrame:
    """interview → its score per lifecycle stage (the mean of its rated practices there),
    stages in lifecycle order; a stage the interview left wholly "n/a" is missing."""
    per = cells.pivot_table(index="interview_id", columns="group", values="num")
    stages = [s for s in STAGES if s in per.columns]
    stages += sorted(set(per.columns) - set(STAGES))
    return per.reindex(columns=stages)


def _radar_axes(stages: list[str], means: list[float]) -> tuple[list[str], list[float]]:
    """All five lifecycle stages on the radar (plus any others); a stage without data is 0."""
    by_stage = dict(zip(stages, means, strict=True))
    names = list(STAGES) + [s for s in stages if s not in STAGES]
    labels = [pretty(s) if s in by_stage else f"{pretty(s)}\n(no data)" for s in names]
    return labels, [by_stage.get(s, math.nan) for s in names]


def _radar(labels: list[str], values: list[float]):
    def draw(fig) -> None:
        import numpy as np

        ax = fig.add_subplot(projection="polar")
        angles = np.linspace(0, 2 * np.pi, len(labels), endpoint=False).tolist()
        vals = [0.0 if math.isnan(v) else v for v in values]
        ax.plot(angles + angles[:1], vals + vals[:1], color="#2a7ab0")
        ax.fill(angles + angles[:1], vals + vals[:1], color="#2a7ab0", alpha=0.25)
        ax.set_xticks(angles, labels)
        ax.set_ylim(0, 5)
        ax.set_yticks(range(6))

    return draw


def _bars(rows: list[list[Any]]):
    names = [r[0] for r in rows]
    means = [r[3] for r in rows]
    lows = [r[3] - r[4] for r in rows]
    highs = [r[5] - r[3] for r in rows]

    def draw(fig) -> None:
        ax = fig.add_subplot()
        y = list(range(len(names)))[::-1]
        ax.barh(y, means, xerr=[lows, highs], color="#2a7ab0", ecolor="#7f8c8d", capsize=3)
        ax.set_yticks(y, names)
        ax.set_xlim(0, 5)
        ax.set_xlabel("Maturity (0–5)\nwhiskers: min–max across respondents")

    return draw
