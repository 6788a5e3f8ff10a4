"""A form in another of its languages, and labels that quote earlier answers (``${key}``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from workbench.forms.schema import FormDefinition, QuestionBase

__all__ = ["PIPE", "fill_label", "translated"]

PIPE = re.compile(r"\$\{\s*([a-z][a-z0-9_]*)\s*\}")


def translated(form: FormDefinition, language: str) -> FormDefinition:
    """``form`` with its labels, help, section titles and choice labels in ``language``.

    The form's first language (and any language it was not translated into) gives the form
    itself; a text missing in ``language`` keeps the form's own.
    """
    if not form.languages or language == form.languages[0] or language not in form.languages:
        return form
    data = form.model_dump()
    for section in data["sections"]:
        section["title"] = section["title_translations"].get(language) or section["title"]
        for question in section["questions"]:
            question["label"] = question["label_translations"].get(language) or question["label"]
            question["help"] = question["help_translations"].get(language) or question["help"]
            for choice in question.get("choices") or []:
                choice["label"] = choice["label_translations"].get(language) or choice["label"]
    return FormDefinition.model_validate(data, context={"skip_cross_checks": True})


def _shown(question: QuestionBase, value: Any) -> str:
    choices = getattr(question, "choices", None)
    if choices is not None:
        by_value = {c.value: c.label for c in choices}
        items = value if isinstance(value, list) else [value]
        return ", ".join(by_value.get(str(v), str(v)) for v in items)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
    return str(value)


def fill_label(text: str, values: Mapping[str, Any], form: FormDefinition) -> str:
    """``text`` with every ``${key}`` replaced by the answer to that question (a choice by
    its label); an unanswered or unknown one is shown as ``…``."""
    if "${" not in text:
        return text

    def answer(m: re.Match[str]) -> str:
        key = m.group(1)
        value = values.get(key)
        if value is None or value == "" or value == []:
            return "…"
        try:
            question = form.question(key)
        except KeyError:
            return "…"
        return _shown(question, value)

    return PIPE.sub(answer, text)
