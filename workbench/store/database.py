"""The engagement file's lifecycle in one place.

``open_engagement()`` does it all: it refuses what is not a Workbench engagement file
(without writing a byte to it), checks integrity, upgrades an older schema in place
after a backup copy, keeps a few rolling automatic backups, sets the pragmas (WAL,
foreign keys, busy timeout, full sync) and hands back a :class:`~workbench.store.Store`.
``create_engagement()`` builds a new file beside its destination and moves it into
place only when it is complete.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from workbench.paths import atomic_path, location_warning, user_data_dir
from workbench.store.schema_check import foreign_objects, missing_objects
from workbench.store.sqlite import errors

APPLICATION_ID = 0x57424E43  # "WBNC" in the SQLite header: a Workbench engagement
SQLITE_MAGIC = b"SQLite format 3\x00"
# Schema revisions this version of Workbench knows, oldest first; the last is the head.
SCHEMA_REVISIONS = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011",
    "0012", "0013",
)  # fmt: skip
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]
ROLLING_BACKUPS = 5
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class EngagementFileError(Exception):
    """A file Workbench refuses to open, with a message a consultant can act on."""


class NotAnEngagementFile(EngagementFileError):
    pass


class DamagedFile(EngagementFileError):
    pass


class NewerSchema(EngagementFileError):
    pass


class ForeignSchema(EngagementFileError):
    """The file holds triggers, views or tables that Workbench did not create."""


class PassphraseNeeded(NotAnEngagementFile):
    """The file is not plain SQLite and may be an encrypted engagement: it needs a passphrase."""


class WrongPassphrase(EngagementFileError):
    """The passphrase does not open the encrypted file; nothing was written to it."""


class DiskFull(EngagementFileError):
    """The disk has no room for what had to be written; nothing was changed."""


class FileBusy(EngagementFileError):
    """Another program held the file's write lock for too long; nothing was changed."""


def file_error(path: Path, exc: BaseException, *, doing: str = "") -> EngagementFileError:
    """The refusal that names the cause of ``exc`` (a disk, lock or SQLite failure)."""
    from workbench.store.sqlite import describe

    found = describe(path, exc)
    if found is None:
        return DamagedFile(f"{path}: the file is damaged ({exc})")
    kind, words = found
    tail = f"; {doing}" if doing else ""
    if kind == "full":
        return DiskFull(f"{path}: the disk is full{tail}. Free some space and try again.")
    if kind == "busy":
        return FileBusy(f"{path}: {words}{tail}. Try again in a moment.")
    if kind == "damaged":
        return DamagedFile(f"{path}: {words}")
    if kind == "passphrase":
        return WrongPassphrase(f"{path}: {words}; nothing was changed")
    return EngagementFileError(f"{path}: {words}{tail}")


# -- inspecting a file without changing it ---------------------------------------------
def _stat_regular_file(path: Path) -> None:
    """Refuse, before opening it, anything but a regular file that can be reached.

    Opening a named pipe would wait for a writer for ever; a link loop or a missing
    permission gets its own words rather than a traceback.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise EngagementFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise file_error(path, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise EngagementFileError(f"{path}: is a folder, not an engagement file")
    if not stat.S_ISREG(info.st_mode):
        raise NotAnEngagementFile(
            f"{path}: not a regular file (a pipe, device or socket), not an engagement file"
        )


def _read_header(path: Path) -> bytes:
    _stat_regular_file(path)
    try:
        from workbench.store.sqlite import read_start

        return read_start(path, 100)  # never a descriptor closed on a file open here
    except FileNotFoundError:
        raise EngagementFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise EngagementFileError(f"{path}: is a folder, not an engagement file") from None
    except PermissionError:
        raise EngagementFileError(f"{path}: permission denied (cannot read the file)") from None
    except OSError as exc:
        raise file_error(path, exc) from None


def _may_be_encrypted(path: Path, header: bytes) -> bool:
    """An SQLCipher file starts with random bytes and holds whole pages."""
    size = path.stat().st_size
    return not header.startswith(SQLITE_MAGIC) and size >= 1024 and size % 512 == 0


def needs_passphrase(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is no plain SQLite file but could be an encrypted engagement."""
    path = Path(path)
    try:
        return _may_be_encrypted(path, _read_header(path))
    except EngagementFileError:
        return False  # opening it says what is wrong


