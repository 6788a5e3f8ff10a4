"""``workbench encrypt``, ``decrypt`` and ``passphrase``: a passphrase on an engagement file.

Passphrases come from ``WORKBENCH_PASSPHRASE`` (the current one, or the one to set) and
``WORKBENCH_NEW_PASSPHRASE`` (a new one), or else from a prompt; never from the command
line, where other users and the shell history would see them.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, TextIO

from workbench.commands import PASSPHRASE_ENV, Refused, passphrase_for

NEW_PASSPHRASE_ENV = "WORKBENCH_NEW_PASSPHRASE"


def new_passphrase(what: str, env: str = PASSPHRASE_ENV) -> str:
    """A passphrase to set: from ``env``, or typed twice at a prompt."""
    value = os.environ.get(env)
    if not value:
        if not sys.stdin.isatty():
            raise Refused(f"{what}: set {env} or run the command in a terminal")
        import getpass

        value = getpass.getpass(f"New passphrase for {what}: ")
        if getpass.getpass("The same again: ") != value:
            raise Refused("the two passphrases differ; nothing was changed")
    from workbench.store.encryption import passphrase_problem

    problem = passphrase_problem(value)
    if problem:
        raise Refused(f"{problem}; nothing was changed")
    return value


def _encrypt(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store.encryption import encrypt_file

    if args.change:
        return _passphrase(args, out)

    for line in encrypt_file(args.file, new_passphrase(args.file)):
        print(line, file=out)
    return 0


def _decrypt(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store.encryption import decrypt_file

    passphrase = passphrase_for(args.file)
    if passphrase is None:
        raise Refused(f"{args.file}: not encrypted; nothing was changed")
    for line in decrypt_file(args.file, passphrase):
        print(line, file=out)
    return 0


def _passphrase(args: argparse.Namespace, out: TextIO) -> int:
    from workbench.store.encryption import change_passphrase

    old = passphrase_for(args.file)
    if old is None:
        raise Refused(f"{args.file}: not encrypted; use `workbench encrypt {args.file}`")
    new = new_passphrase(args.file, NEW_PASSPHRASE_ENV)
    for line in change_passphrase(args.file, old, new):
        print(line, file=out)
    return 0


def register_encryption(sub: Any) -> None:
    tail = f" (passphrases from {PASSPHRASE_ENV} or a prompt)"
    p = sub.add_parser("encrypt", help="encrypt an engagement file with a passphrase" + tail)
    p.add_argument("file")
    p.add_argument(
        "--change",
        action="store_true",
        help=f"change the passphrase of an encrypted file (the new one from "
        f"{NEW_PASSPHRASE_ENV} or a prompt), as `workbench passphrase FILE`",
    )
    p.set_defaults(func=_encrypt)
    p = sub.add_parser("decrypt", help="remove an engagement file's encryption" + tail)
    p.add_argument("file")
    p.set_defaults(func=_decrypt)
    p = sub.add_parser(
        "passphrase",
        help=f"change an encrypted file's passphrase (the new one from {NEW_PASSPHRASE_ENV} "
        "or a prompt)",
    )
    p.add_argument("file")
    p.set_defaults(func=_passphrase)
