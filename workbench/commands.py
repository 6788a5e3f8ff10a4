"""Subcommand groups of the ``workbench`` command, one registrar each.

Each command is a thin shell over a core function that the window calls too.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from workbench.plural import plural


class Refused(Exception):
    """An input the command refuses; printed on stderr, exit status 1."""


PASSPHRASE_ENV = "WORKBENCH_PASSPHRASE"


def read_passphrase(prompt: str) -> str:
    """A passphrase from ``WORKBENCH_PASSPHRASE`` or, in a terminal, a prompt; never an argument."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise Refused(
            f"{prompt.rstrip(': ')}: set {PASSPHRASE_ENV} or run the command in a terminal"
        )
    import getpass

    value = getpass.getpass(prompt)
    if not value:
        raise Refused("no passphrase given; nothing was changed")
    return value


def passphrase_for(path: str) -> str | None:
    """The passphrase of an encrypted file (asked for only when the file needs one)."""
    from workbench.store.database import needs_passphrase

    if not needs_passphrase(path):
        return None
    return read_passphrase(f"Passphrase for {path}: ")


def open_engagement_for(path: str, *, write: bool = False, search: bool = False) -> Any:
    """An engagement for a command: read-only unless it writes (then backed up first).

    For a ``search`` the texts waiting in the search queue are taken into the index
    first when the file can be written (:func:`~workbench.store.database.take_in_search_queue`);
    a file that cannot be is searched with its queue as it is.

    A command that writes refuses, before touching anything, a file or folder it cannot
    write: SQLite needs the folder too, for the file's journal beside it.  An encrypted
    file is opened with its passphrase (:func:`passphrase_for`).
    """
    from workbench.store import open_engagement
    from workbench.team import is_url

    if is_url(path):  # a shared store: a working copy, pushed back when a command writes
        from workbench.team.pg import open_working_copy

        return open_working_copy(path, write=write)
    if write:
        check_writable(path)
        from workbench.store.sqlite import held_elsewhere

        if held_elsewhere(path):
            raise Refused(
                f"{path}: open in another window (or program); close it there first, or "
                "make the change in the window. Nothing was changed."
            )
    passphrase = passphrase_for(path)
    if search and not write:
        from workbench.store.database import take_in_search_queue

        take_in_search_queue(path, passphrase)
    store = open_engagement(path, read_only=not write, backup=write, passphrase=passphrase)
    if store.notice:  # an upgrade, a copy read instead, a file opened read-only
        print(f"workbench: {store.notice}", file=sys.stderr)
    return store


def check_writable(path: str | Path) -> None:
    """Refuse, with the reason, an existing file (or its folder) that cannot be written."""
    import os

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.exists() and not os.access(target, os.W_OK):
        raise Refused(f"{target}: read-only or permission denied; nothing was changed")
    if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
        raise Refused(
            f"{target}: its folder {folder} is read-only or permission is denied "
            "(Workbench writes a journal beside the file); nothing was changed"
        )


