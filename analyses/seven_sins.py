"""Albrecht's seven sins of service, observed at the touchpoints of the service journey."""

from __future__ import annotations

from typing import Any

import pandas as pd

from analyses._common import (
    PCT_FMT,
    FormNeed,
    Wanted,
    evidence,
    form_for,
    form_note,
    int_col,
    mean_col,
    need_form,
    pct_col,
    pretty,
    require,
    respondent_scores_frame,
    tagged_cells,
    text_col,
)
from workbench.analysis.api import Analysis, Applicability, Param, TaskState
from workbench.analysis.data import EngagementData
from workbench.analysis.numbers import fmt_percent, join_names, rounded, ties
from workbench.analysis.result import AnalysisResult, FigureSpec, Table, fmt_num

FORM = "seven-sins"
#: A form is read when it has this question (the built-in one has it).
NEED = FormNeed(FORM, ((Wanted("sin", None, ("checklist",), "a checklist item"),),))
SINS = ("apathy", "brush-off", "coldness", "condescension", "robotism", "rule-book", "runaround")
TRUE = {"true", "yes", "1", "1.0", "y"}


def observations(data: EngagementData) -> pd.DataFrame:
    """One row per completed checklist: interview, question, sin, observed, severity, ..."""
    cells = tagged_cells(data, form_for(data, NEED), "sin")
    if cells.empty:
        cols = [
            "interview_id",
            "question_key",
            "sin",
            "observed",
            "severity",
            "touchpoint",
            "evidence",
        ]
        return pd.DataFrame(columns=cols)
    raw = cells.assign(cell=cells["num"].astype(object).where(cells["num"].notna(), cells["value"]))
    wide = (
        raw.groupby(["interview_id", "question_key", "group", "order", "item"], sort=False)["cell"]
        .first()
        .unstack("item")
        .reset_index()
    )
    for part in ("observed", "severity", "touchpoint", "evidence"):
        if part not in wide.columns:
            wide[part] = None
    wide = wide.dropna(subset=["observed"])
    wide["observed"] = wide["observed"].map(lambda v: str(v).strip().lower() in TRUE)
    wide["severity"] = pd.to_numeric(wide["severity"], errors="coerce")
    wide["touchpoint"] = wide["touchpoint"].fillna("(unspecified)").astype(str)
    out = wide.rename(columns={"group": "sin"})
    return out[
        [
            "interview_id",
            "question_key",
            "sin",
            "observed",
            "severity",
            "touchpoint",
            "evidence",
            "order",
        ]
    ]


def _visits(data: EngagementData, interview_ids: Any) -> dict[str, tuple[str, str]]:
    """interview id → ("Checklist 3", "14 March 2026"): the audits numbered in date order,
    so a reader can refer to one without the store's internal id."""
    import datetime as _dt

    ids = set(interview_ids)
    iv = data.interviews[data.interviews["interview_id"].isin(ids)]
    iv = iv.assign(_when=iv["date"].astype(str)).sort_values(["_when", "interview_id"])
    out = {}
    for n, (iid, when) in enumerate(zip(iv["interview_id"], iv["date"], strict=True), start=1):
        try:
            day = _dt.date.fromisoformat(str(when)[:10])
            shown = f"{day.day} {day:%B %Y}"
        except ValueError:
            shown = "" if when is None or when != when else str(when)
        out[iid] = (f"Checklist {n}", shown)
    return out


def sin_order(sins: list[str]) -> list[str]:
    return [s for s in SINS if s in sins] + sorted(s for s in sins if s not in SINS)


