"""The shared store: one engagement on a PostgreSQL server that a team pushes to and pulls
from, through the merge.

The same models and migrations run there (the SQLite-only parts, the FTS5 index and its
triggers, are left out).  Consultants keep working on their own engagement files, offline;
``push`` merges a file into the shared store and ``pull`` merges the shared store into a
file (making it when it does not exist).  Each push is one transaction that first takes a
transaction-level advisory lock, so pushes from several consultants follow each other:
each reads what the one before it wrote and merges with it, and nothing is lost.  Two
edits of one answer are settled as in any merge (the newer change stays) and listed in
the merge report; a failure of the server or the network is an
:class:`SharedStoreError` in words, never a raw database error.  Search runs on the
files (FTS5); the shared store is for synchronising, not for searching.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.store.database import EngagementFileError
from workbench.team.merge import (
    Copy,
    MergeResult,
    merge_copies,
    read_copy,
    read_source,
)

# pg_advisory_xact_lock key: "WBNC" in ASCII, the engagement file's application id
PUSH_LOCK = 0x57424E43


class SharedStoreError(EngagementFileError):
    """The shared store could not be reached or used; nothing was changed."""


def engine_url(url: str) -> str:
    """The SQLAlchemy URL for the psycopg (version 3) driver."""
    return re.sub(r"^(postgresql|postgres)(\+\w+)?://", "postgresql+psycopg://", url)


def shown(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


class SharedStore:
    """A connection to a shared store; create the schema with :meth:`prepare`."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        self.url = url
        try:
            self.engine = create_engine(engine_url(url), poolclass=NullPool)
        except Exception as exc:  # a malformed URL, a missing driver
            raise SharedStoreError(f"{shown(url)}: not a usable database address ({exc})") from None

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SharedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def errors(self, doing: str) -> Iterator[None]:
        from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

        try:
            yield
        except (OperationalError, InterfaceError) as exc:
            raise SharedStoreError(
                f"{shown(self.url)}: the shared store cannot be reached or refused the "
                f"connection ({_first_line(exc.orig)}); {doing}"
            ) from None
        except DBAPIError as exc:
            raise SharedStoreError(
                f"{shown(self.url)}: the shared store refused the change "
                f"({_first_line(exc.orig)}); {doing}"
            ) from None

    def revision(self) -> str | None:
        from sqlalchemy import inspect, text

        with self.errors("nothing was changed"), self.engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def prepare(self) -> None:
        """Create or upgrade the schema (the engagement migrations) in one transaction."""
        from alembic import command
        from sqlalchemy import text

        from workbench.store.database import SCHEMA_HEAD, SCHEMA_REVISIONS, _alembic_config

        found = self.revision()
        if found == SCHEMA_HEAD:
            return
        if found is not None and found not in SCHEMA_REVISIONS:
            raise SharedStoreError(
                f"{shown(self.url)}: the shared store has schema {found}, which this version "
                f"of Workbench does not know (it reads up to {SCHEMA_HEAD}); update Workbench"
            )
        with self.errors("its schema was left as it was"), self.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUSH_LOCK})
            command.upgrade(_alembic_config(conn), "head")

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        """A read transaction on a prepared store."""
        from workbench.store.database import SCHEMA_HEAD

        found = self.revision()
        if found is None:
            raise SharedStoreError(f"{shown(self.url)}: holds no engagement yet; push one first")
        if found != SCHEMA_HEAD:
            raise SharedStoreError(
                f"{shown(self.url)}: schema {found}; push from this version of Workbench to "
                "upgrade it"
            )
        with self.errors("nothing was read"), self.engine.begin() as conn:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield conn


    @contextlib.contextmanager
    def session(self) -> Iterator[Any]:
        """An ORM session on a read transaction of a prepared store (as ``Store.session``),
        for what reads the store's own records, such as its merge reports."""
        from sqlalchemy.orm import Session

        with self.connect() as conn, Session(bind=conn) as s:
            yield s


def _first_line(exc: Any) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def merge_into_shared(
    url: str,
    copy: Copy,
    source_label: str,
    *,
    merge_codes: bool = False,
    progress: Any = None,
) -> MergeResult:
    """Merge ``copy`` into the shared store at ``url`` (made when new), in one transaction
    that holds the store's push lock."""
    from sqlalchemy import text

    with SharedStore(url) as shared:
        shared.prepare()
        with shared.errors("nothing was changed"), shared.engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUSH_LOCK})
            return merge_copies(
                conn,
                copy,
                source_label=source_label,
                merge_codes=merge_codes,
                progress=progress,
                empty_target_ok=True,
            )


def push(
    path: str | os.PathLike[str],
    url: str,
    *,
    passphrase: str | None = None,
    merge_codes: bool = False,
    progress: Any = None,
) -> MergeResult:
    """Merge an engagement file into the shared store (the file is only read)."""
    copy = read_source(path, passphrase)
    return merge_into_shared(url, copy, str(path), merge_codes=merge_codes, progress=progress)


def pull(
    url: str,
    path: str | os.PathLike[str],
    *,
    passphrase: str | None = None,
    merge_codes: bool = False,
    progress: Any = None,
) -> MergeResult:
    """Merge the shared store into an engagement file; a file that does not exist yet is
    made from the shared store."""
    from workbench.store.database import open_engagement
    from workbench.team.merge import merge_into

    path = Path(path)
    copy = read_source(url)
    if not path.exists():
        return _new_file_from(copy, path, url, progress)
    with open_engagement(path, read_only=False, backup=False, passphrase=passphrase) as store:
        return merge_into(
            store, copy, source_label=shown(url), merge_codes=merge_codes, progress=progress
        )


def _new_file_from(copy: Copy, path: Path, url: str, progress: Any) -> MergeResult:
    """A new engagement file holding what the shared store holds."""
    from workbench.paths import atomic_path
    from workbench.store.database import SCHEMA_HEAD, migrate
    from workbench.store.sqlite import connect
    from workbench.store.store import Store

    if not path.parent.is_dir():
        raise EngagementFileError(f"{path.parent}: no such folder")
    with atomic_path(path) as tmp:
        tmp.unlink()
        migrate(tmp, SCHEMA_HEAD)
        store = Store._connect(tmp, read_only=False)
        try:
            with store.writing() as s:
                result = merge_copies(
                    s.connection(),
                    copy,
                    source_label=shown(url),
                    progress=progress,
                    empty_target_ok=True,
                )
        finally:
            store.close()
        with contextlib.closing(connect(tmp, mode="rw")) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
    return result


__all__ = ["SharedStore", "SharedStoreError", "merge_into_shared", "pull", "push", "read_copy"]


def open_working_copy(url: str, *, write: bool = False) -> Any:
    """An engagement store on a temporary working copy of the shared store, for a command.

    A command that writes has its changes pushed back through the merge when the store
    closes; the working copy is then deleted.
    """
    import shutil
    import tempfile

    from workbench.store.database import open_engagement

    folder = Path(tempfile.mkdtemp(prefix="workbench-shared-"))
    try:
        path = folder / "shared.wbk"
        pull(url, path)
        store = open_engagement(path, read_only=not write, backup=False)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    close = store.close

    def close_and_push() -> None:
        close()
        try:
            if write:
                push(path, url)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    store.close = close_and_push  # type: ignore[method-assign]
    return store
