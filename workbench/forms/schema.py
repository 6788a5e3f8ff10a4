"""The form definition: pydantic models for forms, sections and questions.

A form is data: YAML validated into these models (see :mod:`workbench.forms.loader`).
Cross-field rules (unique keys, conditions that only look back) live in
:func:`cross_checks`, which works on raw dicts as well as on models so the loader can
report them with line numbers even when other parts of the file are broken.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from workbench.forms.conditions import ConditionError, is_unanswered, parse

KEY_PATTERN = r"^[a-z][a-z0-9_]*$"
MAX_SCALE_POINTS = 101  # e.g. 0–100; every point is a button in the window
MAX_CHOICES = 1000
MAX_CHOICE_VALUE = 200  # characters of a choice's stored value
MAX_ROWS = 200  # matrix rows, allocation options
MAX_QUESTIONS = 2000
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _to_str(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return value


Str = Annotated[str, BeforeValidator(_to_str)]
Key = Annotated[str, Field(pattern=KEY_PATTERN)]
Tags = dict[str, Str]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


Translations = dict[str, str]  # language -> text, beside the text in the form's own language


class Choice(_Model):
    value: Str
    label: str = ""
    score: Annotated[float, Field(allow_inf_nan=False)] | None = None
    label_translations: Translations = Field(default_factory=dict)
    attributes: dict[str, Str] = Field(default_factory=dict)  # what a choice filter compares
    # the attributes of further rows listing the same value (XLSForm allow_choice_duplicates):
    # the choice is offered where any of its rows is
    also: list[dict[str, Str]] = Field(default_factory=list)

    @field_validator("value")
    @classmethod
    def _short_value(cls, value: str) -> str:
        if len(value) > MAX_CHOICE_VALUE:
            raise ValueError(
                f"a choice value has at most {MAX_CHOICE_VALUE} characters, not {len(value):,}"
            )
        return value

    @model_validator(mode="after")
    def _default_label(self) -> Choice:
        if not self.label:
            self.label = self.value
        return self


class MatrixRow(_Model):
    key: Key
    label: str
    tags: Tags = Field(default_factory=dict)


class AllocationOption(_Model):
    key: Key
    label: str


class QuestionBase(_Model):
    key: Key
    label: str
    help: str = ""
    required: bool = False
    relevant: str | None = None
    tags: Tags = Field(default_factory=dict)
    reverse: bool = False
    #: The answer tells who the respondent is (their role, unit, organisation, name,
    #: e-mail or phone): anonymised deliverables treat it as a quasi-identifier, and
    #: erasure and pseudonymisation clear it.
    identifying: bool = False
    default: Str | None = None  # the answer offered before one is given, as text
    constraint: str | None = None  # a condition the answer must meet; the key may be its own
    constraint_message: str = ""
    label_translations: Translations = Field(default_factory=dict)
    help_translations: Translations = Field(default_factory=dict)


class _ScaleMixin(_Model):
    min: int = 1
    max: int = Field(5, validate_default=True)
    min_label: str = ""
    max_label: str = ""
    labels: dict[int, str] | None = None

    @field_validator("max")
    @classmethod
    def _points(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("min")
        if low is not None and value <= low:
            raise ValueError(
                f"a scale needs at least two points: max ({value}) must be above min ({low})"
            )
        if low is not None and value - low + 1 > MAX_SCALE_POINTS:
            raise ValueError(
                f"a scale from {low} to {value} has {value - low + 1:,} points; "
                f"at most {MAX_SCALE_POINTS} are allowed"
            )
        return value

    @field_validator("labels")
    @classmethod
    def _labels_in_range(cls, value: dict[int, str] | None, info: ValidationInfo) -> Any:
        low, high = info.data.get("min"), info.data.get("max")
        if value and low is not None and high is not None:
            outside = sorted(p for p in value if not low <= p <= high)
            if outside:
                raise ValueError(f"labels for points {outside} lie outside the scale {low}–{high}")
        return value

    def point_label(self, point: int) -> str:
        if self.labels and point in self.labels:
            return self.labels[point]
        if point == self.min and self.min_label:
            return self.min_label
        if point == self.max and self.max_label:
            return self.max_label
        return str(point)


class _ChoicesMixin(_Model):
    choices: list[Choice]
    # choice attribute -> earlier question key: a choice is offered when its attribute
    # equals that question's answer (an XLSForm ``choice_filter`` such as ``state=${state}``)
    choice_filter: dict[str, Key] = Field(default_factory=dict)
    # the XLSForm list the choices came from (``select_one cities``): an export writes the
    # choices under that list_name again ("" for a form not read from an XLSForm)
    list_name: str = Field(default="", max_length=200)

    def offered(self, values: Mapping[str, Any]) -> list[Choice]:
        """The choices on offer given earlier answers (all of them without a filter)."""
        if not self.choice_filter:
            return list(self.choices)
        return [
            c
            for c in self.choices
            if any(
                all(
                    str(row.get(attr, "")).casefold() == str(values.get(key, "")).casefold()
                    for attr, key in self.choice_filter.items()
                )
                for row in [c.attributes, *c.also]
            )
        ]

    @field_validator("choices")
    @classmethod
    def _some_choices(cls, value: list[Choice]) -> list[Choice]:
        if not value:
            raise ValueError("needs at least one choice")
        if len(value) > MAX_CHOICES:
            raise ValueError(f"has {len(value):,} choices; at most {MAX_CHOICES:,} are allowed")
        return value

    def choice(self, value: str) -> Choice | None:
        for c in self.choices:
            if c.value == value:
                return c
        return None


class TextQuestion(QuestionBase):
    type: Literal["text"]
    #: Digits only, as ODK's ``numbers`` appearance: 0–9, hyphens and decimal separators
    #: (phone and ID numbers, codes too long for a number question); kept as text.
    numbers: bool = False


class LongTextQuestion(QuestionBase):
    type: Literal["longtext"]


class SingleQuestion(_ChoicesMixin, QuestionBase):
    type: Literal["single"]


class MultiQuestion(_ChoicesMixin, QuestionBase):
    type: Literal["multi"]


class ScaleQuestion(_ScaleMixin, QuestionBase):
    type: Literal["scale"]
    allow_na: bool = False


class NpsQuestion(QuestionBase):
    type: Literal["nps"]
    min_label: str = "Not at all likely"
    max_label: str = "Extremely likely"

    @property
    def min(self) -> int:
        return 0

    @property
    def max(self) -> int:
        return 10


class NumberQuestion(QuestionBase):
    type: Literal["number"]
    minimum: Annotated[float, Field(allow_inf_nan=False)] | None = None
    maximum: Annotated[float, Field(allow_inf_nan=False)] | None = None
    unit: str = ""
    integer: bool = False

    @field_validator("maximum")
    @classmethod
    def _range(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("minimum")
        if value is not None and low is not None and value < low:
            raise ValueError(f"maximum ({value:g}) is below minimum ({low:g})")
        return value


class DateQuestion(QuestionBase):
    type: Literal["date"]


class PairQuestion(_ScaleMixin, QuestionBase):
    """An expectation (E) and a perception (P) rating of one item on one shared scale."""

    type: Literal["pair"]
    max: int = Field(7, validate_default=True)
    expectation_label: str = "Expected"
    perception_label: str = "Perceived"


DEFAULT_SEVERITY_LABELS = ["None", "Minor", "Noticeable", "Severe"]


class ChecklistQuestion(QuestionBase):
    """An observation: seen or not, how bad (0–3), at which touchpoint, with evidence."""

    type: Literal["checklist"]
    touchpoints: list[str] = Field(default_factory=list)
    severity_labels: list[str] = Field(default_factory=lambda: list(DEFAULT_SEVERITY_LABELS))

    @field_validator("severity_labels")
    @classmethod
    def _four(cls, value: list[str]) -> list[str]:
        if len(value) != 4:
            raise ValueError(f"needs exactly 4 severity labels (for 0–3), not {len(value)}")
        return value


class MatrixQuestion(_ScaleMixin, QuestionBase):
    type: Literal["matrix"]
    rows: list[MatrixRow]
    allow_na: bool = False

    @field_validator("rows")
    @classmethod
    def _some_rows(cls, value: list[MatrixRow]) -> list[MatrixRow]:
        if not value:
            raise ValueError("a matrix needs at least one row")
        if len(value) > MAX_ROWS:
            raise ValueError(f"a matrix has at most {MAX_ROWS} rows, not {len(value):,}")
        return value


class AllocationQuestion(QuestionBase):
    type: Literal["allocation"]
    options: list[AllocationOption]
    total: int = 100

    @field_validator("options")
    @classmethod
    def _some_options(cls, value: list[AllocationOption]) -> list[AllocationOption]:
        if not value:
            raise ValueError("an allocation needs at least one option")
        if len(value) > MAX_ROWS:
            raise ValueError(f"an allocation has at most {MAX_ROWS} options, not {len(value):,}")
        return value

    @field_validator("total")
    @classmethod
    def _positive(cls, value: int) -> int:
        if value <= 0:
            raise ValueError(f"total must be a positive number of points, not {value}")
        return value


QUESTION_TYPES: dict[str, type[QuestionBase]] = {
    "text": TextQuestion,
    "longtext": LongTextQuestion,
    "single": SingleQuestion,
    "multi": MultiQuestion,
    "scale": ScaleQuestion,
    "nps": NpsQuestion,
    "number": NumberQuestion,
    "date": DateQuestion,
    "pair": PairQuestion,
    "checklist": ChecklistQuestion,
    "matrix": MatrixQuestion,
    "allocation": AllocationQuestion,
}

Question = Annotated[
    TextQuestion
    | LongTextQuestion
    | SingleQuestion
    | MultiQuestion
    | ScaleQuestion
    | NpsQuestion
    | NumberQuestion
    | DateQuestion
    | PairQuestion
    | ChecklistQuestion
    | MatrixQuestion
    | AllocationQuestion,
    Field(discriminator="type"),
]


class Section(_Model):
    key: Key
    title: str
    description: str = ""
    title_translations: Translations = Field(default_factory=dict)
    questions: list[Question] = Field(default_factory=list, max_length=MAX_QUESTIONS)
    # the questions stood outside any group in the XLSForm the form came from: written
    # back without a group, so their paths (/data/phone) stay those of the original
    ungrouped: bool = False


class FormDefinition(_Model):
    id: Annotated[str, Field(pattern=SLUG_PATTERN)]
    title: str
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    # the version as the form's own file names it, when it is no whole number ("1.0.3")
    version_label: str = ""
    # the form_id of the XLSForm the form came from, where ``id`` cannot spell it
    # (numbers_test): written back as it was, so Kobo or ODK sees the same form
    xlsform_id: str = ""
    # the XLSForm settings the form's own file left unset ("version", "form_title"): an
    # export leaves them unset again, so that pyxform derives them as it did at first
    xlsform_unset: list[Literal["version", "form_title"]] = Field(default_factory=list)
    description: str = ""
    sections: list[Section] = Field(max_length=MAX_QUESTIONS)
    # the languages the labels are given in; the first is that of ``label``/``help``/``title``
    languages: list[str] = Field(default_factory=list)

    _index: dict[str, QuestionBase] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _cross_checks(self, info: ValidationInfo) -> FormDefinition:
        if info.context and info.context.get("skip_cross_checks"):
            return self
        problems = cross_checks(self)
        if problems:
            raise ValueError(
                "; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in problems)
            )
        return self

    # --- lookup ---------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        # Equal definitions are equal whatever lookups were cached on either of them.
        if not isinstance(other, FormDefinition):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = None  # type: ignore[assignment]  # mutable model: not hashable

    def iter_questions(self) -> Iterator[QuestionBase]:
        for section in self.sections:
            yield from section.questions

    def _lookup(self) -> dict[str, QuestionBase]:
        if not self._index:
            self._index = {q.key: q for q in self.iter_questions()}
        return self._index

    def question(self, key: str) -> QuestionBase:
        try:
            return self._lookup()[key]
        except KeyError:
            raise KeyError(f"form {self.id!r} has no question {key!r}") from None

    def keys(self) -> list[str]:
        return [q.key for q in self.iter_questions()]

    def question_count(self) -> int:
        return sum(len(s.questions) for s in self.sections)

    # --- relevance ------------------------------------------------------------------

    def relevant_keys(self, values: Mapping[str, Any]) -> set[str]:
        """Keys of the questions that apply; answers to skipped questions are ignored."""
        effective: dict[str, Any] = {}
        relevant: set[str] = set()
        for q in self.iter_questions():
            if q.relevant is None or parse(q.relevant).evaluate(effective):
                relevant.add(q.key)
                if q.key in values:
                    effective[q.key] = values[q.key]
        return relevant

    def is_relevant(self, question: QuestionBase | str, values: Mapping[str, Any]) -> bool:
        key = question if isinstance(question, str) else question.key
        self.question(key)
        return key in self.relevant_keys(values)

    def missing_required(self, values: Mapping[str, Any]) -> list[str]:
        """Required questions that apply and are not answered in full (see
        :func:`is_answered`: a pair with only E given is among them)."""
        relevant = self.relevant_keys(values)
        return [
            q.key
            for q in self.iter_questions()
            if q.required and q.key in relevant and not is_answered(q, values.get(q.key))
        ]

    def answered_keys(self, values: Mapping[str, Any]) -> set[str]:
        """Keys of the questions that apply and are answered in full; the one count
        behind progress, "next unanswered" and the check on completion."""
        relevant = self.relevant_keys(values)
        return {
            q.key
            for q in self.iter_questions()
            if q.key in relevant and is_answered(q, values.get(q.key))
        }

    # --- serialisation --------------------------------------------------------------

    def identifying_keys(self) -> set[str]:
        """Keys of the questions marked ``identifying: true``."""
        return {q.key for q in self.iter_questions() if q.identifying}

    def canonical_json(self) -> str:
        return json.dumps(
            _without_unset_additions(self.model_dump(mode="json")),
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )

    @property
    def fingerprint(self) -> str:
        """sha256 of the canonical JSON: equal definitions share it, any change alters it."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()

    def to_yaml(self) -> str:
        data = self.model_dump(mode="json", exclude_defaults=True)
        for section, sdata in zip(self.sections, data["sections"], strict=True):
            sdata["questions"] = [_question_dict(q) for q in section.questions]
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# Fields added after forms were first stored: left out of the canonical JSON while unset, so
# a definition stored before keeps its fingerprint.
_ADDITIONS = {
    "label_translations",
    "help_translations",
    "title_translations",
    "attributes",
    "also",
    "choice_filter",
    "default",
    "constraint",
    "constraint_message",
    "languages",
    "version_label",
    "xlsform_id",
    "xlsform_unset",
    "list_name",
}