# -- forms ---------------------------------------------------------------------------------
def _form_check(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.commands import check_files

    return check_files(args.files, out, sys.stderr)


def _engagement_forms(path: str | None) -> list[Any]:
    if not path:
        return []
    with open_engagement_for(path) as store:
        return store.engagement_forms()


def _form_list(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.commands import list_forms

    return list_forms(_engagement_forms(args.engagement), out)


def _form_show(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.commands import show_form

    extra = _engagement_forms(args.engagement)
    return show_form(args.id, args.json, out, sys.stderr, extra=extra)


def _form_import(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.files import FormFileError, read_form_file

    try:
        form, warnings = read_form_file(args.form_file)
    except FormFileError as exc:
        raise Refused(str(exc)) from None
    from workbench.forms.xlsform import split_renamed

    dropped, renamed = split_renamed(warnings)
    for warning in dropped:  # listed before anything is written
        print(f"not carried over: {warning}", file=sys.stderr)
    for warning in renamed:  # imported, only the key changes
        print(f"renamed (carried over): {warning}", file=sys.stderr)
    with open_engagement_for(args.engagement, write=True) as store:
        row = store.ensure_form_version(form, source="imported")
    if row.version != form.version:
        print(
            f"{row.form_id} v{form.version} is already stored with a different definition; "
            f"this one is stored as v{row.version}",
            file=sys.stderr,
        )
    print(f"Imported {row.form_id} v{row.version} ({row.title}) into {args.engagement}", file=out)
    return 0


def _form_export(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.forms.library import builtin_forms

    forms = {f.id: f for f in _engagement_forms(args.engagement)}
    form = forms.get(args.id) or builtin_forms().get(args.id)
    if form is None:
        raise Refused(f"no form {args.id!r} in {args.engagement}")
    from workbench.forms.files import write_form_file

    write_form_file(form, args.output)
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
    p = fsub.add_parser(
        "export", help="write a form of an engagement as YAML, or as an XLSForm (-o FORM.xlsx)"
    )
    p.add_argument("engagement")
    p.add_argument("id")
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_form_export)


# -- analyses --------------------------------------------------------------------------------
def _analyses(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.analysis.commands import list_analyses

    return list_analyses(out)


def _analyze(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.analysis.api import ParamError
    from workbench.analysis.commands import parse_params, run_command
    from workbench.analysis.loader import load_engagement_data
    from workbench.analysis.registry import discover

    try:
        params = parse_params(args.param)
    except ParamError as exc:
        print(f"workbench: {exc}", file=sys.stderr)
        return 2
    with open_engagement_for(args.file) as store:
        data = load_engagement_data(store)
    attribute = None
    if args.attribute:
        name, sep, value = args.attribute.partition("=")
        if not sep:
            print("workbench: --attribute takes NAME=VALUE", file=sys.stderr)
            return 2
        attribute = (name.strip(), value.strip())
    if args.segment and args.segment not in set(data.respondents["segment"]):
        raise Refused(f"no respondents in segment {args.segment!r}")
    if args.wave and args.wave not in data.waves():
        raise Refused(f"no wave {args.wave!r}; the waves are: {', '.join(data.waves())}")
    if args.compare and (args.wave or args.all_waves):
        raise Refused("--compare names its two waves: give it without --wave or --all-waves")
    data = data.filter(segment=args.segment, wave=_wave(args), attribute=attribute)
    waves = tuple(args.compare) if args.compare else None
    return run_command(
        discover(), args.id, data, params, out, sys.stderr, args.json, waves, test=args.test
    )


def _wave(args: argparse.Namespace) -> str | None:
    """The wave chosen on the command line: a name, every wave (``--all-waves``) or None
    (the latest wave with data, chosen per analysis)."""
    if getattr(args, "all_waves", False):
        if args.wave:
            raise Refused("give either --wave or --all-waves, not both")
        from workbench.analysis.data import ALL_WAVES

        return ALL_WAVES
    return args.wave


def _wave_args(p: Any) -> None:
    p.add_argument("--wave", help="one wave (default: the latest wave with data)")
    p.add_argument(
        "--all-waves",
        action="store_true",
        help="every wave, each respondent counted once (their latest completed interview)",
    )


def register_analyses(sub: Any) -> None:
    p = sub.add_parser("analyses", help="list the installed analyses")
    p.set_defaults(func=_analyses)
    p = sub.add_parser("analyze", help="run an analysis on an engagement and print the result")
    p.add_argument("file")
    p.add_argument("id", help="analysis id (see `workbench analyses`)")
    p.add_argument("--param", action="append", metavar="NAME=VALUE")
    p.add_argument("--segment")
    _wave_args(p)
    p.add_argument("--attribute", metavar="NAME=VALUE", help="respondents with this attribute")
    p.add_argument(
        "--compare", nargs=2, metavar=("WAVE_A", "WAVE_B"), help="show the change between two waves"
    )
    p.add_argument(
        "--test",
        choices=("t", "rank"),
        default="t",
        help="with --compare: t-tests (default) or rank tests (Wilcoxon / Mann-Whitney)",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_analyze)


# -- deliverables ----------------------------------------------------------------------------
def _choices(ids: list[str] | None) -> Any:
    from workbench.deliver.build import AnalysisChoice

    return [AnalysisChoice(i) for i in ids] if ids else None


def _options(args: argparse.Namespace) -> Any:
    from workbench.deliver.context import SECTIONS, ReportOptions

    sections = list(SECTIONS)
    if getattr(args, "sections", None):
        sections = [s.strip() for s in ",".join(args.sections).split(",") if s.strip()]
    terms = list(getattr(args, "anonymise_term", None) or [])
    for name in getattr(args, "anonymise_terms", None) or []:
        try:
            text = Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise Refused(f"cannot read the terms file {name}: {exc}") from None
        terms += [line.strip() for line in text.splitlines() if line.strip()]
    if getattr(args, "preview", False) and not args.anonymise:
        raise Refused("--preview lists what --anonymise changes: add --anonymise")
    if not getattr(args, "preview", False) and not getattr(args, "output", "x"):
        raise Refused("say where to write it: -o FILE")
    keep = list(getattr(args, "keep_word", None) or [])
    again = list(getattr(args, "replace_word", None) or [])
    replaced = {w.strip().casefold() for w in again}
    both = sorted({w.strip() for w in keep if w.strip().casefold() in replaced})
    if both:
        raise Refused(f"{', '.join(both)}: either --keep-word or --replace-word, not both")
    try:
        return ReportOptions(
            sections=sections,
            anonymise=args.anonymise,
            wave=_wave(args),
            segment=args.segment,
            anonymise_terms=terms,
            k=getattr(args, "k", None),
            keep_words=keep,
            replace_words=again,
            prepared_by=_prepared_by(args),
        )
    except ValueError as exc:
        raise Refused(str(exc)) from None


def _prepared_by(args: argparse.Namespace) -> list[str] | None:
    """The names of --prepared-by (repeatable, or several in one: "A, B and C")."""
    given = getattr(args, "prepared_by", None)
    if not given:
        return None
    from workbench.deliver.context import split_names

    names = [n for text in given for n in split_names(text)]
    if not names:
        raise Refused("--prepared-by needs a name")
    return names


def _preview(kind: str, args: argparse.Namespace, out: TextIO, **kwargs: Any) -> int:
    """Print every replacement and suppression an anonymised deliverable would make."""
    from collections import Counter

    from workbench.deliver.anonymise import changes
    from workbench.deliver.build import DeliverableError, anonymisation_preview
    from workbench.deliver.excel import WorkbookError
    from workbench.deliver.word import ReportError

    with open_engagement_for(args.file) as store:
        try:
            log = anonymisation_preview(store, kind, **kwargs)
        except (DeliverableError, ReportError, WorkbookError) as exc:
            raise Refused(str(exc)) from None
    made = changes(log)
    counts = Counter((r.where, r.kind, r.what, r.replaced_by) for r in made)
    print(f"Anonymising the {kind} would make {len(made)} change(s); nothing written.", file=out)
    for (where, kind_, what, new), n in counts.items():
        times = f"  (x{n})" if n > 1 else ""
        print(f"{where}\t{kind_}\t{what!r} -> {new!r}{times}", file=out)
    _print_lone_names(log, out)
    return 0


def _print_lone_names(log: list[Any], out: Any) -> None:
    """The words replaced as parts of a name, each with its count and first context; those
    that may be ordinary words are marked (keep one with --keep-word WORD).  Then the
    words kept as ordinary words, each with its count and first context, and the line
    every anonymised deliverable prints (:func:`_kept_line`)."""
    from workbench.deliver.anonymise import kept_words, lone_names

    words = lone_names(log)
    if words:
        print("\nWords replaced as parts of a name (keep one with --keep-word WORD):", file=out)
    for word, n, possible, context in words:
        mark = "  possible name" if possible else ""
        print(f"  {word}\t{n}\t{context}{mark}", file=out)
    kept = kept_words(log)
    if kept:
        print(
            "\nWords kept as ordinary words: each opens a sentence, names a code or is a "
            "function word (will, may) also written in lowercase, and stands apart from "
            "other names (replace one with --replace-word WORD):",
            file=out,
        )
    for word, n, context in kept:
        print(f"  {word}\t{n}\t{context}", file=out)
    line = _kept_line(log)
    if line:
        print(f"\n{line}", file=out)


def _kept_line(log: list[Any]) -> str:
    """The one line that says which words an anonymised deliverable kept as ordinary
    words ("" when it kept none)."""
    from workbench.deliver.anonymise import kept_summary

    summary = kept_summary(log)
    if not summary:
        return ""
    return f"Kept as ordinary words (not replaced): {summary} \u2014 --replace-word WORD to replace"


def _unforeseen(kind: str, exc: Exception) -> None:
    """Raise ``exc`` itself when the command line can say it in words (a full disk ...),
    else a :class:`~workbench.failures.DeliverableFailed` naming the ``kind`` of
    deliverable (one line, never a traceback)."""
    from workbench.failures import DeliverableFailed, describe_failure, log_fault

    if describe_failure(exc) is not None:
        raise exc
    raise DeliverableFailed(kind, exc, log_fault(kind, exc)) from exc


def _deliver(
    make: Callable[..., Any], args: argparse.Namespace, out: TextIO, kind: str, **kwargs: Any
) -> int:
    from workbench.deliver.build import DeliverableError
    from workbench.deliver.excel import WorkbookError
    from workbench.deliver.word import ReportError

    log: list[Any] = []
    with open_engagement_for(args.file) as store:
        warn_of_astray_passages(store, args.file)
        try:
            path = make(store, args.output, log=log, **kwargs)
        except (DeliverableError, ReportError, WorkbookError) as exc:
            raise Refused(str(exc)) from None
        except Exception as exc:
            _unforeseen(kind, exc)
    print(f"Wrote {path}", file=out)
    _say_kept(log)
    return 0


def _say_kept(log: list[Any]) -> None:
    """Say on stderr which words an anonymised deliverable kept as ordinary words."""
    line = _kept_line(log)
    if line:
        print(f"workbench: {line}", file=sys.stderr)


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.deliver.build import export_report

    if args.preview:
        return _preview(
            "report",
            args,
            out,
            options=_options(args),
            choices=_choices(args.analysis),
            template=args.template,
        )
    warnings: list[str] = []
    code = _deliver(
        export_report,
        args,
        out,
        "report",
        options=_options(args),
        choices=_choices(args.analysis),
        template=args.template,
        warnings=warnings,
    )
    _warn_of_findings(warnings, "report")
    return code


def _export(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.deliver.build import export_workbook

    if args.preview:
        return _preview(
            "workbook", args, out, options=_options(args), choices=_choices(args.analysis)
        )
    return _deliver(
        export_workbook,
        args,
        out,
        "workbook",
        options=_options(args),
        choices=_choices(args.analysis),
    )


def _deck(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.deliver.anonymise import changes
    from workbench.deliver.build import DeliverableError
    from workbench.deliver.deck import DeckError, deck_anonymisation_preview, export_deck

    options, choices = _options(args), _choices(args.analysis)
    warnings: list[str] = []
    written_log: list[Any] = []
    with open_engagement_for(args.file) as store:
        if not args.preview:
            warn_of_astray_passages(store, args.file)
        try:
            if args.preview:
                log = deck_anonymisation_preview(
                    store, options, choices=choices, template=args.template
                )
            else:
                path = export_deck(
                    store,
                    args.output,
                    options,
                    choices=choices,
                    template=args.template,
                    warnings=warnings,
                    log=written_log,
                )
        except (DeliverableError, DeckError) as exc:
            raise Refused(str(exc)) from None
        except Exception as exc:
            _unforeseen("deck", exc)
    if args.preview:
        made = changes(log)
        print(f"Anonymising the deck would make {len(made)} change(s); nothing written.", file=out)
        for r in made:
            print(f"{r.where}\t{r.kind}\t{r.what!r} -> {r.replaced_by!r}", file=out)
        _print_lone_names(log, out)
        return 0
    print(f"Wrote {path}", file=out)
    _say_kept(written_log)
    _warn_of_findings(warnings, "deck")
    return 0


def warn_of_astray_passages(store: Any, path: str) -> None:
    """Say on stderr when coded passages hold words their text no longer reads (an earlier
    version left them there): the deliverable quotes them as stored.  It is still written."""
    from workbench.store.passages import export_warning

    for line in export_warning(store, str(path)):
        print(f"workbench: warning: {path}: {line}", file=sys.stderr)


def _warn_of_findings(warnings: list[str], what: str) -> None:
    """Print the stale finding figures of a deliverable, and what to do about them."""
    for line in warnings:
        print(f"workbench: warning: {line}", file=sys.stderr)
    if warnings:
        print(
            f"workbench: the {what} gives the findings as written; check their figures in "
            "the findings register.",
            file=sys.stderr,
        )


def _scope_args(p: Any) -> None:
    p.add_argument(
        "--analysis",
        action="append",
        metavar="ID",
        help="include this analysis (default: the engagement's report selection, else the service-quality models)",
    )
    _wave_args(p)
    p.add_argument("--segment")
    p.add_argument(
        "--anonymise", "--anonymize", action="store_true", help="replace respondent names by labels"
    )
    p.add_argument(
        "--anonymise-term",
        action="append",
        metavar="TERM",
        help="also withhold this term when anonymising (a product, a place), besides the "
        "engagement's own terms; repeatable",
    )
    p.add_argument(
        "--anonymise-terms",
        action="append",
        metavar="FILE",
        help="a text file of terms to withhold, one a line",
    )
    p.add_argument(
        "--keep-word",
        action="append",
        metavar="WORD",
        help="when anonymising, keep this word where it stands alone although it is part of "
        'a respondent\'s name ("Mark my words"); full names are still replaced; repeatable',
    )
    p.add_argument(
        "--replace-word",
        action="append",
        metavar="WORD",
        help="when anonymising, replace this part of a respondent's name wherever it stands, "
        "also where it reads as an ordinary word and is kept by default (it opens a "
        "sentence and names a code or is a function word written in lowercase elsewhere: "
        '"Price is too high", "Will renew"); repeatable',
    )
    p.add_argument(
        "--k",
        type=int,
        default=None,
        help="smallest group of respondents an anonymised deliverable shows (default: the "
        "engagement's, set with `workbench protection`; 5 unless changed)",
    )
    p.add_argument(
        "--preview",
        action="store_true",
        help="with --anonymise: list every replacement and suppression, write nothing",
    )
    p.add_argument(
        "--prepared-by",
        action="append",
        metavar="NAME",
        help="who the deliverable says prepared it (the cover's \"Prepared by\", the file's "
        'author); repeatable, or several in one ("Jo Whitfield, Sam Patel"); default: the '
        "engagement's consultants, else the name you signed in with",
    )


class _Sections:
    """The report's section names, looked up only when the help is shown (building the
    parser must not import the deliverables)."""

    def __str__(self) -> str:
        from workbench.deliver.context import SECTIONS

        return ", ".join(SECTIONS)


def register_deliverables(sub: Any) -> None:
    p = sub.add_parser("report", help="write the Word report")
    p.add_argument("file")
    p.add_argument("-o", "--output")
    p.add_argument("--template", help="a firm's own .docx template")
    sections = p.add_argument(
        "--sections",
        action="append",
        help="comma-separated, in order, from: %(sections)s",
    )
    sections.sections = _Sections()  # type: ignore[attr-defined]
    _scope_args(p)
    p.set_defaults(func=_report)
    p = sub.add_parser("export", help="write the Excel workbook (analysis tables and raw data)")
    p.add_argument("file")
    p.add_argument("-o", "--output")
    _scope_args(p)
    p.set_defaults(func=_export)
    p = sub.add_parser("deck", help="write the steering-committee slide deck (PowerPoint)")
    p.add_argument("file")
    p.add_argument("-o", "--output")
    p.add_argument("--template", help="a firm's own .pptx whose slide master and layouts are used")
    _scope_args(p)
    p.set_defaults(func=_deck)


# -- importing responses ------------------------------------------------------------------
MAX_LISTED = 50  # columns or problems listed on stderr; the rest are counted


def _import(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.deliver.importer import (
        ImportFailed,
        apply_import,
        load_mapping,
        plan_import,
        save_mapping,
        shown_header,
    )

    try:
        mapping = load_mapping(args.mapping) if args.mapping else None
        interviewer = " ".join((args.interviewer or "").split())
        with open_engagement_for(args.file, write=True) as store:
            form_id = args.form or _proposed_form(store, args.data)
            plan = plan_import(
                store,
                args.data,
                form_id,
                mapping,
                dayfirst=getattr(args, "dayfirst", False),
                wave=args.wave,
                interviewer=interviewer,
            )
            if plan.platform:
                from workbench.deliver.survey_exports import PLATFORMS

                print(f"a {PLATFORMS[plan.platform]} export; columns mapped:", file=sys.stderr)
                for header, target in plan.mapping.items():
                    if target:
                        print(f"  {shown_header(header)!r} -> {target}", file=sys.stderr)
            for note in getattr(plan, "date_notes", []):
                print(note, file=sys.stderr)
            for sheet, count, why in plan.sheets_not_imported:
                print(
                    f"sheet not imported: {sheet!r} ({plural(count, 'row')}): {why}",
                    file=sys.stderr,
                )
            if plan.ref_header is not None:
                print(
                    f"column {shown_header(plan.ref_header)!r}: not an answer; used to "
                    "recognise submissions already imported",
                    file=sys.stderr,
                )
            unmapped = plan.not_imported()
            for header in unmapped[:MAX_LISTED]:
                print(f"column not imported: {shown_header(header)!r}", file=sys.stderr)
            if len(unmapped) > MAX_LISTED:
                print(
                    f"… and {len(unmapped) - MAX_LISTED:,} more columns not imported",
                    file=sys.stderr,
                )
            problems = plan.all_problems
            for problem in problems[:MAX_LISTED]:
                print(problem, file=sys.stderr)
            if len(problems) > MAX_LISTED:
                print(f"… and {len(problems) - MAX_LISTED:,} more problems", file=sys.stderr)
            for warning in plan.warnings[:MAX_LISTED]:
                print(f"warning: {warning}", file=sys.stderr)
            if len(plan.warnings) > MAX_LISTED:
                print(f"… and {len(plan.warnings) - MAX_LISTED:,} more warnings", file=sys.stderr)
            if args.add_again and args.only_new:
                raise Refused("--add-again and --only-new ask for opposite things: give one")
            twice = _twice(plan, interviewer, only_new=args.only_new)
            if twice and not args.add_again:
                raise Refused(
                    "; ".join(twice) + "; nothing was imported (if these are second "
                    "interviews of the same people, import them with --add-again"
                    + (
                        "; to import only the rows of people with none there yet, --only-new)"
                        if plan.repeats is not None and not args.only_new
                        else ")"
                    )
                )
            for line in twice:
                print(f"warning: {line}; added again (--add-again)", file=sys.stderr)
            summary = apply_import(
                store,
                plan,
                wave=args.wave,
                skip_bad_rows=args.skip_bad_rows,
                only_new=args.only_new,
                # a sheet's respondents answered it: no interviewer unless one is named
                # (the consultant importing the file held no interview), as in the window
                interviewer=interviewer,
            )
            if args.save_mapping:
                save_mapping(plan, args.save_mapping)
    except ImportFailed as exc:
        lines = str(exc).splitlines()
        reason = lines[0].rstrip().rstrip(":")  # the list itself was printed above
        raise Refused(reason + ("; the problems are listed above" if len(lines) > 1 else "")) from None
    from workbench.deliver.importer import left_out_text, rows_named

    skipped = (
        f"; skipped {plural(len(summary.skipped_rows), 'row')} with bad cells: "
        + rows_named(summary.skipped_people)
        if summary.skipped_rows
        else ""
    )
    if summary.left_out:
        skipped += "; " + left_out_text(summary, plan)
    if summary.already_imported:
        skipped += f"; {summary.already_imported:,} already imported, skipped"
    if summary.flagged:
        skipped += (
            f"; {plural(summary.flagged, 'answer')} kept as given but flagged (not offered by "
            f"their choice filter; `workbench check {args.file} --answers` lists them)"
        )
    from workbench.analysis.labels import material_word
    from workbench.deliver.importer import imported_kinds

    kinds = imported_kinds(plan, interviewer)
    print(
        f"Imported {summary.interviews:,} {material_word(kinds, summary.interviews != 1)}: "
        f"{summary.respondents_created:,} new "
        f"and {plural(summary.respondents_matched, 'known respondent')}{skipped}.",
        file=out,
    )
    from workbench.deliver.import_people import new_people_note

    note = new_people_note(plan, summary.respondents_created)
    if note:
        print(note, file=out)
    return 0


def _proposed_form(store: Any, data: str) -> str:
    """The form the sheet fits (see ``import_forms.propose_form``), said on stderr; refused
    when nothing tells which."""
    from workbench.deliver.import_forms import matched_columns, offered_forms, propose_form
    from workbench.deliver.importer import _data_rows

    forms = offered_forms(store)
    proposed = propose_form(store, data, forms)
    if proposed is None:
        raise Refused(
            "no column of the file matches a question of any form, and the engagement does "
            "not use exactly one form: name the form with --form (`workbench form list`)"
        )
    headers = _data_rows(Path(data))[1][0]
    matched = matched_columns(headers, next(f for f in forms if f.id == proposed))
    why = (
        f"{matched} of the {plural(len(headers), 'column')} "
        f"{'matches' if matched == 1 else 'match'} its questions"
        if matched
        else "no column matches a question; the one form the engagement uses"
    )
    print(f"form proposed: {proposed} ({why}; --form names another)", file=sys.stderr)
    return proposed


def _twice(plan: Any, interviewer: str, only_new: bool = False) -> list[str]:
    """What would give people a second interview of the form in the wave: rows naming people
    who have one there already (unless ``only_new`` leaves those rows out), and people named
    in more than one row of the file (those left out by ``only_new`` aside)."""
    from workbench.deliver.import_repeats import duplicates_left

    lines = []
    duplicates = duplicates_left(plan.duplicates, plan.repeats) if only_new else plan.duplicates
    if plan.repeats is not None and not only_new:
        lines.append(
            f"{plan.repeats.message()}; importing them would add a second one for each of "
            "those people in that wave"
        )
    if duplicates is not None:
        from workbench.analysis.labels import material_word
        from workbench.deliver.importer import imported_kinds

        words = material_word(imported_kinds(plan, interviewer))
        lines.append(
            f"{duplicates.message()}; importing them would give each of those people "
            f"two or more {words} in the wave (people of the same name are told apart by an "
            "e-mail column)"
        )
    return lines


def register_import(sub: Any) -> None:
    p = sub.add_parser("import", help="import survey responses from .xlsx/.csv")
    p.add_argument("file", help="the engagement file")
    p.add_argument("data", help="the spreadsheet of responses")
    p.add_argument(
        "--form",
        help="the form the responses answer; without it, the form most of the file's columns "
        "match (by question key or label), else the one form the engagement uses",
    )
    p.add_argument("--mapping", help="a YAML column mapping (columns: {header: key})")
    p.add_argument("--save-mapping", help="write the mapping used, for the next file")
    p.add_argument(
        "--dayfirst", action="store_true", help="read 03/04/2024 as 3 April (default: 4 March)"
    )
    p.add_argument("--wave")
    p.add_argument(
        "--interviewer",
        help="who conducted the interviews, where the file does not say; without it (and "
        "without an interviewer column) the rows are responses, with no interviewer",
    )
    p.add_argument(
        "--skip-bad-rows", action="store_true", help="import the good rows, skip the bad"
    )
    p.add_argument(
        "--add-again",
        action="store_true",
        help="import rows naming people who already have an interview (or response) of the "
        "form in the wave, and rows naming a person another row of the file names, as second "
        "ones of those people; without it such rows stop the import, since they would add "
        "second ones of those people in the wave (rows with no name are numbered respondents "
        "and never name anyone already there; the same rows of the same file are skipped, "
        "not added again)",
    )
    p.add_argument(
        "--only-new",
        action="store_true",
        help="import only the rows naming people who have no interview (or response) of the "
        "form in the wave yet, and leave out (and list) the rows of those who have one: a "
        "corrected sheet sent again after its bad rows were skipped with --skip-bad-rows",
    )
    p.set_defaults(func=_import)


# -- codebooks ---------------------------------------------------------------------------------
def _codebook_import(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.coding.codebook import CodebookError, builtin_codebooks
    from workbench.coding.service import import_codebook, read_codebook

    source = Path(args.source)
    try:
        if source.exists() or source.is_symlink():
            book = read_codebook(source)
        else:
            books = builtin_codebooks()
            if args.source not in books:
                raise Refused(
                    f"{args.source}: no such file or built-in codebook ({', '.join(books)})"
                )
            book = books[args.source]
    except CodebookError as exc:
        raise Refused(str(exc)) from None
    with open_engagement_for(args.file, write=True) as store:
        added = import_codebook(store, book, under=args.under or None)
    print(f"Added {plural(len(added), 'code')} from {book.name}", file=out)
    return 0


def _codebook_export(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.coding.codebook import CodebookError
    from workbench.coding.service import export_codebook

    with open_engagement_for(args.file) as store:
        try:
            path = export_codebook(store, args.output)
        except CodebookError as exc:
            raise Refused(str(exc)) from None
        count = len(store.codes())
    print(f"Wrote {plural(count, 'code')} to {path}", file=out)
    return 0


def register_codebook(sub: Any) -> None:
    p = sub.add_parser("codebook", help="load or export an engagement's codebook")
    csub = p.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    q = csub.add_parser(
        "import", help="add codes from a .yaml/.xlsx/.csv/.qdc file or a built-in codebook"
    )
    q.add_argument("file")
    q.add_argument("source", help="a file, or a built-in codebook id such as seven-sins")
    q.add_argument("--under", help="put the codes below a top-level code of this name")
    q.set_defaults(func=_codebook_import)
    q = csub.add_parser(
        "export", help="write the codebook as .yaml, .xlsx, .csv or .qdc (REFI-QDA)"
    )
    q.add_argument("file")
    q.add_argument("-o", "--output", required=True)
    q.set_defaults(func=_codebook_export)


from workbench.encryption_commands import register_encryption  # noqa: E402 (uses Refused)
from workbench.erasure_commands import register_erasure  # noqa: E402
from workbench.protection_commands import register_protection  # noqa: E402
from workbench.qdpx_commands import register_qdpx, register_transcript  # noqa: E402
from workbench.search_commands import register_search  # noqa: E402
from workbench.team.commands import register_team  # noqa: E402
from workbench.wave_commands import register_wave  # noqa: E402

REGISTRARS: list[Callable[[Any], None]] = [
    register_forms,
    register_analyses,
    register_deliverables,
    register_import,
    register_codebook,
    register_encryption,
    register_erasure,
    register_protection,
    register_team,
    register_qdpx,
    register_transcript,
    register_search,
    register_wave,
]
