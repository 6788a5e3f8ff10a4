"""Satisfaction and loyalty: Jones & Sasser's matrix, Net Promoter Score, customer effort."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analyses._common import (
    FormNeed,
    Wanted,
    evidence,
    form_for,
    form_note,
    int_col,
    mean_col,
    need_form,
    pct_col,
    per_person,
    respondent_scores_frame,
    reversed_num,
    tagged_cells,
    text_col,
)
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.data import EngagementData, people_phrase
from workbench.analysis.labels import NO_SEGMENT
from workbench.analysis.numbers import display, fmt_percent, rounded
from workbench.analysis.registry import NotApplicable
from workbench.analysis.result import AnalysisResult, Column, FigureSpec, Table, fmt_num

FORM = "satisfaction-loyalty"
#: A form is read when it has one of these questions (the built-in one has them all).
NEED = FormNeed(
    FORM,
    (
        (
            Wanted("construct", "satisfaction", ("scale",), "a rating scale"),
            Wanted("construct", "loyalty", ("scale",), "a rating scale"),
            Wanted("construct", "recommend", ("nps", "scale"), "0–10"),
            Wanted("construct", "effort", ("scale",), "1–7"),
        ),
    ),
    hint="the matrix needs both satisfaction and loyalty, the Net Promoter Score needs "
    "recommend, the effort score needs effort",
)
GROUPS = ("Loyalists", "Mercenaries", "Hostages", "Defectors")
NPS_CATEGORIES = ("Promoters", "Passives", "Detractors")
NPS_FMT = "+0;-0;0"
#: The Net Promoter Score as a headline measure: each respondent scores +100 (promoter),
#: 0 (passive) or -100 (detractor), so their mean is the NPS of the table "nps".
NPS_MEASURE = "NPS (-100 to +100)"
NPS_POINTS = {"Promoters": 100.0, "Passives": 0.0, "Detractors": -100.0}
#: Every count of this analysis is of people (one value per person and wave).
PEOPLE = "Respondents"
CONSTRUCTS = ("satisfaction", "loyalty", "recommend", "effort", "switching-barrier")


def interview_scores(
    data: EngagementData, need: FormNeed = NEED
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(interview × construct mean, the tagged cells it comes from) of the form ``need``
    reads (the one chosen by the Form option, else the best fit)."""
    cells = tagged_cells(data, form_for(data, need), "construct")
    cells = cells[cells["group"].isin(CONSTRUCTS) & cells["num"].notna()].copy()
    cells["score"] = reversed_num(cells, 1, 5)
    wide = cells.pivot_table(index="interview_id", columns="group", values="score", aggfunc="mean")
    return wide.reindex(columns=list(CONSTRUCTS)), cells


def respondent_scores(
    data: EngagementData, need: FormNeed = NEED
) -> tuple[pd.DataFrame, dict[str, list[str]], dict, dict[Any, list[Any]]]:
    """(respondent × construct mean, construct → question keys, construct → (min, max),
    respondent → interview ids).

    Each person counts once: someone with two responses in the wave gets the mean of
    each construct over them (:func:`analyses._common.per_person`)."""
    per_interview, cells = interview_scores(data, need)
    wide, ids = per_person(data, per_interview)
    seg = cells.drop_duplicates("interview_id").set_index("interview_id")["segment"]
    first = {person: interviews[0] for person, interviews in ids.items()}
    wide["segment"] = [seg.get(first[p]) for p in wide.index]
    wide["segment"] = wide["segment"].fillna(NO_SEGMENT).astype(str)
    keys = {c: list(cells.loc[cells["group"] == c, "question_key"].unique()) for c in CONSTRUCTS}
    scales = {}
    for c in CONSTRUCTS:
        sub = cells[cells["group"] == c]
        lo = pd.to_numeric(sub["scale_min"], errors="coerce").dropna()
        hi = pd.to_numeric(sub["scale_max"], errors="coerce").dropna()
        scales[c] = (float(lo.iloc[0]) if len(lo) else None, float(hi.iloc[0]) if len(hi) else None)
    return wide, keys, scales, ids


def classify(sat: float, loy: float, sat_cut: float, loy_cut: float) -> str:
    if sat >= sat_cut:
        return "Loyalists" if loy >= loy_cut else "Mercenaries"
    return "Hostages" if loy >= loy_cut else "Defectors"


def nps_category(score: float) -> str:
    if score >= 9:
        return "Promoters"
    return "Passives" if score >= 7 else "Detractors"


