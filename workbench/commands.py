"""Subcommand groups of the ``workbench`` command, one registrar each.

Each command is a thin shell over a core function that the window calls too.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO


class Refused(Exception):
    """An input the command refuses; printed on stderr, exit status 1."""


def _store(path: str, *, write: bool = False) -> Any:
    from workbench.store import open_engagement

    return open_engagement(path, read_only=not write, backup=write)


# -- forms ---------------------------------------------------------------------------------
def _form_check(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.commands import check_files

    return check_files(args.files, out, sys.stderr)


def _engagement_forms(path: str | None) -> list[Any]:
    if not path:
        return []
    with _store(path) as store:
        return store.engagement_forms()


def _form_list(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.commands import list_forms

    return list_forms(_engagement_forms(args.engagement), out)


def _form_show(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.commands import show_form

    extra = _engagement_forms(args.engagement)
    return show_form(args.id, args.json, out, sys.stderr, extra=extra)


def read_form_file(path: str | Path) -> tuple[Any, list[str]]:
    """A form from a YAML definition or an XLSForm workbook, with what could not be carried over."""
    from workbench.forms.loader import FormError, load_form
    from workbench.forms.xlsform import import_xlsform

    path = Path(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xls", ".xlsm", ".ods"):
            return import_xlsform(path)
        return load_form(path), []
    except FormError as exc:
        raise Refused(str(exc)) from None
    except OSError as exc:
        raise Refused(f"{path}: {exc.strerror or exc}") from None


def _form_import(args: argparse.Namespace, out: TextIO) -> int:
    form, warnings = read_form_file(args.form_file)
    with _store(args.engagement, write=True) as store:
        row = store.ensure_form_version(form, source="imported")
    for warning in warnings:
        print(f"not carried over: {warning}", file=sys.stderr)
    print(f"Imported {row.form_id} v{row.version} ({row.title}) into {args.engagement}", file=out)
    return 0


def _form_export(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.library import builtin_forms

    forms = {f.id: f for f in _engagement_forms(args.engagement)}
    form = forms.get(args.id) or builtin_forms().get(args.id)
    if form is None:
        raise Refused(f"no form {args.id!r} in {args.engagement}")
    Path(args.output).write_text(form.to_yaml(), encoding="utf-8")
    print(f"Wrote {args.id} v{form.version} to {args.output}", file=out)
    return 0


def register_forms(sub: Any) -> None:
    form = sub.add_parser("form", help="check, list, show, import and export form definitions")
    fsub = form.add_subparsers(dest="form_command", metavar="ACTION", required=True)
    p = fsub.add_parser("check", help="validate form files (exit 1 on any problem)")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=_form_check)
    p = fsub.add_parser("list", help="built-in forms and an engagement's forms")
    p.add_argument("engagement", nargs="?")
    p.set_defaults(func=_form_list)
    p = fsub.add_parser("show", help="print a validated definition")
    p.add_argument("id", help="form id or a .yaml file")
    p.add_argument("--engagement", help="also look in this engagement's forms")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_form_show)
    p = fsub.add_parser("import", help="add a YAML form or an XLSForm to an engagement")
    p.add_argument("engagement")
    p.add_argument("form_file")
    p.set_defaults(func=_form_import)
    p = fsub.add_parser("export", help="write a form of an engagement as YAML")
    p.add_argument("engagement")
    p.add_argument("id")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_form_export)


REGISTRARS: list[Callable[[Any], None]] = [register_forms]
