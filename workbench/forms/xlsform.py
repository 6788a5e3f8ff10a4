"""Import an XLSForm (the ODK / KoboToolbox spreadsheet format) into a FormDefinition.

The workbook is read and checked by pyxform itself (``get_xlsform`` and
``workbook_to_json``), so aliases, the older ``select one from … or specify other``
syntax, ``label:English`` and ``label::English (en)`` headers, ``default_language``,
straightened curly quotes and ``or_other`` are understood exactly as ODK and KoboToolbox
understand them.  The resulting survey tree is then carried over:

* groups become sections; a group's ``relevant`` is joined (``and``) onto every question
  inside it, nested groups included;
* text (``appearance: multiline`` -> longtext, ``numbers`` -> digits only), integer/decimal
  -> number, date,
  select_one/select_multiple (choices from the sheet or, for ``select_one_from_file``,
  from the CSV beside the form), range -> scale;
* every language (the form's default first), ``${name}`` in labels, required, default,
  constraint with its message, ``choice_filter`` made of ``column=${question}`` (the
  choices follow the answer) and conditions on the choices' own columns (``pastel=yes``,
  ``size != 2``: only the choices that meet them are kept), joined by ``and``.

Everything else (repeats, notes, calculations, locations, media, device metadata, other
appearances and columns, see :mod:`workbench.forms.xlsform_columns`) is listed by row with
the reason before anything is imported; a form left with no question
is refused.
"""

from __future__ import annotations

import copy
import csv
import re
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from workbench.forms.loader import FormError, Problem, validate_data
from workbench.forms.schema import FormDefinition, Loc
from workbench.forms.xlsform_columns import appearances, group_appearances, unread_columns
from workbench.forms.xlsform_expressions import (
    choice_matches,
    translate_expression,
    translate_filter,
)
from workbench.limits import InputLimitError, check_zip

__all__ = ["import_xlsform", "split_renamed", "translate_relevant"]

_VERSION = re.compile(r"0*[1-9][0-9]{0,9}", re.ASCII)  # and at most 2**31 - 1
_ROW = re.compile(r"\[row\s*:\s*(\d+)\]")
_REQUIRED = {"yes", "true", "true()", "1", "y"}
_NOT_REQUIRED = {"", "no", "false", "false()", "0", "n"}

_METADATA = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
             "username", "email", "audit", "start-geopoint", "background-geopoint",
             "instanceID", "uri:deviceid"}  # fmt: skip
_REASONS = {
    "note": "a note shows text and takes no answer",
    "calculate": "a calculation is worked out by the device, not answered",
    "geopoint": "a location (GPS) is not a Workbench question type",
    "geotrace": "a location (GPS) is not a Workbench question type",
    "geoshape": "a location (GPS) is not a Workbench question type",
    "time": "a time of day is not a Workbench question type",
    "dateTime": "a date with a time of day is not a Workbench question type",
    "image": "media files are not kept as answers",
    "audio": "media files are not kept as answers",
    "background-audio": "media files are not kept as answers",
    "video": "media files are not kept as answers",
    "file": "media files are not kept as answers",
    "barcode": "scanning a barcode is not a Workbench question type",
    "acknowledge": "an acknowledgement is not a Workbench question type",
    "trigger": "an acknowledgement is not a Workbench question type",
    "rank": "a ranking is not a Workbench question type",
    "hidden": "a hidden field takes no answer",
    "select one external": "its choices live on the server (external_choices)",
    "xml-external": "external data is not a question",
    "csv-external": "external data is not a question",
}
_CARRIED = ("text", "integer", "decimal", "date", "select one", "select all that apply", "range",
            "phone number")  # fmt: skip


def _canonical(kind: str) -> str:
    """The type pyxform treats ``kind`` as (``string`` is ``text``, ``photo`` is ``image``)."""
    from pyxform.question_type_dictionary import QUESTION_TYPE_DICT

    if kind in _CARRIED or kind in _REASONS or kind in _METADATA:
        return kind
    spec = QUESTION_TYPE_DICT.get(kind)
    if not spec:
        return kind
    if spec.get("bind", {}).get("jr:preload"):
        return "start"
    return next((c for c in (*_CARRIED, *_REASONS) if QUESTION_TYPE_DICT.get(c) == spec), kind)


_RENAMED = re.compile(r"row \d+ \([^)]*\): name '.*' becomes key '[a-z0-9_]+'")