#: The measures of :meth:`SatisfactionLoyalty.respondent_scores`, by construct.
LABELS = {
    "satisfaction": "Satisfaction (1–5)",
    "loyalty": "Loyalty (1–5)",
    "recommend": "Likelihood to recommend (0–10)",
    "effort": "Customer effort, made it easy (1–7)",
}


class SatisfactionLoyalty(Analysis):
    id = "satisfaction-loyalty"
    title = "Satisfaction and loyalty"
    description = (
        "Jones & Sasser's satisfaction–loyalty matrix (loyalists, mercenaries, hostages, "
        "defectors), the Net Promoter Score and the customer effort score, overall and by "
        "segment."
    )
    #: Every measure is a headline score, the Net Promoter Score first: the figure a
    #: steering committee asks for, kept where a crowded summary slide shows only the first.
    headline_measures = (
        NPS_MEASURE,
        LABELS["satisfaction"],
        LABELS["loyalty"],
        LABELS["recommend"],
        LABELS["effort"],
    )
    params = (
        Param(
            "satisfaction_cutoff",
            "High satisfaction from",
            "number",
            5,
            minimum=0,
            help="Default: the top box of the 1–5 scale (totally satisfied).",
        ),
        Param("loyalty_cutoff", "High loyalty from", "number", 4, minimum=0),
        Param("by_segment", "By segment", "bool", True),
        Param(
            "form",
            "Form",
            "text",
            "",
            help="The id of the form to read when several fit (empty: automatic, the one "
            "with the most of the questions, then the most completed interviews).",
        ),
    )

    def check(self, data: EngagementData) -> Applicability:
        return need_form(data, NEED, "The satisfaction and loyalty analysis")

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        need = NEED.choosing(params.get("form"))
        if need.only:  # the check read the best fit: the form chosen must fit too
            chosen = need_form(data, need, "The satisfaction and loyalty analysis")
            if not chosen.ok:
                raise NotApplicable(chosen.reason)
        wide, keys, scales, ids = respondent_scores(data, need)
        asked = asked_constructs(data, need)
        # What the form read asks decides what is shown: a part whose questions the form
        # lacks would show empty groups or 0 respondents, which reads as a result.
        show_matrix = {"satisfaction", "loyalty"} <= asked
        show_barrier = "switching-barrier" in asked
        show_nps, show_effort = "recommend" in asked, "effort" in asked

        def of(people) -> list[Any]:  # the interviews of these respondents, for evidence
            return [i for p in people for i in ids.get(p, [])]

        sat_cut, loy_cut = float(params["satisfaction_cutoff"]), float(params["loyalty_cutoff"])
        state.progress(0.4, "matrix")
        both = wide.dropna(subset=["satisfaction", "loyalty"]).copy()
        both["group"] = [
            classify(s, lo, sat_cut, loy_cut)
            for s, lo in zip(both["satisfaction"], both["loyalty"], strict=True)
        ]
        sat_max = scales["satisfaction"][1] or 5.0
        loy_max = scales["loyalty"][1] or 5.0
        sat_min = scales["satisfaction"][0] or 1.0
        loy_min = scales["loyalty"][0] or 1.0
        apostles = both[(both["satisfaction"] >= sat_max) & (both["loyalty"] >= loy_max)]
        terrorists = both[(both["satisfaction"] <= sat_min) & (both["loyalty"] <= loy_min)]
        n = len(both)
        mk = keys["satisfaction"] + keys["loyalty"]
        rows, ev = [], {}
        # Each share of a count out of n is rounded by the one rule (5 of 8 is 63%),
        # not apportioned: the four shown may sum to 99–101%.
        group_share = {
            g: rounded((both["group"] == g).sum() / n, "percent", "0%") if n else math.nan
            for g in GROUPS
        }
        for g in GROUPS:
            sub = both[both["group"] == g]
            ev[len(rows)] = evidence(of(sub.index), mk + keys["switching-barrier"])
            rows.append(
                [
                    g,
                    len(sub),
                    group_share[g],
                    _mean(sub["satisfaction"]),
                    _mean(sub["loyalty"]),
                    _mean(sub["switching-barrier"]),
                ]
            )
            extreme = {
                "Loyalists": ("of which apostles", apostles),
                "Defectors": ("of which terrorists", terrorists),
            }.get(g)
            if extreme:
                ev[len(rows)] = evidence(of(extreme[1].index), mk)
                rows.append(
                    [
                        f"  {extreme[0]}",
                        len(extreme[1]),
                        # Rounded as the groups' shares are: one number, one string.
                        rounded(len(extreme[1]) / n, "percent", "0%") if n else math.nan,
                        _mean(extreme[1]["satisfaction"]),
                        _mean(extreme[1]["loyalty"]),
                        _mean(extreme[1]["switching-barrier"]),
                    ]
                )
        matrix = Table(
            "matrix",
            "Satisfaction–loyalty matrix (Jones & Sasser)",
            [
                text_col("group", "Group"),
                int_col("count", PEOPLE),
                pct_col("share", "Share"),
                mean_col("satisfaction", "Mean satisfaction"),
                mean_col("loyalty", "Mean loyalty"),
                mean_col("switching_barrier", "Mean switching barrier"),
            ],
            rows,
            ev,
        )
        if not show_barrier:
            matrix = _without_last_column(matrix)

        # -- NPS -------------------------------------------------------------------------------
        rec = wide["recommend"].dropna()
        cats = rec.map(nps_category)
        n_rec = len(rec)
        share = {
            c: rounded(float((cats == c).mean()), "percent", "0%") if n_rec else math.nan
            for c in NPS_CATEGORIES
        }
        nps = _nps(cats)
        nps_table = Table(
            "nps",
            "Net Promoter Score",
            [
                text_col("measure", "Measure"),
                int_col("n", PEOPLE),
                pct_col("promoters", "Promoters (9–10)"),
                pct_col("passives", "Passives (7–8)"),
                pct_col("detractors", "Detractors (0–6)"),
                Column("nps", "NPS (%P − %D)", "float", NPS_FMT, diverging=True),
            ],
            [["Net Promoter Score", n_rec, *share.values(), nps]],
            {0: evidence(of(rec.index), keys["recommend"])},
        )

        # -- effort --------------------------------------------------------------------------------
        eff = wide["effort"].dropna()
        effort_table = Table(
            "effort",
            "Customer effort (CES 2.0: made it easy, 1–7 agree)",
            [
                text_col("measure", "Measure"),
                int_col("n", PEOPLE),
                mean_col("mean", "Mean"),
                pct_col("easy_share", "Share agreeing (5–7)"),
            ],
            [["Customer effort score", len(eff), _mean(eff), _share_easy(eff)]],
            {0: evidence(of(eff.index), keys["effort"])},
        )
        tables = [
            t
            for t, shown in (
                (matrix, show_matrix),
                (nps_table, show_nps),
                (effort_table, show_effort),
            )
            if shown
        ]
        if params["by_segment"] and (show_matrix or show_nps or show_effort):
            tables.append(self._segments(wide, both, of, show_matrix, show_nps, show_effort))

        findings = []
        if n and show_matrix:
            shares = group_share
            findings.append(
                f"Of {people_phrase(len(both))}, {fmt_percent(shares['Loyalists'])} "
                f"are loyalists ({len(apostles)} apostle{'' if len(apostles) == 1 else 's'}), "
                f"{fmt_percent(shares['Mercenaries'])} mercenaries, "
                f"{fmt_percent(shares['Hostages'])} hostages and "
                f"{fmt_percent(shares['Defectors'])} defectors."
            )
            hostages = both[both["group"] == "Hostages"]
            if len(hostages) and hostages["switching-barrier"].notna().any():
                findings.append(_hostages_barrier(hostages["switching-barrier"].mean()))
        if n_rec and show_nps:
            findings.append(
                f"NPS {display(nps, 'float', NPS_FMT)} ({fmt_percent(share['Promoters'])} "
                f"promoters, {fmt_percent(share['Detractors'])} detractors, "
                f"{people_phrase(n_rec)})."
            )
        if len(eff) and show_effort:
            findings.append(
                f"Customer effort: mean {fmt_num(_mean(eff))} on 1–7; "
                f"{fmt_percent(_share_easy(eff))} agree it was easy (5–7)."
            )
        unused = _unused(data, need, asked)
        notes = [
            *form_note(data, need),
            f"Parameters: {self.describe_params(params, unused)}.",
            *_left_out_note(asked),
        ]
        if show_matrix:
            notes.append(
                f"High satisfaction: ≥ {sat_cut:g} (default the top box: totally satisfied "
                "customers are far more loyal than merely satisfied ones); high loyalty: ≥ "
                f"{loy_cut:g}. Apostles: the scale maximum on both; terrorists: the scale "
                "minimum on both."
            )
        if show_nps:
            notes.append(
                "NPS: promoters 9–10, passives 7–8, detractors 0–6; "
                "NPS = % promoters − % detractors."
            )
        if show_matrix or show_nps:
            together = ", ".join(
                part
                for part, shown in (
                    ("the four groups", show_matrix),
                    ("the NPS categories", show_nps),
                )
                if shown
            )
            notes.append(
                f"Shares shown together ({together}) are rounded by the largest-remainder "
                "method so that they sum to 100%"
                + (
                    "; NPS is computed from the unrounded shares, so it can differ by one point "
                    "from the shown % promoters − % detractors."
                    if show_nps
                    else "."
                )
            )
        if show_effort:
            notes.append("CES 2.0 is worded so that agreeing means low effort: higher is better.")
        notes += [
            "A respondent with several questions on one construct gets their mean.",
            "Each person counts once: someone who answered more than once in the wave is given "
            "the mean of each construct over them, and every n is a number of people.",
        ]
        figures = []
        if show_matrix:
            figures.append(
                FigureSpec(
                    "matrix",
                    "Satisfaction against loyalty",
                    _drawer(both, sat_cut, loy_cut),
                    6.0,
                    5.0,
                )
            )
        return AnalysisResult(
            self.id, self.title, findings, tables, figures, notes, unused_params=unused
        )

    @staticmethod
    def _segments(
        wide, both, of, show_matrix: bool = True, show_nps: bool = True, show_effort: bool = True
    ) -> Table:
        """The by-segment table, with the columns of the parts shown only."""
        cols = [text_col("segment", "Segment"), int_col("n", PEOPLE)]
        if show_matrix:
            cols += [pct_col(g.lower(), g) for g in GROUPS]
        if show_nps:
            cols.append(Column("nps", "NPS", "float", NPS_FMT, diverging=True))
        if show_effort:
            cols.append(mean_col("effort", "Mean effort (CES)"))
        rows, ev = [], {}
        for i, (seg, sub) in enumerate(wide.groupby("segment")):
            row = [seg, len(sub)]
            if show_matrix:
                b = both[both["segment"] == seg]
                row += [
                    rounded(float((b["group"] == g).mean()), "percent", "0%")
                    if len(b)
                    else math.nan
                    for g in GROUPS
                ]
            if show_nps:
                row.append(_nps(sub["recommend"].dropna().map(nps_category)))
            if show_effort:
                row.append(_mean(sub["effort"]))
            rows.append(row)
            ev[i] = evidence(of(sub.index))
        return Table("segments", "By segment", cols, rows, ev)

    def unused_params(self, data: EngagementData, params: dict[str, Any]) -> tuple[str, ...]:
        need = NEED.choosing(params.get("form"))
        return _unused(data, need, asked_constructs(data, need))

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> pd.DataFrame:
        """Per respondent: satisfaction, loyalty, likelihood to recommend, the Net Promoter
        Score (+100, 0 or -100 by the category of their likelihood to recommend, their mean
        over a wave's interviews, as the table "nps" counts them) and effort."""
        need = NEED.choosing(params.get("form"))
        wide, _cells = interview_scores(data, need)
        out = wide[[c for c in LABELS if c in wide.columns]].rename(columns=LABELS)
        long = respondent_scores_frame(data, out)
        people, _keys, _scales, _ids = respondent_scores(data, need)
        rec = people["recommend"].dropna()
        if not len(rec):
            return long
        nps = pd.DataFrame(
            {
                "respondent_id": list(rec.index),
                "measure": NPS_MEASURE,
                "score": rec.map(nps_category).map(NPS_POINTS).to_list(),
                "better": "higher",
            }
        )
        order = {m: i for i, m in enumerate(self.headline_measures)}
        both = pd.concat([long, nps], ignore_index=True)
        both = both.sort_values("measure", key=lambda s: s.map(order), kind="stable")
        return both.reset_index(drop=True)