def encryption_key(path: str | os.PathLike[str], passphrase: str | None) -> str | None:
    """The key to open ``path`` with: the passphrase when the file is encrypted, else None."""
    return passphrase if passphrase is not None and needs_passphrase(path) else None


# The first bytes of the kinds of file most often taken for an engagement, and their names.
_FILE_KINDS = (
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Office document (Word, Excel or PowerPoint)"),
    (b"{\\rtf", "a rich-text (RTF) document"),
    (b"\x89PNG", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
)
# A zip file's parts that name the Office document it is.
_ZIP_KINDS = (
    ("word/", "a Word document"),
    ("xl/", "an Excel workbook"),
    ("ppt/", "a PowerPoint presentation"),
)


def _kind_of_file(path: Path, header: bytes) -> str | None:
    """What a file that is no engagement is, in words, when its first bytes tell (an
    Office document by the names of its parts): None for an SQLite file, or when they do
    not tell."""
    if header.startswith((SQLITE_MAGIC, b"\x00")) or not header:
        return None
    if header.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return "a zip archive"
        for prefix, kind in _ZIP_KINDS:
            if any(name.startswith(prefix) for name in names):
                return kind
        return "a zip archive"
    for magic, kind in _FILE_KINDS:
        if header.startswith(magic):
            return kind
    if header.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "a text file"
    import codecs

    try:  # (the last character may be cut short at the end of the header)
        start = codecs.getincrementaldecoder("utf-8-sig")().decode(header)
    except UnicodeDecodeError:
        return None
    if all(c.isprintable() or c in "\t\r\n\f" for c in start):
        return "a text file"
    return None


def _check_header(path: Path, passphrase: str | None = None) -> bool:
    """Refuse what cannot be an engagement; True when the file is to be opened encrypted."""
    header = _read_header(path)
    if not header:
        raise NotAnEngagementFile(f"{path}: the file is empty, not a Workbench engagement")
    kind = _kind_of_file(path, header)
    if kind is not None:  # (an encrypted file starts with random bytes, not these)
        raise NotAnEngagementFile(f"{path}: not a Workbench engagement file (it is {kind})")
    if _may_be_encrypted(path, header):
        if passphrase is not None:
            return True
        raise PassphraseNeeded(
            f"{path}: encrypted, or not a Workbench engagement file; it opens only with its "
            "passphrase (a prompt, or WORKBENCH_PASSPHRASE for a command)"
        )
    if not header.startswith(SQLITE_MAGIC):
        raise NotAnEngagementFile(f"{path}: not a Workbench engagement file")
    if len(header) < 100:
        raise DamagedFile(f"{path}: the file is damaged (its header is cut short)")
    app_id = int.from_bytes(header[68:72], "big", signed=True)
    if app_id != APPLICATION_ID:
        raise NotAnEngagementFile(
            f"{path}: a database of another application, not a Workbench engagement"
        )
    return False


@contextlib.contextmanager
def _readonly_connection(path: Path, key: str | None = None) -> Iterator[sqlite3.Connection]:
    """A read-only connection that creates no side files.

    Without a WAL beside the file nobody has it open for writing, and it is read as it
    is (``immutable``), which makes SQLite create neither ``-wal`` nor ``-shm``.  Side
    files are never deleted here: one that appeared meanwhile belongs to a writer.
    """
    from workbench.store.sqlite import connect

    conn = connect(path, mode="ro", immutable=not Path(f"{path}-wal").exists(), key=key)
    try:
        yield conn
    finally:
        conn.close()


def _schema_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except errors():
        return None
    return row[0] if row else None


def inspect_file(
    path: str | os.PathLike[str],
    *,
    full: bool = False,
    schema: bool = True,
    passphrase: str | None = None,
    remember: bool = False,
    whole: bool = True,
) -> str:
    """Check that ``path`` is a healthy engagement file we can read; return its schema revision.

    Raises :class:`EngagementFileError` (with the path and the reason) otherwise.
    Never writes to the file.  ``full`` runs ``integrity_check`` instead of ``quick_check``;
    ``schema=False`` leaves out the check for objects Workbench did not create;
    ``whole=False`` leaves out the check that reads every page (header, schema version and
    schema objects only: what opening a file for the window checks before it shows it).
    An encrypted file is read with ``passphrase``; a wrong one is :class:`WrongPassphrase`.
    """
    path = Path(path)
    key = passphrase if _check_header(path, passphrase) else None
    memo = (str(path.resolve()), full, schema, key, _file_state(path), whole)
    found = _INSPECTED.pop(memo, None)
    if found is None and not whole:  # (a check of the whole file covers this one)
        found = _INSPECTED.pop((*memo[:-1], True), None)
    if found is not None and time.monotonic() - found[1] < INSPECTED_FOR:
        return found[0]
    revision = _inspect(path, key, full, schema, whole)
    if remember:
        _INSPECTED.clear()
        _INSPECTED[memo] = (revision, time.monotonic())
    return revision


#: ``inspect_file(..., remember=True)`` (the command line checking a file before the
#: window opens it) spares the next check of the same file (and extent) doing it again,
#: once, within this many seconds, if the file and its WAL are as they were.
INSPECTED_FOR = 10.0
_INSPECTED: dict[tuple[Any, ...], tuple[str, float]] = {}


def _file_state(path: Path) -> tuple[Any, ...]:
    """Size and modification time of the file and its WAL: any write changes them."""
    state: list[Any] = []
    for p in (path, Path(f"{path}-wal")):
        try:
            st = p.stat()
            state += [st.st_size, st.st_mtime_ns, st.st_ino]
        except OSError:
            state += [None]
    return tuple(state)


def _inspect(path: Path, key: str | None, full: bool, schema: bool, whole: bool = True) -> str:
    try:
        with _readonly_connection(path, key) as conn:
            if key is not None:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                if app_id != APPLICATION_ID:
                    raise NotAnEngagementFile(
                        f"{path}: an encrypted database of another application, "
                        "not a Workbench engagement"
                    )
            if whole:
                _check_pages(path, conn, full)
            revision = _schema_revision(conn)
            foreign = foreign_objects(conn, revision or "")
    except errors() as exc:
        raise file_error(path, exc) from None
    except OSError as exc:
        raise file_error(path, exc) from None
    if revision is None:
        raise DamagedFile(f"{path}: the file has no schema version; it is damaged or incomplete")
    if revision not in SCHEMA_REVISIONS:
        if revision > SCHEMA_HEAD:
            raise NewerSchema(
                f"{path}: written by a newer version of Workbench (schema {revision}; "
                f"this version reads up to {SCHEMA_HEAD}). Update Workbench to open it."
            )
        raise DamagedFile(f"{path}: unknown schema version {revision!r}")
    if foreign and schema:
        raise ForeignSchema(
            f"{path}: holds {', '.join(foreign)}, which Workbench did not create. Someone or "
            "something has changed the file; Workbench will not open it. Ask whoever sent it "
            "for a clean copy, restore a backup, or remove them with "
            f"`workbench check --remove-foreign {path}` (the file is copied first)."
        )
    return revision


def _check_pages(path: Path, conn: sqlite3.Connection, full: bool = False) -> None:
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}").fetchall()]
    if rows != ["ok"]:
        raise DamagedFile(f"{path}: the file is damaged ({'; '.join(rows[:3])})")


