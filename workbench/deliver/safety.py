"""Interview text is data: it never runs as a formula in Excel or as code in Word.

Excel
    :func:`excel_safe` turns any value into something a worksheet cell can hold (numpy
    scalars become Python ones, NaN becomes empty, illegal control characters go, text
    is capped at Excel's 32,767 characters).  :func:`set_cell` stores it: text that
    begins like a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written
    as a *string* cell (openpyxl ``data_type = "s"``, so the XML holds
    ``t="inlineStr"``/``t="s"`` and never ``<f>``) with the ``quotePrefix`` style, which
    is exactly what Excel does when a user types ``'=1+2``: the text shows verbatim and
    stays text even when the cell is edited.  The value itself is never altered, so the
    workbook still reads back the consultant's words character for character.

Word
    Report text never becomes template source.  The only template code that runs is the
    template file's own, in a :func:`sandboxed_env` (a Jinja ``SandboxedEnvironment``
    with autoescape), and interview text reaches it only as context values, which Jinja
    inserts as escaped data and never evaluates.  The report body is built with
    python-docx, which writes text runs, so ``{{ 7*7 }}`` in a note stays ``{{ 7*7 }}``.
    :func:`docx_literal` prepares a string for a Word text run (strips the control
    characters XML cannot hold).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from workbench.paths import atomic_path as atomic_path  # re-exported for the exporters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
EXCEL_MAX_CHARS = 32_767
_TRUNCATED = " […]"

# Characters an XML 1.0 document cannot hold (openpyxl raises IllegalCharacterError).
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def is_formula_like(text: Any) -> bool:
    """Would Excel (or LibreOffice) read this text as the start of a formula?"""
    return isinstance(text, str) and text.startswith(FORMULA_PREFIXES)


_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?")


def csv_safe(value: Any) -> Any:
    """A value for a CSV cell that a spreadsheet will show as text, never run.

    CSV has no cell types, so text that begins like a formula (``=1+1``, ``@SUM(...)``,
    ``+cmd|...``) gets a leading apostrophe, as OWASP advises and as a user would type it
    in Excel.  Plain numbers such as ``-3`` stay as they are; so does anything that is
    not text.  :func:`csv_unquote` undoes it when Workbench reads its own CSV back.
    """
    if isinstance(value, str) and is_formula_like(value) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: Any) -> list[Any]:
    """:func:`csv_safe` applied to every cell of a row."""
    return [csv_safe(v) for v in values]


def csv_unquote(text: str) -> str:
    """The text :func:`csv_safe` was given: the apostrophe before a formula goes."""
    if text.startswith("'") and csv_safe(text[1:]) != text[1:]:
        return text[1:]
    return text


def clean_text(text: str) -> str:
    """Remove characters XML cannot hold."""
    return _ILLEGAL_XML.sub("", text)


def excel_safe(value: Any) -> Any:
    """A value a worksheet cell can hold, without changing what the user wrote.

    Numbers stay numbers, dates stay dates, ``None``/NaN/NaT become ``None``; anything
    else becomes text (lists and dicts as their ``str``).  Use :func:`set_cell` to
    store the result so formula-looking text is kept as text.
    """
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, str | bytes | list | tuple | dict):
        try:
            value = value.item()  # numpy scalar -> Python
        except (TypeError, ValueError):
            value = str(value)
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, _dt.datetime):
        if _is_nat(value):
            return None
        # Excel has no time zones: keep the wall-clock time.
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, _dt.date | _dt.time):
        return value
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if not isinstance(value, str):
        if _is_nat(value):
            return None
        value = str(value)
    text = clean_text(value)
    if len(text) > EXCEL_MAX_CHARS:
        text = text[: EXCEL_MAX_CHARS - len(_TRUNCATED)] + _TRUNCATED
    return text


def set_cell(cell: Any, value: Any) -> Any:
    """Store ``value`` in an openpyxl cell (normal or write-only) safely; return the cell."""
    value = excel_safe(value)
    cell.value = value
    if isinstance(value, str):
        # openpyxl guesses "f" (formula) for text starting with "="; force a string cell.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    return cell


def docx_literal(text: Any) -> str:
    """Text for a Word run: always a plain string, never template or markup source.

    python-docx writes it into ``<w:t>`` as character data (XML-escaped), so braces,
    ``{% ... %}`` and angle brackets stay literal.  Control characters XML cannot hold
    are removed.
    """
    if text is None:
        return ""
    return clean_text(text if isinstance(text, str) else str(text))


#: The most text one expression of a Word template may produce (a title page needs far less).
TEMPLATE_OUTPUT_BUDGET = 1_000_000
#: The most a whole template may render to: its own XML plus this much.
TEMPLATE_TOTAL_BUDGET = 50_000_000
_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map"}
_SIZED_FILTERS = ("center", "indent", "wordwrap", "format", "replace", "join", "truncate")


def sandboxed_env() -> Any:
    """The Jinja environment a Word template's own placeholders run in.

    A ``SandboxedEnvironment`` (no attribute tricks, no unsafe calls) that also keeps a
    render budget: ``'x' * 1000000000``, ``'x'.ljust(10**9)``, ``9 ** 9 ** 9`` or a filter
    that would build more than :data:`TEMPLATE_OUTPUT_BUDGET` characters is refused
    before the memory is taken, with a ``SecurityError`` that names the limit.
    """
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    budget = TEMPLATE_OUTPUT_BUDGET

    def too_big(what: str, limit: int = budget) -> SecurityError:
        return SecurityError(f"{what} would produce more than {limit:,} characters; refused")

    def sized(value: Any) -> int:
        return len(value) if isinstance(value, str | bytes | list | tuple) else 0

    def check_result(value: Any, what: str) -> Any:
        if sized(value) > budget:
            raise too_big(what)
        return value

    def check_int(value: Any, what: str) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > budget:
            raise too_big(what)

    class BudgetedEnvironment(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    if sized(seq) and isinstance(count, int) and sized(seq) * count > budget:
                        raise too_big("repeating text or a list")
            elif operator == "**":
                if isinstance(right, int | float) and abs(right) > 1000:
                    raise SecurityError("a power over 1,000 is refused in a template")
            elif operator == "+" and sized(left) + sized(right) > budget:
                raise too_big("joining text")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
            name = getattr(__obj, "__name__", "")
            if isinstance(getattr(__obj, "__self__", None), str) and name in _WIDTH_METHODS:
                for value in (*args, *kwargs.values()):
                    check_int(value, f"str.{name}")
            result = super().call(__context, __obj, *args, **kwargs)
            return check_result(result, name or "a call")

    from jinja2 import Template

    class BudgetedTemplate(Template):
        """Stops rendering once the output outgrows the template by the whole budget
        (a loop that prints a large piece many times)."""

        def render(self, *args: Any, **kwargs: Any) -> str:
            ctx = self.new_context(dict(*args, **kwargs))
            limit = TEMPLATE_TOTAL_BUDGET
            total = 0
            parts: list[str] = []
            try:
                for part in self.root_render_func(ctx):
                    total += len(part)
                    if total > limit:
                        raise too_big("the template as a whole", limit)
                    parts.append(part)
            except Exception:
                self.environment.handle_exception()
            return self.environment.concat(parts)  # type: ignore[attr-defined]

    env = BudgetedEnvironment(autoescape=True)
    env.template_class = BudgetedTemplate

    def guard(name: str, original: Any) -> Any:
        def guarded(*args: Any, **kwargs: Any) -> Any:
            for value in (*args[1:], *kwargs.values()):
                check_int(value, f"the {name} filter")
                if name == "replace" and isinstance(value, str) and len(value) > 1:
                    source = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
                    if sized(source) * len(value) > budget:
                        raise too_big("the replace filter")
            return check_result(original(*args, **kwargs), f"the {name} filter")

        for attribute in ("jinja_pass_arg",):
            if hasattr(original, attribute):
                setattr(guarded, attribute, getattr(original, attribute))
        return guarded

    for name in _SIZED_FILTERS:
        if name in env.filters:
            env.filters[name] = guard(name, env.filters[name])
    return env


def _is_nat(value: Any) -> bool:
    try:
        import pandas as pd

        return value is pd.NaT or (isinstance(value, _dt.datetime) and pd.isna(value))
    except Exception:  # pragma: no cover - pandas is a dependency
        return False


# -- writing files ------------------------------------------------------------------------


class ExportCancelled(Exception):
    """The progress callback asked to stop; nothing was written."""


def save_deliverable(
    path: Path, save: Callable[[str], Any], error: type[Exception], what: str, app: str
) -> None:
    """``save(name)`` writes the deliverable, moved to ``path`` whole (:func:`atomic_path`);
    a failure of the disk or the folder is raised as ``error`` (see :func:`cannot_write`)."""
    try:
        with atomic_path(path) as tmp:
            save(str(tmp))
    except OSError as exc:
        raise cannot_write(error, what, path, app, exc) from exc


def cannot_write(
    error: type[Exception], what: str, path: Path, app: str, exc: OSError
) -> Exception:
    """The ``error`` saying that the ``what`` (report, deck, workbook) cannot be written to
    ``path``, with the system's reason and, when permission is refused, the application
    (``app``) that may hold the file open."""
    return error(
        f"cannot write the {what} to {path}: {exc.strerror or exc}"
        + (f" (is it open in {app}?)" if isinstance(exc, PermissionError) else "")
    )


def report_progress(progress: Any, fraction: float, message: str) -> None:
    """Call ``progress(fraction, message)``; a callback returning ``False`` cancels."""
    if progress is None:
        return
    if progress(max(0.0, min(1.0, float(fraction))), message) is False:
        raise ExportCancelled(message)


# -- a firm's Office template ---------------------------------------------------------------
# extension -> (application, what it makes, its template's extension, the main part,
# the content type that marks a template)
OFFICE_TEMPLATES = {
    ".docx": ("Word", "document", ".dotx", "word/document.xml", "template.main+xml"),
    ".pptx": (
        "PowerPoint",
        "presentation",
        ".potx",
        "ppt/presentation.xml",
        "presentationml.template.main+xml",
    ),
}


def open_office_template(
    path: Path, what: str, ext: str, error: type[Exception], read: Callable[[Path], Any]
) -> Any:
    """``read(path)`` of a firm's Word (``ext`` ".docx") or PowerPoint (".pptx") file after
    checking it; anything else is refused with ``error``, naming the file (``what``, e.g.
    "report template") and saying how to save it properly: missing, not a file, an
    archive too large to open, not such a file at all, a template (.dotx/.potx), a
    macro-enabled file, or one the reader cannot read."""
    import zipfile

    from workbench.limits import InputLimitError, check_zip

    app, noun, template_ext, main_part, template_type = OFFICE_TEMPLATES[ext]
    kind = f"{app} {noun} ({ext})"
    saved_as = f"{app} {noun.capitalize()}"
    if not path.exists():
        raise error(f"{what} {path} not found")
    if not path.is_file():
        raise error(f"{what} {path} is not a file")
    try:
        check_zip(path, what)
    except InputLimitError as exc:
        raise error(str(exc)) from None
    if not zipfile.is_zipfile(path):
        raise error(f"{what} {path} is not a {kind}; save it from {app} as '{saved_as} (*{ext})'")
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        types = (
            zf.read("[Content_Types].xml").decode("utf-8", "replace")
            if "[Content_Types].xml" in names
            else ""
        )
    if main_part not in names:
        raise error(f"{what} {path} is not a {kind}")
    if template_type in types:
        raise error(
            f"{what} {path} is a {app} template ({template_ext}); open it in {app} and save "
            f"it as a {saved_as} ({ext})"
        )
    if "macroEnabled" in types:
        raise error(f"{what} {path} contains macros; save it as a plain {ext}")
    try:
        return read(path)
    except Exception as exc:
        raise error(f"{what} {path} cannot be read: {exc}") from exc
