"""Answers kept as given but flagged: those that break their question's rule (an XLSForm
``constraint``) and those their choice filter does not offer given the earlier answers.

The window shows each beside its answer; :func:`rule_breaks` is the one place that says
which they are, for the window, the response import's report and ``workbench check
--answers``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["has_rules", "rule_breaks"]


def has_rules(form: Any) -> bool:
    """Whether any question of ``form`` has a rule or a choice filter (else nothing of it
    can be flagged)."""
    return any(q.constraint or getattr(q, "choice_filter", None) for q in form.iter_questions())


def rule_breaks(form: Any, values: Mapping[str, Any]) -> dict[str, str]:
    """Question key → why, for each answer in ``values`` (typed, as stored) that applies
    and breaks its question's rule or is not offered by its choice filter, in the form's
    order.  Answers of the wrong type and those to questions the form lacks are left out."""
    from workbench.forms.answers import constraint_problem, filter_problem, validate

    questions = {q.key: q for q in form.iter_questions()}
    typed = {
        key: value
        for key, value in values.items()
        if key in questions and validate(questions[key], value, constraint=False) is None
    }
    relevant = form.relevant_keys(typed)
    out = {}
    for key, question in questions.items():
        if key not in typed or key not in relevant:
            continue
        value = typed[key]
        problem = constraint_problem(question, value) or filter_problem(
            form, question, value, typed
        )
        if problem:
            out[key] = problem
    return out
