"""One number, one string: the rounding rule and the formatter every renderer uses.

The rule, applied once, where a value is shown:

1. *Settle* the computed value at 10 decimal places.  A mean of whole-number answers is
   an exact decimal, but binary floating point carries noise (the mean that is exactly
   −1.015 arrives as −1.0149999999999997); settling removes it without ever moving a
   genuine value, because answers are given to at most a few decimals.
2. *Round half away from zero* to the decimals of the column's number format (−1.015 →
   −1.02, 0.125 → 0.13, 2.5 → 3), in decimal arithmetic, as a client rounding by hand
   would.
3. A value that rounds to zero shows without a sign (the zero section of a format such as
   ``+0.00;-0.00;0.00``).

The window's table cell, the chart label, the finding's sentence, the Word cell, the
Excel cell (which stores the rounded value under the same number format) and the
``--json`` output all go through :func:`display` / :func:`rounded`, so one value reads
the same everywhere.

A share of a count out of n (respondents in a group, on a rung) is rounded by the rule
above, like every other number, so one count reads the same in every row (1 of 8 is 13%,
5 of 8 is 63%), even where the shares shown sum to 99% or 101%.  Weights that are not
counts (mean importance over dimensions) may be apportioned with the largest-remainder
method (:func:`largest_remainder`) so that they sum to 100%; ties are named as ties
(:func:`ties`).

This module is imported by the window at start-up: standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

SETTLE_DECIMALS = 10
MISSING = "–"

__all__ = [
    "MISSING",
    "decimals_of",
    "display",
    "fmt_number",
    "fmt_percent",
    "is_missing",
    "join_names",
    "largest_remainder",
    "round_half_away",
    "rounded",
    "settle",
    "ties",
    "all_equal",
]


def is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return isinstance(value, float | int) and math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def settle(value: float) -> Decimal:
    """``value`` as the decimal it stands for: rounded at 10 places, binary noise gone.

    Compare settled values wherever a rule puts a value on one side of a line (an
    importance–performance crosshair, a cut-off): 1.7 then sits exactly on a grand mean that
    floating point computed as 1.7000000000000002.
    """
    return Decimal(repr(round(float(value), SETTLE_DECIMALS)))


_settle = settle


def round_half_away(value: float, decimals: int) -> Decimal:
    """``value`` settled at 10 decimals, then rounded half away from zero to ``decimals``.

    ``ROUND_HALF_UP`` in :mod:`decimal` rounds ties away from zero (−1.015 → −1.02).
    """
    exp = Decimal(1).scaleb(-decimals)
    out = _settle(value).quantize(exp, rounding=ROUND_HALF_UP)
    return out if out != 0 else abs(out)  # never a negative zero


def decimals_of(fmt: str | None, default: int) -> int:
    """Digits after the point in the first section of an Excel number format."""
    if not fmt:
        return default
    head = fmt.split(";")[0].split('"')[0]
    if "." not in head:
        return 0
    tail = head.split(".", 1)[1]
    return len(tail) - len(tail.lstrip("0#"))


def _suffix(fmt: str | None) -> str:
    """The quoted literal text that ends a format's first section (``0" pts"`` → `` pts``)."""
    if not fmt:
        return ""
    head = fmt.split(";")[0]
    return head[head.index('"') + 1 : head.rindex('"')] if head.count('"') >= 2 else ""


def _spec(kind: str, fmt: str | None) -> tuple[int, bool, bool]:
    """(decimals, signed, percent) of a column kind and its number format.

    A ``%`` inside quotes (``0"%"``) is literal text, as in Excel: the number is already in
    percent and is not multiplied by 100.
    """
    unquoted = fmt.split(";")[0].split('"')[0] if fmt else ""
    percent = kind == "percent" or "%" in unquoted
    default = 0 if kind in ("int", "percent") else 2
    decimals = 0 if kind == "int" else decimals_of(fmt, default)
    signed = bool(fmt and fmt.startswith("+"))
    return decimals, signed, percent