def check_pages(path: Path, key: str | None = None) -> None:
    """Read every page of ``path`` (``quick_check``): :class:`DamagedFile` if one is bad."""
    try:
        with _readonly_connection(path, key) as conn:
            _check_pages(path, conn)
    except errors() as exc:
        raise file_error(path, exc) from None
    except OSError as exc:
        raise file_error(path, exc) from None


def can_write(path: Path) -> bool:
    """Whether we may write the file and create the WAL side files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


# -- backups ------------------------------------------------------------------------------
def sqlite_copy(source: sqlite3.Connection, dest: Path, key: str | None = None) -> Path:
    """Copy a live database with SQLite's backup API, atomically into ``dest``.

    The copy of an encrypted database is encrypted with the same ``key``.
    """
    dest = Path(dest)
    from workbench.store.sqlite import connect

    with atomic_path(dest) as tmp:
        target = connect(tmp, mode="rwc" if key else "rw", key=key)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    return dest


def _copy_closed_file(path: Path, dest: Path, key: str | None = None) -> None:
    """An exact copy when the file has no pending WAL, else a consistent SQLite copy."""
    if Path(f"{path}-wal").exists():
        with _readonly_connection(path, key) as conn:
            sqlite_copy(conn, dest, key)
        return
    with atomic_path(dest) as tmp:
        shutil.copyfile(path, tmp)


def backups_dir_for(path: Path) -> Path:
    import hashlib

    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    folder = user_data_dir() / "backups" / f"{path.stem}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def rolling_backup(path: Path, keep: int = ROLLING_BACKUPS, key: str | None = None) -> Path:
    """Copy the file into the user data folder's backups, keeping the newest ``keep``.

    The backups of an encrypted file are encrypted with its key."""
    folder = backups_dir_for(path)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    with _readonly_connection(path, key) as conn:
        made = sqlite_copy(conn, folder / f"{path.stem}-{stamp}.wbk", key)
    existing = sorted(folder.glob("*.wbk"))
    for old in existing[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return made


def list_backups(path: Path) -> list[Path]:
    return sorted(backups_dir_for(Path(path)).glob("*.wbk"), reverse=True)


# -- schema -------------------------------------------------------------------------------
def _alembic_config(connection: object) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(path: Path, revision: str = "head", key: str | None = None) -> None:
    """Bring the file's schema to ``revision`` in one transaction."""
    from alembic import command
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    from workbench.store.sqlite import begin_immediate, connect, dbapi

    def creator() -> sqlite3.Connection:
        conn = connect(path, mode="rwc", key=key)
        # Off outside the transaction: a table rebuilt by a migration must not cascade.
        conn.execute("PRAGMA foreign_keys=OFF")
        return conn

    engine = create_engine("sqlite://", creator=creator, poolclass=NullPool, module=dbapi(key))
    event.listen(engine, "begin", lambda conn: begin_immediate(conn.exec_driver_sql))
    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
    finally:
        engine.dispose()


