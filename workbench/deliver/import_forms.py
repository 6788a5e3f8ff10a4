"""Which form a sheet of responses answers, proposed before it is checked: the form whose
questions (by key, label, or a survey platform's column names) most of the sheet's columns
match; failing that, the form the engagement already has interviews of, if only one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def offered_forms(store: Any) -> list[Any]:
    """The forms a sheet can be imported against, as the window lists them: the library's
    and the engagement's own (its stored version first), by title."""
    from workbench.forms.library import builtin_forms

    found = {f.id: f for f in builtin_forms().values()}
    if store is not None:
        found.update({f.id: f for f in store.engagement_forms()})
    return sorted(found.values(), key=lambda f: f.title.casefold())


def matched_columns(headers: list[str], form: Any) -> int:
    """How many of ``headers`` the import maps to a question of ``form`` (respondent
    fields such as the name or the date do not count: every form has those)."""
    from workbench.deliver.importer import auto_mapping

    mapping = auto_mapping(headers, form)
    return sum(1 for target in mapping.values() if target and not target.startswith("respondent."))


def forms_in_use(store: Any) -> set[str]:
    """The ids of the forms the engagement has interviews (or responses) of, not in the trash."""
    from sqlalchemy import select

    from workbench.store.models import FormVersion, Interview

    with store.session() as s:
        return set(
            s.execute(
                select(FormVersion.form_id)
                .join(Interview, Interview.form_version_id == FormVersion.id)
                .where(Interview.deleted_at.is_(None))
                .distinct()
            ).scalars()
        )


def propose_form(store: Any, path: str | Path, forms: list[Any]) -> str | None:
    """The id of the form of ``forms`` that the sheet at ``path`` fits best, or None when
    nothing tells (no column matches a question, and the engagement uses no form or
    several).  Among forms matching as many columns, one the engagement uses comes first,
    then the order of ``forms``.  Raises ImportFailed when the file cannot be read."""
    from workbench.deliver.importer import _data_rows

    _sheet, (headers, _rows) = _data_rows(Path(path))
    used = forms_in_use(store) if store is not None else set()
    scores = [(matched_columns(headers, f), f.id in used, -i, f.id) for i, f in enumerate(forms)]
    best = max(scores, default=None)
    if best is not None and best[0] > 0:
        return best[3]
    only = used & {f.id for f in forms}
    return next(iter(only)) if len(only) == 1 else None
