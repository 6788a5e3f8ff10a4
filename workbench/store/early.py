"""An engagement the window shows before SQLAlchemy and the models have loaded.

Importing SQLAlchemy, its ORM and the models costs a bare window's start-up three times
over.  A window opening a file (``open_engagement(..., load="background")``) gets an
:class:`OpeningStore` at once instead: the checks that read little have passed, the
first page's reads (:mod:`workbench.store.glance`) are answered through a read-only
connection of the :mod:`sqlite3` module, and the :class:`~workbench.store.Store` is
made on a thread of its own (:meth:`OpeningStore.load_in_background`, started once the
window is on screen).  Anything else asked of it — an edit, another page's reads —
waits for that Store and goes to it, so a consultant can act at once: nothing is
written before the Store is there and the file has passed its whole-file check
(:class:`~workbench.store.integrity.WholeFileCheck`, which runs meanwhile and refuses a
damaged file as before).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbench.store import database, glance
from workbench.store.sqlite import connect, errors, hold, release


class OpeningStore:
    """A :class:`~workbench.store.Store` in the making (see the module's description).

    ``path``, ``read_only``, ``notice`` and ``integrity`` are its own; the reads of the
    first page come from the file until the Store has loaded, then from the Store; every
    other attribute is the Store's, once it has loaded (asked for before, it loads it).
    """

    def __init__(self, path: Path, *, read_only: bool, notice: str, backup: bool) -> None:
        from workbench.store.integrity import WholeFileCheck

        self.path = Path(os.path.abspath(path))
        self.read_only = read_only
        self.notice = notice
        self._store: Any = None
        self._failure: BaseException | None = None
        self._loading: threading.Thread | None = None
        self._loaded = threading.Event()
        self._wanted = threading.Event()  # someone has asked for the Store (or its loading)
        self._claim = threading.Lock()
        self._reading_lock = threading.Lock()
        self._held: Any = hold(self.path)  # a descriptor held while anything reads the file
        try:
            # Without a WAL beside it nobody writes the file, and it is read as it is
            # (SQLite then creates no side files); nothing is written through the Store
            # before this connection is closed (see _load).
            immutable = not Path(f"{self.path}-wal").exists()
            self._reader: Any = connect(self.path, mode="ro", immutable=immutable)
        except BaseException:
            release(self._held)
            raise
        after: list[Callable[[], None]] = []
        later: list[Callable[[], None]] = []
        if not read_only:
            after = [lambda: self._when_wanted().catch_up_search(), self._sign_in]
            if backup:
                later = [lambda: database.rolling_backup(self.path)]
        path_ = self.path
        self.integrity = WholeFileCheck(
            None, path_, lambda: database.check_pages(path_), after, later
        )

    # -- the Store --------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """Whether the Store has loaded (or failed to)."""
        return self._loaded.is_set()

    def load_in_background(self) -> None:
        """Start making the Store on a thread of its own (once)."""
        self._wanted.set()
        with self._claim:
            if self._loading is not None:
                return
            self._loading = threading.Thread(target=self._load, name="workbench-load", daemon=True)
            self._loading.start()

    def loaded(self) -> Any:
        """The Store, waiting for it (or making it here, when nothing has begun to)."""
        if not self._loaded.is_set():
            self._wanted.set()
            with self._claim:
                mine = self._loading is None
                if mine:
                    self._loading = threading.current_thread()
            if mine:
                self._load()
            else:
                self._loaded.wait()
        if self._failure is not None:
            raise self._failure
        return self._store

    def _load(self) -> None:
        try:
            from workbench.store.store import Store

            with database._plain_failures(self.path, "nothing was changed"):
                store = Store._connect(self.path, read_only=self.read_only)
            store.notice = self.notice
            store.integrity = self.integrity
            self.integrity.attach(store)  # before anyone can write through it
            # The first page's reader goes before the Store can write: it may read the
            # file as it was at opening (``immutable``), with no lock for a writer to see.
            self._close_reader()
            self._store = store
        except BaseException as exc:
            self._failure = exc
        finally:
            self._close_reader()
            self._loaded.set()

    def _when_wanted(self) -> Any:
        """The Store for what follows the whole-file check, once the window has asked for
        it: the check thread does not make it while the window is still painting."""
        self._wanted.wait()
        return self.loaded()

    def _sign_in(self) -> None:
        from workbench.team.audit import sign_in

        sign_in(self.loaded())  # the audit trail names the consultant of the settings

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or "_loaded" not in self.__dict__:
            raise AttributeError(name)
        return getattr(self.loaded(), name)

    # -- the first page's reads -------------------------------------------------------------
    @contextmanager
    def _early(self) -> Iterator[Any]:
        """The reader connection in a read transaction, or None once the Store is (or is
        about to be) there."""
        with self._reading_lock:
            conn = self._reader
            if conn is None:
                yield None
                return
            try:
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    conn.execute("ROLLBACK")
            except errors("OperationalError") as exc:
                raise database.file_error(self.path, exc, doing="nothing was changed") from exc

    def _read(self, name: str, read: Callable[[Any], Any], *args: Any, **kwargs: Any) -> Any:
        # Only the window's own thread is answered from the file: work on other threads
        # (a deliverable, an analysis) gets what the Store gives, models and all.
        if threading.current_thread() is threading.main_thread():
            with self._early() as conn:
                if conn is not None:
                    return read(conn)
        return getattr(self.loaded(), name)(*args, **kwargs)

    def engagement(self) -> Any:
        return self._read("engagement", glance.engagement)

    def waves(self) -> list[Any]:
        return self._read("waves", glance.waves)

    def counts(self) -> dict[str, int]:
        return self._read("counts", glance.counts)

    def recent_interviews(self, limit: int = 8) -> list[tuple[str, Any]]:
        return self._read(
            "recent_interviews", lambda conn: glance.recent_interviews(conn, limit), limit
        )

    def progress_by_segment_and_wave(self) -> list[dict[str, Any]]:
        return self._read("progress_by_segment_and_wave", glance.progress_by_segment_and_wave)

    def interview_rows(
        self, *, include_deleted: bool = False, ids: Any = None, progress: bool = True
    ) -> list[Any]:
        options = {"include_deleted": include_deleted, "ids": ids, "progress": progress}
        if progress:  # relevance needs the forms and the Store
            return self.loaded().interview_rows(**options)
        return self._read(
            "interview_rows",
            lambda conn: glance.interview_rows(
                glance.raw_interview_rows(conn, include_deleted=include_deleted, ids=ids)
            ),
            **options,
        )

    # -- closing ----------------------------------------------------------------------------
    def _close_reader(self) -> None:
        with self._reading_lock:
            reader, self._reader = self._reader, None
            if reader is not None:
                reader.close()

    def wait_for_backup(self) -> None:
        """Return when the Store has loaded and the whole-file check, and the rolling
        backup after it, are over."""
        self._wanted.set()  # (what follows the check needs the Store)
        if self._loading is not None:
            self._loaded.wait()
        self.integrity.join()
        if self._store is not None:
            self._store.wait_for_backup()

    def close(self) -> None:
        """Let go of the file once nothing loads, checks or backs it up any more."""
        self.wait_for_backup()
        self._close_reader()
        if self._store is not None:
            self._store.close()
        held, self._held = self._held, None
        if held is not None:
            release(held)

    def __enter__(self) -> OpeningStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