def asked_constructs(data: EngagementData, need: FormNeed = NEED) -> set[str]:
    """The constructs the form read has a question tagged with (answered or not)."""
    form = form_for(data, need)
    q = data.questions_tagged(form, "construct")
    if q.empty:
        return set()
    return {str(v).strip().lower() for v in q["tag:construct"].dropna()} & set(CONSTRUCTS)


def _unused(data: EngagementData, need: FormNeed, asked: set[str]) -> tuple[str, ...]:
    """The options that set nothing with the form read: the thresholds of a matrix not
    drawn, the breakdown by segment with no part shown, the form option with one form to
    read and none chosen."""
    matrix = {"satisfaction", "loyalty"} <= asked
    unused = () if matrix else ("satisfaction_cutoff", "loyalty_cutoff")
    if not (matrix or {"recommend", "effort"} & asked):
        unused += ("by_segment",)  # no part to break down by segment
    if not need.only and len(NEED.fitting(data)) < 2:
        unused += ("form",)
    return unused


#: The parts of the analysis, the constructs each needs, and what is not shown without them.
PARTS = (
    (("satisfaction", "loyalty"), "the satisfaction × loyalty matrix is not drawn"),
    (("recommend",), "the Net Promoter Score is not computed"),
    (("effort",), "the customer effort score is not computed"),
    (("switching-barrier",), "the matrix has no switching-barrier column"),
)


