"""Where the built-in material lives: forms, report templates, resources.

In an installed wheel the three folders travel inside the package as
``workbench/_builtin/<name>``; in a source checkout they sit at the top of the
repository.  User data (automatic backups, settings) goes to the platform's user data
folder, or to ``$WORKBENCH_DATA_DIR`` when that is set (tests set it).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _builtin(name: str) -> Path:
    installed = _PACKAGE / "_builtin" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def forms_dir() -> Path:
    return _builtin("forms")


def report_templates_dir() -> Path:
    return _builtin("report_templates")


def resources_dir() -> Path:
    return _builtin("resources")


def user_data_dir() -> Path:
    override = os.environ.get("WORKBENCH_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir as _platform_dir

        path = Path(_platform_dir("Workbench", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no handle for a folder)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # a folder that cannot be opened for reading: the rename stands
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems cannot sync a folder; the data itself is already synced.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(fd)


@contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it into place only on success.

    A failed or cancelled write leaves neither a half-written file nor a temporary one,
    and an existing file at ``path`` stays as it was.  The file is synced to the disk
    before it is moved into place, and the folder after, so a power cut leaves either
    the old file or the whole new one.  The new file gets the permissions
    any new file of the user would get.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"folder {folder} does not exist")
    fd, tmp_name = tempfile.mkstemp(prefix=f".~{target.stem}.", suffix=target.suffix, dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.exists():
            os.chmod(tmp, _default_mode())
            _fsync(tmp)  # the bytes are on the disk before the name points at them
        os.replace(tmp, target)
        _fsync_folder(folder)  # and the new name is on the disk when we return
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            with suppress(OSError):
                leftover.unlink()
        raise