def _without_unset_additions(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: _without_unset_additions(v)
            for k, v in data.items()
            if not (k in _ADDITIONS and v in (None, "", [], {}))
            # Unmarked questions keep the fingerprint they had before the marker (or
            # before ``numbers``).
            and not (k == "identifying" and v is False)
            and not (k == "numbers" and v is False)
            and not (k == "ungrouped" and v is False)
        }
    if isinstance(data, list):
        return [_without_unset_additions(v) for v in data]
    return data


def missing_parts(question: QuestionBase, value: Any) -> list[str]:
    """The parts of a composite answer still blank, in words (``["Perceived (P)"]`` for a pair
    with only its expectation given); ``[]`` for a simple question or a whole answer.

    A pair needs both E and P; a grid a rating (or n/a) on every row; a checklist item
    whether it was observed; an allocation points that add up to its total.
    """
    if not isinstance(value, dict):
        return []
    if isinstance(question, PairQuestion):
        parts = (("E", question.expectation_label), ("P", question.perception_label))
        return [f"{label} ({part})" for part, label in parts if value.get(part) is None]
    if isinstance(question, MatrixQuestion):
        return [row.label for row in question.rows if value.get(row.key) is None]
    if isinstance(question, ChecklistQuestion):
        return ["observed or not"] if value.get("observed") is None else []
    if isinstance(question, AllocationQuestion):
        points = [v for v in value.values() if isinstance(v, int) and not isinstance(v, bool)]
        return [] if sum(points) == question.total else [f"points adding up to {question.total}"]
    return []