def _left_out_note(asked: set[str]) -> list[str]:
    """One method note naming what is left out because the form read lacks its questions
    ("no question tagged construct: loyalty, so the satisfaction × loyalty matrix is not
    drawn"); empty when nothing is."""
    reasons = []
    for needs, what in PARTS:
        if needs == ("switching-barrier",) and not {"satisfaction", "loyalty"} <= asked:
            continue  # no matrix, so no column to leave out
        missing = [c for c in needs if c not in asked]
        if missing:
            tags = " or ".join(f"construct: {c}" for c in missing)
            reasons.append(f"no question tagged {tags}, so {what}")
    if not reasons:
        return []
    return [
        "Left out, because the form read does not ask for them: "
        + "; ".join(reasons)
        + " (an empty table would read as a result)."
    ]


def _without_last_column(table: Table) -> Table:
    """``table`` without its last column (and that value in every row)."""
    import dataclasses

    return dataclasses.replace(
        table, columns=table.columns[:-1], rows=[row[:-1] for row in table.rows]
    )


def _nps(cats: pd.Series) -> float:
    if not len(cats):
        return math.nan
    return float(100 * ((cats == "Promoters").mean() - (cats == "Detractors").mean()))


def _mean(s: pd.Series) -> float:
    s = s.dropna()
    return float(s.mean()) if len(s) else math.nan


