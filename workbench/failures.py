"""Expected failures in words: a full disk, a read-only folder, a busy or damaged file.

:func:`describe_failure` turns an exception a command may meet in ordinary use into one
line a consultant can act on, or returns ``None`` for a genuine bug (which should be seen
with its traceback).  The command line prints the line and exits with status 1.
"""

from __future__ import annotations

import errno
import logging
import logging.handlers
import os
import sqlite3
from pathlib import Path
from typing import Any

__all__ = [
    "DeliverableFailed",
    "describe_failure",
    "describe_os_error",
    "fault_place",
    "is_disk_full",
    "log_fault",
    "log_path",
    "start_logging",
]

log = logging.getLogger("workbench")


def log_path() -> Path:
    """The log of the window and the command line, in the user data folder."""
    from workbench.paths import user_data_dir

    return user_data_dir() / "logs" / "workbench.log"


def start_logging() -> Path:
    """Send the ``workbench`` log to :func:`log_path` (rotated at 1 MB, three kept)."""
    path = log_path()
    for handler in log.handlers:
        if getattr(handler, "baseFilename", None) == str(path):
            return path
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def log_fault(what: str, exc: BaseException) -> Path | None:
    """Write ``exc`` with its traceback to the log, saying that the ``what`` could not be
    made; the log's path, or None when the log itself cannot be written."""
    try:
        path = start_logging()
        log.error("the %s could not be written", what, exc_info=exc)
        return path
    except OSError:
        return None


def fault_place(exc: BaseException) -> str:
    """``"TypeError at build.py:181"``: the kind of error and the innermost line of
    Workbench's own code it came from (for a bug report), never the error's own text."""
    tb, where = exc.__traceback__, ""
    while tb is not None:  # the innermost line of Workbench's own code
        name = tb.tb_frame.f_code.co_filename
        if f"{os.sep}workbench{os.sep}" in name or not where:
            where = f"{os.path.basename(name)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return type(exc).__name__ + (f" at {where}" if where else "")

DISK_FULL = "disk full"

_ERRNO_WORDS = {
    errno.ENOSPC: DISK_FULL,
    errno.EDQUOT: "disk quota exceeded",
    errno.EFBIG: "file too large (the file-size limit was reached)",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "a symbolic link that points to itself (a loop)",
    errno.ENOENT: "no such file or folder",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENXIO: "not a regular file (a named pipe or device)",
    errno.EIO: "input/output error (is the disk or the network share still there?)",
    errno.ENAMETOOLONG: "the file name is too long",
}

# SQLite's own words for the same conditions (sqlite3 has no errno).
_SQLITE_WORDS = (
    ("database or disk is full", f"{DISK_FULL}: the engagement file cannot grow"),
    ("readonly database", "read-only: the engagement file or its folder cannot be written"),
    (
        "unable to open database file",
        "cannot open the engagement file for writing (is its folder read-only, or is "
        "permission denied?)",
    ),
    ("database is locked", "the engagement file is busy in another program; try again"),
    ("disk i/o error", "input/output error while writing the engagement file (disk full?)"),
    ("file is not a database", "the file is not an engagement file, or it is damaged"),
    ("database disk image is malformed", "the engagement file is damaged"),
)

_IO_NAMES = {f"IO_{name}": code for name, code in errno.__dict__.items() if name.startswith("E")}


class DeliverableFailed(Exception):
    """A deliverable could not be built for a reason nobody foresaw (a bug in the product).

    Raised from the original error, whose traceback is in the log (``log``); the command
    line shows this one line instead: which deliverable, that nothing was written, the
    kind of error and the place in the code where it happened, and where the log is.
    """

    def __init__(self, what: str, exc: BaseException, log: Path | None = None) -> None:
        where = f"the details are in the log, {log}" if log else "the log could not be written"
        super().__init__(
            f"the {what} could not be written, and nothing was, because of a fault in "
            f"Workbench ({fault_place(exc)}); {where}. Please report it with that file."
        )


def describe_os_error(exc: OSError) -> str:
    """``<file>: <what happened>`` with the cause named as a consultant would say it."""
    words = _ERRNO_WORDS.get(exc.errno or -1) or exc.strerror or str(exc)
    where = exc.filename if exc.filename is not None else None
    if where is not None and exc.filename2 is not None and exc.errno != errno.ENOSPC:
        where = f"{exc.filename} -> {exc.filename2}"
    return f"{os.fsdecode(where)}: {words}" if where is not None else words


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in out and len(out) < 20:
        out.append(current)
        current = current.__cause__ or current.__context__
    return out


def _errno_of(exc: BaseException) -> int | None:
    if isinstance(exc, OSError):
        return exc.errno
    if type(exc).__name__ == "SerialisationError":  # lxml writing to a full disk
        return _IO_NAMES.get(str(exc).strip())
    text = str(exc).lower()
    if "database or disk is full" in text:
        return errno.ENOSPC
    return None


def is_disk_full(exc: BaseException) -> bool:
    """Whether a full disk (or quota) is behind ``exc`` or any exception it came from."""
    return any(_errno_of(e) in (errno.ENOSPC, errno.EDQUOT) for e in _chain(exc))


def _database_error(exc: BaseException) -> bool:
    from workbench.store.sqlite import errors  # SQLCipher's classes too, once loaded

    if isinstance(exc, (sqlite3.Error, *errors("Error"))):
        return True
    module = type(exc).__module__ or ""
    return module.startswith("sqlalchemy") and type(exc).__name__ in (
        "OperationalError",
        "DatabaseError",
        "InternalError",
        "IntegrityError",
        "StaleDataError",
        "TimeoutError",
    )


def _sqlite_words(exc: BaseException) -> str:
    orig: Any = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    lowered = text.lower()
    for needle, words in _SQLITE_WORDS:
        if needle in lowered:
            return words
    return f"the engagement file could not be changed ({text.splitlines()[0] if text else exc!r})"


def describe_failure(exc: BaseException) -> str | None:
    """One line for an expected failure, or None when ``exc`` is a bug."""
    from workbench.commands import Refused
    from workbench.limits import InputLimitError

    expected: tuple[type[BaseException], ...] = (Refused, InputLimitError, DeliverableFailed)
    try:
        from workbench.store import EngagementFileError

        expected += (EngagementFileError,)
    except ImportError:  # pragma: no cover - the store is part of the package
        pass
    if isinstance(exc, expected):
        message = str(exc)
        if is_disk_full(exc) and DISK_FULL not in message:
            message += f" ({DISK_FULL})"
        return message
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    if type(exc).__name__ == "SerialisationError":
        code = _errno_of(exc)
        return _ERRNO_WORDS.get(code or -1, f"cannot write the file ({exc})")
    if _database_error(exc):
        return _sqlite_words(exc)
    if isinstance(exc, RecursionError | MemoryError):
        return "the input is too large or too deeply nested to be read"
    return None