def is_answered(question: QuestionBase, value: Any) -> bool:
    """Whether ``value`` answers ``question`` in full: not blank and, for a composite
    question, every part given (:func:`missing_parts`).  Progress counts, "next
    unanswered" and the completeness check all ask this."""
    return not is_unanswered(value) and not missing_parts(question, value)


def _question_dict(q: QuestionBase) -> dict[str, Any]:
    raw = q.model_dump(mode="json", exclude_defaults=True)
    head = {"key": raw.pop("key"), "type": q.type, "label": raw.pop("label")}  # type: ignore[attr-defined]
    raw.pop("type", None)
    if isinstance(q, ScaleQuestion | MatrixQuestion):
        raw.setdefault("max", q.max)  # keep the scale explicit
    return head | raw


# --- cross-field checks ----------------------------------------------------------------

Loc = tuple[str | int, ...]


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _list(obj: Any) -> list[Any]:
    return list(obj) if isinstance(obj, list | tuple) else []


def cross_checks(form: Any) -> list[tuple[Loc, str]]:
    """Rules spanning several fields, on a FormDefinition or on the raw YAML data.

    Returns ``(loc, message)`` pairs, ``loc`` being a path into the data such as
    ``("sections", 0, "questions", 2, "relevant")``.
    """
    problems: list[tuple[Loc, str]] = []
    seen_sections: dict[str, int] = {}
    seen: dict[str, Any] = {}  # key -> question, in form order
    for si, section in enumerate(_list(_get(form, "sections"))):
        skey = _get(section, "key")
        if isinstance(skey, str):
            if skey in seen_sections:
                problems.append((("sections", si, "key"), f"duplicate section key {skey!r}"))
            seen_sections.setdefault(skey, si)
        for qi, question in enumerate(_list(_get(section, "questions"))):
            loc: Loc = ("sections", si, "questions", qi)
            problems.extend(_item_duplicates(question, loc))
            key = _get(question, "key")
            relevant = _get(question, "relevant")
            if isinstance(relevant, str):
                problems.extend(_check_condition(relevant, key, seen, loc + ("relevant",)))
            constraint = _get(question, "constraint")
            if isinstance(constraint, str):
                # the answer itself may be named: ``age >= 18`` on the question ``age``
                own = {key: question} if isinstance(key, str) else {}
                problems.extend(
                    _check_condition(constraint, None, {**seen, **own}, loc + ("constraint",))
                )
            choice_filter = _get(question, "choice_filter")
            for attr, target in (choice_filter or {}).items() if isinstance(
                choice_filter, Mapping
            ) else ():
                if target not in seen:
                    problems.append(
                        (
                            loc + ("choice_filter", attr),
                            f"the choice filter refers to {target!r}, which is not an earlier "
                            "question in the form",
                        )
                    )
            if isinstance(key, str):
                if key in seen:
                    problems.append((loc + ("key",), f"duplicate question key {key!r}"))
                else:
                    seen[key] = question
    return problems


