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


# -- where an engagement file should not live ------------------------------------------------
# Folder names (compared case-blind, by their start) that cloud sync clients create.
_CLOUD_FOLDERS = (
    ("onedrive", "OneDrive"),  # "OneDrive", "OneDrive - Contoso", macOS "OneDrive-Personal"
    ("dropbox", "Dropbox"),  # "Dropbox", "Dropbox (Contoso)"
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),  # macOS "GoogleDrive-ana@example.com"
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("iclouddrive", "iCloud Drive"),  # Windows
    ("mobile documents", "iCloud Drive"),  # macOS ~/Library/Mobile Documents
    ("cloudstorage", "cloud storage"),  # macOS ~/Library/CloudStorage/<provider>
)
# Files or folders a sync client keeps at the top of the folder it synchronises.
_SYNC_MARKERS = (
    (".dropbox", "Dropbox"),
    (".dropbox.cache", "Dropbox"),
    (".tmp.drivedownload", "Google Drive"),
    (".stfolder", "Syncthing"),
    (".owncloudsync.log", "Nextcloud"),
)
_NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "sshfs", "afs", "ncpfs", "9p"}
)


def cloud_service(path: str | os.PathLike[str]) -> str | None:
    """The sync service whose folder holds ``path`` (e.g. "OneDrive"), or None."""
    here = Path(os.path.abspath(path))
    for part in here.parts[:-1]:
        name = part.strip().lower()
        for start, service in _CLOUD_FOLDERS:
            if name.startswith(start):
                return service
    for folder in here.parents:
        for marker, service in _SYNC_MARKERS:
            with suppress(OSError):
                if (folder / marker).exists():
                    return service
    return None


def network_filesystem(path: str | os.PathLike[str], mounts: str | None = None) -> str | None:
    """The kind of network share that holds ``path`` ("nfs", "cifs", "UNC" …), or None.

    On Linux the mount table says (``mounts`` stands in for ``/proc/mounts``); on
    Windows a ``\\\\server\\share`` path or a drive letter mapped to a share.
    """
    text = os.path.abspath(path)
    if os.name == "nt":
        return _windows_share(text)
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ").replace("\\011", "\t")
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    if kind and (kind in _NETWORK_FILESYSTEMS or kind.startswith("fuse.")):
        return kind
    return None


def _windows_share(text: str) -> str | None:
    if text.startswith(("\\\\", "//")):
        return "UNC"
    try:
        import ctypes

        root = text[:3]
        if ctypes.windll.kernel32.GetDriveTypeW(root) == 4:  # DRIVE_REMOTE
            return "mapped network drive"
    except (AttributeError, OSError, ValueError):
        return None
    return None


def location_warning(path: str | os.PathLike[str]) -> str:
    """Advice when an engagement file sits where a sync tool or a share can damage it."""
    name = Path(path).name
    advice = (
        "Keep engagement files on the local disk (save a copy there and open the copy): "
        "sync tools and network shares ignore the locks SQLite relies on, and can damage "
        "the file."
    )
    service = cloud_service(path)
    if service:
        return f"{name} is in a {service} folder. {advice}"
    share = network_filesystem(path)
    if share:
        return f"{name} is on a network share ({share}). {advice}"
    return ""
