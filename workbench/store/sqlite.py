"""Connections to an engagement file, and what its failures mean in words.

A file name reaches SQLite only inside a ``file:`` URI built here with every special
character quoted, never through a SQLAlchemy URL parsed from the name: a name such as
``p%41ct.wbk`` or ``q?x.wbk`` names exactly that file.  Every connection refuses to run
functions from the schema that could have side effects (``trusted_schema=OFF``).
Write transactions start with ``BEGIN IMMEDIATE``, so that an edit reads what it
changes under the write lock and two edits never interleave.

An encrypted engagement is an SQLCipher database: given a ``key`` (the passphrase),
:func:`connect` opens it through ``sqlcipher3`` (imported only then), keys it before any
other statement and proves the key by reading the schema.  Its failures are the same
kinds as :mod:`sqlite3`'s but other classes, so callers catch :func:`errors` of a kind.
"""

from __future__ import annotations

import errno
import functools
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

BUSY_TIMEOUT_S = 10.0
BEGIN_ATTEMPTS = 3  # each waits up to BUSY_TIMEOUT_S for another writer to finish

# SQLite's primary result codes (the low byte of an extended code)
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB, SQLITE_PERM = 26, 3
CIPHER_MODULE = "sqlcipher3.dbapi2"


class PassphraseRejected(sqlite3.DatabaseError):
    """The passphrase does not open the file (or the file is no database at all)."""


def errors(kind: str = "DatabaseError") -> tuple[type[BaseException], ...]:
    """The exception classes of one kind (``OperationalError``, ``IntegrityError``…) from
    :mod:`sqlite3` and, once an encrypted file has been opened, from SQLCipher."""
    found: list[type[BaseException]] = [getattr(sqlite3, kind)]
    cipher = sys.modules.get(CIPHER_MODULE)
    if cipher is not None:
        found.append(getattr(cipher, kind))
    return tuple(found)


def cipher_module() -> Any:
    """The SQLCipher binding, imported on first use (only encrypted files need it)."""
    import sqlcipher3.dbapi2

    return sqlcipher3.dbapi2


def dbapi(key: str | None) -> Any:
    """The DB-API module for a connection with or without a key (for SQLAlchemy's ``module``)."""
    return sqlite3 if key is None else cipher_module()


def key_literal(passphrase: str) -> str:
    """The passphrase as an SQL string literal for ``PRAGMA key`` / ``rekey``."""
    if not passphrase or "\x00" in passphrase:
        raise ValueError("a passphrase must be non-empty text without NUL characters")
    return "'" + passphrase.replace("'", "''") + "'"


def sqlite_uri(path: str | os.PathLike[str], **params: str) -> str:
    """A ``file:`` URI that names ``path`` and nothing else.

    Every character outside the unreserved set is percent-quoted (``%``, ``?``, ``#``,
    spaces, any non-ASCII letter), so SQLite reads the name back byte for byte.  A
    Windows drive path becomes ``file:///C:/…`` and a network path
    ``file:////server/share/…`` (an empty authority, which SQLite requires).
    """
    text = Path(os.path.abspath(path)).as_posix()
    if not text.startswith("/"):
        text = "/" + text
    uri = "file://" + quote(text, safe="/:")
    if params:
        uri += "?" + "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    return uri


def connect(
    path: str | os.PathLike[str],
    *,
    mode: str = "rw",
    immutable: bool = False,
    timeout: float | None = None,
    key: str | None = None,
) -> sqlite3.Connection:
    """An SQLite connection to exactly ``path``.

    ``mode`` is ``ro`` (read only), ``rw`` (an existing file) or ``rwc`` (created when
    missing).  The connection leaves transactions to the caller (no implicit BEGIN),
    may be used from any thread, waits up to ``timeout`` seconds (by default
    :data:`BUSY_TIMEOUT_S`) for another writer, and distrusts the schema.  With a
    ``key`` the file is an SQLCipher database; a key that does not open it raises
    :class:`PassphraseRejected` before anything is written.
    """
    params = {"mode": mode}
    if immutable:
        params["immutable"] = "1"
    module = dbapi(key)
    conn_uri = sqlite_uri(path, **params)
    conn_args = {
        "uri": True,
        "timeout": BUSY_TIMEOUT_S if timeout is None else timeout,
        "isolation_level": None,
        "check_same_thread": False,
    }
    conn = module.connect(conn_uri, **conn_args)
    try:
        if key is not None:
            salt = _salt(path)
            if salt is not None and not _keyed(conn, f"\"x'{_derived(key, salt)}'\""):
                # Not SQLCipher's default derivation after all: let SQLCipher derive it.
                conn.close()
                conn = module.connect(conn_uri, **conn_args)
                salt = None
            if salt is None and not _keyed(conn, key_literal(key)):
                raise PassphraseRejected("the passphrase does not open the file")
        conn.execute("PRAGMA trusted_schema=OFF")
    except BaseException:
        conn.close()
        raise
    return conn


# SQLCipher 4's key derivation: PBKDF2-HMAC-SHA512 over the file's salt (its first 16 bytes).
KDF_ITERATIONS, SALT_BYTES = 256_000, 16


def _salt(path: str | os.PathLike[str]) -> bytes | None:
    try:
        salt = read_start(path, SALT_BYTES)
    except OSError:
        return None
    return salt if len(salt) == SALT_BYTES else None


