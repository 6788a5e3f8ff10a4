"""Connections to an engagement file, and what its failures mean in words.

A file name reaches SQLite only inside a ``file:`` URI built here with every special
character quoted, never through a SQLAlchemy URL parsed from the name: a name such as
``p%41ct.wbk`` or ``q?x.wbk`` names exactly that file.  Every connection refuses to run
functions from the schema that could have side effects (``trusted_schema=OFF``).
Write transactions start with ``BEGIN IMMEDIATE``, so that an edit reads what it
changes under the write lock and two edits never interleave.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

BUSY_TIMEOUT_S = 10.0
BEGIN_ATTEMPTS = 3  # each waits up to BUSY_TIMEOUT_S for another writer to finish

# SQLite's primary result codes (the low byte of an extended code)
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_NOTADB, SQLITE_PERM = 26, 3


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
) -> sqlite3.Connection:
    """An SQLite connection to exactly ``path``.

    ``mode`` is ``ro`` (read only), ``rw`` (an existing file) or ``rwc`` (created when
    missing).  The connection leaves transactions to the caller (no implicit BEGIN),
    may be used from any thread, waits up to ``timeout`` seconds (by default
    :data:`BUSY_TIMEOUT_S`) for another writer, and distrusts the schema.
    """
    params = {"mode": mode}
    if immutable:
        params["immutable"] = "1"
    conn = sqlite3.connect(
        sqlite_uri(path, **params),
        uri=True,
        timeout=BUSY_TIMEOUT_S if timeout is None else timeout,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
    except BaseException:
        conn.close()
        raise
    return conn


def begin_immediate(execute: Any) -> None:
    """Take the write lock, waiting for another writer a while and then once more."""
    for attempt in range(BEGIN_ATTEMPTS):
        try:
            execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
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
    ``io``, ``damaged``.
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
