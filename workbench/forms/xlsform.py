"""Import an XLSForm (the ODK / KoboToolbox spreadsheet format) into a FormDefinition.

Carried over: text (``appearance: multiline`` -> longtext), integer/decimal -> number,
date, select_one/select_multiple with their choices, range -> scale, begin/end group ->
sections, labels, hints, required, and ``relevant`` expressions built from
``${q} = 'x'``, ``!=``, ``<``…, ``selected(${q}, 'x')``, ``and``/``or``/``not()``.
Everything else is named in the returned warnings with its row number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from workbench.forms.conditions import ConditionError, parse
from workbench.forms.loader import FormError, Problem, validate_data
from workbench.forms.schema import FormDefinition, Loc
from workbench.limits import InputLimitError, check_zip

__all__ = ["import_xlsform", "translate_relevant"]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(wb: CalamineWorkbook, name: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a sheet as (spreadsheet row number, {lower-case header: text})."""
    sheet_name = next((s for s in wb.sheet_names if s.strip().lower() == name), None)
    if sheet_name is None:
        return []
    rows = wb.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
    if not rows:
        return []
    header = [_text(h).lower() for h in rows[0]]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        record = {h: _text(v) for h, v in zip(header, row, strict=False) if h}
        if any(record.values()):
            out.append((number, record))
    return out


def _column(record: dict[str, str], name: str) -> str:
    """A column, or its first translated variant (``label::English (en)``)."""
    if record.get(name):
        return record[name]
    for header, value in record.items():
        if header.startswith(name + "::") and value:
            return value
    return ""


def _key(name: str) -> str:
    key = re.sub(r"[^a-z0-9_]+", "_", name.strip().lower()).strip("_")
    if not key or not key[0].isalpha():
        key = "q_" + key
    return key


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "imported-form"


_XPATH_TOKEN = re.compile(
    r"\s*(?:(?P<var>\$\{\s*(?P<name>[^}\s]+)\s*\})|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?)|(?P<op>!=|<=|>=|=|<|>)|(?P<word>[A-Za-z_-]+)|(?P<punct>[(),]))"
)


def translate_relevant(expr: str, keys: dict[str, str]) -> str:
    """An XLSForm relevance expression in the condition language; ValueError if not."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    expr = expr.strip()
    while pos < len(expr):
        m = _XPATH_TOKEN.match(expr, pos)
        if m is None or m.end() == pos:
            raise ValueError(f"cannot read {expr[pos:]!r}")
        kind = next(k for k in ("var", "str", "num", "op", "word", "punct") if m.group(k))
        value = m.group("name") if kind == "var" else m.group(kind)
        tokens.append((kind, value))
        pos = m.end()

    def var(name: str) -> str:
        if name not in keys:
            raise ValueError(f"${{{name}}} is not an earlier question")
        return keys[name]

    out: list[str] = []
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        ahead = tokens[i : i + 6]
        if (
            kind == "word"
            and value == "selected"
            and [k for k, _ in ahead] == ["word", "punct", "var", "punct", "str", "punct"]
        ):
            out.append(f'"{ahead[4][1][1:-1]}" in {var(ahead[2][1])}')
            i += 6
        elif (
            kind == "var"
            and len(ahead) >= 3
            and ahead[1][0] == "op"
            and ahead[2][0] in ("str", "num")
        ):
            key, op, lit = var(value), ahead[1][1], ahead[2][1]
            if ahead[2][0] == "str" and lit[1:-1] == "" and op in ("=", "!="):
                out.append(f"{'not ' if op == '=' else ''}answered({key})")
            else:
                literal = f'"{lit[1:-1]}"' if ahead[2][0] == "str" else lit
                out.append(f"{key} {'==' if op == '=' else op} {literal}")
            i += 3
        elif kind == "word" and value in ("and", "or"):
            out.append(value)
            i += 1
        elif kind == "word" and value == "not" and i + 1 < len(tokens) and tokens[i + 1][1] == "(":
            out.append("not")
            i += 1
        elif kind == "punct" and value in "()":
            out.append(value)
            i += 1
        else:
            raise ValueError(f"{value!r} is not supported")
    text = " ".join(out).replace("( ", "(").replace(" )", ")")
    try:
        parse(text)
    except ConditionError as exc:
        raise ValueError(exc.message) from None
    return text


_REQUIRED = {"yes", "true", "true()", "1", "y"}
_VERSION = re.compile(r"0*[1-9][0-9]{0,8}", re.ASCII)
_PARAMETER = re.compile(r"\s*([A-Za-z_]+)\s*=\s*(\S*)")
_WHOLE = re.compile(r"[-+]?[0-9]{1,9}(?:\.0*)?", re.ASCII)


def _range_parameters(text: str) -> tuple[int, int]:
    """``start`` and ``end`` of a range question's ``parameters`` (``start=1 end=10``)."""
    params: dict[str, str] = {}
    for token in re.split(r"[\s;]+(?=[A-Za-z_]+\s*=)", text.strip()) if text.strip() else []:
        m = _PARAMETER.fullmatch(token)
        if m is None:
            raise ValueError(f"cannot read {token!r}; write e.g. start=1 end=10")
        params[m.group(1).lower()] = m.group(2)
    bounds = []
    for name, default in (("start", 1), ("end", 10)):
        raw = params.get(name)
        if raw is None:
            bounds.append(default)
        elif _WHOLE.fullmatch(raw):
            bounds.append(int(float(raw)))
        else:
            raise ValueError(f"{name}={raw} is not a whole number (a scale has whole points)")
    return bounds[0], bounds[1]


_UNSUPPORTED_NOTE = "is not carried over (no matching question type)"


