"""Comparing two waves on per-respondent scores: the change, its 95% interval and a test.

An analysis that has a score declares it through
:meth:`~workbench.analysis.api.Analysis.respondent_scores` (a long frame: respondent,
measure, score).  :func:`compare_scores` then, for each measure:

- takes each respondent's score in each wave (the mean where a person has several
  interviews in a wave: one value per person and wave);
- where anyone answered both waves, the comparison is **paired** on them alone: the two
  wave means shown are those people's, the change is their mean change, and the 95%
  interval, the test (``scipy.stats.ttest_rel``, or ``wilcoxon`` for ranks) and the
  effect size d_z (mean change / SD of the changes) are theirs (from two people up);
- where no one answered both waves, an **independent** design on everyone in each wave
  (Welch's ``ttest_ind(equal_var=False)``, or ``mannwhitneyu``): the wave means, the
  change, its interval and Cohen's d (pooled SD) are all on the two whole waves;
- the 95% interval of the change is the t-interval of the test
  (``TtestResult.confidence_interval``), so it is always centred on the change shown.

Each wave's mean over everyone measured in it is kept beside (``all_a``, ``all_b``) and
shown in its own, labelled, columns: it is not what the change describes.

Every statistic comes from ``scipy.stats``, imported when a comparison runs.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.analysis.numbers import display
from workbench.analysis.result import Column, FigureSpec, Table, fmt_num

if TYPE_CHECKING:
    import pandas as pd

#: Below this many respondents a figure is flagged (marked in every output).
SMALL_SAMPLE = 5
CONFIDENCE = 0.95
#: The columns of the ``changes`` table that a share's row shows in percentage points.
PERCENT_POINT_COLUMNS = ((3, "change"), (4, "ci_low"), (5, "ci_high"))
TESTS = {
    "t": ("paired t-test", "Welch's t-test"),
    "rank": ("Wilcoxon signed-rank", "Mann–Whitney U"),
}


@dataclass(frozen=True)
class MeasureChange:
    """The comparison of one measure between wave A and wave B (change = B − A)."""

    measure: str
    #: The wave means of the people the change rests on (those in both waves when paired).
    mean_a: float | None
    mean_b: float | None
    #: mean_b − mean_a of those people: with a paired design, their mean change.
    change: float | None
    ci_low: float | None
    ci_high: float | None
    test: str
    p: float | None
    effect: float | None
    effect_name: str  # "d_z" (paired) or "d" (independent)
    paired: bool
    n_paired: int
    n_a: int
    n_b: int
    higher_is_better: bool = True
    #: The mean change of the respondents in both waves (what a paired test estimates).
    paired_change: float | None = None
    #: Each wave's mean over everyone measured in it (shown apart, labelled as such).
    all_a: float | None = None
    all_b: float | None = None

    @property
    def n(self) -> int:
        """The respondents the change rests on."""
        return self.n_paired if self.paired else min(self.n_a, self.n_b)

    @property
    def small(self) -> bool:
        return self.n < SMALL_SAMPLE


def _clean(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) or math.isinf(out) else out


def per_respondent(scores: pd.DataFrame) -> dict[str, pd.Series]:
    """measure → Series (respondent → mean score), measures in order of first appearance."""
    import pandas as pd

    out: dict[str, pd.Series] = {}
    if scores is None or len(scores) == 0:
        return out
    frame = scores.assign(score=pd.to_numeric(scores["score"], errors="coerce")).dropna(
        subset=["score"]
    )
    for measure, grp in frame.groupby("measure", sort=False):
        out[str(measure)] = grp.groupby("respondent_id", sort=False)["score"].mean()
    return out


def _direction(scores: pd.DataFrame | None) -> dict[str, bool]:
    if scores is None or "better" not in getattr(scores, "columns", ()):
        return {}
    first = scores.drop_duplicates("measure").set_index("measure")["better"]
    return {str(m): str(b).lower() != "lower" for m, b in first.items()}


def compare_measure(
    measure: str, a: pd.Series, b: pd.Series, method: str = "t", higher_is_better: bool = True
) -> MeasureChange:
    """Compare one measure: ``a`` and ``b`` map respondent → score in each wave."""
    import numpy as np
    from scipy import stats

    a = a.dropna().astype(float)
    b = b.dropna().astype(float)
    common = [r for r in a.index if r in b.index]
    # Anyone in both waves: the change is theirs, and so are the interval and the test.
    paired = len(common) >= 1
    names = TESTS.get(method, TESTS["t"])
    p = ci_low = ci_high = effect = paired_change = None
    all_a = float(a.mean()) if len(a) else math.nan
    all_b = float(b.mean()) if len(b) else math.nan
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if paired:
            x, y = a[common].to_numpy(), b[common].to_numpy()
            diff = y - x
            mean_a, mean_b = float(x.mean()), float(y.mean())
            change = paired_change = float(diff.mean())
            if len(common) >= 2:
                res = stats.ttest_rel(y, x)
                ci = res.confidence_interval(CONFIDENCE)
                ci_low, ci_high = _clean(ci.low), _clean(ci.high)
                p = _clean(res.pvalue)
                if method == "rank":
                    p = _rank_p(lambda: stats.wilcoxon(y, x).pvalue)
                sd = float(np.std(diff, ddof=1))
                effect = _clean(change / sd) if sd > 0 else None
                if not np.any(diff):  # no one changed: no change, an interval of zero width
                    ci_low = ci_high = 0.0
                    p = 1.0
        else:
            mean_a, mean_b = all_a, all_b
            change = mean_b - mean_a
            if len(a) >= 2 and len(b) >= 2:
                res = stats.ttest_ind(b.to_numpy(), a.to_numpy(), equal_var=False)
                ci = res.confidence_interval(CONFIDENCE)
                ci_low, ci_high = _clean(ci.low), _clean(ci.high)
                p = _clean(res.pvalue)
                if method == "rank":
                    p = _rank_p(
                        lambda: (
                            stats.mannwhitneyu(
                                b.to_numpy(), a.to_numpy(), alternative="two-sided"
                            ).pvalue
                        )
                    )
                na, nb = len(a), len(b)
                pooled = math.sqrt(
                    ((na - 1) * a.var(ddof=1) + (nb - 1) * b.var(ddof=1)) / (na + nb - 2)
                )
                effect = _clean(change / pooled) if pooled > 0 else None
    if p is None and ci_low is None:
        test = "none (too few respondents)"
    else:
        test = names[0] if paired else names[1]
    return MeasureChange(
        measure=measure,
        mean_a=_clean(mean_a),
        mean_b=_clean(mean_b),
        change=_clean(change),
        ci_low=ci_low,
        ci_high=ci_high,
        test=test,
        p=p,
        effect=effect,
        effect_name="d_z" if paired else "d",
        paired=paired,
        n_paired=len(common),
        n_a=len(a),
        n_b=len(b),
        higher_is_better=higher_is_better,
        paired_change=_clean(paired_change) if paired_change is not None else None,
        all_a=_clean(all_a),
        all_b=_clean(all_b),
    )


def _rank_p(compute: Any) -> float | None:
    try:
        return _clean(compute())
    except ValueError:  # e.g. every difference zero
        return None


def compare_scores(
    scores_a: pd.DataFrame, scores_b: pd.DataFrame, method: str = "t"
) -> list[MeasureChange]:
    """One :class:`MeasureChange` per measure found in either wave."""
    per_a, per_b = per_respondent(scores_a), per_respondent(scores_b)
    better = {**_direction(scores_b), **_direction(scores_a)}
    import pandas as pd

    empty = pd.Series(dtype=float)
    measures = list(dict.fromkeys([*per_a, *per_b]))
    return [
        compare_measure(m, per_a.get(m, empty), per_b.get(m, empty), method, better.get(m, True))
        for m in measures
    ]


# -- presenting --------------------------------------------------------------------------
def change_table(changes: list[MeasureChange], wave_a: str, wave_b: str) -> Table:
    """The table of changes (name ``changes``); rows on fewer than 5 respondents flagged.

    The two means, the change, its interval, the test and the effect size of a row all
    describe the same people (those in both waves where there are any); each wave's mean
    over everyone measured in it comes last, in columns that say so."""
    columns = [
        Column("measure", "Measure", "text"),
        Column("a", f"{wave_a} mean", "float", "0.00"),
        Column("b", f"{wave_b} mean", "float", "0.00"),
        Column(
            "change", f"Change ({wave_b} − {wave_a})", "float", "+0.00;-0.00;0.00", diverging=True
        ),
        Column("ci_low", "95% CI low", "float", "+0.00;-0.00;0.00"),
        Column("ci_high", "95% CI high", "float", "+0.00;-0.00;0.00"),
        Column("test", "Test", "text"),
        Column("p", "p", "float", "0.000"),
        Column("effect", "Effect size", "float", "+0.00;-0.00;0.00"),
        Column("effect_name", "Effect measure", "text"),
        Column("n_paired", "Respondents in both waves", "int", "0"),
        Column("n_a", f"Respondents {wave_a}", "int", "0"),
        Column("n_b", f"Respondents {wave_b}", "int", "0"),
        Column("better", "Better when", "text"),
        Column("all_a", f"{wave_a} mean, everyone in the wave", "float", "0.00"),
        Column("all_b", f"{wave_b} mean, everyone in the wave", "float", "0.00"),
    ]
    rows = []
    table = Table("changes", f"What changed: {wave_a} → {wave_b}", columns, rows)
    for i, c in enumerate(changes):
        # On fewer than 5 respondents an interval or a test says nothing a reader can use
        # (a paired t-interval on 2 checklists spans -685 to +585 points): the change is
        # shown, marked, and its inference left out.
        infer = not c.small
        rows.append(
            [
                c.measure,
                c.mean_a,
                c.mean_b,
                c.change,
                c.ci_low if infer else None,
                c.ci_high if infer else None,
                c.test if infer else "not tested",  # the row's flag says why
                c.p if infer else None,
                c.effect if infer else None,
                c.effect_name if infer else "",
                c.n_paired,
                c.n_a,
                c.n_b,
                "higher" if c.higher_is_better else "lower",
                c.all_a,
                c.all_b,
            ]
        )
        level = level_format(c.measure)
        if is_share(c.measure) or is_points(c.measure):  # its change in points
            points = '+0" pts";-0" pts";0" pts"'
            table.cell_formats[i] = {
                1: Column("a", "", "float", level),
                2: Column("b", "", "float", level),
                14: Column("all_a", "", "float", level),
                15: Column("all_b", "", "float", level),
                **{k: Column(n, "", "float", points) for k, n in PERCENT_POINT_COLUMNS},
            }
        elif level != LEVEL:  # a mean on the scale its name gives: "3.31 of 5"
            table.cell_formats[i] = {
                k: Column(n, "", "float", level)
                for k, n in ((1, "a"), (2, "b"), (14, "all_a"), (15, "all_b"))
            }
        if c.small:
            _flag(
                table,
                i,
                f"rests on fewer than {SMALL_SAMPLE} respondents ({_design(c)}): too few for "
                "an interval or a test, so none is shown",
            )
    return table


def _flag(table: Table, row: int, reason: str) -> None:
    table.flags[row] = reason


def change_findings(changes: list[MeasureChange], wave_a: str, wave_b: str) -> list[str]:
    """Sentences: the clear changes (p < 0.05, enough respondents), then the rest in one."""
    from workbench.analysis.data import people_phrase

    out = []
    clear = [c for c in changes if c.p is not None and c.p < 0.05 and not c.small]
    for c in sorted(clear, key=lambda c: c.p or 0):
        word = _word(c)
        out.append(
            f"{c.measure} {word} from {_level(c, c.mean_a)} to {_level(c, c.mean_b)} "
            f"{_tested(c)} ({_delta(c, c.change)}, 95% CI "
            f"{_delta(c, c.ci_low)} to {_delta(c, c.ci_high)}; "
            f"{c.test}, {_p(c.p)}, {c.effect_name} = {_num(c.effect, True)})."
        )
    rest = [c for c in changes if c not in clear]
    few = [c for c in rest if c.small]
    unclear = [c for c in rest if not c.small]
    if unclear:
        out.append(
            f"No clear change ({_listed(unclear)}): the 95% interval of the change includes "
            "zero."
        )
    if few:
        out.append(
            f"Not tested ({_listed(few)}): fewer than {SMALL_SAMPLE} respondents "
            + ("answered both waves" if all(c.paired for c in few) else "in a wave")
            + ", too few for an interval or a test; the change shown is theirs."
        )
    if changes:
        c0 = changes[0]
        who = (
            f"{people_phrase(c0.n_paired)} answered both {wave_a} and {wave_b}"
            if c0.paired
            else f"no one answered both waves ({people_phrase(c0.n_a)} in {wave_a}, "
            f"{people_phrase(c0.n_b)} in {wave_b})"
        )
        out.insert(0, f"Comparing {wave_a} with {wave_b}: {who}.")
    return out


def change_notes(
    changes: list[MeasureChange], method: str, wave_a: str | None = None, wave_b: str | None = None
) -> list[str]:
    names = TESTS.get(method, TESTS["t"])
    # The waves are compared in the order given, which need not be their order in time.
    order = f"{wave_b} − {wave_a}" if wave_a and wave_b else "the second wave named − the first"
    notes = [
        f"Change = {order}, per measure, on each respondent's score (their mean where they "
        "had several interviews in a wave: one value per person and wave).",
        "Where anyone answered both waves, a row describes those people alone: its two wave "
        "means are theirs, the change is their mean change, and the 95% confidence interval, "
        f"p ({names[0]}) and effect size (d_z = their mean change / SD of their changes) are "
        "theirs; 'Respondents in both waves' says how many they are.",
        "Where no one answered both waves, a row compares the two whole waves as independent "
        f"samples: each wave's mean over everyone in it, their difference, {names[1]} and "
        "Cohen's d (pooled SD).",
        "The columns 'mean, everyone in the wave' give each wave's mean over everyone "
        "measured in it (the figure of that wave's own report); the change is not their "
        "difference unless no one answered both waves.",
        "The 95% confidence interval of the change is the t-interval of the test "
        "(scipy.stats), so it is centred on the change shown.",
    ]
    if len(changes) > 1:
        notes.append(
            f"{len(changes)} tests were run, one per measure; at p < 0.05 about one in twenty "
            "unchanged measures would still look changed, so read a single p near 0.05 with "
            "care (Holm's correction would be stricter)."
        )
    if any(c.small for c in changes):
        notes.append(
            f"† A change resting on fewer than {SMALL_SAMPLE} respondents is marked, shown "
            "(still theirs alone) without an interval or a test, and not reported as a "
            "finding."
        )
    return notes


def change_figure(changes: list[MeasureChange], wave_a: str, wave_b: str) -> FigureSpec:
    shown = [c for c in changes if c.change is not None][:20]
    labels = [c.measure for c in shown]
    values = [c.change for c in shown]
    lows = [c.change - c.ci_low if c.ci_low is not None else 0.0 for c in shown]
    highs = [c.ci_high - c.change if c.ci_high is not None else 0.0 for c in shown]
    good = [(v >= 0) == c.higher_is_better for v, c in zip(values, shown, strict=True)]

    def draw(fig) -> None:
        ax = fig.add_subplot()
        y = list(range(len(labels)))[::-1]
        colours = ["#27ae60" if g else "#c0392b" for g in good]
        ax.barh(y, values, xerr=[lows, highs], color=colours, ecolor="#2c3e50", capsize=3)
        ax.set_yticks(y, labels)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel(f"Change {wave_a} → {wave_b} (bars: 95% confidence interval)")

    return FigureSpec("changes", f"What changed: {wave_a} → {wave_b}", draw)


_SHARE = re.compile(r"\(%(?:\s[^()]*)?\)\s*$")
#: The scale a measure's name gives: "Satisfaction (1–5)", "Overall maturity (0–5)".
_SCALE = re.compile(r"\((\d+(?:\.\d+)?)\s*[–-]\s*(\d+(?:\.\d+)?)\)")
#: A score on points either side of zero, "NPS (-100 to +100)": a signed whole number.
_POINTS = re.compile(r"\(-(\d+) to \+(\d+)\)\s*$")
#: The number format of such a score: "-10", "+25", "0" (as the NPS of its own table).
POINTS_LEVEL = "+0;-0;0"
#: The number format of a mean on no scale its name gives (a gap, "P − E").
LEVEL = "0.00"


def is_share(measure: str) -> bool:
    """A measure on a 0–100 share: its name ends "(%)" or "(% of …)"."""
    return bool(_SHARE.search(measure))


def is_points(measure: str) -> bool:
    """A score on points either side of zero: its name ends "(-100 to +100)" (the Net
    Promoter Score).  Shown as a signed whole number, its change in points."""
    return bool(_POINTS.search(measure))


def scale_of(measure: str) -> tuple[float, float] | None:
    """(lowest, highest) of the scale a measure is on: 0–100 for a share, else the one
    its name gives ("(1–5)", "(0–10)"); None when it names none (a gap, "P − E")."""
    if is_share(measure):
        return 0.0, 100.0
    points = _POINTS.search(measure)
    if points is not None:
        return -float(points.group(1)), float(points.group(2))
    found = _SCALE.search(measure)
    if found is None:
        return None
    low, high = float(found.group(1)), float(found.group(2))
    return (low, high) if high > low else None


def without_scale(measure: str) -> str:
    """The measure's name without the scale it gives ("Satisfaction (1–5)" →
    "Satisfaction"), for a sentence whose score says it ("3.31 of 5")."""
    return " ".join(_SCALE.sub("", measure).split())


def level_format(measure: str) -> str:
    """The number format of a measure's score (a wave's mean), wherever it is shown:
    a share as percent ("43%"), a score on points either side of zero signed ("-10"), a
    mean on the scale its name gives with that scale's top ("3.31 of 5", "7.06 of 10"),
    so that scores of different scales side by side are not read as one; otherwise the
    bare number (a gap, whose name gives its unit)."""
    if is_share(measure):
        return '0"%"'
    if is_points(measure):
        return POINTS_LEVEL
    scale = scale_of(measure)
    if scale is None:
        return LEVEL
    return f'{LEVEL}" of {scale[1]:g}"'


def _word(c: MeasureChange) -> str:
    if c.change is None or c.change == 0:
        return "stayed"
    up = c.change > 0
    better = up == c.higher_is_better
    return ("rose" if up else "fell") + (" (better)" if better else " (worse)")


def _design(c: MeasureChange) -> str:
    from workbench.analysis.data import people_phrase

    if c.paired:
        return f"{people_phrase(c.n_paired)} in both waves"
    return f"{people_phrase(c.n_a)} and {people_phrase(c.n_b)}"


def _tested(c: MeasureChange) -> str:
    """Who the means, the change, the interval and the test all rest on."""
    if c.paired:
        return f"among the {_design(c)}"
    return f"over each whole wave ({_design(c)}, no one in both)"


def _listed(changes: list[MeasureChange]) -> str:
    """"2 measures: A, B" (the first six named)."""
    names = ", ".join(c.measure for c in changes[:6]) + (
        " and others" if len(changes) > 6 else ""
    )
    return f"{_count(len(changes), 'measure')}: {names}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _num(value: float | None, signed: bool = False) -> str:
    return fmt_num(value, 2, signed)


def _level(c: MeasureChange, value: float | None) -> str:
    """A wave's mean in a sentence, as the ``changes`` table shows it ("3.31 of 5")."""
    if value is not None and level_format(c.measure) != LEVEL:
        return display(value, "float", level_format(c.measure))
    return _num(value)


def _delta(c: MeasureChange, value: float | None) -> str:
    """A change (or interval end) in a sentence, as the ``changes`` table shows it."""
    if (is_share(c.measure) or is_points(c.measure)) and value is not None:
        return display(value, "float", '+0" pts";-0" pts";0" pts"')
    return _num(value, True)


def _p(p: float | None) -> str:
    if p is None:
        return "p n/a"
    return "p < 0.001" if p < 0.001 else f"p = {fmt_num(p, 3)}"