# -- the public entry points ---------------------------------------------------------------
def create_engagement(
    path: str | os.PathLike[str],
    *,
    client: str,
    title: str,
    scope: str = "",
    consultants: list[str] | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    waves: tuple[str, ...] = ("baseline",),
    overwrite: bool = False,
    passphrase: str | None = None,
    actor: str | None = None,
):  # -> Store
    """Create a new engagement file at ``path`` and open it (encrypted with ``passphrase``).

    The audit trail names ``actor`` (by default the consultant of the settings) as the
    author of the engagement and its waves, and of the edits made through the store
    returned."""
    from workbench.store.models import Engagement, Wave
    from workbench.team.audit import sign_in

    path = Path(path)
    if path.exists() and not overwrite:
        raise EngagementFileError(f"{path}: a file of that name already exists")
    if not path.parent.is_dir():
        raise EngagementFileError(f"{path.parent}: no such folder")
    if start_date and end_date and end_date < start_date:
        raise EngagementFileError(
            f"{path}: the engagement would end ({end_date.isoformat()}) before it starts "
            f"({start_date.isoformat()}); no file was made"
        )
    from workbench.store.sqlite import connect
    from workbench.store.store import Store

    with _plain_failures(path, "no file was made"), atomic_path(path) as tmp:
        tmp.unlink()
        migrate(tmp, SCHEMA_HEAD, key=passphrase)
        store = Store._connect(tmp, read_only=False, key=passphrase)
        try:
            sign_in(store, actor)
            with store.writing() as s:
                engagement = Engagement(
                    client=client,
                    title=title,
                    scope=scope,
                    consultants=list(consultants or []),
                    start_date=start_date,
                    end_date=end_date,
                )
                s.add(engagement)
                for i, name in enumerate(waves):
                    s.add(Wave(engagement=engagement, name=name, ordinal=i))
        finally:
            store.close()
        with contextlib.closing(connect(tmp, mode="rw", key=passphrase)) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
    store = open_engagement(path, backup=False, passphrase=passphrase)
    if actor is not None:  # (opening names the settings' consultant)
        sign_in(store, actor)
    return store


