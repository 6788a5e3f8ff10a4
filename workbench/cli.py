"""The ``workbench`` command.

``workbench [FILE]`` opens the window; every subcommand that makes or reads a file calls
the same core functions the window does.  Errors go to stderr; exit status 0 on success,
1 on a refused input, 2 on a usage error.  Heavy modules are imported inside the
commands so that ``workbench --help`` and the window start quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from workbench import __version__
from workbench.commands import Refused, open_engagement_for, passphrase_for
from workbench.failures import describe_failure

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


# -- commands -------------------------------------------------------------------------------
def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store import create_engagement

    passphrase = None
    if args.encrypt:
        from workbench.encryption_commands import new_passphrase

        passphrase = new_passphrase(args.file)
    store = create_engagement(
        args.file,
        client=args.client,
        title=args.title,
        scope=args.scope or "",
        consultants=args.consultant or [],
        start_date=args.start,
        end_date=args.end,
        waves=tuple(args.wave or ["baseline"]),
        passphrase=passphrase,
    )
    store.close()
    locked = " (encrypted)" if passphrase else ""
    print(f"Created {args.file}{locked}: {args.client} — {args.title}", file=out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.demo import build_demo

    path = Path(args.file)
    if path.exists() and not args.force:
        raise Refused(f"{path}: a file of that name already exists (use --force to replace it)")
    store = build_demo(path, overwrite=args.force)
    counts = store.counts()
    store.close()
    print(
        f"Wrote the demo engagement to {path}: {counts['respondents']} respondents, "
        f"{counts['interviews']} interviews, {counts['notes']} notes, "
        f"{counts['coded segments']} coded segments.",
        file=out,
    )
    return EXIT_OK


def cmd_info(args: argparse.Namespace, out: TextIO) -> int:
    store = open_engagement_for(args.file)
    try:
        eng = store.engagement()
        info: dict[str, Any] = {
            "file": str(Path(args.file)),
            "client": eng.client,
            "title": eng.title,
            "scope": eng.scope,
            "consultants": eng.consultants,
            "start_date": eng.start_date.isoformat() if eng.start_date else None,
            "end_date": eng.end_date.isoformat() if eng.end_date else None,
            "schema_version": store.schema_revision(),
            "waves": [w.name for w in store.waves()],
            "forms": [
                {"id": f.form_id, "version": f.version, "title": f.title}
                for f in store.form_versions()
            ],
            "counts": store.counts(),
        }
    finally:
        store.close()
    if args.json:
        json.dump(info, out, indent=2)
        out.write("\n")
        return EXIT_OK
    print(f"{info['client']} — {info['title']}", file=out)
    print(f"  file:           {info['file']}", file=out)
    print(f"  schema version: {info['schema_version']}", file=out)
    if info["start_date"] or info["end_date"]:
        print(
            f"  dates:          {info['start_date'] or '?'} to {info['end_date'] or '?'}", file=out
        )
    if info["consultants"]:
        print(f"  consultants:    {', '.join(info['consultants'])}", file=out)
    print(f"  waves:          {', '.join(info['waves']) or '–'}", file=out)
    forms = ", ".join(f"{f['id']} v{f['version']}" for f in info["forms"]) or "–"
    print(f"  forms:          {forms}", file=out)
    for label, count in info["counts"].items():
        print(f"  {label + ':':<16}{count}", file=out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.paths import location_warning
    from workbench.store import check_engagement

    passphrase = passphrase_for(args.file)
    if args.remove_foreign:
        from workbench.store.database import remove_foreign_objects

        done, saved = remove_foreign_objects(args.file, passphrase)
        for line in done:
            print(f"{args.file}: {line}", file=out)
        if saved:
            print(f"The file as it was is kept as {saved.name}.", file=out)
    if args.mend_passages:
        store = open_engagement_for(args.file, write=True)
        try:
            done, saved = store.back_up_and_mend_passages()
            for line in done:
                print(f"{args.file}: {line}", file=out)
            if saved:
                print(f"The file as it was is kept as {saved}.", file=out)
        finally:
            store.close()
    problems = check_engagement(args.file, passphrase)
    warning = location_warning(args.file)
    if warning:
        print(f"workbench: {warning}", file=sys.stderr)
    flagged = _flagged(args.file) if args.answers and not problems else []
    queued = _queued_search_texts(args.file, passphrase) if not problems else 0
    if args.json:
        report: dict[str, Any] = {"file": str(args.file), "ok": not problems,
                                  "problems": [str(p) for p in problems],
                                  "search_queue": queued}  # fmt: skip
        if args.answers:
            report["flagged_answers"] = [f.as_dict() for f in flagged]
        json.dump(report, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_REFUSED if problems else EXIT_OK
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return EXIT_REFUSED
    print(f"{args.file}: OK", file=out)
    if queued:
        from workbench.plural import plural

        print(f"{args.file}: the search index is behind by {plural(queued, 'text')} (notes "
              "or answers saved since it last took them in); searches find them, and the "
              "next search or opening of the file takes them in", file=out)  # fmt: skip
    if args.answers:
        _print_flagged(flagged, out)
    return EXIT_OK


def _queued_search_texts(path: str, passphrase: str | None) -> int:
    """The texts waiting in the file's search queue (0 for a shared store)."""
    from workbench.store.database import queued_search_texts
    from workbench.team import is_url

    return 0 if is_url(path) else queued_search_texts(path, passphrase)


def _flagged(path: str) -> list[Any]:
    from workbench.store.flagged import flagged_answers

    store = open_engagement_for(path)
    try:
        return flagged_answers(store)
    finally:
        store.close()


