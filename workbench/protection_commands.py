"""``workbench protection FILE``: see or set an engagement's data-protection settings.

The anonymisation threshold k and the extra terms are used by every anonymised
deliverable (report, workbook, deck); ``--k`` and ``--anonymise-term`` on ``report`` and
``export`` override k and add terms for one deliverable.  The retention date is when the
window starts reminding that personal data should be erased
(``workbench erase FILE --all-personal-data``).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any, TextIO

from workbench.commands import Refused, open_engagement_for


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (use YYYY-MM-DD)") from None


def _protection(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store.protection import (
        ProtectionError,
        check_k,
        edited_terms,
        protection,
        set_protection,
    )

    changes = (
        args.k is not None
        or args.add_term
        or args.remove_term
        or args.retain_until is not None
        or args.no_retention
    )
    if args.retain_until is not None and args.no_retention:
        raise Refused("give either --retain-until or --no-retention, not both")
    if not changes:
        with open_engagement_for(args.file) as store:
            kept = protection(store)
    else:
        try:
            if args.k is not None:
                check_k(args.k)
            with open_engagement_for(args.file, write=True) as store:
                current = protection(store)
                terms = edited_terms(current.terms, args.add_term or (), args.remove_term or ())
                fields: dict[str, Any] = {"k": args.k, "terms": terms}
                if args.no_retention:
                    fields["retain_until"] = None
                elif args.retain_until is not None:
                    fields["retain_until"] = args.retain_until
                set_protection(store, **fields)
                kept = protection(store)
        except ProtectionError as exc:
            raise Refused(f"{args.file}: {exc}") from None
    if args.json:
        json.dump(
            {
                "k": kept.k,
                "terms": kept.terms,
                "retain_until": kept.retain_until.isoformat() if kept.retain_until else None,
                "retention_passed": kept.overdue(),
            },
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    print(f"{args.file}{': changed' if changes else ''}", file=out)
    for line in kept.lines():
        print(f"  {line}", file=out)
    if kept.overdue():
        print(
            f"  The retention date has passed: erase the personal data with "
            f"`workbench erase {args.file} --all-personal-data`.",
            file=out,
        )
    return 0


def register_protection(sub: Any) -> None:
    p = sub.add_parser(
        "protection",
        help="see or set an engagement's anonymisation threshold k, extra terms to withhold "
        "and retention date",
    )
    p.add_argument("file")
    p.add_argument(
        "--k",
        type=int,
        help="smallest group of respondents an anonymised deliverable shows (default 5)",
    )
    p.add_argument(
        "--add-term",
        action="append",
        metavar="TERM",
        help="a term every anonymised deliverable withholds (a product, a place); repeatable",
    )
    p.add_argument("--remove-term", action="append", metavar="TERM", help="stop withholding a term")
    p.add_argument(
        "--retain-until",
        type=_date,
        metavar="DATE",
        help="keep personal data until this date (YYYY-MM-DD); the window reminds after it",
    )
    p.add_argument("--no-retention", action="store_true", help="clear the retention date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_protection)