# -- reading a file this process has open ---------------------------------------------------
# POSIX locks belong to the process: closing ANY descriptor on a file releases all of
# SQLite's locks on it ("How To Corrupt An SQLite Database File", 2.2), and another
# program then checkpoints and deletes the WAL under the open store.  A store keeps one
# plain descriptor for its lifetime; what reads the file's first bytes meanwhile reads
# them through it and opens (and closes) nothing.
_HELD: dict[tuple[int, int], list[int]] = {}  # (device, inode): [descriptor, holders]


def hold(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Keep a descriptor on ``path`` until :func:`release` (call before connecting)."""
    info = os.stat(path)
    key = (info.st_dev, info.st_ino)
    if key in _HELD:
        _HELD[key][1] += 1
    else:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        _HELD[key] = [fd, 1]
        _flock(fd, shared=True)  # tells other programs the file is open (held_elsewhere)
    return key


def _flock(fd: int, *, shared: bool) -> bool:
    """A whole-file ``flock`` without waiting (which, unlike SQLite's POSIX locks, belongs
    to the descriptor); False when another holder's lock conflicts."""
    try:
        import fcntl
    except ImportError:  # Windows locks files by itself
        return True
    try:
        fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without flock: SQLite's own locks still apply
        return True
    return True


def held_elsewhere(path: str | os.PathLike[str]) -> bool:
    """Whether another process (a window) has a store open on ``path``."""
    try:
        info = os.stat(path)
    except OSError:
        return False
    if (info.st_dev, info.st_ino) in _HELD:
        return False  # this process: and a descriptor closed here would drop its locks
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    try:
        return not _flock(fd, shared=False)
    finally:
        os.close(fd)


def release(key: tuple[int, int]) -> None:
    """Give back :func:`hold`'s descriptor (call after the last connection is closed)."""
    held = _HELD.get(key)
    if held is None:
        return
    held[1] -= 1
    if held[1] <= 0:
        del _HELD[key]
        os.close(held[0])


def read_start(path: str | os.PathLike[str], size: int) -> bytes:
    """The first ``size`` bytes of ``path``, without a descriptor of its own when a store
    of this process has the file open."""
    info = os.stat(path)
    held = _HELD.get((info.st_dev, info.st_ino))
    if held is not None:
        return os.pread(held[0], size, 0)
    with open(path, "rb") as fh:
        return fh.read(size)


@functools.lru_cache(maxsize=8)
def _derived(passphrase: str, salt: bytes) -> str:
    """The key SQLCipher derives from ``passphrase``, worked out once per file and run.

    Derivation is slow on purpose (a quarter of a second); an open makes several
    connections (check, backup, the store's pool), which then take the key as it is.
    """
    import hashlib

    raw = hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, KDF_ITERATIONS, 32)
    return raw.hex()


def _keyed(conn: Any, literal: str) -> bool:
    """Key the connection; whether the key opens the file (a wrong one writes nothing)."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is ours to say
    conn.execute(f"PRAGMA key = {literal}")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except Exception as exc:
        if primary_code(exc) != SQLITE_NOTADB:
            raise
        return False
    return True


def begin_immediate(execute: Any) -> None:
    """Take the write lock, waiting for another writer a while and then once more."""
    for attempt in range(BEGIN_ATTEMPTS):
        try:
            execute("BEGIN IMMEDIATE")
            return
        except errors("OperationalError") as exc:
            if primary_code(exc) not in (SQLITE_BUSY, SQLITE_LOCKED):
                raise
            if attempt == BEGIN_ATTEMPTS - 1:
                raise


def primary_code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def describe(path: Path, exc: BaseException) -> tuple[str, str] | None:
    """(kind, words) for a failure that has a plain cause, else None.

    ``kind`` is one of ``full``, ``busy``, ``readonly``, ``permission``, ``loop``,
    ``io``, ``damaged``, ``passphrase``.
    """
    if isinstance(exc, OSError):
        number = exc.errno
        if number in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return "full", "the disk is full"
        if number == errno.EROFS:
            return "readonly", "the disk is read-only"
        if number in (errno.EACCES, errno.EPERM):
            return "permission", "permission denied"
        if number == errno.ELOOP:
            return "loop", "a symbolic link that points back at itself (a link loop)"
        if number == errno.EIO:
            return "io", "the disk could not be read or written (input/output error)"
        reason = exc.strerror or str(exc)
        return "io", reason[:1].lower() + reason[1:]
    if isinstance(exc, PassphraseRejected):
        return "passphrase", "the passphrase is wrong (or the file is not a Workbench engagement)"
    code = primary_code(exc)
    message = str(exc)
    if code == SQLITE_FULL or "disk is full" in message:
        return "full", "the disk is full"
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return "busy", "another program is writing to the file and did not finish in time"
    if code == SQLITE_READONLY:
        return "readonly", "the file or its folder is read-only"
    if code == SQLITE_PERM:
        return "permission", "permission denied"
    if code == SQLITE_IOERR:
        return "io", "the disk could not be read or written (input/output error)"
    if code == SQLITE_CANTOPEN:
        return "io", "the file cannot be opened (its folder may be read-only or gone)"
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return "damaged", f"the file is damaged ({message})"
    return None