def _share_easy(s: pd.Series) -> float:
    """The share agreeing (5–7), a count out of n rounded as every such share is."""
    return rounded(float((s >= 5).mean()), "percent", "0%") if len(s) else math.nan


def _drawer(both: pd.DataFrame, sat_cut: float, loy_cut: float):
    import numpy as np

    rng = np.random.default_rng(0)  # fixed jitter: the same picture every time
    xs = both["satisfaction"].to_numpy(float) + rng.uniform(-0.15, 0.15, len(both))
    ys = both["loyalty"].to_numpy(float) + rng.uniform(-0.15, 0.15, len(both))

    def draw(fig) -> None:
        ax = fig.add_subplot()
        ax.scatter(xs, ys, alpha=0.7, color="#2a7ab0", zorder=3)
        ax.axvline(sat_cut - 0.5, color="#7f8c8d", linestyle="--", linewidth=0.8)
        ax.axhline(loy_cut - 0.5, color="#7f8c8d", linestyle="--", linewidth=0.8)
        ax.set_xlim(0.5, 5.5)
        ax.set_ylim(0.5, 5.5)
        ax.set_xlabel("Satisfaction")
        ax.set_ylabel("Loyalty")
        for text, fx, fy, ha, va in (
            ("Hostages", 0.02, 0.98, "left", "top"),
            ("Loyalists", 0.98, 0.98, "right", "top"),
            ("Defectors", 0.02, 0.02, "left", "bottom"),
            ("Mercenaries", 0.98, 0.02, "right", "bottom"),
        ):
            ax.text(fx, fy, text, transform=ax.transAxes, ha=ha, va=va, color="#7f8c8d")

    return draw


#: The switching barrier (1 very easy … 5 very hard to move) at which leaving is hard: 4.
HARD_TO_LEAVE = 4.0


def _hostages_barrier(mean: float) -> str:
    """What the hostages' mean switching barrier says: "hard" (4) or more on the scale
    explains their staying, as the model reads a hostage; a lower one does not, and the
    sentence says so instead of the model's reading.  Compared as shown (rounded once)."""
    shown = fmt_num(mean)
    why = (
        "loyal because they find it hard to leave"
        if float(shown) >= HARD_TO_LEAVE
        else "below 'hard' (4), so the cost of switching does not explain why they stay"
    )
    return f"Hostages report a mean switching barrier of {shown} (1–5): {why}."
