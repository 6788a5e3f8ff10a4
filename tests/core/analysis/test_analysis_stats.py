"""The shared statistics helpers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from workbench.analysis.stats import cronbach_alpha, describe, reverse_score


def test_cronbach_alpha_textbook_example():
    items = pd.DataFrame({"a": [1, 2, 3, 4, None], "b": [2, 2, 4, 4, 1], "c": [2, 3, 4, 5, 1]})
    result = cronbach_alpha(items)  # the last row is incomplete: dropped (listwise)
    # var(a) = 5/3, var(b) = 4/3, var(c) = 5/3; totals 5, 7, 11, 13: var 40/3.
    assert (result.k, result.n) == (3, 4)
    assert result.alpha == pytest.approx(3 / (3 - 1) * (1 - (5 / 3 + 4 / 3 + 5 / 3) / (40 / 3)))
    assert result.acceptable(0.70) and not result.acceptable(0.98)


def test_cronbach_alpha_undefined_cases():
    assert math.isnan(cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]})).alpha)  # k = 1
    assert math.isnan(cronbach_alpha(pd.DataFrame({"a": [1], "b": [2]})).alpha)  # n = 1
    flat = cronbach_alpha(pd.DataFrame({"a": [3, 3], "b": [4, 4]}))
    assert math.isnan(flat.alpha) and not flat.acceptable()


def test_reverse_and_describe():
    assert list(reverse_score(pd.Series([1, 4, 7]), 1, 7)) == [7, 4, 1]
    d = describe(pd.Series([2, 4, None]))
    assert d == {"n": 2, "mean": 3.0, "sd": pytest.approx(math.sqrt(2)), "min": 2.0, "max": 4.0}


def test_a_mean_interval_does_not_load_scipy():
    """Headline means carry an interval in every analysis; importing scipy for its t
    quantile took a third of an analysis's first run in the window and 16 MB.  The
    interval agrees with scipy's."""
    import subprocess
    import sys

    code = (
        "import sys; from workbench.analysis.stats import mean_ci;"
        "print(mean_ci([1.0, 2.0, 4.0, 7.0]), 'scipy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False"), out.stdout
    from scipy import stats

    from workbench.analysis.stats import mean_ci

    values = [1.0, 2.0, 4.0, 7.0]
    half = stats.t.ppf(0.975, 3) * pd.Series(values).std(ddof=1) / 2
    assert mean_ci(values) == pytest.approx((3.5 - half, 3.5 + half))


def test_t_quantile_against_printed_tables_and_scipy():
    from scipy.special import stdtrit

    from workbench.analysis.stats import t_quantile

    # two-sided 95% critical values as printed in statistics tables
    for df, printed in ((1, 12.706), (2, 4.303), (3, 3.182), (10, 2.228), (30, 2.042)):
        assert t_quantile(0.975, df) == pytest.approx(printed, abs=5e-4)
    assert t_quantile(0.995, 5) == pytest.approx(4.032, abs=5e-4)
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(0.025, 10) == pytest.approx(-2.228, abs=5e-4)
    for df in (*range(1, 60), 101, 228, 999, 1000, 4001):
        for p in (0.6, 0.9, 0.95, 0.975, 0.995, 0.9995, 0.01):
            assert t_quantile(p, df) == pytest.approx(float(stdtrit(df, p)), rel=1e-10)


@pytest.mark.parametrize("p, df", [(0.0, 3), (1.0, 3), (0.975, 0), (0.975, 2.5)])
def test_t_quantile_refuses_what_has_no_quantile(p, df):
    from workbench.analysis.stats import t_quantile

    with pytest.raises(ValueError, match="t quantile"):
        t_quantile(p, df)
