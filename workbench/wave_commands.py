"""``workbench wave``: list, add, rename, move and delete an engagement's waves.

A re-audit months after the baseline is a wave added to the engagement file then; the
analyses compare waves in the order given here.  Each command goes through
:func:`workbench.store.waves.set_waves`, as Engagement Details in the window does.
"""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from workbench.commands import Refused, open_engagement_for


def _list(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store.waves import wave_uses

    with open_engagement_for(args.file) as store:
        waves = wave_uses(store)
    if args.json:
        json.dump(
            [
                {
                    "position": w.position,
                    "name": w.name,
                    "start_date": w.start_date.isoformat() if w.start_date else None,
                    "end_date": w.end_date.isoformat() if w.end_date else None,
                    "interviews": w.interviews,
                    "interviews_in_trash": w.trashed,
                    "planned": w.planned,
                }
                for w in waves
            ],
            out,
            indent=2,
        )
        out.write("\n")
        return 0
    _print(waves, out)
    return 0


def _print(waves: list[Any], out: TextIO) -> None:
    for w in waves:
        print(f"  {w.position}. {w.name}  ({w.uses() or 'no interviews yet'})", file=out)


def _change(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store import waves as core

    try:
        with open_engagement_for(args.file, write=True) as store:
            if args.action == "add":
                spec = core.add_wave(store, args.name, position=args.position)
                done = f"added the wave {spec.name!r}"
            elif args.action == "rename":
                spec = core.rename_wave(store, args.name, args.new_name)
                done = f"renamed the wave {args.name!r} to {spec.name!r}"
            elif args.action == "move":
                core.move_wave(store, args.name, args.position)
                done = f"moved the wave {args.name!r} to place {args.position}"
            else:
                spec = core.delete_wave(store, args.name)
                done = f"deleted the wave {spec.name!r}"
            waves = core.wave_uses(store)
    except core.WaveError as exc:
        raise Refused(f"{args.file}: {exc}") from None
    print(f"{args.file}: {done}. The waves, in order:", file=out)
    _print(waves, out)
    return 0


def register_wave(sub: Any) -> None:
    p = sub.add_parser(
        "wave",
        help="list, add, rename, move or delete an engagement's waves (a re-audit after "
        "the baseline)",
    )
    waves = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    q = waves.add_parser("list", help="the waves in order, with the interviews in each")
    q.add_argument("file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=_list)

    q = waves.add_parser("add", help="add a wave (at the end unless --position is given)")
    q.add_argument("file")
    q.add_argument("name")
    q.add_argument("--position", type=int, help="its place in the order, from 1")
    q.set_defaults(func=_change)

    q = waves.add_parser("rename", help="rename a wave")
    q.add_argument("file")
    q.add_argument("name")
    q.add_argument("new_name")
    q.set_defaults(func=_change)

    q = waves.add_parser("move", help="put a wave at another place in the order")
    q.add_argument("file")
    q.add_argument("name")
    q.add_argument("position", type=int, help="its new place, from 1")
    q.set_defaults(func=_change)

    q = waves.add_parser("delete", help="delete a wave no interview or planned interview uses")
    q.add_argument("file")
    q.add_argument("name")
    q.set_defaults(func=_change)