class SevenSins(Analysis):
    id = "seven-sins"
    title = "The seven sins of service"
    description = (
        "How often each of Albrecht's seven sins was observed, how severe it was, at which "
        "touchpoints (heat map), which sins matter most (Pareto) and the evidence noted."
    )
    params = (
        Param(
            "min_severity",
            "Count observations from severity",
            "int",
            0,
            minimum=0,
            maximum=10,
            help="0 counts every observation; e.g. 3 counts only those rated 3 or worse.",
        ),
    )

    def check(self, data: EngagementData) -> Applicability:
        return need_form(data, NEED, "The seven sins analysis")

    def run(self, data: EngagementData, params: dict[str, Any], state: TaskState) -> AnalysisResult:
        obs = observations(data)
        require(obs, "None of the completed seven-sins audits records whether a sin was observed.")
        threshold = int(params["min_severity"])
        if threshold > 0:
            obs["observed"] = obs["observed"] & (obs["severity"].fillna(0) >= threshold)
        seen = obs[obs["observed"]]
        sins = sin_order(list(obs["sin"].unique()))
        state.progress(0.4, "sins")

        # Counted per checklist, not per person: each completed checklist is an audit of
        # one service encounter (an observation, not a respondent's opinion), so two
        # audits by the same auditor are two observations of the service and both count.
        # The tables and findings say "checklists" and "audits", never respondents.

        # -- per sin, sorted by frequency (the Pareto order) ---------------------------------
        stats = pd.DataFrame(
            {
                "observations": obs.groupby("sin").size(),
                "frequency": seen.groupby("sin").size(),
                "mean_severity": seen.groupby("sin")["severity"].mean(),
            }
        ).reindex(sins)
        stats["frequency"] = stats["frequency"].fillna(0).astype(int)
        stats["share"] = stats["frequency"] / stats["observations"]
        rank = {s: i for i, s in enumerate(sins)}
        stats = stats.assign(rank=[rank[s] for s in stats.index]).sort_values(
            ["frequency", "rank"], ascending=[False, True]
        )
        total = int(stats["frequency"].sum())
        stats["cumulative"] = stats["frequency"].cumsum() / total if total else float("nan")
        rows, ev = [], {}
        for i, (s, r) in enumerate(stats.iterrows()):
            rows.append(
                [
                    pretty(s),
                    int(r["observations"]),
                    int(r["frequency"]),
                    # Shares are stored as shown (rounded once, as every analysis does);
                    # the Pareto count below reads the exact ones.
                    rounded(float(r["share"]), "percent", PCT_FMT),
                    _f(r["mean_severity"]),
                    rounded(float(r["cumulative"]), "percent", PCT_FMT),
                ]
            )
            sub = seen[seen["sin"] == s]
            ev[i] = evidence(sub["interview_id"], obs.loc[obs["sin"] == s, "question_key"])
        sin_table = Table(
            "sins",
            "Sins by frequency",
            [
                text_col("sin", "Sin"),
                int_col("observations", "Observations (checklists)"),
                int_col("frequency", "Observed"),
                pct_col("share", "Share of checklists observed"),
                mean_col("mean_severity", "Mean severity (observed)"),
                pct_col("cumulative", "Cumulative share (Pareto)"),
            ],
            rows,
            ev,
        )

        # -- heat map: sin × touchpoint -------------------------------------------------------
        touchpoints = list(dict.fromkeys(seen["touchpoint"]))
        heat = (
            seen.groupby(["sin", "touchpoint"])
            .size()
            .unstack(fill_value=0)
            .reindex(index=sins, columns=touchpoints, fill_value=0)
            .fillna(0)
            .astype(int)
        )
        heat_cols = [text_col("sin", "Sin")]
        heat_cols += [int_col(f"tp:{t}", pretty(t)) for t in touchpoints] + [
            int_col("total", "Total")
        ]
        heat_rows = [
            [pretty(s), *[int(v) for v in heat.loc[s]], int(heat.loc[s].sum())] for s in sins
        ]
        heat_ev = {
            i: evidence(
                seen.loc[seen["sin"] == s, "interview_id"],
                seen.loc[seen["sin"] == s, "question_key"],
            )
            for i, s in enumerate(sins)
        }
        heat_table = Table("heatmap", "Observed sins by touchpoint", heat_cols, heat_rows, heat_ev)

        # -- evidence quotes ---------------------------------------------------------------------
        quotes = seen[seen["evidence"].notna() & (seen["evidence"].astype(str).str.strip() != "")]
        visits = _visits(data, obs["interview_id"])
        quotes = quotes.assign(rank=quotes["sin"].map(rank)).sort_values(
            ["rank", "severity"], ascending=[True, False]
        )
        q_rows, q_ev = [], {}
        for i, (_, r) in enumerate(quotes.iterrows()):
            q_rows.append(
                [
                    pretty(r["sin"]),
                    pretty(r["touchpoint"]),
                    _f(r["severity"]),
                    str(r["evidence"]),
                    *visits.get(r["interview_id"], ("", "")),
                ]
            )
            q_ev[i] = evidence([r["interview_id"]], [r["question_key"]])
        quote_table = Table(
            "evidence",
            "Evidence noted",
            [
                text_col("sin", "Sin"),
                text_col("touchpoint", "Touchpoint"),
                int_col("severity", "Severity"),
                text_col("evidence", "Evidence"),
                text_col("visit", "Checklist"),
                text_col("interview_date", "Date"),
            ],
            q_rows,
            q_ev,
        )

        findings = self._findings(stats, heat, obs, total)
        notes = [
            *form_note(data, NEED),
            f"Parameters: {self.describe_params(params)}.",
            "Observations = completed checklist items for the sin; observed = those ticked "
            "as observed; share = observed / observations; mean severity over the observed.",
            "The Pareto order sorts the sins by times observed; the cumulative share is of all "
            "observed sins.",
        ]
        figures = [
            FigureSpec("heatmap", "Observed sins by touchpoint", _heat_drawer(heat)),
            FigureSpec("pareto", "Pareto chart of the sins observed", _pareto_drawer(stats)),
        ]
        return AnalysisResult(
            self.id, self.title, findings, [sin_table, heat_table, quote_table], figures, notes
        )

    @staticmethod
    def _findings(stats, heat, obs, total) -> list[str]:
        n_iv = obs["interview_id"].nunique()
        if total == 0:
            return [
                f"No sin was observed in {_n(len(obs), 'checklist item')} from {_n(n_iv, 'audit')}."
            ]
        top = ties(stats["frequency"].to_dict(), 0)
        distinct = int((stats["frequency"] > 0).sum())
        out = [
            f"Sins were observed {_n(total, 'time')} ({_n(distinct, 'distinct sin')}) in "
            f"{_n(len(obs), 'checklist item')} from {_n(n_iv, 'audit')}."
        ]
        if len(top) == 1:
            r = stats.loc[top[0]]
            out.append(
                f"Most frequent: {top[0]}, observed {int(r['frequency'])} times in "
                f"{int(r['observations'])} checklists ({fmt_percent(r['share'])}), mean severity "
                f"{fmt_num(r['mean_severity'])}."
            )
        else:
            out.append(
                f"Most frequent, tied: {join_names(top)}, each observed "
                f"{int(stats.at[top[0], 'frequency'])} times."
            )
        k = int((stats["cumulative"] < 0.8).sum()) + 1
        k = min(k, len(stats))
        # A sin tied with the last one counted is counted too: "the top 3" over a tie for
        # third would pick one of the tied sins by the order of the list.
        last = int(stats["frequency"].iloc[k - 1])
        freq = stats["frequency"].tolist()
        tied = [s for s, f in zip(stats.index, freq, strict=True) if f == last]
        while k < len(stats) and freq[k] == last:
            k += 1
        share = fmt_percent(stats["cumulative"].iloc[k - 1])
        if k == 1:
            head = f"The most frequent sin, {stats.index[0]}, accounts for"
        else:
            head = f"The {k} most frequent sins account for"
        tie = (
            f" ({join_names(tied)} are tied at {_n(last, 'time')} each, so all of them are counted)"
            if len(tied) > 1
            else ""
        )
        out.append(f"{head} {share} of all the times a sin was observed{tie}.")
        by_tp = heat.sum(axis=0)
        if len(by_tp) and by_tp.max() > 0:
            tps = ties(by_tp.to_dict(), 0)
            out.append(
                f"Touchpoint{'s' if len(tps) > 1 else ''} with most sins"
                f"{' (tied)' if len(tps) > 1 else ''}: {join_names(tps)} ({int(by_tp.max())})."
            )
        return out

    def respondent_scores(self, data: EngagementData, params: dict[str, Any]) -> pd.DataFrame:
        """Per audited respondent: the share of checklist items with the sin observed,
        overall and per sin (lower is better)."""
        obs = observations(data)
        if obs.empty:
            return respondent_scores_frame(data, pd.DataFrame(), better="lower")
        threshold = int(params.get("min_severity", 0))
        seen = obs["observed"].astype(bool)
        if threshold > 0:
            seen &= obs["severity"].fillna(0) >= threshold
        obs = obs.assign(seen=seen.astype(float))
        per_sin = obs.pivot_table(index="interview_id", columns="sin", values="seen")
        per_sin = per_sin.reindex(columns=sin_order(list(per_sin.columns)))
        out = pd.DataFrame(
            {
                "Checklist items with a sin observed (%)": 100
                * obs.groupby("interview_id")["seen"].mean()
            }
        )
        for sin in per_sin.columns:
            out[f"{pretty(sin)} observed (% of its checklist items)"] = 100 * per_sin[sin]
        return respondent_scores_frame(data, out, better="lower")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _f(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _heat_drawer(heat: pd.DataFrame):
    values = heat.to_numpy()
    rows = [pretty(s) for s in heat.index]
    cols = [pretty(t) for t in heat.columns]

    def draw(fig) -> None:
        ax = fig.add_subplot()
        if values.size == 0:
            ax.axis("off")
            ax.text(0.5, 0.5, "No sins observed", ha="center", va="center")
            return
        im = ax.imshow(values, cmap="Reds", aspect="auto", vmin=0)
        ax.set_xticks(range(len(cols)), cols, rotation=30, ha="right")
        ax.set_yticks(range(len(rows)), rows)
        top = values.max() if values.size else 0
        for (i, j), v in pd.DataFrame(values).stack().items():
            ax.text(
                j,
                i,
                str(v),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if top and v > top / 2 else "black",
            )
        fig.colorbar(im, ax=ax, label="Times observed")

    return draw


def _pareto_drawer(stats: pd.DataFrame):
    labels = [pretty(s) for s in stats.index]
    freq = [int(v) for v in stats["frequency"]]
    cum = [float(v) * 100 for v in stats["cumulative"].fillna(0)]

    def draw(fig) -> None:
        ax = fig.add_subplot()
        ax.bar(labels, freq, color="#c0392b")
        ax.set_ylabel("Times observed")
        ax.tick_params(axis="x", rotation=30)
        ax2 = ax.twinx()
        ax2.plot(labels, cum, color="#2c3e50", marker="o")
        ax2.set_ylim(0, 105)
        ax2.set_ylabel("Cumulative %")
        ax2.axhline(80, color="#7f8c8d", linestyle=":", linewidth=0.8)

    return draw