def _item_duplicates(question: Any, loc: Loc) -> list[tuple[Loc, str]]:
    problems: list[tuple[Loc, str]] = []
    for field, part, what in (
        ("choices", "value", "choice value"),
        ("rows", "key", "row key"),
        ("options", "key", "option key"),
    ):
        seen: set[str] = set()
        for i, item in enumerate(_list(_get(question, field))):
            value = _to_str(_get(item, part))
            if isinstance(value, str):
                if value in seen:
                    problems.append((loc + (field, i, part), f"duplicate {what} {value!r}"))
                seen.add(value)
    return problems


def _check_condition(
    text: str, own_key: Any, earlier: dict[str, Any], loc: Loc
) -> list[tuple[Loc, str]]:
    try:
        condition = parse(text)
    except ConditionError as exc:
        return [(loc, f"condition syntax error at column {exc.column}: {exc.message}")]
    problems: list[tuple[Loc, str]] = []
    for key in sorted(condition.keys()):
        if key == own_key:
            problems.append((loc, f"condition refers to the question itself ({key!r})"))
        elif key not in earlier:
            problems.append(
                (
                    loc,
                    f"condition refers to {key!r}, which is not an earlier question in the form "
                    "(conditions may only use answers given before this question)",
                )
            )
    for node in _walk(condition):
        target = earlier.get(getattr(node, "key", ""))
        literal = getattr(node, "literal", None)
        choices = _list(_get(target, "choices")) if target is not None else []
        if isinstance(literal, str) and choices and getattr(node, "op", "==") in ("==", "!="):
            values = {str(_to_str(_get(c, "value"))).casefold() for c in choices}
            if literal.casefold() not in values:
                problems.append(
                    (loc, f"condition uses {literal!r}, which is not a choice of {node.key!r}")  # type: ignore[attr-defined]
                )
    return problems


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in ("operand", "left", "right"):
        sub = getattr(node, child, None)
        if sub is not None:
            yield from _walk(sub)