def open_engagement(
    path: str | os.PathLike[str],
    *,
    read_only: bool | None = None,
    backup: bool | str = True,
    passphrase: str | None = None,
    check: str = "now",
    load: str = "now",
):  # -> Store
    """Open an engagement file: refuse, check, back up, upgrade, connect.

    ``backup="background"`` takes the rolling backup on a thread of its own while the
    caller goes on (the window shows the engagement meanwhile); ``Store.close`` waits
    for it.

    An encrypted file opens with its ``passphrase`` (ignored for a plain file); without
    one it is refused as :class:`PassphraseNeeded`, with a wrong one as
    :class:`WrongPassphrase`, and nothing is written to it either way.

    ``read_only=None`` decides from the file system: a file we cannot write is opened
    read-only and the store's ``notice`` says so.  ``read_only=False`` on a file that
    cannot be written is refused.  A file in a cloud-synchronised folder or on a network
    share opens with a warning in the ``notice``.

    ``check="later"`` (the window) opens a file of the current schema after the checks
    that read little and leaves the check that reads every page to ``store.integrity``
    (a :class:`~workbench.store.integrity.WholeFileCheck`, to be started): nothing is
    written until it passed, and a damaged file is refused then with the same message.
    An encrypted file, or one that needs an upgrade, is checked whole first as always.

    ``load="background"`` with ``check="later"`` (the window) returns such a file as an
    :class:`~workbench.store.early.OpeningStore` before SQLAlchemy is imported: the
    first page is read with the sqlite3 module while the Store loads, and everything
    else waits for the Store.  The schema version is read with the sqlite3 module too;
    Alembic is imported only when the file needs an upgrade.
    """
    path = Path(path)
    key = encryption_key(path, passphrase)
    later = check == "later" and key is None
    revision = inspect_file(path, passphrase=passphrase, whole=not later)
    if later and revision != SCHEMA_HEAD:
        later = False
        revision = inspect_file(path, passphrase=passphrase)
    notice = ""
    if read_only is None:
        read_only = not can_write(path)
        if read_only:
            notice = (
                f"{path.name} cannot be written here, so it is open read-only. "
                "Save a copy to work on it."
            )
    elif not read_only and not can_write(path):
        raise EngagementFileError(
            f"{path}: the file cannot be written (it or its folder is read-only); "
            "nothing was changed. Copy it somewhere writable and use the copy."
        )
    with _plain_failures(path, "nothing was changed"):
        if later and load == "background":
            from workbench.store.early import OpeningStore

            store = OpeningStore(path, read_only=read_only, notice=notice, backup=bool(backup))
        elif later:
            store = _open_unchecked(path, read_only, backup, notice)
        else:
            store = _open_checked(path, revision, read_only, backup, notice, key)
    warning = location_warning(path)
    if warning:
        store.notice = f"{store.notice} {warning}".strip()
    return store


def _open_upgraded_copy(path: Path, revision: str, key: str | None, notice: str):  # -> Store
    """A file of an older schema opened read-only (a command that only reads it, or a
    file that cannot be written): read through an upgraded copy in a temporary folder,
    the file itself left as it is.  The copy goes when the store is closed."""
    import shutil
    import tempfile

    from workbench.store.store import Store

    folder = Path(tempfile.mkdtemp(prefix="workbench-read-"))
    try:
        copy = folder / path.name
        _copy_closed_file(path, copy, key)
        migrate(copy, key=key)
        store = Store._connect(copy, read_only=True, key=key)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    store.temporary_folder = folder
    store.notice = (
        f"{path.name} was made by an older Workbench (schema {revision}): it is read "
        f"through an upgraded copy and left as it is; opening it in Workbench upgrades it. "
        f"{notice}"
    ).strip()
    return store


