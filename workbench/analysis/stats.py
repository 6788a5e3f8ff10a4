"""Small statistics helpers shared by the analyses (pure numpy/pandas)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha with the number of items ``k`` and of complete cases ``n``."""

    alpha: float
    k: int
    n: int

    def acceptable(self, threshold: float = 0.70) -> bool:
        return not math.isnan(self.alpha) and self.alpha >= threshold


def cronbach_alpha(items: pd.DataFrame) -> Alpha:
    """α = k/(k−1) · (1 − Σ var(item) / var(total)), sample variances (n−1).

    ``items`` has one column per item and one row per respondent; rows with a missing
    item are dropped (listwise).  α is NaN when k < 2, n < 2 or the total has no variance.
    """
    complete = items.astype(float).dropna()
    k, n = complete.shape[1], complete.shape[0]
    if k < 2 or n < 2:
        return Alpha(math.nan, k, n)
    item_var = complete.var(axis=0, ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var == 0 or math.isnan(total_var):
        return Alpha(math.nan, k, n)
    return Alpha(float(k / (k - 1) * (1 - item_var / total_var)), k, n)


def reverse_score(values: pd.Series, scale_min: float, scale_max: float) -> pd.Series:
    """Reverse a score on its scale: min + max − x (8 − x on 1–7)."""
    return scale_min + scale_max - values


def describe(values: pd.Series) -> dict[str, float]:
    """n, mean, sd (n−1), min and max of the non-missing values."""
    v = pd.to_numeric(values, errors="coerce").dropna()
    n = int(v.size)
    return {
        "n": n,
        "mean": float(v.mean()) if n else math.nan,
        "sd": float(v.std(ddof=1)) if n > 1 else math.nan,
        "min": float(v.min()) if n else math.nan,
        "max": float(v.max()) if n else math.nan,
    }


def share(mask: pd.Series) -> float:
    """The fraction of True values (NaN for an empty series)."""
    return float(mask.mean()) if len(mask) else math.nan


def safe_mean(values: pd.Series | list[float] | np.ndarray) -> float:
    arr = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").dropna()
    return float(arr.mean()) if len(arr) else math.nan


def nan_to_none(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def mean_ci(
    values: pd.Series | list[float] | np.ndarray,
    confidence: float = 0.95,
    centre: float | None = None,
) -> tuple[float, float]:
    """The confidence interval of a mean: mean ± t(q, n − 1) · s / √n (scipy's t quantile).

    ``centre`` replaces the sample mean when the figure shown is computed another way (e.g.
    a mean of dimension means).  NaN bounds below two values.
    """
    v = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").dropna().astype(float)
    n = int(v.size)
    if n < 2:
        return math.nan, math.nan
    # scipy.special.stdtrit is the t quantile that scipy.stats.t.ppf evaluates; importing
    # scipy.stats for it took most of an analysis's first run (about 0.75 s).
    from scipy.special import stdtrit

    mid = float(v.mean()) if centre is None else float(centre)
    half = float(stdtrit(n - 1, 0.5 + confidence / 2)) * float(v.std(ddof=1)) / math.sqrt(n)
    return mid - half, mid + half


def ci_text(low: float, high: float, decimals: int = 2, signed: bool = False) -> str:
    """ "95% CI −1.20 to −0.62" (empty when the interval is undefined)."""
    from workbench.analysis.result import fmt_num

    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return ""
    return f"95% CI {fmt_num(low, decimals, signed)} to {fmt_num(high, decimals, signed)}"
