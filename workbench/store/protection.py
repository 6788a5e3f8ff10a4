"""An engagement's data-protection settings: the anonymisation threshold k, the extra terms
every anonymised deliverable withholds, and the date until which personal data may be kept.

:func:`protection` reads them; :func:`set_protection` changes them in one transaction and
returns what they were (the window's undo writes that back).  Bad values are refused with
a message naming the setting, and nothing is changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

DEFAULT_K = 5
MAX_K = 1000
MAX_TERM = 200
_UNSET: Any = object()


class ProtectionError(ValueError):
    """A setting that cannot be kept; the message names it."""


@dataclass(frozen=True)
class Protection:
    k: int = DEFAULT_K
    terms: list[str] = field(default_factory=list)
    retain_until: date | None = None

    def overdue(self, today: date | None = None) -> bool:
        """Whether the retention date has passed (personal data should be erased)."""
        return self.retain_until is not None and self.retain_until < (today or date.today())

    def lines(self) -> list[str]:
        terms = ", ".join(self.terms) if self.terms else "none"
        until = self.retain_until.isoformat() if self.retain_until else "not set"
        return [
            f"anonymisation threshold k: {self.k} (groups smaller than this are withheld)",
            f"extra terms withheld:      {terms}",
            f"personal data kept until:  {until}",
        ]


def protection(store: Any) -> Protection:
    eng = store.engagement()
    return Protection(
        k=int(eng.anonymise_k or DEFAULT_K),
        terms=[str(t) for t in (eng.anonymise_terms or [])],
        retain_until=eng.retain_until,
    )


def check_k(k: Any) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ProtectionError(
            f"k (the smallest group an anonymised deliverable shows) must be a whole number "
            f"from 1 to {MAX_K}, not {k!r}; nothing was changed"
        )
    return k


def clean_term(term: Any) -> str:
    text = " ".join(str(term).split())
    if not text:
        raise ProtectionError("an extra term to withhold cannot be empty; nothing was changed")
    if len(text) > MAX_TERM:
        raise ProtectionError(
            f"the term {text[:40]!r}… is longer than {MAX_TERM} characters; nothing was changed"
        )
    return text


def edited_terms(current: list[str], add: Any = (), remove: Any = ()) -> list[str]:
    """``current`` with ``add`` appended (once each, any case) and ``remove`` taken out;
    removing a term that is not there is refused."""
    terms = list(current)
    folded = {t.casefold() for t in terms}
    for term in remove:
        text = clean_term(term)
        if text.casefold() not in folded:
            listed = ", ".join(repr(t) for t in terms) or "none"
            raise ProtectionError(
                f"there is no extra term {text!r} to remove (the terms: {listed}); "
                "nothing was changed"
            )
        terms = [t for t in terms if t.casefold() != text.casefold()]
        folded.discard(text.casefold())
    for term in add:
        text = clean_term(term)
        if text.casefold() not in folded:
            terms.append(text)
            folded.add(text.casefold())
    return terms


def set_protection(
    store: Any,
    *,
    k: int | None = None,
    terms: list[str] | None = None,
    retain_until: date | None = _UNSET,
) -> Protection:
    """Keep the given settings (``retain_until=None`` clears the date); returns the
    settings as they were before."""
    from sqlalchemy import select

    from workbench.store.models import Engagement

    if k is not None:
        check_k(k)
    if terms is not None:
        terms = edited_terms([], terms)
    if (
        retain_until is not _UNSET
        and retain_until is not None
        and not isinstance(retain_until, date)
    ):
        raise ProtectionError(f"the retention date must be a date, not {retain_until!r}")
    with store.writing() as s:
        eng = s.execute(select(Engagement)).scalar_one()
        before = Protection(
            int(eng.anonymise_k or DEFAULT_K), list(eng.anonymise_terms or []), eng.retain_until
        )
        if k is not None:
            eng.anonymise_k = k
        if terms is not None:
            eng.anonymise_terms = terms
        if retain_until is not _UNSET:
            eng.retain_until = retain_until
    return before


def restore_protection(store: Any, before: Protection) -> None:
    set_protection(store, k=before.k, terms=before.terms, retain_until=before.retain_until)