def _open_checked(
    path: Path, revision: str, read_only: bool, backup: bool | str, notice: str, key: str | None
):  # -> Store
    from workbench.store.store import Store

    if revision != SCHEMA_HEAD:
        if read_only:
            return _open_upgraded_copy(path, revision, key, notice)
        saved = path.with_name(f"{path.name}.schema-{revision}.bak")
        _copy_closed_file(path, saved, key)
        migrate(path, key=key)
        notice = (
            f"{path.name} was upgraded from schema {revision} to {SCHEMA_HEAD}; "
            f"the original is kept as {saved.name}."
        )
    elif backup and not read_only and backup != "background":
        rolling_backup(path, key=key)
    store = Store._connect(path, read_only=read_only, key=key)
    store.notice = notice
    if backup == "background" and not read_only and revision == SCHEMA_HEAD:
        store.back_up_in_background(lambda: rolling_backup(path, key=key))
    if not read_only:
        store.catch_up_search()
        from workbench.team.audit import sign_in

        sign_in(store)  # the audit trail names the consultant of the settings
    return store


def _open_unchecked(path: Path, read_only: bool, backup: bool | str, notice: str):  # -> Store
    """A store of a file whose pages are not read yet: writes wait for ``store.integrity``."""
    from workbench.store.integrity import WholeFileCheck
    from workbench.store.store import Store

    store = Store._connect(path, read_only=read_only)
    store.notice = notice
    first: list[Any] = []
    then: list[Any] = []
    if not read_only:
        from workbench.team.audit import sign_in

        first = [store.catch_up_search, lambda: sign_in(store)]
        if backup:
            then = [lambda: rolling_backup(path)]
    store.integrity = WholeFileCheck(store, path, lambda: check_pages(path), first, then)
    return store


@contextlib.contextmanager
def _plain_failures(path: Path, doing: str) -> Iterator[None]:
    """Disk, lock and permission failures as an :class:`EngagementFileError` in words."""
    try:
        yield
    except EngagementFileError:
        raise
    except (*errors("OperationalError"), OSError) as exc:
        raise file_error(path, exc, doing=doing) from exc
    except Exception as exc:
        # (SQLAlchemy wraps the driver's errors; it is imported only once a store is made)
        wrapped = getattr(sys.modules.get("sqlalchemy.exc"), "DBAPIError", None)
        if (
            wrapped is not None
            and isinstance(exc, wrapped)
            and isinstance(exc.orig, errors("OperationalError"))
        ):
            raise file_error(path, exc.orig, doing=doing) from exc
        raise


def _content_problems(path: Path, conn: sqlite3.Connection) -> list[str]:
    problems = []
    missing = missing_objects(conn)
    if missing:
        return [f"{path}: missing from the file: {', '.join(missing)}"]
    for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:10]:
        problems.append(f"{path}: {table} row {rowid} points at a missing {parent} row")
    count = conn.execute("SELECT count(*) FROM engagement").fetchone()[0]
    if count != 1:
        problems.append(f"{path}: holds {count} engagement records instead of one")
    indexed = conn.execute("SELECT count(*) FROM search_index").fetchone()[0]
    expected = conn.execute(
        "SELECT (SELECT count(*) FROM note) + "
        "(SELECT count(*) FROM answer WHERE text IS NOT NULL AND text != '')"
    ).fetchone()[0]
    # Texts waiting in the search queue (edits index them when a search reads the index,
    # the file closes or opens) make the counts differ by design.
    pending = conn.execute("SELECT count(*) FROM search_pending").fetchone()[0]
    if not pending and indexed != expected:
        problems.append(f"{path}: the search index holds {indexed} entries for {expected} texts")
    referenced = conn.execute("SELECT count(*) FROM search_ref").fetchone()[0]
    if referenced != indexed:
        problems.append(f"{path}: the search index holds {indexed} entries, its list {referenced}")
    from workbench.store.passages import astray_passages

    astray, count = astray_passages(conn)
    problems += [f"{path}: {line}" for line in astray]
    if count > len(astray):
        problems.append(f"{path}: and {count - len(astray)} more coded passages like these")
    if count:
        problems.append(f"{path}: `workbench check --mend-passages` puts them back on their text")
    return problems


