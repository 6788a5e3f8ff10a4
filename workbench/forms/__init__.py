"""The form definition language and the built-in form library.

Forms are YAML files validated into pydantic models (:mod:`.schema`) by a loader that
names file, line and field for every problem (:mod:`.loader`); relevance conditions use a
small parsed language (:mod:`.conditions`); answers are encoded as cells for the store
(:mod:`.answers`).  Nothing here imports Qt.
"""

from __future__ import annotations

from workbench.forms.answers import Cell, coerce_from_text, from_cells, to_cells, validate
from workbench.forms.conditions import Condition, ConditionError, parse
from workbench.forms.library import builtin_form, builtin_forms
from workbench.forms.loader import FormError, Problem, load_form, load_form_text
from workbench.forms.schema import FormDefinition, QuestionBase, Section

__all__ = [
    "Cell",
    "Condition",
    "ConditionError",
    "FormDefinition",
    "FormError",
    "Problem",
    "QuestionBase",
    "Section",
    "builtin_form",
    "builtin_forms",
    "coerce_from_text",
    "from_cells",
    "load_form",
    "load_form_text",
    "parse",
    "to_cells",
    "validate",
]