def split_renamed(lines: list[str]) -> tuple[list[str], list[str]]:
    """(what is not carried over, the questions carried under a new key) from the lines
    :func:`import_xlsform` gives: a renamed question is imported, only its key changes."""
    renamed = [line for line in lines if _RENAMED.fullmatch(line)]
    return [line for line in lines if not _RENAMED.fullmatch(line)], renamed


_REPEAT = "questions asked once per repeat cannot be carried (one answer per interview)"


def translate_relevant(expr: str, keys: dict[str, str]) -> str:
    """An XLSForm relevance expression in the condition language; ValueError if not."""

    def key(name: str) -> str:
        if name not in keys:
            raise ValueError(f"${{{name}}} is not an earlier question")
        return keys[name]

    return translate_expression(expr, key)


def _key(name: str) -> str:
    key = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    if not key or not key[0].isalpha():
        key = "q_" + key
    return key


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "imported-form"


def _problem(path: Path, row: int, field: str, message: str) -> FormError:
    return FormError([Problem(str(path), row, field, message)])


def _definition(path: Path) -> Any:
    """pyxform's DefinitionData of the workbook (an .ods is read by calamine first)."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2json_backends import get_xlsform

    source: Any = str(path)
    if path.suffix.lower() == ".ods":
        source = _ods_as_xlsx(path)
    try:
        return get_xlsform(source)
    except PyXFormError as exc:
        raise _problem(path, 1, "(file)", f"cannot read the workbook: {exc}") from None
    except Exception as exc:  # the spreadsheet readers raise many unrelated types
        raise _problem(path, 1, "(file)", f"cannot read the workbook: {exc}") from None


def _ods_as_xlsx(path: Path) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    try:
        ods = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types
        raise _problem(path, 1, "(file)", f"cannot read the workbook: {exc}") from None
    out = Workbook()
    out.remove(out.active)
    for name in ods.sheet_names:
        sheet = out.create_sheet(name)
        for row in ods.get_sheet_by_name(name).to_python(skip_empty_area=False):
            sheet.append(["" if v is None else v for v in row])
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _text(value: Any, language: str, own: str | None = None, fallback: bool = True) -> str:
    """``value`` in ``language`` (else the form's unlabelled column ``own``); a label missing
    in both takes another language's (a question needs a label), a hint does not."""
    if isinstance(value, dict):
        text = value.get(language) or (value.get(own) if own else None)
        if not text and fallback:
            text = next((v for v in value.values() if v), "")
        return str(text or "")
    return "" if value is None else str(value)


def _others(value: Any, language: str, own: str | None = None) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {lang: str(v) for lang, v in value.items() if lang not in (language, own) and v}


DEFAULT_LANGUAGE = "Form's default"


def _language_names(languages: list[str]) -> dict[str, str]:
    """How each language is shown: as the form names it, capitalised (``english`` is
    "English"), and its unlabelled columns as "Form's default"."""
    names = {
        lang: DEFAULT_LANGUAGE if lang == "default" else (
            lang[:1].upper() + lang[1:] if lang == lang.lower() else lang
        )
        for lang in languages
    }  # fmt: skip
    if len(set(names.values())) < len(names):  # "english" and "English" both: as written
        return {lang: lang for lang in languages}
    return names


def _rename_languages(sections: list[dict[str, Any]], names: dict[str, str]) -> None:
    def rename(item: dict[str, Any], field: str) -> None:
        if item.get(field):
            item[field] = {names.get(k, k): v for k, v in item[field].items()}

    for section in sections:
        rename(section, "title_translations")
        for question in section["questions"]:
            rename(question, "label_translations")
            rename(question, "help_translations")
            for choice in question.get("choices") or []:
                rename(choice, "label_translations")


def _or_other(raw_type: str) -> bool:
    """Whether a survey row's type asks for "Other" (``select_one list or_other``)."""
    from pyxform.xls2json import RE_SELECT

    m = RE_SELECT.match(re.sub(r"\s+", " ", raw_type.strip()))
    return bool(m and m.group("specify_other"))


def _added_other(definition: Any) -> set[str]:
    """The choice lists pyxform gave an "Other" choice the choices sheet does not have
    (for an ``or_other`` question; only that question offers it)."""
    from pyxform.xls2json import RE_SELECT

    lists = set()
    for row in definition.survey or []:
        raw = re.sub(r"\s+", " ", str(row.get("type", "")).strip())
        m = RE_SELECT.match(raw)
        if m and m.group("specify_other"):
            lists.add(m.group("list_name"))
    listed = {
        (str(r.get("list_name", r.get("list name", ""))).strip(), str(r.get("name", "")).strip())
        for r in definition.choices or []
    }
    return {name for name in lists if (name, "other") not in listed}


class _Reader:
    def __init__(self, path: Path, definition: Any, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.warnings: list[str] = []
        self.problems: list[Problem] = []
        self.rows: dict[str, deque[tuple[int, str]]] = defaultdict(deque)
        self.survey: list[dict[str, Any]] = list(definition.survey or [])
        for number, row in enumerate(definition.survey or [], start=2):
            name = str(row.get("name", "")).strip()
            if name:
                self.rows[name].append((number, str(row.get("type", "")).strip()))
        self.added_other = _added_other(definition)
        self.own: str | None = None  # unlabelled columns read as the first language's
        self.languages = self._languages()
        self.language = self.languages[0] if self.languages else "default"
        self.sections: list[dict[str, Any]] = []
        self.lines: dict[Loc, int] = {(): 1}
        self.keys: dict[str, str] = {}  # XLSForm name -> question key
        self.dropped: dict[str, str] = {}  # XLSForm name -> why
        self.count = 0
        self.current: dict[str, Any] | None = None
        self.current_group: Any = None

    # -- languages -------------------------------------------------------------------------
    def _languages(self) -> list[str]:
        """The form's languages, the one it is written in first: ``default_language``, else
        its unlabelled label column, else its first labelled one."""
        seen: list[str] = []
        labelled_default = False

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                nonlocal labelled_default
                for field in ("label", "hint"):
                    if isinstance(node.get(field), dict):
                        seen.extend(k for k in node[field] if k not in seen)
                labelled_default |= isinstance(node.get("label"), dict) and bool(
                    node["label"].get("default")
                )
                choices = node.get("choices") or []
                if isinstance(choices, dict):
                    choices = [c for items in choices.values() for c in items]
                for child in [*node.get("children", []), *choices]:
                    walk(child)

        walk(self.data)
        default = self.data.get("default_language", "default")
        if default != "default" and default in seen:  # settings: default_language
            first = default
        elif "default" in seen and labelled_default:  # an unlabelled label column
            first = "default"
        else:
            first = next((lang for lang in seen if lang != "default"), "default")
        if first != "default" and "default" in seen:
            # unlabelled hints (or the like) beside labelled labels: the first language's
            seen.remove("default")
            self.own = "default"
        if first in seen:
            seen.remove(first)
            seen.insert(0, first)
        return seen

    # -- rows --------------------------------------------------------------------------------
    def row_of(self, element: dict[str, Any], fallback: int = 1) -> tuple[int, str]:
        queue = self.rows.get(element.get("name", ""))
        if queue:
            return queue.popleft()
        return fallback, element.get("type", "")

    def where(self, row: int, raw_type: str, name: str) -> str:
        return f"row {row} ({raw_type or 'no type'}{' ' + name if name else ''})"

    def drop(self, row: int, raw_type: str, name: str, reason: str, question: bool = True) -> None:
        self.count += question
        self.warnings.append(f"{self.where(row, raw_type, name)}: not imported: {reason}")
        if name:
            self.dropped[name] = reason

    def key(self, name: str) -> str:
        if name in self.keys:
            return self.keys[name]
        if name in self.dropped:
            raise ValueError(f"${{{name}}} is not imported ({self.dropped[name]})")
        raise ValueError(f"${{{name}}} is not an earlier question")

    # -- the tree -----------------------------------------------------------------------
    def walk(self, children: list[dict[str, Any]], conditions: list[str], title: str, group: Any,
             parent_row: int = 1) -> None:  # fmt: skip
        for element in children:
            kind = element.get("type", "")
            name = element.get("name", "")
            if kind == "group" and name == "meta" and name not in self.rows:
                self.meta(element)
                continue
            row, raw_type = self.row_of(element, parent_row)
            if kind == "group":
                inner = list(conditions)
                relevant = element.get("bind", {}).get("relevant")
                where = self.where(row, raw_type, name)
                if relevant:
                    try:
                        inner.append(translate_expression(relevant, self.key))
                    except ValueError as exc:
                        self.warnings.append(
                            f"{where}: the group's relevance {relevant!r} is not carried over "
                            f"({exc}); the questions inside are always asked"
                        )
                raw_row = self.survey[row - 2] if 2 <= row < len(self.survey) + 2 else {}
                self.warnings.extend(group_appearances(raw_row.get("appearance"), where))
                label = _text(element.get("label"), self.language, self.own) or name
                self.walk(element.get("children", []), inner, label, element, row)
                self.current = None  # questions after the group start a new section
                continue
            if kind in ("repeat", "loop"):
                self.drop(row, raw_type, name, f"a {kind}: {_REPEAT}", question=False)
                self.drop_all(element.get("children", []), name, row)
                continue
            if element.get("bind", {}).get("jr:preload") and name not in self.rows:
                continue  # added by pyxform itself (instanceID), not a row of the form
            self.question(element, row, raw_type, conditions, title, group)

    def meta(self, element: dict[str, Any]) -> None:
        for child in element.get("children", []):
            if child.get("name") in self.rows:
                row, raw_type = self.row_of(child)
                self.drop(row, raw_type, child["name"], "metadata the device records itself")

    def drop_all(self, children: list[dict[str, Any]], repeat: str, parent_row: int) -> None:
        for element in children:
            row, raw_type = self.row_of(element, parent_row)
            if element.get("type") in ("group", "repeat", "loop"):
                self.drop_all(element.get("children", []), repeat, row)
                if element.get("type") == "group":
                    continue
            self.drop(row, raw_type, element.get("name", ""), f"inside the repeat {repeat!r}")

    def section(self, title: str, group: Any, row: int) -> dict[str, Any]:
        if self.current is not None and self.current_group is group:
            return self.current
        base = _key(group.get("name", "")) if group else f"section_{len(self.sections) + 1}"
        taken = {s["key"] for s in self.sections}
        key, n = base, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        section: dict[str, Any] = {"key": key, "title": title or key.replace("_", " ").capitalize(),
                                   "questions": []}  # fmt: skip
        if not group:
            section["ungrouped"] = True
        if group:
            others = _others(group.get("label"), self.language, self.own)
            if others:
                section["title_translations"] = others
        self.lines[("sections", len(self.sections))] = row
        self.sections.append(section)
        self.current, self.current_group = section, group
        return section

    # -- one question --------------------------------------------------------------------
    def question(self, element: dict[str, Any], row: int, raw_type: str,
                 conditions: list[str], title: str, group: Any) -> None:  # fmt: skip
        kind = _canonical(element.get("type", ""))
        name = element.get("name", "")
        where = self.where(row, raw_type, name)
        question: dict[str, Any] = {}
        if kind in _METADATA:
            return self.drop(row, raw_type, name, "metadata the device records itself")
        if kind in _REASONS:
            return self.drop(row, raw_type, name, _REASONS[kind])
        if kind == "phone number":
            self.warnings.append(f"{where}: asked as text (the phone-number check is not kept)")
            question["type"] = "text"
        elif kind == "text":
            question["type"] = "text"
        elif kind in ("integer", "decimal"):
            question.update(type="number", integer=kind == "integer")
        elif kind == "date":
            question["type"] = "date"
        elif kind in ("select one", "select all that apply"):
            choices = self.choices(element, row, where)
            if choices is None:
                return None
            if element.get("itemset") in self.added_other and not _or_other(raw_type):
                # pyxform adds "Other" to the list itself, which other questions may share
                choices = [c for c in choices if c["value"] != "other"]
            question.update(type="single" if kind == "select one" else "multi", choices=choices)
            itemset = str(element.get("itemset", ""))
            if itemset and "." not in itemset:  # the sheet's own list (not a choices file)
                question["list_name"] = itemset[:200]
        elif kind == "range":
            scale = self.scale(element, row, where)
            if scale is None:
                return None
            question.update(scale)
        else:
            return self.drop(row, raw_type, name, f"the type {raw_type or kind!r} has no "
                             "Workbench question type")  # fmt: skip
        shown, unread = appearances(element, kind, where)
        if "multiline" in shown and "numbers" in shown:
            shown.discard("multiline")
            unread.append(f"{where}: appearance 'multiline' is not carried over (a question "
                          "of digits only takes one line)")  # fmt: skip
        if "multiline" in shown:
            question["type"] = "longtext"
        if "numbers" in shown:
            question["numbers"] = True
        self.warnings.extend(unread + unread_columns(element, kind, where))
        key = _key(name)
        if key != name:
            self.warnings.append(f"{where}: name {name!r} becomes key {key!r}")
        label = element.get("label")
        question = {"key": key, "label": self.piped(_text(label, self.language, self.own)) or name,
                    **question}  # fmt: skip
        others = {
            lang: self.piped(t) for lang, t in _others(label, self.language, self.own).items()
        }
        if others:
            question["label_translations"] = others
        self.hints(element, question)
        bind = element.get("bind", {})
        self.required(bind, question, where)
        own = [c for c in conditions]
        relevant = bind.get("relevant")
        if relevant:
            try:
                own.append(translate_expression(relevant, self.key))
            except ValueError as exc:
                self.warnings.append(
                    f"{where}: relevance {relevant!r} not carried over ({exc}); "
                    "the question is always asked"
                )
        if own:
            question["relevant"] = own[0] if len(own) == 1 else " and ".join(f"({c})" for c in own)
        self.constraint(bind, question, key, where)
        if element.get("default") not in (None, ""):
            question["default"] = str(element["default"])
        if element.get("choice_filter"):
            try:
                choices = question.get("choices") or []
                columns = {"name"} | {a for c in choices for a in c.get("attributes") or {}}
                refs, static = translate_filter(element["choice_filter"], self.key, columns)
                if static:
                    kept = [c for c in choices if choice_matches(c, static)]
                    if not kept:
                        raise ValueError("no choice of the list meets it")
                    question["choices"] = kept
                if refs:
                    question["choice_filter"] = refs
            except ValueError as exc:
                self.warnings.append(
                    f"{where}: choice_filter {element['choice_filter']!r} not carried over "
                    f"({exc}); every choice is offered"
                )
        for column in ("calculation", "trigger", "readonly"):
            value = element.get(column) or bind.get(column)
            if value and value not in ("false()", "no"):
                self.warnings.append(f"{where}: {column} {value!r} is not carried over")
        section = self.section(title, group, row)
        index = ("sections", self.sections.index(section), "questions", len(section["questions"]))
        self.lines[index] = row
        section["questions"].append(question)
        self.keys[name] = key
        self.count += 1
        return None

    def piped(self, text: str) -> str:
        """``${name}`` in a label as ``${key}`` (the window shows the answer there)."""
        return _PIPE.sub(lambda m: "${" + self.keys.get(m.group(1), _key(m.group(1))) + "}", text)

    def unpipe_missing(self) -> None:
        """A ``${name}`` in a label or hint whose question is not imported becomes "…",
        listed by row: a form never refers to a question it does not have."""
        kept = set(self.keys.values())
        for si, section in enumerate(self.sections):
            for qi, question in enumerate(section["questions"]):
                row = self.lines.get(("sections", si, "questions", qi), 1)
                missing: list[str] = []

                def gone(m: re.Match[str], missing: list[str] = missing) -> str:
                    if m.group(1) in kept:
                        return m.group(0)
                    missing.append(m.group(1))
                    return "…"

                for field in ("label", "help"):
                    if question.get(field):
                        question[field] = _PIPE.sub(gone, question[field])
                    for lang, text in (question.get(f"{field}_translations") or {}).items():
                        question[f"{field}_translations"][lang] = _PIPE.sub(gone, text)
                for name in dict.fromkeys(missing):
                    self.warnings.append(
                        f"row {row} ({question['key']}): ${{{name}}} in its label or hint "
                        "names a question left out of the form; shown as …"
                    )

    def hints(self, element: dict[str, Any], question: dict[str, Any]) -> None:
        hint = element.get("hint")
        texts: dict[str, str] = dict(hint) if isinstance(hint, dict) else {}
        if isinstance(hint, str) and hint:
            texts[self.language] = hint
        for field, value in element.items():  # ``hint:English`` headers pyxform leaves as is
            m = re.fullmatch(r"hint::?(.+)", field)
            if m and value:
                texts[m.group(1).strip()] = str(value)
        if not texts:
            return
        question["help"] = self.piped(_text(texts, self.language, self.own, fallback=False))
        others = {
            lang: self.piped(t) for lang, t in _others(texts, self.language, self.own).items()
        }
        if others:
            question["help_translations"] = others

    def required(self, bind: dict[str, Any], question: dict[str, Any], where: str) -> None:
        value = str(bind.get("required", "")).strip()
        if value.lower() in _REQUIRED:
            question["required"] = True
        elif value.lower() not in _NOT_REQUIRED:
            self.warnings.append(
                f"{where}: required only when {value!r}: asked as optional (the window cannot "
                "require an answer on a condition)"
            )

    def constraint(self, bind: dict[str, Any], question: dict[str, Any], key: str,
                   where: str) -> None:  # fmt: skip
        expr = bind.get("constraint")
        if not expr:
            return
        message = _text(bind.get("jr:constraintMsg"), self.language, self.own)
        try:
            text = translate_expression(expr, self.key, own=key)
            from workbench.forms.conditions import parse

            others = parse(text).keys() - {key}
            if others:
                raise ValueError(f"it compares with other answers ({', '.join(sorted(others))})")
        except ValueError as exc:
            self.warnings.append(f"{where}: constraint {expr!r} not carried over ({exc})")
            return
        question["constraint"] = text
        if message:
            question["constraint_message"] = message

    def choices(self, element: dict[str, Any], row: int, where: str) -> list[dict] | None:
        itemset = str(element.get("itemset", ""))
        raw = element.get("choices")
        if raw is None and itemset in (self.data.get("choices") or {}):
            raw = self.data["choices"][itemset]  # not inlined by pyxform (``randomize``)
        if raw is None and "." in itemset:
            raw = self.file_choices(element, row, where)
            if raw is None:
                return None
        if not raw:
            self.drop(row, where.split("(", 1)[1].split(" ")[0], element.get("name", ""),
                      f"the choice list {itemset!r} is empty or missing")  # fmt: skip
            return None
        out: list[dict[str, Any]] = []
        seen: dict[str, dict[str, Any]] = {}
        for choice in raw:
            value = str(choice.get("name", ""))
            label = _text(choice.get("label"), self.language, self.own) or value
            attributes = {k: str(v) for k, v in choice.items()
                          if k not in ("name", "label", "media", "image", "audio", "video")
                          and isinstance(v, str | int | float)}  # fmt: skip
            if value in seen:  # allow_choice_duplicates: one value, one choice, every row's filter
                first = seen[value]
                self.warnings.append(
                    f"{where}: choice {value!r} ({label}) repeats {value!r} ({first['label']}) "
                    f"in the list {itemset!r}; answers keep the value once, offered wherever "
                    "either row is"
                )
                rows = [first.get("attributes", {}), *first.get("also", [])]
                if attributes and attributes not in rows:
                    first.setdefault("also", []).append(attributes)
                continue
            entry: dict[str, Any] = {"value": value, "label": label}
            seen[value] = entry
            others = _others(choice.get("label"), self.language, self.own)
            if others:
                entry["label_translations"] = others
            if attributes:
                entry["attributes"] = attributes
            out.append(entry)
        return out

    def file_choices(self, element: dict[str, Any], row: int, where: str) -> list[dict] | None:
        """Choices of ``select_one_from_file``: the CSV's ``name`` and ``label`` columns (or
        those its ``parameters`` name: ``value=…``, ``label=…``)."""
        itemset = str(element.get("itemset", ""))
        source = self.path.parent / itemset
        name = element.get("name", "")
        raw_type = where.split("(", 1)[1].rsplit(" ", 1)[0]
        if source.suffix.lower() != ".csv":
            self.drop(row, raw_type, name,
                      f"choices from a {source.suffix} file are not read (only .csv)")  # fmt: skip
            return None
        params = element.get("parameters") or {}
        value_column, label_column = params.get("value", "name"), params.get("label", "label")
        try:
            with source.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError) as exc:
            reason = "is not beside the form" if isinstance(exc, OSError) else "is not UTF-8"
            self.drop(row, raw_type, name, f"its choices file {itemset} {reason}")
            return None
        if not rows or value_column not in rows[0]:
            self.drop(row, raw_type, name, f"{itemset} has no {value_column!r} column")
            return None
        translations = [c for c in rows[0] if c.startswith(label_column + ":")]
        out = []
        for record in rows:
            label: Any = record.get(label_column) or record[value_column]
            if translations:
                label = {c.split(":")[-1].strip(): record[c] for c in translations if record[c]}
            out.append({"name": record[value_column], "label": label})
        return out

    def scale(self, element: dict[str, Any], row: int, where: str) -> dict[str, Any] | None:
        params = element.get("parameters") or {}
        try:
            start = float(params.get("start", 1))
            end = float(params.get("end", 10))
            step = float(params.get("step", 1))
        except (TypeError, ValueError):
            self.problems.append(Problem(str(self.path), row, f"{element.get('name')}.parameters",
                                         f"cannot read the range {params}"))  # fmt: skip
            return None
        if not (start.is_integer() and end.is_integer()):
            self.problems.append(Problem(str(self.path), row, f"{element.get('name')}.parameters",
                                         f"start={start:g} end={end:g}: a scale has whole points"))  # fmt: skip
            return None
        if step != 1:
            self.warnings.append(f"{where}: step={step:g} becomes 1 (a scale offers every point)")
        return {"type": "scale", "min": int(start), "max": int(end)}


def _by_row(warnings: list[str]) -> list[str]:
    def row(text: str) -> int:
        m = re.match(r"row (\d+) ", text)
        return int(m.group(1)) if m else 0

    return sorted(warnings, key=row)


_PIPE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")


def import_xlsform(path: str | Path) -> tuple[FormDefinition, list[str]]:
    """Read an XLSForm; returns the form and a line for everything not carried over.

    Raises FormError (with spreadsheet row numbers) if pyxform refuses the workbook, if
    the result is not a valid form, or if no question is left.
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import workbook_to_json

    path = Path(path)
    try:
        check_zip(path, "workbook")
    except InputLimitError as exc:
        raise _problem(path, 1, "(file)", str(exc).split(": ", 1)[-1]) from None
    definition = _definition(path)
    pyxform_warnings: list[str] = []
    try:
        data = workbook_to_json(
            copy.deepcopy(definition),
            form_name=None,
            fallback_form_name=definition.fallback_form_name,
            warnings=pyxform_warnings,
        )
    except PyXFormError as exc:
        message = str(exc).strip()
        m = _ROW.search(message)
        text = _ROW.sub("", message).strip()
        raise _problem(path, int(m.group(1)) if m else 1, "survey", text) from None
    reader = _Reader(path, definition, data)
    reader.walk(data.get("children", []), [], "", None)
    reader.unpipe_missing()
    if reader.problems:
        raise FormError(reader.problems)
    sections = [s for s in reader.sections if s["questions"]]
    if not sections:
        listed = "".join(f"{w}\n" for w in _by_row(reader.warnings))
        what = (f"none of the form's {reader.count} questions can be carried over"
                if reader.count else "the survey sheet has no questions")  # fmt: skip
        raise _problem(path, 1, "survey", f"{listed}{what}, so the form is not imported")
    lines = {k: v for k, v in reader.lines.items()
             if not k or reader.sections[k[1]]["questions"]}  # fmt: skip
    renumber = {reader.sections.index(s): i for i, s in enumerate(sections)}
    kept_lines: dict[Loc, int] = {(): 1}
    for loc, row in lines.items():
        if loc:
            kept_lines[("sections", renumber[loc[1]], *loc[2:])] = row
    settings = (definition.settings or [{}])[0]
    version_text = str(settings.get("version", "")).strip()
    # ODK's dated versions (2024031001) are whole numbers; any other text pyxform takes
    # ("1.0.3") is kept as the version's label, the form numbered 1 (then 2, 3… as it changes)
    whole = _VERSION.fullmatch(version_text) and int(version_text) <= 2**31 - 1
    version = int(version_text) if whole else 1
    warnings = _by_row(reader.warnings)
    form_id = str(settings.get("form_id") or data.get("id_string") or path.stem).strip()
    form_data: dict[str, Any] = {
        "id": _slug(form_id),
        "title": str(settings.get("form_title") or data.get("title") or path.stem),
        "version": version,
        "sections": sections,
    }
    if form_id != form_data["id"]:
        form_data["xlsform_id"] = form_id[:200]  # written back as it was (numbers_test)
    unset = [k for k in ("version", "form_title") if not str(settings.get(k) or "").strip()]
    if unset:
        form_data["xlsform_unset"] = unset  # left unset again by an export
    if version_text and not whole:
        form_data["version_label"] = version_text[:200]
    if len(version_text) > 200:
        warnings.append(f"settings: version {version_text[:10] + '…'!r} is longer than 200 "
                        "characters; the first 200 are kept")  # fmt: skip
    if len(reader.languages) > 1:
        names = _language_names(reader.languages)
        _rename_languages(sections, names)
        form_data["languages"] = [names[lang] for lang in reader.languages]
    return validate_data(form_data, kept_lines, str(path)), warnings
