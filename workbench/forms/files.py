"""A form from a file a consultant picked: a YAML definition or an XLSForm workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

XLSFORM_SUFFIXES = (".xlsx", ".xls", ".xlsm", ".ods")


class FormFileError(ValueError):
    """The file does not hold a usable form; the message names the file and the problems."""


def read_form_file(path: str | Path) -> tuple[Any, list[str]]:
    """(FormDefinition, what could not be carried over) from ``path``.

    Raises :class:`FormFileError` for an unreadable file or an invalid form.
    """
    from workbench.forms.loader import FormError, load_form
    from workbench.forms.xlsform import import_xlsform

    path = Path(path)
    try:
        if path.suffix.lower() in XLSFORM_SUFFIXES:
            form, warnings = import_xlsform(path)
        else:
            form, warnings = load_form(path), []
    except FormError as exc:
        raise FormFileError(str(exc)) from None
    except OSError as exc:
        raise FormFileError(f"{path}: {exc.strerror or exc}") from None
    from workbench.forms.commands import analysis_problems

    problems = analysis_problems(form, path)
    if problems:  # an analysis would misread the form: refused, nothing imported
        raise FormFileError("\n".join(problems))
    return form, warnings


def write_form_file(form: Any, path: str | Path) -> Path:
    """Write ``form`` as YAML, or as an XLSForm when ``path`` ends in .xlsx (atomically),
    ready to edit and import again."""
    from workbench.paths import atomic_path

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from workbench.forms.xlsform_export import write_xlsform

        return write_xlsform(form, path)
    with atomic_path(path) as tmp:
        tmp.write_text(form.to_yaml(), encoding="utf-8")
    return path
