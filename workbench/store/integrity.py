"""The whole-file check of an engagement opened before it ran.

Reading every page of a large file (``PRAGMA quick_check``) takes longer than showing the
window, so the window opens a file after the checks that read little (its header, its
schema version, the objects in its schema) and runs the whole-file check on a thread of
its own meanwhile.  Until that check has passed nothing is written: every write
transaction of the store waits for it, and is refused with the check's own message
(:class:`~workbench.store.database.DamagedFile`) if the file turns out to be damaged.
What opening does after the check (recording the consultant for the audit trail,
indexing texts other programs changed, the rolling backup) runs only once it passed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

Done = Callable[[BaseException | None], None]


class WholeFileCheck:
    """``quick_check`` of ``path`` for ``store``, once, on a thread or on first write."""

    def __init__(
        self,
        store: Any,
        path: Path,
        run_check: Callable[[], None],
        after: list[Callable[[], None]],
        later: list[Callable[[], None]],
    ) -> None:
        self.path = path
        self._run_check = run_check
        self._after = after  # writes that come before anyone else's (sign-in, search catch-up)
        self._later = later  # what need not hold up an edit (the rolling backup)
        self._lock = threading.Lock()
        self._started = False
        self._ready = threading.Event()
        self._owner: int | None = None
        self.problem: BaseException | None = None
        self.thread: threading.Thread | None = None
        self._store: Any = None
        if store is not None:
            self.attach(store)

    def attach(self, store: Any) -> None:
        """Make ``store``'s writes wait for the check (a store made after the check began:
        a window shows the file before the store has loaded)."""
        self._store = store
        self._hold_writes(store)

    # -- the hold on writes -------------------------------------------------------------------
    def _hold_writes(self, store: Any) -> None:
        from sqlalchemy import event

        def before_begin(conn: Any) -> None:
            if conn.get_execution_options().get("workbench_write"):
                self.wait_for_writes()

        # First of the "begin" listeners, before the one that takes the write lock: a
        # write waits holding nothing, so the check's own writes (sign-in) go ahead.
        # (``insert=True`` does not order it before listeners of the engine's class.)
        store._write_gate = self.wait_for_writes  # the store's writes without a session
        engine = store._engine
        others = list(engine.dispatch.begin)
        for listener in others:
            event.remove(engine, "begin", listener)
        event.listen(engine, "begin", before_begin)
        for listener in others:
            event.listen(engine, "begin", listener)

    @property
    def done(self) -> bool:
        return self._ready.is_set()

    @property
    def passed(self) -> bool:
        return self._ready.is_set() and self.problem is None

    def wait_for_writes(self) -> None:
        """Return when writes may go ahead; raise the check's refusal if the file failed it.

        A check nobody started runs here, on the writer's thread."""
        if threading.get_ident() == self._owner:
            return  # what opening writes once the check has passed
        if not self._claim():
            self._ready.wait()
        else:
            self._run(None, inline=True)
        if self.problem is not None:
            raise self.problem

    # -- running ------------------------------------------------------------------------------
    def _claim(self) -> bool:
        with self._lock:
            if self._started:
                return False
            self._started = True
            return True

    def start(self, done: Done | None = None) -> threading.Thread | None:
        """Run the check on a thread; ``done(problem)`` is called on that thread after it
        (``problem`` None when the file passed).  The store's ``close`` waits for it."""
        if not self._claim():
            return None
        thread = threading.Thread(
            target=self._run, args=(done,), name="workbench-file-check", daemon=True
        )
        self.thread = thread
        thread.start()
        if self._store is not None:
            self._store._backup = thread  # the store's close waits for it, as for a backup
        return thread

    def join(self) -> None:
        """Return when the check started by :meth:`start`, and what follows it, is over."""
        if self.thread is not None:
            self.thread.join()

    def _run_later(self) -> None:
        for step in self._later:
            try:
                step()
            except Exception:  # a full disk in the user folder must not close the file
                logging.getLogger(__name__).exception("after the file check")

    def _run(self, done: Done | None, inline: bool = False) -> None:
        self._owner = threading.get_ident()
        try:
            try:
                self._run_check()
                for step in self._after:
                    step()
            except BaseException as exc:  # refused: every write from now on says why
                self.problem = exc
            finally:
                self._owner = None
                self._ready.set()
            if done is not None:
                done(self.problem)
            if self.problem is None and self._later:
                if inline and self._store is not None:  # a writer is waiting: the rest
                    self._store.back_up_in_background(self._run_later)  # on its own thread
                else:
                    self._run_later()
        finally:
            self._owner = None


def refusal_text(path: Path, problem: BaseException) -> str:
    """What the consultant reads when a file is refused as damaged: in words first (that
    nothing was written, where its latest automatic backup is), SQLite's detail after."""
    from workbench.store.database import DamagedFile, list_backups

    detail = str(problem)
    prefix = f"{path}: "
    if detail.startswith(prefix):
        detail = detail[len(prefix) :]
    if not isinstance(problem, DamagedFile):
        return f"{path}: {detail}. Nothing was written to it."
    try:
        backups = list_backups(path)
    except OSError:
        backups = []
    if backups:
        where = f"Open its latest automatic backup instead:\n{backups[0]}\nor ask for a copy."
    else:
        where = "There is no automatic backup of it on this computer; ask for a copy."
    return (
        "The file is damaged and cannot be opened safely. Nothing was written to it.\n\n"
        f"{where}\n\nFile: {path}\nDetail: {detail}"
    )
