"""``workbench merge``, ``merge-report``, ``push`` and ``pull``: thin shells over the team core."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from workbench.commands import Refused
from workbench.failures import describe_failure
from workbench.team import is_url

SHOWN_LINES = 20


def source_copy(source: str) -> Any:
    """Another copy's content; an encrypted file's passphrase from the environment or a prompt."""
    from workbench.commands import passphrase_for
    from workbench.team.merge import read_source

    return read_source(source, None if is_url(source) else passphrase_for(source))


def print_result(result: Any, out: TextIO) -> None:
    from workbench.team.report import report_rows

    print(result.summary(), file=out)
    rows = report_rows(result.items)
    for what, record, field, kept, other, detail in rows[:SHOWN_LINES]:
        where = f" {field}" if field else ""
        values = f": kept {kept!r} over {other!r}" if kept or other else ""
        print(f"  {what}: {record}{where}{values} ({detail})", file=out)
    if len(rows) > SHOWN_LINES:
        print(f"  … and {len(rows) - SHOWN_LINES} more (see `workbench merge-report`)", file=out)
    if result.backup:
        print(f"  The engagement as it was is kept as {result.backup}", file=out)
    if result.erased:
        print(f"  {result.erasure_words()}", file=out)


def cmd_merge(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.commands import check_writable, passphrase_for
    from workbench.store import open_engagement
    from workbench.store.models import new_id
    from workbench.team.merge import merge_into

    target = args.target
    if is_url(target):
        from workbench.team.pg import merge_into_shared

        for source in args.sources:
            copy = source_copy(source)
            print_result(merge_into_shared(target, copy, source, merge_codes=args.merge_codes), out)
        return 0
    check_writable(target)
    from workbench.team.merge import check_same_engagement, read_source

    passphrase = passphrase_for(target)
    mine = read_source(target, passphrase)
    run, results, accepted, refused = new_id(), [], [], []
    # Each copy is read and checked before the target is written to at all.
    for source in args.sources:
        try:
            if not is_url(source) and Path(source).resolve() == Path(target).resolve():
                raise Refused(f"{source}: is the file being merged into; nothing was merged")
            copy = source_copy(source)
            check_same_engagement(mine, copy, source)
        except Exception as exc:
            if len(args.sources) == 1 or describe_failure(exc) is None:
                raise
            refused.append(source)
            print(f"workbench: {describe_failure(exc)}", file=sys.stderr)
            continue
        accepted.append((source, copy))
    if accepted:
        # No backup at open: the merge takes one itself, just before it writes.
        with open_engagement(
            target, read_only=False, backup=False, passphrase=passphrase
        ) as store:
            for source, copy in accepted:
                result = merge_into(
                    store, copy, source_label=source, merge_codes=args.merge_codes, run=run
                )
                print_result(result, out)
                results.append(result)
            if args.report:
                _write(run_report_of(results), args.report, out)
    if len(args.sources) > 1:
        print(f"Merged: {', '.join(r.source for r in results) or 'none'}", file=out)
        if refused:
            print(f"Refused, nothing of them merged: {', '.join(refused)}", file=out)
    return 1 if refused else 0


def run_report_of(results: list[Any]) -> Any:
    from workbench.settings import consultant_name
    from workbench.team.report import run_report

    return run_report(results, consultant_name())


def _write(report: Any, dest: str, out: TextIO) -> None:
    from workbench.team.report import export_report

    try:
        export_report(report, dest)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    print(f"Wrote the merge report to {dest}", file=out)


def cmd_merge_report(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.commands import open_engagement_for
    from workbench.team.report import kept_apart_words, last_run, report_rows

    if is_url(args.file):
        # The shared store's own reports (the merges made into it), read where they are:
        # a working copy would hold only the pull that made it.
        from workbench.team.pg import SharedStore, shown

        with SharedStore(args.file) as shared:
            report = last_run(shared)
        where = shown(args.file)
    else:
        with open_engagement_for(args.file) as store:
            report = last_run(store)
        where = args.file
    if report is None:
        print(f"{where}: no merge has been made in this engagement yet", file=out)
        return 0
    if args.output:
        _write(report, args.output, out)
        return 0
    print(report.heading(), file=out)
    for row in report_rows(report.items):
        print("  " + " | ".join(str(v) for v in row if v != ""), file=out)
    apart = kept_apart_words(report.items)
    if apart:
        print(f"  {apart}", file=out)
    if not any(i["kind"] == "conflict" for i in report.items):
        print("  no conflicts" + (" of fields changed on both sides" if apart else ""), file=out)
    return 0


def cmd_push(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.commands import passphrase_for
    from workbench.team.pg import push

    if not is_url(args.url):
        raise Refused(f"{args.url}: not a shared store's address (postgresql://…)")
    result = push(
        args.file, args.url, passphrase=passphrase_for(args.file), merge_codes=args.merge_codes
    )
    print_result(result, out)
    return 0


def cmd_pull(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.commands import check_writable, passphrase_for
    from workbench.team.pg import pull

    if not is_url(args.url):
        raise Refused(f"{args.url}: not a shared store's address (postgresql://…)")
    check_writable(args.file)
    passphrase = passphrase_for(args.file) if Path(args.file).exists() else None
    result = pull(args.url, args.file, passphrase=passphrase, merge_codes=args.merge_codes)
    print_result(result, out)
    return 0


def register_team(sub: Any) -> None:
    p = sub.add_parser(
        "merge",
        help="merge other copies of an engagement into one (exit 1 when refused)",
        description="Merge each SOURCE (a copy of the same engagement, or a shared store's "
        "postgresql:// URL) into TARGET. The target is backed up first and each merge is "
        "one transaction; the conflicts settled are kept as a merge report.",
    )
    p.add_argument("target")
    p.add_argument("sources", nargs="+", metavar="source")
    p.add_argument(
        "--merge-codes",
        action="store_true",
        help="merge codes of the same name (otherwise they are listed in the report)",
    )
    p.add_argument("--report", help="also write the merge report to this .csv or .xlsx file")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser(
        "push",
        help="merge an engagement file into a shared store (postgresql://…)",
        description="Merge FILE into the shared store at URL (made when new). The file is "
        "only read. Pushes from several consultants follow each other; nothing is lost.",
    )
    p.add_argument("file")
    p.add_argument("url")
    p.add_argument("--merge-codes", action="store_true", help="merge codes of the same name")
    p.set_defaults(func=cmd_push)

    p = sub.add_parser(
        "pull",
        help="merge a shared store into an engagement file (made when new)",
        description="Merge the shared store at URL into FILE, or make FILE from it.",
    )
    p.add_argument("url")
    p.add_argument("file")
    p.add_argument("--merge-codes", action="store_true", help="merge codes of the same name")
    p.set_defaults(func=cmd_pull)

    p = sub.add_parser(
        "merge-report", help="show or export the last merge report of a file or shared store"
    )
    p.add_argument("file", help="an engagement file, or a shared store's postgresql:// URL")
    p.add_argument("-o", "--output", help="write it to this .csv or .xlsx file")
    p.set_defaults(func=cmd_merge_report)
