"""Encrypting an engagement file with a passphrase, removing it, changing it (SQLCipher).

The file is rewritten by ``sqlcipher_export`` into a temporary file beside it, which then
replaces it whole (:func:`workbench.paths.atomic_path`), so a failure leaves the file as
it was and no plain copy is left beside it.  The rolling backups in the user data folder
follow the file: encrypting it encrypts them, a new passphrase re-keys them.  The
passphrase itself is never written anywhere; the file keeps only SQLCipher's salt.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.paths import atomic_path
from workbench.store.database import (
    APPLICATION_ID,
    EngagementFileError,
    FileBusy,
    _plain_failures,
    can_write,
    inspect_file,
    list_backups,
    needs_passphrase,
)
from workbench.store.sqlite import errors

MIN_LENGTH = 8


def passphrase_problem(value: str) -> str | None:
    """Why ``value`` will not do as a new passphrase, or None."""
    if len(value) < MIN_LENGTH:
        return f"a passphrase needs at least {MIN_LENGTH} characters"
    if "\x00" in value:
        return "a passphrase cannot hold a NUL character"
    return None


def _cipher_connection(path: Path, key: str | None) -> Any:
    """An SQLCipher connection to ``path``, keyed when ``key`` is given (plain otherwise)."""
    from workbench.store.sqlite import BUSY_TIMEOUT_S, cipher_module, key_literal, sqlite_uri

    module = cipher_module()
    conn = module.connect(
        sqlite_uri(path, mode="rw"),
        uri=True,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute(f"PRAGMA key = {key_literal(key)}")
        conn.execute("PRAGMA trusted_schema=OFF")
    except BaseException:
        conn.close()
        raise
    return conn


@contextlib.contextmanager
def _alone(path: Path, key: str | None) -> Iterator[Any]:
    """The file, out of WAL mode (no ``-wal`` left beside it), while nobody else has it open."""
    conn = _cipher_connection(path, key)
    try:
        mode = conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise FileBusy(
                f"{path}: the file is open in another program (Workbench's window?); "
                "close it there and try again. Nothing was changed."
            )
        yield conn
    finally:
        conn.close()


def _export(path: Path, source_key: str | None, target_key: str | None, *, wal: bool) -> None:
    """Rewrite ``path`` whole, readable with ``target_key`` (plain when None)."""
    with _alone(path, source_key) as conn, atomic_path(path) as tmp:
        from workbench.store.sqlite import sqlite_uri

        conn.execute("ATTACH DATABASE ? AS target KEY ?", (sqlite_uri(tmp), target_key or ""))
        conn.execute("SELECT sqlcipher_export('target')").fetchall()
        conn.execute(f"PRAGMA target.application_id = {APPLICATION_ID}")
        version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
        conn.execute(f"PRAGMA target.user_version = {version}")
        if wal:
            conn.execute("PRAGMA target.journal_mode=WAL")
        conn.execute("DETACH DATABASE target")
        conn.close()  # before the new file takes the name


def _writable(path: Path) -> None:
    if not can_write(path):
        raise EngagementFileError(f"{path}: the file cannot be written; nothing was changed")


def encrypt_file(path: str | os.PathLike[str], passphrase: str) -> list[str]:
    """Encrypt a plain engagement file and its rolling backups; what was done, in words."""
    path = Path(path)
    if needs_passphrase(path):
        raise EngagementFileError(f"{path}: already encrypted (or not an engagement file)")
    inspect_file(path)
    _writable(path)
    with _plain_failures(path, "nothing was changed"):
        _export(path, None, passphrase, wal=True)
    done = [f"{path}: encrypted"]
    backups, failed = 0, 0
    for backup in list_backups(path):
        if needs_passphrase(backup):
            continue
        try:
            with _plain_failures(backup, ""):
                _export(backup, None, passphrase, wal=False)
            backups += 1
        except (EngagementFileError, OSError):
            with contextlib.suppress(OSError):
                backup.unlink()  # a plain copy that could not be encrypted does not stay
            failed += 1
    if backups:
        done.append(f"{backups} automatic backup(s) encrypted too")
    if failed:
        done.append(f"{failed} automatic backup(s) could not be encrypted and were deleted")
    for leftover in sorted(path.parent.glob(f"{path.name}.*.bak")):
        if not needs_passphrase(leftover):
            done.append(f"note: {leftover.name} beside it is an unencrypted copy; delete it")
    return done


def decrypt_file(path: str | os.PathLike[str], passphrase: str) -> list[str]:
    """Remove the encryption of an engagement file (its backups stay encrypted)."""
    path = Path(path)
    if not needs_passphrase(path):
        raise EngagementFileError(f"{path}: not encrypted; nothing was changed")
    inspect_file(path, passphrase=passphrase)
    _writable(path)
    with _plain_failures(path, "nothing was changed"):
        _export(path, passphrase, None, wal=True)
    return [f"{path}: no longer encrypted (its automatic backups stay encrypted)"]


def change_passphrase(path: str | os.PathLike[str], old: str, new: str) -> list[str]:
    """Re-key an encrypted engagement file and its rolling backups (``PRAGMA rekey``)."""
    from workbench.store.sqlite import key_literal

    path = Path(path)
    if not needs_passphrase(path):
        raise EngagementFileError(
            f"{path}: not encrypted; use `workbench encrypt` to give it a passphrase"
        )
    inspect_file(path, passphrase=old)
    _writable(path)
    literal = key_literal(new)
    with _plain_failures(path, "nothing was changed"), _alone(path, old) as conn:
        conn.execute(f"PRAGMA rekey = {literal}")
        conn.execute("PRAGMA journal_mode=WAL")
    done = [f"{path}: passphrase changed"]
    rekeyed, failed = 0, 0
    for backup in list_backups(path):
        try:
            with contextlib.closing(_cipher_connection(backup, old)) as conn:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                conn.execute(f"PRAGMA rekey = {literal}")
            rekeyed += 1
        except (*errors(), OSError):
            failed += 1  # a backup made under another passphrase: left as it is
    if rekeyed:
        done.append(f"{rekeyed} automatic backup(s) re-keyed too")
    if failed:
        done.append(f"{failed} automatic backup(s) kept their earlier passphrase")
    return done
