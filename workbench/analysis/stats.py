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
    """The confidence interval of a mean: mean ± t(q, n − 1) · s / √n (Student's t quantile,
    :func:`t_quantile`).

    ``centre`` replaces the sample mean when the figure shown is computed another way (e.g.
    a mean of dimension means).  NaN bounds below two values.
    """
    v = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").dropna().astype(float)
    n = int(v.size)
    if n < 2:
        return math.nan, math.nan
    mid = float(v.mean()) if centre is None else float(centre)
    half = t_quantile(0.5 + confidence / 2, n - 1) * float(v.std(ddof=1)) / math.sqrt(n)
    return mid - half, mid + half


def t_quantile(p: float, df: int) -> float:
    """Student's t quantile for a whole number of degrees of freedom, to double precision,
    in plain Python: importing scipy for it took a third of an analysis's first run in the
    window (0.2 s) and 16 MB.

    With θ = atan(t / √df) the distribution function is a finite sum (Abramowitz & Stegun
    26.7.3-4): F(t) = (1 + A(θ)) / 2 with, for df odd, A = 2/π · (θ + sin θ cos θ ·
    Σ_{k<(df−1)/2} c_k cos^{2k} θ), c_k = c_{k−1} · 2k/(2k+1), and for df even,
    A = sin θ · Σ_{k<df/2} c_k cos^{2k} θ, c_k = c_{k−1} · (2k−1)/(2k); and
    dA/dθ = 2 Γ((df+1)/2) / (√π Γ(df/2)) · cos^{df−1} θ.  A is increasing and concave in θ,
    so Newton's steps from θ = 0 rise to the root without passing it.
    """
    if df < 1 or int(df) != df:
        raise ValueError(f"t quantile: degrees of freedom must be a whole number ≥ 1, not {df}")
    if not 0.0 < p < 1.0:
        raise ValueError(f"t quantile: the probability must lie between 0 and 1, not {p}")
    df = int(df)
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    target = 2.0 * p - 1.0
    slope = 2.0 * math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(math.pi)

    def a(theta: float) -> float:
        cos2 = math.cos(theta) ** 2
        total, term = 1.0, 1.0
        if df % 2:
            for k in range(1, (df - 1) // 2):
                term *= cos2 * (2 * k) / (2 * k + 1)
                total += term
            inner = math.sin(theta) * math.cos(theta) * total if df > 1 else 0.0
            return 2.0 / math.pi * (theta + inner)
        for k in range(1, df // 2):
            term *= cos2 * (2 * k - 1) / (2 * k)
            total += term
        return math.sin(theta) * total

    theta = 0.0
    for _ in range(200):
        step = (target - a(theta)) / (slope * math.cos(theta) ** (df - 1))
        theta = min(theta + step, math.pi / 2)
        if step <= 1e-15 * max(theta, 1e-300):
            break
    return math.sqrt(df) * math.tan(theta)


def ci_text(low: float, high: float, decimals: int = 2, signed: bool = False) -> str:
    """ "95% CI −1.20 to −0.62" (empty when the interval is undefined)."""
    from workbench.analysis.result import fmt_num

    if low is None or high is None or math.isnan(low) or math.isnan(high):
        return ""
    return f"95% CI {fmt_num(low, decimals, signed)} to {fmt_num(high, decimals, signed)}"