def _print_flagged(flagged: list[Any], out: TextIO) -> None:
    """The flagged answers under their interview, then how many."""
    from workbench.plural import plural

    last = None
    for f in flagged:
        if f.interview_id != last:
            last = f.interview_id
            when = f.date or "no date"
            print(f"{f.respondent} ({when}, {f.form_id} v{f.form_version}, interview "
                  f"{f.interview_id}):", file=out)  # fmt: skip
        label = f" ({f.label})" if f.label != f.question else ""
        print(f"  {f.question}{label}: {f.answer!r}: {f.reason}", file=out)
    interviews = len({f.interview_id for f in flagged})
    if flagged:
        print(f"{plural(len(flagged), 'answer')} kept as given but flagged, in "
              f"{plural(interviews, 'interview')}.", file=out)  # fmt: skip
    else:
        print("No answer breaks its question's rule or is outside its choice filter.", file=out)


def cmd_open_window(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.team import is_url

    refused: list[BaseException] = []

    def refuse_a_bad_file() -> None:
        """Say on stderr why a file that is no engagement is refused before any window
        shows (header and schema: the window reads the file whole after it shows it, and
        refuses a damaged one then).  The window still opens, on its start page, and
        shows its own message about the file, as File ▸ Open does: launched from a file
        manager or a shortcut, nobody reads stderr.  A path that names nothing is
        refused on stderr alone, before any window."""
        if args.file and not is_url(args.file):  # a shared store's URL: the window pulls it
            from workbench.store.database import (
                EngagementFileError,
                inspect_file,
                needs_passphrase,
            )

            if not needs_passphrase(args.file):  # an encrypted one: the window asks
                try:
                    inspect_file(args.file, whole=False, remember=True)  # (the window's
                    # open then takes this check's result, if the file has not changed)
                except EngagementFileError as exc:
                    if not os.path.lexists(args.file):
                        raise  # a name mistyped: said on stderr, no window
                    print(f"workbench: {exc}", file=sys.stderr)
                    refused.append(exc)

    from workbench.ui.app import run_app

    code = run_app(args.file, before_open=refuse_a_bad_file)
    return code or (EXIT_REFUSED if refused else EXIT_OK)


def _release(exc: BaseException) -> None:
    """Let go of what a failed command left open, quietly.

    A write that failed half-way (a full disk) can leave a ``ZipFile`` open in a frame of
    the traceback; when it is collected its ``__del__`` tries to finish the archive, fails
    again and Python prints "Exception ignored in ZipFile.__del__".  The failure has been
    reported once: the frames are cleared here with such echoes silenced.
    """
    import gc
    import traceback

    def quiet(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, OSError | ValueError) and not _is_io_error(
            unraisable.exc_value
        ):
            previous(unraisable)

    previous = sys.unraisablehook
    sys.unraisablehook = quiet
    try:
        seen: set[int] = set()
        current: BaseException | None = exc
        while current is not None and id(current) not in seen:
            seen.add(id(current))
            traceback.clear_frames(current.__traceback__)
            current = current.__cause__ or current.__context__
        gc.collect()
    finally:
        sys.unraisablehook = previous


def _is_io_error(exc: BaseException | None) -> bool:
    return type(exc).__name__ == "SerialisationError"


# -- the parser -------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="The service-management consultant's workbench. "
        "Run without a command to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open the window on an engagement file")
    p.add_argument("file", nargs="?")
    p.set_defaults(func=cmd_open_window)

    p = sub.add_parser("new", help="create a new engagement file")
    p.add_argument("file")
    p.add_argument("--client", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--scope")
    p.add_argument("--consultant", action="append", help="repeat for each consultant")
    p.add_argument("--start", type=_date, help="start date, YYYY-MM-DD")
    p.add_argument("--end", type=_date, help="end date, YYYY-MM-DD")
    p.add_argument("--wave", action="append", help="wave names (default: baseline)")
    p.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt the file with a passphrase (from WORKBENCH_PASSPHRASE or a prompt)",
    )
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("demo", help="write the demo engagement")
    p.add_argument("file")
    p.add_argument("--force", action="store_true", help="replace an existing file")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", help="summarise an engagement file")
    p.add_argument("file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("check", help="check a file's integrity and schema (exit 1 on a problem)")
    p.add_argument("file")
    p.add_argument(
        "--remove-foreign",
        action="store_true",
        help="remove triggers, views and tables Workbench did not create (the file is copied first)",
    )
    p.add_argument(
        "--mend-passages",
        action="store_true",
        help="put coded passages whose words are not their text at their offsets back on "
        "their text (the file is backed up first; a passage whose words are gone goes to "
        "the trash)",
    )
    p.add_argument(
        "--answers",
        action="store_true",
        help="also list, per interview and question, the answers kept as given but flagged "
        "(they break their question's rule or their choice filter does not offer them); "
        "they are no problem of the file: the exit status stays 0",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_check)

    for register in _extensions():
        register(sub)
    return parser


def _extensions() -> list[Callable[[Any], None]]:
    """Subcommand groups that live beside the code they drive."""
    from workbench.commands import REGISTRARS

    return REGISTRARS


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        argv = ["open", *argv]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(out)
        return EXIT_USAGE
    try:
        return int(args.func(args, out))
    except KeyboardInterrupt:
        print("workbench: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `workbench analyze ... | head`
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        message = describe_failure(exc)
        if message is None:
            raise
        _release(exc)
        del exc
        print(f"workbench: {message}", file=sys.stderr)
        return EXIT_REFUSED
