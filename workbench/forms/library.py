"""The built-in form library: every ``forms/*.yaml`` shipped with Workbench."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from workbench.forms.loader import FormError, Problem, load_form
from workbench.forms.schema import FormDefinition
from workbench.paths import forms_dir

__all__ = ["builtin_form", "builtin_forms"]


@functools.cache
def _load_all() -> Mapping[str, FormDefinition]:
    forms: dict[str, FormDefinition] = {}
    problems: list[Problem] = []
    for path in sorted(forms_dir().glob("*.yaml")):
        try:
            form = load_form(path)
        except FormError as exc:
            problems.extend(exc.problems)
            continue
        if form.id in forms:
            problems.append(Problem(str(path), 1, "id", f"form id {form.id!r} is used twice"))
        forms[form.id] = form
    if problems:
        raise FormError(problems)
    return MappingProxyType(forms)


def builtin_forms() -> dict[str, FormDefinition]:
    """The built-in forms by id (loaded once, then cached)."""
    return dict(_load_all())


def builtin_form(form_id: str) -> FormDefinition:
    forms = _load_all()
    try:
        return forms[form_id]
    except KeyError:
        known = ", ".join(sorted(forms))
        raise KeyError(f"no built-in form {form_id!r}; the built-in forms are: {known}") from None


def identifying_keys(definition: FormDefinition) -> set[str]:
    """The keys of a form's identifying questions: those it marks, and those its built-in
    namesake marks (a file made before the marker keeps the older definition)."""
    keys = definition.identifying_keys()
    builtin = _load_all().get(definition.id)
    if builtin is not None:
        keys |= builtin.identifying_keys() & {q.key for q in definition.iter_questions()}
    return keys
