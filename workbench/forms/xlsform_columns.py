"""What an XLSForm row says beyond its type, label and logic: its ``appearance`` and the
other columns of the survey sheet.

Workbench carries ``multiline`` (a long-text question), ``numbers`` (digits only, checked
as the answer's type) and ``field-list`` (a group on one page: a section already is).
Every other appearance, and every column the reader does not carry (media, the number of
rows shown, a custom "required" message, another app's button, a column no XLSForm tool
reads, …), is named by row with the reason, never dropped without a word.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["appearances", "group_appearances", "unread_columns"]

_TOKEN = re.compile(r"[^\s(]+(?:\([^)]*\))?")

_LAYOUT = "it sets how the device lays out the choices; the window lists them its own way"
_REASONS = {
    **dict.fromkeys(
        ("minimal", "quick", "compact", "quickcompact", "horizontal", "horizontal-compact",
         "likert", "label", "list-nolabel", "list", "no-buttons", "columns", "columns-pack",
         "autocomplete", "autocomplete_chars", "search", "image-map", "map"),
        _LAYOUT,
    ),  # fmt: skip
    "thousands-sep": "the window shows the answer as typed, without thousands separators",
    "masked": "the window shows the answer as typed, not hidden",
    "hidden-answer": "the window shows the answer as typed, not hidden",
    "no-calendar": "the window asks for a date as YYYY-MM-DD",
    "month-year": "the window asks for a full date (YYYY-MM-DD), not a month",
    "year": "the window asks for a full date (YYYY-MM-DD), not a year",
    "url": "a link the device opens is not kept",
    "table-list": "the window shows the group's questions one below the other, not as a table",
    "field-list": "",  # carried: a section is one page
}
_CALENDARS = {"ethiopian", "coptic", "islamic", "bikram-sambat", "myanmar", "persian"}


def _tokens(value: Any) -> list[str]:
    return _TOKEN.findall(str(value or ""))


def _reason(token: str) -> str:
    base = token.split("(", 1)[0]
    if base.startswith(("ex:", "printer:")):
        return "the answer comes from another Android app; in the window it is typed in"
    if re.fullmatch(r"(columns|compact)-\d+", base):
        return _LAYOUT
    if base in _CALENDARS:
        return f"the window asks for a Gregorian date, not a {base} one"
    if base in _REASONS:
        return _REASONS[base]
    return "the window has no such way of showing the question"


def appearances(element: dict[str, Any], kind: str, where: str) -> tuple[set[str], list[str]]:
    """(the appearances carried, one line for each that is not) of a question row;
    ``kind`` is pyxform's type (``text``, ``select one``, …)."""
    carried: set[str] = set()
    lines = []
    for token in _tokens(element.get("control", {}).get("appearance")):
        if kind == "text" and token in ("multiline", "numbers"):
            carried.add(token)
            continue
        lines.append(f"{where}: appearance {token!r} is not carried over ({_reason(token)})")
    return carried, lines


def group_appearances(appearance: Any, where: str) -> list[str]:
    """One line for each appearance of a group (as its row has it: pyxform turns
    ``table-list`` into ``field-list``) that is not carried (``field-list`` is)."""
    return [
        f"{where}: appearance {token!r} is not carried over ({_reason(token)})"
        for token in _tokens(appearance)
        if token != "field-list"
    ]


# Read elsewhere (type, label, logic, choices) or added by pyxform itself.
_READ = {"name", "type", "label", "hint", "default", "itemset", "list_name", "choices",
         "choice_filter", "children", "trigger", "calculation", "readonly", "sms_field",
         "bind.relevant", "bind.required", "bind.constraint", "bind.jr:constraintMsg",
         "bind.readonly", "bind.jr:preload", "bind.jr:preloadParams", "bind.type",
         "control.appearance", "control.bodyless", "parameters", "instance"}  # fmt: skip
_COLUMNS = {
    "media": "media files are not kept",
    "control.autoplay": "media files are not kept",
    "control.rows": "the number of lines the device shows is not kept; the window's box grows",
    "bind.jr:requiredMsg": "the window says in its own words which required answers are missing",
    "bind.calculate": "a calculation is worked out by the device, not kept",
    "buttonText": "the answer comes from another Android app; in the window it is typed in",
    "bind.jr:noAppErrorString": "the answer comes from another Android app; in the window it "
    "is typed in",
    "intent": "the answer comes from another Android app; in the window it is typed in",
    "guidance_hint": "guidance for whoever reviews the answers is not kept",
}
#: ``parameters`` read for these types; any other parameter is named.
_PARAMETERS = {"range": {"start", "end", "step"}, "select one": {"value", "label"},
               "select all that apply": {"value", "label"}}  # fmt: skip


def _short(value: Any) -> str:
    text = str(value if not isinstance(value, dict) else next(iter(value.values()), ""))
    return text if len(text) <= 40 else text[:39] + "…"


def unread_columns(element: dict[str, Any], kind: str, where: str) -> list[str]:
    """One line for each column of a question row the import does not carry."""
    lines = []
    for field, value in element.items():
        parts = [(f"{field}.{k}", v) for k, v in value.items()] if (
            isinstance(value, dict) and field in ("bind", "control", "media")
        ) else [(field, value)]  # fmt: skip
        for column, item in parts:
            if column in _READ or field in _READ or item in (None, "", False):
                continue
            if re.fullmatch(r"(label|hint)(::?.+)?", column):  # languages, read with the label
                continue
            name = column.split(".", 1)[1] if column.startswith(("bind.", "control.", "media.")) else column
            reason = _COLUMNS.get(column) or _COLUMNS.get(field)
            if reason is None:
                reason = "not a column Workbench reads"
            lines.append(f"{where}: column {name!r} ({_short(item)}) is not carried over "
                         f"({reason})")  # fmt: skip
    params = element.get("parameters") or {}
    if isinstance(params, dict):
        known = _PARAMETERS.get(kind, set())
        for name, value in params.items():
            if name not in known:
                lines.append(f"{where}: parameter {name}={value} is not carried over "
                             "(the window has no such setting)")  # fmt: skip
    return lines
