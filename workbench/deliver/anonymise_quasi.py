"""Quasi-identifiers (role, organisation unit, segment, attributes, answers to
identifying questions) generalised so that every value and every combination shown is
shared by at least k respondents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

OTHER = "Other"
WITHHELD = "[withheld]"
#: Quasi-identifiers in the order they are withheld when counts are equal.
QUASI_COLUMNS = ("role", "org_unit", "segment")
#: Quasi-identifier columns made of the answers to identifying questions ("answer:role").
ANSWER_PREFIX = "answer:"


def generalise(
    records: list[dict[str, str]],
    columns: list[str],
    k: int,
    withhold_first: Iterable[str] = (),
    withhold_last: Iterable[str] = (),
    reasons: list[tuple[str, list[str], int]] | None = None,
) -> list[dict[str, str]]:
    """Generalise quasi-identifiers so that every value and every combination of the
    columns still shown is shared by at least ``k`` records.

    A value held by fewer than ``k`` becomes ``OTHER`` (the smallest other values join it
    until it holds ``k``); an empty value (not given) stays empty, never a category.
    While some combination still holds fewer than ``k``, the shown column with the most
    distinct values is withheld whole: of ``withhold_first`` while one is shown, and of
    ``withhold_last`` (the segment, which the analyses' tables show) only when no other
    is.  Each withheld column is added to ``reasons`` as (column, the other columns shown
    with it, how many records its combinations singled out under ``k``).
    """
    out = [{c: r.get(c, "") for c in columns} for r in records]
    if not out:
        return out
    for column in columns:
        if len(out) < k:
            for r in out:
                r[column] = WITHHELD
            if reasons is not None:
                reasons.append((column, [], len(out)))
            continue
        counts = Counter(r[column] for r in out)
        rare = {v for v, m in counts.items() if m < k and v != ""}
        if not rare:
            continue
        held = sum(counts[v] for v in rare)
        rest = sorted((m, v) for v, m in counts.items() if v not in rare and v != "")
        while held < k and rest:
            m, v = rest.pop(0)
            rare.add(v)
            held += m
        for r in out:
            if r[column] in rare:
                r[column] = OTHER
    while True:
        shown = [c for c in columns if any(r[c] != WITHHELD for r in out)]
        combos = Counter(tuple(r[c] for c in shown) for r in out)
        if not shown or min(combos.values()) >= k:
            return out
        first = [c for c in shown if c in set(withhold_first)]
        middle = [c for c in shown if c not in set(withhold_last)]
        worst = max(
            first or middle or shown, key=lambda c: (len({r[c] for r in out}), -columns.index(c))
        )
        if reasons is not None:
            singled = sum(m for m in combos.values() if m < k)
            reasons.append((worst, [c for c in shown if c != worst], singled))
        for r in out:
            r[worst] = WITHHELD


def smallest_group(records: list[dict[str, str]], columns: Iterable[str]) -> int:
    """The number of records in the smallest combination of ``columns`` (withheld
    columns count as one value)."""
    columns = list(columns)
    combos = Counter(tuple(r.get(c, "") for c in columns) for r in records)
    return min(combos.values()) if combos else 0


def _withheld_why(column: str, others: list[str], singled: int, k: int) -> str:
    """``"with role and org unit it would single out 3 people (groups under 5)"``."""
    people = f"{singled} {'person' if singled == 1 else 'people'}"
    if not others:
        return f"fewer than {k} respondents in all ({people})"
    words = [_column_words(c) for c in others]
    shown = ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]
    return f"with {shown} it would single out {people} (groups under {k})"


def _column_words(column: str) -> str:
    if column.startswith(ANSWER_PREFIX):
        return f"answer to {column[len(ANSWER_PREFIX) :]!r}"
    if column.startswith("attr:"):
        return f"attribute {column[len('attr:') :]!r}"
    return column.replace("_", " ")


def _column_rank(column: str) -> tuple[int, str]:
    if column in QUASI_COLUMNS:
        return (QUASI_COLUMNS.index(column) if column != "segment" else 9, column)
    return (1, column)