def rounded(value: Any, kind: str = "float", fmt: str | None = None) -> Any:
    """The value as displayed, as a number: what the Excel cell and ``--json`` store.

    Percent values stay fractions (0.27 for 27%), rounded to the displayed precision.
    Text and missing values are returned unchanged.
    """
    if kind == "text" or isinstance(value, str | bool) or is_missing(value):
        return value
    decimals, _signed, percent = _spec(kind, fmt)
    if percent:
        return float(round_half_away(float(value) * 100, decimals) / 100)
    out = round_half_away(float(value), decimals)
    return int(out) if kind == "int" else float(out)


def display(value: Any, kind: str = "float", fmt: str | None = None) -> str:
    """The string a reader sees for ``value`` in a column of ``kind`` with number format ``fmt``."""
    if is_missing(value):
        return MISSING
    if kind == "text" or isinstance(value, str | bool):
        return str(value)
    decimals, signed, percent = _spec(kind, fmt)
    number = float(value) * 100 if percent else float(value)
    out = round_half_away(number, decimals)
    text = f"{out:.{decimals}f}"
    if signed and out > 0:
        text = "+" + text
    return text + ("%" if percent else "") + _suffix(fmt)


def fmt_number(value: Any, decimals: int = 2, signed: bool = False) -> str:
    """A number in a sentence, by the same rule as the tables (``"n/a"`` when missing)."""
    if is_missing(value):
        return "n/a"
    head = "0" + ("." + "0" * decimals if decimals else "")
    return display(value, "float", ("+" if signed else "") + head)


def fmt_percent(fraction: Any, decimals: int = 0) -> str:
    """A fraction as a percentage in a sentence (0.27 → ``"27%"``)."""
    if is_missing(fraction):
        return "n/a"
    head = "0" + ("." + "0" * decimals if decimals else "") + "%"
    return display(fraction, "percent", head)


def largest_remainder(
    values: Sequence[float] | Mapping[Any, float], total: float = 1.0, decimals: int = 2
) -> Any:
    """Apportion ``values`` (summing to ``total``) at ``decimals`` so the parts sum to it.

    Hamilton's largest-remainder method: round every part down, then give the units still
    missing to the parts with the largest remainders (ties: the earlier part first).
    Shares as fractions use ``total=1.0, decimals=2`` (whole percentages).  Missing values
    stay missing and take no part.  Returns the same shape it was given (list or dict).
    """
    keys = list(values.keys()) if isinstance(values, Mapping) else None
    items = list(values.values()) if isinstance(values, Mapping) else list(values)
    present = [i for i, v in enumerate(items) if not is_missing(v)]
    unit = Decimal(1).scaleb(-decimals)
    exact = [_settle(items[i]) / unit for i in present]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    want = int(round_half_away(sum(float(x) for x in exact), 0))
    target = int(round_half_away(float(Decimal(repr(float(total))) / unit), 0))
    if abs(want - target) > len(present):  # not parts of the total: round each alone
        target = want
    missing = target - sum(floors)
    order = sorted(range(len(present)), key=lambda j: (-(exact[j] - floors[j]), j))
    for j in order[: max(missing, 0)]:
        floors[j] += 1
    out: list[Any] = list(items)
    for j, i in enumerate(present):
        out[i] = float(Decimal(floors[j]) * unit)
    return dict(zip(keys, out, strict=True)) if keys is not None else out


def ties(
    values: Mapping[Any, float], decimals: int = 2, highest: bool = True, scale: float = 1.0
) -> list[Any]:
    """The keys holding the highest (or lowest) value *as displayed* at ``decimals``.

    Two values that print the same are a tie: a reader cannot tell them apart.  ``scale``
    multiplies before rounding (100 for shares shown as percentages).
    """
    shown = {
        k: round_half_away(float(v) * scale, decimals)
        for k, v in values.items()
        if not is_missing(v)
    }
    if not shown:
        return []
    best = max(shown.values()) if highest else min(shown.values())
    return [k for k, v in shown.items() if v == best]


def all_equal(values: Iterable[float], decimals: int = 2) -> bool:
    shown = {round_half_away(float(v), decimals) for v in values if not is_missing(v)}
    return len(shown) <= 1


def join_names(names: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
