"""``workbench erase FILE --respondent NAME``: a person erased on request, with a preview."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from workbench.commands import Refused, passphrase_for


def _erase(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.settings import interviewer_or_default
    from workbench.store import open_engagement
    from workbench.store.database import encryption_key
    from workbench.store.erasure import (
        ErasureError,
        erase,
        find_respondent,
        plan_erasure,
        pseudonymise,
        scrub_file,
    )

    path = Path(args.file)
    if args.all_personal_data:
        if args.pseudonymise:
            raise Refused(
                "--all-personal-data already replaces every identity; drop --pseudonymise"
            )
        return _erase_all(path, args, out)
    passphrase = passphrase_for(args.file)
    # No automatic backup now: it would keep a copy of the person being erased.
    store = open_engagement(path, read_only=False, backup=False, passphrase=passphrase)
    try:
        try:
            respondent_id = find_respondent(store, args.respondent)
        except ErasureError as exc:
            raise Refused(f"{path}: {exc}") from None
        plan = plan_erasure(store, respondent_id, args.respondent)
        if args.pseudonymise:
            print(
                f"Pseudonymising {args.respondent} in {path} replaces their name and clears "
                "their e-mail, role, organisation unit and attributes; it keeps:",
                file=out,
            )
            lines = [line for line in plan.lines() if "backup" not in line]
            lines.append(f"  and deletes {len(plan.backups)} automatic backup(s) that hold them")
        else:
            print(f"Erasing {args.respondent} from {path} removes:", file=out)
            lines = plan.lines()
        for line in lines:
            print(line, file=out)
        if not args.yes:
            if not sys.stdin.isatty():
                print("Nothing was changed: add --yes to erase.", file=out)
                return 0
            if input("Go ahead? [y/N] ").strip().lower() not in ("y", "yes"):
                print("Nothing was changed.", file=out)
                return 0
        author = interviewer_or_default(None)
        if args.pseudonymise:
            record = pseudonymise(store, plan, author=author)[1]
        else:
            record = erase(store, plan, author=author)
    finally:
        store.close()
    scrub_file(path, encryption_key(path, passphrase))
    done = "Pseudonymised" if args.pseudonymise else "Erased"
    print(f"{done}. Recorded in the engagement: {record}", file=out)
    return 0


def _confirmed(args: argparse.Namespace, out: TextIO, verb: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print(f"Nothing was changed: add --yes to {verb}.", file=out)
        return False
    if input("Go ahead? [y/N] ").strip().lower() not in ("y", "yes"):
        print("Nothing was changed.", file=out)
        return False
    return True


def _erase_all(path: Path, args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store import open_engagement
    from workbench.store.database import encryption_key
    from workbench.store.erasure import scrub_file
    from workbench.store.protection import protection
    from workbench.store.retention import erase_personal_data, plan_retention_erasure

    passphrase = passphrase_for(args.file)
    store = open_engagement(path, read_only=False, backup=False, passphrase=passphrase)
    try:
        kept = protection(store)
        plan = plan_retention_erasure(store)
        when = f" (kept until {kept.retain_until.isoformat()})" if kept.retain_until else ""
        print(f"Erasing all personal data from {path}{when}:", file=out)
        for line in plan.lines():
            print(line, file=out)
        if not _confirmed(args, out, "erase"):
            return 0
        record = erase_personal_data(store, plan)
    finally:
        store.close()
    scrub_file(path, encryption_key(path, passphrase))
    print(f"Erased. Recorded in the engagement: {record}", file=out)
    return 0


def register_erasure(sub: Any) -> None:
    p = sub.add_parser(
        "erase",
        help="erase a respondent and everything that identifies them, on request (a preview first)",
    )
    p.add_argument("file")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--respondent", metavar="NAME", help="the respondent's name")
    who.add_argument(
        "--all-personal-data",
        action="store_true",
        help="every person at once (when the retention date has passed): respondents and "
        "consultants become pseudonyms, their names leave every text; the analyses' data stay",
    )
    p.add_argument(
        "--pseudonymise",
        action="store_true",
        help="keep their interviews and quotes, replace their identity by a pseudonym",
    )
    p.add_argument("--yes", action="store_true", help="go ahead without asking")
    p.set_defaults(func=_erase)
