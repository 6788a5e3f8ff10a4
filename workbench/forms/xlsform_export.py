"""Write a FormDefinition as an XLSForm workbook (survey, choices, settings) that pyxform
accepts and that :func:`workbench.forms.xlsform.import_xlsform` reads back.

Sections become groups, but for those whose questions stood outside any group in the
XLSForm the form came from, and that form's own form_id is kept, so a form re-deployed to
Kobo or ODK keeps its identity and column paths.  Conditions become XPath
(``${key} = 'x'``, ``selected(…)``, ``${key} != ''``); a constraint names the answer as
``.``.  Question types XLSForm has no
single row for are written as their parts: a pair as two ranges (``key_e``, ``key_p``),
a grid as one range per row, an allocation as one integer per option and a checklist item
as observed (yes/no), severity and evidence.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from workbench.forms.conditions import And, Answered, Compare, Condition, Contains, Not, Or, parse
from workbench.forms.schema import FormDefinition, QuestionBase

__all__ = ["to_xpath", "write_xlsform"]


def _quote(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "\u2019") + "'"
    return repr(int(value)) if float(value).is_integer() else repr(value)


def to_xpath(condition: str, own: str | None = None) -> str:
    """A condition of the condition language as an XLSForm expression."""

    def ref(key: str) -> str:
        return "." if key == own else "${" + key + "}"

    def render(node: Condition) -> str:
        match node:
            case Compare():
                op = "=" if node.op == "==" else node.op
                return f"{ref(node.key)} {op} {_quote(node.literal)}"
            case Contains():
                return f"selected({ref(node.key)}, {_quote(str(node.literal))})"
            case Answered():
                return f"{ref(node.key)} != ''"
            case Not():
                return f"not({render(node.operand)})"
            case And():
                return f"{inner(node.left)} and {inner(node.right)}"
            case Or():
                return f"{render(node.left)} or {render(node.right)}"
        raise ValueError(f"cannot write {node!r}")

    def inner(node: Condition) -> str:  # 'or' inside 'and' keeps its parentheses
        return f"({render(node)})" if isinstance(node, Or) else render(node)

    return render(parse(condition))


class _Writer:
    def __init__(self, form: FormDefinition) -> None:
        self.form = form
        self.languages = form.languages or []
        self.duplicates = False  # a choice listed on several rows (one per filter it meets)
        self.survey: list[dict[str, str]] = []
        self.choices: list[dict[str, str]] = []
        self.lists: dict[tuple, str] = {}
        self.attributes: list[str] = []

    def labels(self, field: str, text: str, translations: dict[str, str]) -> dict[str, str]:
        if not self.languages:
            return {field: text} if text else {}
        out = {self.column(field, self.languages[0]): text} if text else {}
        for language in self.languages[1:]:
            if translations.get(language):
                out[self.column(field, language)] = translations[language]
        return out

    @staticmethod
    def column(field: str, language: str) -> str:
        """``label::French``; the form's unlabelled columns go back unlabelled."""
        from workbench.forms.xlsform import DEFAULT_LANGUAGE

        return field if language == DEFAULT_LANGUAGE else f"{field}::{language}"

    def choice_list(self, name: str, choices: list[Any]) -> str:
        signature = tuple(
            (c.value, c.label, tuple(sorted(c.label_translations.items())),
             tuple(sorted(c.attributes.items())),
             tuple(tuple(sorted(a.items())) for a in c.also))
            for c in choices
        )  # fmt: skip
        if signature in self.lists:
            return self.lists[signature]
        list_name = name
        taken = set(self.lists.values())
        n = 2
        while list_name in taken:
            list_name, n = f"{name}_{n}", n + 1
        self.lists[signature] = list_name
        for c in choices:
            row = {"list_name": list_name, "name": c.value,
                   **self.labels("label", c.label, c.label_translations)}  # fmt: skip
            for attributes in [c.attributes, *c.also]:  # a further row per duplicate's filter
                if attributes is not c.attributes:
                    self.duplicates = True
                for attr in attributes:
                    if attr not in self.attributes:
                        self.attributes.append(attr)
                self.choices.append(row | attributes)
        return list_name

    def scale_list(self, name: str, q: Any, low: int, high: int) -> str:
        from workbench.forms.schema import Choice

        return self.choice_list(
            name, [Choice(value=str(p), label=q.point_label(p)) for p in range(low, high + 1)]
        )

    def row(self, q: QuestionBase, **fields: str) -> dict[str, str]:
        row = {"name": q.key, **self.labels("label", q.label, q.label_translations)}
        row |= self.labels("hint", q.help, q.help_translations)
        if q.required:
            row["required"] = "yes"
        if q.relevant:
            row["relevant"] = to_xpath(q.relevant)
        if q.constraint:
            row["constraint"] = to_xpath(q.constraint, own=q.key)
            if q.constraint_message:
                row |= self.labels("constraint_message", q.constraint_message, {})
        if q.default is not None:
            row["default"] = q.default
        return row | fields

    def part(self, q: QuestionBase, key: str, label: str, **fields: str) -> None:
        base = self.row(q)
        base.pop("constraint", None)
        row = {k: v for k, v in base.items() if not k.startswith(("label", "default"))}
        self.survey.append(row | {"name": key, **self.labels("label", label, {})} | fields)

    def question(self, q: Any) -> None:
        kind = q.type
        if kind in ("text", "longtext"):
            extra = {"appearance": "multiline"} if kind == "longtext" else {}
            if getattr(q, "numbers", False):
                extra = {"appearance": "numbers"}
            self.survey.append(self.row(q, type="text", **extra))
        elif kind in ("single", "multi"):
            list_name = self.choice_list(q.list_name or q.key, q.choices)
            select = "select_one" if kind == "single" else "select_multiple"
            extra = {}
            if q.choice_filter:
                extra["choice_filter"] = " and ".join(
                    f"{attr}=${{{key}}}" for attr, key in q.choice_filter.items()
                )
            self.survey.append(self.row(q, type=f"{select} {list_name}", **extra))
        elif kind in ("scale", "nps"):
            self.survey.append(self.row(q, type="range", parameters=f"start={q.min} end={q.max}"))
        elif kind == "number":
            row = self.row(q, type="integer" if q.integer else "decimal")
            bounds = [f". >= {q.minimum:g}" if q.minimum is not None else "",
                      f". <= {q.maximum:g}" if q.maximum is not None else ""]  # fmt: skip
            bounds = [b for b in bounds if b]
            if bounds:
                own = [f"({row['constraint']})"] if "constraint" in row else []
                row["constraint"] = " and ".join(own + bounds)
            self.survey.append(row)
        elif kind == "date":
            self.survey.append(self.row(q, type="date"))
        elif kind == "pair":
            points = f"start={q.min} end={q.max}"
            self.part(q, f"{q.key}_e", f"{q.label} — {q.expectation_label}", type="range",
                      parameters=points)  # fmt: skip
            self.part(q, f"{q.key}_p", f"{q.label} — {q.perception_label}", type="range",
                      parameters=points)  # fmt: skip
        elif kind == "matrix":
            for r in q.rows:
                self.part(q, f"{q.key}_{r.key}", f"{q.label} — {r.label}", type="range",
                          parameters=f"start={q.min} end={q.max}")  # fmt: skip
        elif kind == "allocation":
            for o in q.options:
                self.part(q, f"{q.key}_{o.key}", f"{q.label} — {o.label}", type="integer")
        elif kind == "checklist":
            yes_no = self.yes_no()
            self.part(q, f"{q.key}_observed", q.label, type=f"select_one {yes_no}")
            severity = self.choice_list(
                "severity", [self._choice(str(i), s) for i, s in enumerate(q.severity_labels)]
            )
            self.part(q, f"{q.key}_severity", f"{q.label} — severity",
                      type=f"select_one {severity}")  # fmt: skip
            self.part(q, f"{q.key}_evidence", f"{q.label} — evidence", type="text")
        else:  # pragma: no cover - every type of the schema is handled above
            raise ValueError(f"cannot write a {kind} question")

    @staticmethod
    def _choice(value: str, label: str) -> Any:
        from workbench.forms.schema import Choice

        return Choice(value=value, label=label)

    def yes_no(self) -> str:
        return self.choice_list("yes_no", [self._choice("yes", "Yes"), self._choice("no", "No")])

    def unpipe_missing(self) -> None:
        """``${x}`` in a text column where the sheet has no question ``x`` becomes "…":
        pyxform refuses a reference to a name the form does not have."""
        names = {row["name"] for row in self.survey if row.get("name")}

        def known(m: re.Match[str]) -> str:
            return m.group(0) if m.group(1) in names else "…"

        for row in self.survey:
            for column, text in row.items():
                if column.startswith(("label", "hint", "constraint_message")) and "${" in text:
                    row[column] = _PIPE.sub(known, text)

    def write(self, path: Path) -> Path:
        from openpyxl import Workbook

        for section in self.form.sections:
            if section.ungrouped:  # outside any group in the XLSForm it came from
                for q in section.questions:
                    self.question(q)
                continue
            group = {"type": "begin_group", "name": section.key}
            group |= self.labels("label", section.title, section.title_translations)
            self.survey.append(group)
            for q in section.questions:
                self.question(q)
            self.survey.append({"type": "end_group"})
        self.unpipe_missing()
        form_id = self.form.xlsform_id or self.form.id  # the original's own spelling
        settings = {"form_title": self.form.title, "form_id": form_id,
                    "version": self.form.version_label or str(self.form.version)}  # fmt: skip
        for unset in self.form.xlsform_unset:  # as the original: pyxform derives them again
            settings.pop(unset, None)
        if self.languages and self.column("label", self.languages[0]) != "label":
            settings["default_language"] = self.languages[0]
        if self.duplicates:
            settings["allow_choice_duplicates"] = "yes"
        wb = Workbook()
        sheets = [("survey", self.survey), ("choices", self.choices), ("settings", [settings])]
        for index, (name, rows) in enumerate(sheets):
            ws = wb.active if index == 0 else wb.create_sheet()
            ws.title = name
            header: list[str] = ["type"] if name == "survey" else []
            if name == "choices":
                header = ["list_name", "name"]
            for row in rows:
                for k in row:
                    base = k.split("::", 1)[0]
                    if base != k and base not in header:
                        # the base column before its translations: pyxform reads a later
                        # ``hint`` over an earlier ``hint::French`` (the translation lost)
                        header.append(base)
                    if k not in header:
                        header.append(k)
            ws.append(header)
            for row in rows:
                ws.append([row.get(h, "") for h in header])
        wb.save(path)
        return path


_PIPE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")


def write_xlsform(form: FormDefinition, path: str | Path) -> Path:
    """Write ``form`` to ``path`` (.xlsx) atomically."""
    from workbench.paths import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:
        _Writer(form).write(Path(tmp))
    return path
