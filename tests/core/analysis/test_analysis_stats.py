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


def test_a_mean_interval_does_not_load_scipy_stats():
    """Headline means carry an interval in every analysis; loading scipy.stats for its t
    quantile made an analysis's first run several times slower.  The quantile is scipy's
    own (scipy.special.stdtrit, what scipy.stats.t.ppf evaluates) and agrees with it."""
    import subprocess
    import sys

    code = (
        "import sys; from workbench.analysis.stats import mean_ci;"
        "print(mean_ci([1.0, 2.0, 4.0, 7.0]), 'scipy.stats' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False"), out.stdout
    from scipy import stats

    from workbench.analysis.stats import mean_ci

    values = [1.0, 2.0, 4.0, 7.0]
    half = stats.t.ppf(0.975, 3) * pd.Series(values).std(ddof=1) / 2
    assert mean_ci(values) == pytest.approx((3.5 - half, 3.5 + half))
