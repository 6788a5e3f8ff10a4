"""Wave comparison on per-respondent scores, checked against hand-worked statistics.

The expected values are computed here without scipy: numpy for means and SDs, and the
t distribution's density integrated numerically for p-values and quantiles.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from _analysis_builders import Builder

from workbench.analysis.compare import compare_measure
from workbench.analysis.registry import compare_waves


def _t_pdf(x: np.ndarray, df: float) -> np.ndarray:
    c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
    return c * (1 + x**2 / df) ** (-(df + 1) / 2)


def _t_tail(t: float, df: float) -> float:
    """P(T > t) for t ≥ 0, by the trapezoid rule on a fine grid (to 1e-7 or so)."""
    x = np.concatenate([np.linspace(t, t + 50, 100_001), np.geomspace(t + 50, 1e7, 50_001)[1:]])
    y = _t_pdf(x, df)
    return float(np.sum((y[1:] + y[:-1]) / 2 * np.diff(x)))


def _t_quantile(q: float, df: float) -> float:
    lo, hi = 0.0, 50.0
    for _ in range(40):
        mid = (lo + hi) / 2
        if _t_tail(mid, df) > 1 - q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def _servqual(b: Builder, waves: dict[str, dict[str, tuple[tuple[int, int], tuple[int, int]]]]):
    """Two dimensions with one pair item each; ``waves``: wave → respondent → ((E, P), (E, P))."""
    b.question("servqual", "t1", "pair", {"dimension": "tangibles"}, items=("E", "P"))
    b.question("servqual", "r1", "pair", {"dimension": "reliability"}, items=("E", "P"))
    for order, (wave, people) in enumerate(waves.items(), start=1):
        for rid, (t, r) in people.items():
            if rid not in b.segment_of:
                b.respondent(rid, "customers")
            answers = {"t1": {"E": t[0], "P": t[1]}, "r1": {"E": r[0], "P": r[1]}}
            b.interview(f"{rid}-{wave}", rid, "servqual", answers, wave=wave, wave_order=order)
    return b.build()


BASE = {
    "a": ((6, 4), (7, 3)),
    "b": ((7, 5), (6, 4)),
    "c": ((5, 5), (7, 5)),
    "d": ((6, 3), (6, 2)),
    "e": ((7, 6), (5, 4)),
}
AGAIN = {
    "a": ((6, 5), (7, 5)),
    "b": ((7, 5), (6, 5)),
    "c": ((5, 6), (7, 5)),
    "d": ((6, 5), (6, 4)),
    "e": ((7, 6), (5, 6)),
}


def test_paired_comparison_matches_the_worked_example(builder):
    from analyses.servqual import Servqual

    data = _servqual(builder, {"baseline": BASE, "re-audit": AGAIN})
    result = compare_waves(Servqual(), data, "baseline", "re-audit", {"by_segment": False})
    rows = {r["measure"]: r for r in result.table("changes").records()}
    for measure, part in (("Tangibles gap (P − E)", 0), ("Reliability gap (P − E)", 1)):
        a = np.array([BASE[k][part][1] - BASE[k][part][0] for k in "abcde"], float)
        b = np.array([AGAIN[k][part][1] - AGAIN[k][part][0] for k in "abcde"], float)
        d = b - a
        n = len(d)
        se = d.std(ddof=1) / math.sqrt(n)
        t = d.mean() / se
        half = _t_quantile(0.975, n - 1) * se
        row = rows[measure]
        assert row["a"] == pytest.approx(a.mean()) and row["b"] == pytest.approx(b.mean())
        assert row["change"] == pytest.approx(d.mean())
        assert row["ci_low"] == pytest.approx(d.mean() - half, abs=1e-6)
        assert row["ci_high"] == pytest.approx(d.mean() + half, abs=1e-6)
        assert row["p"] == pytest.approx(2 * _t_tail(abs(t), n - 1), abs=1e-6)
        assert row["effect"] == pytest.approx(d.mean() / d.std(ddof=1))
        assert row["test"] == "paired t-test" and row["effect_name"] == "d_z"
        assert row["n_paired"] == 5
    # Tangibles: changes 1, 0, 1, 2, 0 → mean 0.8, p about 0.07: no clear change at 5%.
    assert rows["Tangibles gap (P − E)"]["change"] == pytest.approx(0.8)
    # Five people in both waves: nothing is flagged as resting on too few.
    assert not result.table("changes").flags
    assert result.findings[0] == (
        "Comparing baseline with re-audit: 5 respondents answered both baseline and re-audit."
    )
    assert any(
        "Reliability gap (P − E) rose (better)" in f and "p = " in f for f in result.findings
    )


def test_independent_waves_use_welch(builder):
    from analyses.servqual import Servqual

    later = {k.upper(): v for k, v in AGAIN.items()}  # other people in the second wave
    data = _servqual(builder, {"baseline": BASE, "re-audit": later})
    result = compare_waves(Servqual(), data, "baseline", "re-audit", {"by_segment": False})
    row = {r["measure"]: r for r in result.table("changes").records()}["Reliability gap (P − E)"]
    a = np.array([BASE[k][1][1] - BASE[k][1][0] for k in "abcde"], float)
    b = np.array([AGAIN[k][1][1] - AGAIN[k][1][0] for k in "abcde"], float)
    va, vb = a.var(ddof=1) / 5, b.var(ddof=1) / 5
    se = math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / 4 + vb**2 / 4)
    diff = b.mean() - a.mean()
    half = _t_quantile(0.975, df) * se
    assert row["test"] == "Welch's t-test" and row["n_paired"] == 0
    assert row["ci_low"] == pytest.approx(diff - half, abs=1e-6)
    assert row["ci_high"] == pytest.approx(diff + half, abs=1e-6)
    assert row["p"] == pytest.approx(2 * _t_tail(abs(diff / se), df), abs=1e-6)
    pooled = math.sqrt((4 * a.var(ddof=1) + 4 * b.var(ddof=1)) / 8)
    assert row["effect"] == pytest.approx(diff / pooled) and row["effect_name"] == "d"


def test_small_comparisons_are_flagged_and_not_findings():
    import pandas as pd

    a = pd.Series({"x": 1.0, "y": 2.0, "z": 3.0})
    b = pd.Series({"x": 2.0, "y": 3.5, "z": 4.0})
    change = compare_measure("m", a, b)
    assert change.paired and change.n == 3 and change.small
    from workbench.analysis.compare import change_findings, change_table

    table = change_table([change], "w1", "w2")
    assert table.flags[0].startswith("rests on fewer than 5 respondents")
    # The change is shown; an interval, a p and an effect on 3 respondents are not (a
    # paired t-interval on 2 demo checklists spanned -685 to +585 points).
    row = table.records()[0]
    assert row["change"] == pytest.approx((1.0 + 1.5 + 1.0) / 3)
    assert row["ci_low"] is None and row["ci_high"] is None
    assert row["p"] is None and row["effect"] is None and row["test"] == "not tested"
    assert change.ci_low is not None  # still computed, for anyone who asks for it
    assert not any(f.startswith("m ") for f in change_findings([change], "w1", "w2"))


def test_nobody_changed_gives_a_zero_interval():
    import pandas as pd

    same = pd.Series({"x": 1.0, "y": 2.0, "z": 3.0, "u": 1.0, "v": 2.0})
    change = compare_measure("m", same, same)
    assert change.change == 0 and (change.ci_low, change.ci_high) == (0.0, 0.0)
    assert change.p == 1.0 and change.effect is None


def test_rank_tests_and_lower_is_better():
    import pandas as pd
    from scipy import stats

    a = pd.Series({k: v for k, v in zip("abcdef", (3, 4, 2, 5, 4, 3), strict=True)}, dtype=float)
    b = pd.Series({k: v for k, v in zip("abcdef", (2, 2, 1, 3, 3, 1), strict=True)}, dtype=float)
    change = compare_measure("sins", a, b, method="rank", higher_is_better=False)
    assert change.test == "Wilcoxon signed-rank"
    assert change.p == pytest.approx(stats.wilcoxon(b, a).pvalue)
    from workbench.analysis.compare import change_findings

    assert any("sins fell (better)" in f for f in change_findings([change], "w1", "w2"))


def test_an_analysis_without_scores_is_compared_table_by_table(builder):
    from analyses.servqual import Servqual

    class NoScores(Servqual):
        def respondent_scores(self, data, params):
            return None

    data = _servqual(builder, {"baseline": BASE, "re-audit": AGAIN})
    result = compare_waves(NoScores(), data, "baseline", "re-audit", {"by_segment": False})
    assert "changes" not in [t.name for t in result.tables]
    assert "dimensions_change" in [t.name for t in result.tables]


def test_a_share_is_compared_in_percent_and_points():
    """A measure on a 0–100 share ("… (%)") reads as the analysis shows it: 29% → 38%,
    a change of +9 pts (it read "28.88 → 38.25, +9.38"), in the table and the sentence."""
    import pandas as pd

    from workbench.analysis.compare import change_findings, change_table

    people = [f"p{i}" for i in range(8)]
    a = pd.Series([20, 25, 30, 35, 28, 31, 27, 35.0], index=people)
    b = pd.Series([30, 36, 39, 45, 37, 40, 36, 43.0], index=people)
    change = compare_measure("Proactive share of effort (%)", a, b)
    table = change_table([change], "baseline", "re-audit")
    cells = [table.format_cell(0, c) for c in range(1, 6)]
    assert cells[:3] == ["29%", "38%", "+9 pts"], cells
    assert all(c.endswith(" pts") for c in cells[3:])
    assert table.cell_value(0, 1) == 29.0  # Excel and --json store what is shown
    sentence = change_findings([change], "baseline", "re-audit")[1]
    assert "from 29% to 38% among the 8 respondents in both waves (+9 pts, 95% CI +" in sentence, (
        sentence
    )
    # Other measures keep two decimals.
    other = change_table([compare_measure("Gap", a / 10, b / 10)], "baseline", "re-audit")
    assert other.format_cell(0, 1) == "2.89"


def test_the_change_and_its_interval_describe_the_same_people():
    """Worked by hand. Baseline p0..p3 = 1, 2, 3, 6 (mean of everyone 3.00); re-audit
    p0..p2 = 2, 3, 5 and p9 = 7 (mean of everyone 4.25). Only p0, p1, p2 are in both waves:
    their baseline mean is (1+2+3)/3 = 2.00, their re-audit mean (2+3+5)/3 = 3.333…, their
    changes 1, 1, 2 (mean 4/3, SD √(1/3)), so the paired 95% CI is
    4/3 ± t(0.975, 2) × √(1/3)/√3 = 4/3 ± 4.302653 × 0.333333 = −0.1009 to +2.7676.
    The row shows 2.00 → 3.33, +1.33 and that interval (centred on it); the whole-wave
    3.00 and 4.25 (whose difference +1.25 is no one's change) only in their own columns."""
    import pandas as pd

    from workbench.analysis.compare import change_findings, change_table

    a = pd.Series([1, 2, 3, 6.0], index=["p0", "p1", "p2", "p3"])
    b = pd.Series([2, 3, 5, 7.0], index=["p0", "p1", "p2", "p9"])
    c = compare_measure("Score", a, b)
    assert c.paired and c.n_paired == 3
    assert c.mean_a == pytest.approx(2.0) and c.mean_b == pytest.approx(10 / 3)
    assert c.change == pytest.approx(4 / 3) == c.mean_b - c.mean_a
    half = 4.302653 * (1 / 3) ** 0.5 / 3**0.5
    assert c.ci_low == pytest.approx(4 / 3 - half, abs=1e-5)
    assert c.ci_high == pytest.approx(4 / 3 + half, abs=1e-5)
    assert c.ci_low + c.ci_high == pytest.approx(2 * c.change)  # centred on the change
    assert c.all_a == 3.0 and c.all_b == 4.25
    table = change_table([c], "baseline", "re-audit")
    row = table.records()[0]
    assert [table.format_cell(0, i) for i in range(1, 4)] == ["2.00", "3.33", "+1.33"]
    assert (row["all_a"], row["all_b"]) == (3.0, 4.25)
    labels = {col.name: col.label for col in table.columns}
    assert labels["all_a"] == "baseline mean, everyone in the wave"
    # Three people are too few for a test: said, and the change shown is still theirs.
    assert row["test"] == "not tested"
    assert "(3 respondents in both waves)" in table.flags[0]
    text = " ".join(change_findings([c], "baseline", "re-audit"))
    assert "1.25" not in text


def test_a_paired_finding_reads_one_change_for_one_group():
    """Worked by hand: five people, baseline 1, 2, 3, 4, 5 and re-audit 3, 4, 4, 6, 7;
    changes 2, 2, 1, 2, 2 (mean 1.8, SD √0.2 = 0.4472). Paired t = 1.8/(0.4472/√5) = 9.0,
    95% CI 1.8 ± 2.776445 × 0.2 = +1.24 to +2.36. A sixth person seen only at baseline
    (score 10) moves the whole-wave baseline to 25/6 = 4.17 but not the row or the
    sentence."""
    import pandas as pd

    from workbench.analysis.compare import change_findings

    a = pd.Series([1, 2, 3, 4, 5, 10.0], index=list("abcdef"))
    b = pd.Series([3, 4, 4, 6, 7.0], index=list("abcde"))
    c = compare_measure("Score", a, b)
    assert (c.mean_a, c.mean_b, c.change) == pytest.approx((3.0, 4.8, 1.8))
    assert (c.ci_low, c.ci_high) == pytest.approx((1.8 - 0.555289, 1.8 + 0.555289), abs=1e-5)
    assert c.all_a == pytest.approx(25 / 6)
    sentence = change_findings([c], "w1", "w2")[1]
    assert sentence.startswith(
        "Score rose (better) from 3.00 to 4.80 among the 5 respondents in both waves "
        "(+1.80, 95% CI +1.24 to +2.36; paired t-test"
    ), sentence


def test_no_one_in_both_waves_compares_the_whole_waves():
    """Worked by hand: baseline 1, 2, 3 (mean 2, var 1) and re-audit 4, 5, 6, 7
    (mean 5.5, var 5/3), nobody in both. Welch: change +3.5, SE √(1/3 + 5/12) = 0.8660,
    df = 0.75² / ((1/3)²/2 + (5/12)²/3) = 4.9592; the row's means are the whole waves'."""
    import pandas as pd
    from scipy import stats

    a = pd.Series([1, 2, 3.0], index=["a", "b", "c"])
    b = pd.Series([4, 5, 6, 7.0], index=["d", "e", "f", "g"])
    c = compare_measure("Score", a, b)
    assert not c.paired and c.test == "Welch's t-test"
    assert (c.mean_a, c.mean_b, c.change) == (2.0, 5.5, 3.5) and (c.all_a, c.all_b) == (2.0, 5.5)
    se, df = (1 / 3 + 5 / 12) ** 0.5, 0.75**2 / ((1 / 3) ** 2 / 2 + (5 / 12) ** 2 / 3)
    half = stats.t.ppf(0.975, df) * se
    assert se == pytest.approx(0.8660254) and df == pytest.approx(4.9592, abs=1e-4)
    assert (c.ci_low, c.ci_high) == pytest.approx((3.5 - half, 3.5 + half))


def test_one_person_in_both_waves_is_their_change_untested():
    """Worked by hand: only p0 is in both waves (2 → 5): the row shows 2.00 → 5.00, +3.00,
    no interval and no test, and says why; the whole waves (2, 4 → 5, 9) are apart."""
    import pandas as pd

    from workbench.analysis.compare import change_table

    c = compare_measure(
        "Score", pd.Series([2, 4.0], index=["p0", "p1"]), pd.Series([5, 9.0], index=["p0", "p2"])
    )
    assert c.paired and c.n_paired == 1 and (c.mean_a, c.mean_b, c.change) == (2.0, 5.0, 3.0)
    assert c.ci_low is None and c.p is None and (c.all_a, c.all_b) == (3.0, 7.0)
    table = change_table([c], "w1", "w2")
    assert table.records()[0]["test"] == "not tested"
    assert "(1 respondent in both waves)" in table.flags[0]


def test_the_levels_chart_is_titled_as_its_table(builder):
    """Beside "What changed", the chart of the whole waves' levels is not called a change."""
    from analyses.servqual import Servqual

    data = _servqual(builder, {"baseline": BASE, "re-audit": AGAIN})
    result = compare_waves(Servqual(), data, "baseline", "re-audit", {"by_segment": False})
    titles = [f.title for f in result.figures]
    assert titles[0] == "What changed: baseline → re-audit"
    assert titles[1] == result.tables[1].title and "each wave's respondents" in titles[1]
    assert not any(": change " in t for t in titles)


def test_findings_tell_too_few_from_no_clear_change():
    """Three people in both waves (changes −2, −2, −2) are too few to test: the sentence
    says so rather than that the interval includes zero; five with changes 0, 1, −1, 0, 0
    (mean 0) are tested and show no clear change."""
    import pandas as pd

    from workbench.analysis.compare import change_findings

    few = compare_measure(
        "Few", pd.Series([5, 5, 4.0], index=list("abc")), pd.Series([3, 3, 2.0], index=list("abc"))
    )
    flat = compare_measure(
        "Flat",
        pd.Series([3, 3, 3, 3, 3.0], index=list("vwxyz")),
        pd.Series([3, 4, 2, 3, 3.0], index=list("vwxyz")),
    )
    assert few.change == -2.0 and flat.change == 0.0
    said = change_findings([few, flat], "w1", "w2")
    assert (
        "No clear change (1 measure: Flat): the 95% interval of the change includes zero." in said
    )
    assert (
        "Not tested (1 measure: Few): fewer than 5 respondents answered both waves, too few "
        "for an interval or a test; the change shown is theirs." in said
    )