def import_xlsform(path: str | Path) -> tuple[FormDefinition, list[str]]:
    """Read an XLSForm; returns the form and a warning for everything left behind.

    Raises FormError (with spreadsheet row numbers) if the result is not a valid form.
    """
    path = Path(path)
    try:
        check_zip(path, "workbook")
    except InputLimitError as exc:
        raise FormError([Problem(str(path), 1, "(file)", str(exc).split(": ", 1)[-1])]) from None
    try:
        wb = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types
        raise FormError(
            [Problem(str(path), 1, "(file)", f"cannot read the workbook: {exc}")]
        ) from None
    survey = _table(wb, "survey")
    if not survey:
        raise FormError(
            [Problem(str(path), 1, "survey", "the workbook has no 'survey' sheet rows")]
        )
    choices: dict[str, list[dict[str, Any]]] = {}
    for _, rec in _table(wb, "choices"):
        list_name = rec.get("list_name") or rec.get("list name", "")
        if list_name and rec.get("name"):
            label = _column(rec, "label") or rec["name"]
            choices.setdefault(list_name, []).append({"value": rec["name"], "label": label})
    settings = dict(_table(wb, "settings")[0][1]) if _table(wb, "settings") else {}

    warnings: list[str] = []
    problems: list[Problem] = []
    lines: dict[Loc, int] = {}
    sections: list[dict[str, Any]] = []
    keys: dict[str, str] = {}  # xlsform name -> our key
    current: dict[str, Any] | None = None

    def new_section(key: str, title: str, row: int) -> dict[str, Any]:
        taken = {s["key"] for s in sections}
        base, n = key, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        section = {
            "key": key,
            "title": title or key.replace("_", " ").capitalize(),
            "questions": [],
        }
        lines[("sections", len(sections))] = row
        sections.append(section)
        return section

    for row, rec in survey:
        raw_type = rec.get("type", "")
        parts = raw_type.split()
        qtype = parts[0].lower() if parts else ""
        name = rec.get("name", "")
        where = f"row {row} ({raw_type or 'no type'}{' ' + name if name else ''})"
        if qtype in ("begin_group", "begin_repeat") or raw_type.lower() in (
            "begin group",
            "begin repeat",
        ):
            if "repeat" in raw_type.lower():
                warnings.append(
                    f"{where}: repeats are not supported; their questions are kept once"
                )
            current = new_section(
                _key(name or f"section_{len(sections) + 1}"), _column(rec, "label"), row
            )
            continue
        if qtype in ("end_group", "end_repeat") or raw_type.lower() in ("end group", "end repeat"):
            current = None
            continue
        question: dict[str, Any] = {}
        if qtype == "text":
            multiline = "multiline" in rec.get("appearance", "")
            question["type"] = "longtext" if multiline else "text"
        elif qtype in ("integer", "decimal"):
            question.update(type="number", integer=qtype == "integer")
        elif qtype == "date":
            question["type"] = "date"
        elif qtype in ("select_one", "select_multiple") and len(parts) >= 2:
            if parts[1] not in choices:
                warnings.append(f"{where}: choice list {parts[1]!r} not found; row skipped")
                continue
            if len(parts) > 2:
                warnings.append(f"{where}: '{' '.join(parts[2:])}' (e.g. or_other) is dropped")
            question.update(
                type="single" if qtype == "select_one" else "multi", choices=choices[parts[1]]
            )
        elif qtype == "range":
            try:
                start, end = _range_parameters(rec.get("parameters", ""))
            except ValueError as exc:
                problems.append(Problem(str(path), row, f"{name or qtype}.parameters", str(exc)))
                continue
            question.update(type="scale", min=start, max=end)
        else:
            warnings.append(f"{where}: type {qtype or '(blank)'!r} {_UNSUPPORTED_NOTE}")
            continue
        if not name:
            warnings.append(f"{where}: no name; row skipped")
            continue
        key = _key(name)
        if key != name:
            warnings.append(f"{where}: name {name!r} becomes key {key!r}")
        question = {"key": key, "label": _column(rec, "label") or name, **question}
        hint = _column(rec, "hint")
        if hint:
            question["help"] = hint
        if rec.get("required", "").lower() in _REQUIRED:
            question["required"] = True
        relevant = rec.get("relevant", "")
        if relevant:
            try:
                question["relevant"] = translate_relevant(relevant, keys)
            except ValueError as exc:
                warnings.append(f"{where}: relevance {relevant!r} not carried over: {exc}")
        for column in ("constraint", "calculation", "choice_filter", "repeat_count"):
            if rec.get(column):
                warnings.append(f"{where}: {column} {rec[column]!r} is not carried over")
        if current is None:
            current = new_section(f"section_{len(sections) + 1}", "", row)
        index = ("sections", sections.index(current), "questions", len(current["questions"]))
        lines[index] = row
        current["questions"].append(question)
        keys[name] = key

    kept: list[dict[str, Any]] = []
    kept_lines: dict[Loc, int] = {(): 1}
    for old, section in enumerate(sections):
        if section["questions"]:
            for loc, row in lines.items():
                if loc[:2] == ("sections", old):
                    kept_lines[("sections", len(kept), *loc[2:])] = row
            kept.append(section)
    title = settings.get("form_title") or path.stem.replace("_", " ")
    version_text = settings.get("version", "")
    version = int(version_text) if _VERSION.fullmatch(version_text) else 1
    if version_text and not _VERSION.fullmatch(version_text):
        shown = version_text if len(version_text) <= 40 else version_text[:40] + "…"
        warnings.append(
            f"settings: version {shown!r} is not a whole number from 1 to 999999999; using 1"
        )
    if problems:
        raise FormError(problems)
    data = {
        "id": _slug(settings.get("form_id") or path.stem),
        "title": title,
        "version": version,
        "sections": kept,
    }
    return validate_data(data, kept_lines, str(path)), warnings