def remove_foreign_objects(
    path: str | os.PathLike[str], passphrase: str | None = None
) -> tuple[list[str], Path | None]:
    """Drop the triggers, views, tables and indexes Workbench did not create, and put back
    any of its own triggers that someone altered.

    The file is copied beside itself first (``name.before-cleanup.bak``); returns what
    was done, in words, and the copy (None when there was nothing to do).
    """
    from workbench.store.schema_check import remove_foreign
    from workbench.store.sqlite import begin_immediate, connect

    path = Path(path)
    revision = inspect_file(path, schema=False, passphrase=passphrase)
    key = encryption_key(path, passphrase)
    with _readonly_connection(path, key) as conn:
        if not foreign_objects(conn, revision):
            return [], None
    if not can_write(path):
        raise EngagementFileError(f"{path}: the file cannot be written; nothing was removed")
    saved = path.with_name(f"{path.name}.before-cleanup.bak")
    with _plain_failures(path, "nothing was removed"):
        _copy_closed_file(path, saved, key)
        conn = connect(path, mode="rw", key=key)
        try:
            begin_immediate(conn.execute)
            try:
                done = remove_foreign(conn, revision)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()
    return done, saved


def queued_search_texts(path: str | os.PathLike[str], passphrase: str | None = None) -> int:
    """How many notes and answers wait in the file's search queue: edits saved since the
    index last took them in (a window still open, or killed before it closed the file).
    Searches find them all the same.  Never writes."""
    path = Path(path)
    with _readonly_connection(path, encryption_key(path, passphrase)) as conn:
        return int(conn.execute("SELECT count(*) FROM search_pending").fetchone()[0])


def take_in_search_queue(path: str | os.PathLike[str], passphrase: str | None = None) -> bool:
    """Take the texts waiting in the file's search queue into its index, when it is a
    healthy engagement file of this schema that can be written and that no other program
    has open (a window takes its queue in itself); returns whether it did.  Otherwise
    nothing is written: a search then reads the queued texts where they wait."""
    from workbench.store.sqlite import begin_immediate, connect, held_elsewhere
    from workbench.store.store import _catch_up_search_on

    path = Path(path)
    try:
        if not path.is_file() or not can_write(path) or held_elsewhere(path):
            return False
        if not queued_search_texts(path, passphrase):
            return False
        if inspect_file(path, passphrase=passphrase) != SCHEMA_HEAD:
            return False
        conn = connect(path, mode="rw", key=encryption_key(path, passphrase))
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            begin_immediate(conn.execute)
            try:
                _catch_up_search_on(conn)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.close()
    except (EngagementFileError, *errors("Error"), OSError):
        return False  # the search that follows opens the file and says what is wrong
    return True


def check_engagement(path: str | os.PathLike[str], passphrase: str | None = None) -> list[str]:
    """Every problem found in the file (an empty list when it is healthy). Never writes."""
    path = Path(path)
    try:
        revision = inspect_file(path, full=True, passphrase=passphrase)
    except EngagementFileError as exc:
        return [str(exc)]
    problems: list[str] = []
    if revision != SCHEMA_HEAD:
        problems.append(
            f"{path}: schema {revision} is older than {SCHEMA_HEAD}; open it to upgrade"
        )
        return problems
    try:
        with _readonly_connection(path, encryption_key(path, passphrase)) as conn:
            problems += _content_problems(path, conn)
    except (*errors("Error"), OSError) as exc:
        problems.append(str(file_error(path, exc)))
    return problems
