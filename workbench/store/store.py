"""The Store: one open engagement file and every edit a consultant can make to it.

Each method runs in its own short transaction and commits before it returns, so an
edit that returned is on disk (WAL, ``synchronous=FULL``).  The methods take and
return plain values or detached ORM rows; nothing here knows about Qt.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from workbench.store.coding import CodingOps
from workbench.store.findings import FindingOps
from workbench.store.interviews import InterviewOps
from workbench.store.models import (
    Engagement,
    FormVersion,
    Wave,
    wave_order,
)
from workbench.store.progress import forms_from, store_missing
from workbench.store.report import ReportOps
from workbench.store.respondents import RespondentOps
from workbench.store.schedule import ScheduleOps
from workbench.store.search_query import fts_query
from workbench.store.snippets import SNIPPET_CONTEXT, cut_snippet  # noqa: F401 (named here before)
from workbench.store.snippets import snippets as _snippets
from workbench.store.sqlite import errors, hold, release
from workbench.store.tagcoding import TagCodingOps


class ReadOnlyError(Exception):
    """An edit was attempted on a file opened read-only."""


class SearchHit(NamedTuple):
    """One match (a tuple: a page of them is built on every keystroke)."""

    kind: str  # note | answer
    ref_id: str
    interview_id: str
    snippet: str  # with the matches between [[ and ]]; "" until filled (Store.fill_hits)
    respondent: str  # "" until filled
    form_title: str  # "" until filled
    entry: int = 0  # the text's row in the search index
    filled: bool = True  # whether snippet, respondent and form title are there
    wave: str = ""  # the interview's wave ("" when none or until filled)
    date: str = ""  # the interview's date, YYYY-MM-DD ("" when none or until filled)


# One pass over the index in its own order (oldest text first): the live matches of the
# page and their rank.  What a hit shows besides (its snippet, the respondent, the form),
# is read for the hits on screen only (``_snippets``, DETAILS_SQL).  The kind, text and
# interview of each entry come from the index's own content table by rowid (a seek per
# hit); an interview is live unless it, or its respondent, is in the trash (few are: the
# list of those is read through the trash indexes, every time stamp being > '').
SEARCH_SQL = """
    SELECT s.rowid, c.c1, c.c2, c.c3, s.rank
    FROM search_index s JOIN search_index_content c ON c.id = s.rowid
    WHERE s.search_index MATCH ? AND s.rowid > ? AND c.c3 NOT IN (
        SELECT id FROM interview WHERE deleted_at > ''
        UNION ALL
        SELECT i.id FROM respondent r JOIN interview i ON i.respondent_id = r.id
        WHERE r.deleted_at > '')
    ORDER BY s.rowid LIMIT ? OFFSET ?
"""
# Every live match of a query, and the interviews they are in (SEARCH_SQL's filter).
COUNT_SQL = """
    SELECT count(*), count(DISTINCT c.c3)
    FROM search_index s JOIN search_index_content c ON c.id = s.rowid
    WHERE s.search_index MATCH ? AND c.c3 NOT IN (
        SELECT id FROM interview WHERE deleted_at > ''
        UNION ALL
        SELECT i.id FROM respondent r JOIN interview i ON i.respondent_id = r.id
        WHERE r.deleted_at > '')
"""
DETAILS_SQL = """
    SELECT i.id, r.name, fv.title, w.name, i.date FROM interview i
    JOIN respondent r ON r.id = i.respondent_id
    JOIN form_version fv ON fv.id = i.form_version_id
    LEFT JOIN wave w ON w.id = i.wave_id
    WHERE i.id IN ({})
"""
# The texts waiting in the search queue when the store cannot take them into the index
# (open read-only, another program's queue): indexed for the one read transaction of a
# search in a table of the connection's own temporary schema (nothing is written to the
# file), each under an entry above the index's last.  A search reads the index's entries
# of the texts not queued and those of the queued texts.
QUEUED_DDL = (
    """CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_queued USING fts5(
        body, kind UNINDEXED, ref_id UNINDEXED, interview_id UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2')""",
    "DELETE FROM temp.search_queued",
)
QUEUED_ADD = """
    INSERT INTO temp.search_queued(rowid, body, kind, ref_id, interview_id)
    VALUES (?, ?, ?, ?, ?)
"""
_QUEUED_MATCHES = """
    SELECT s.rowid AS entry, c.c1 AS kind, c.c2 AS ref, c.c3 AS iid, s.rank AS rank
    FROM search_index s JOIN search_index_content c ON c.id = s.rowid
    WHERE s.search_index MATCH ?1 AND s.rowid > ?2
    AND c.c2 NOT IN (SELECT ref_id FROM search_pending)
    UNION ALL
    SELECT q.rowid, q.kind, q.ref_id, q.interview_id, q.rank FROM search_queued q
    WHERE q.search_queued MATCH ?1 AND q.rowid > ?2
"""
_LIVE = """iid NOT IN (
        SELECT id FROM interview WHERE deleted_at > ''
        UNION ALL
        SELECT i.id FROM respondent r JOIN interview i ON i.respondent_id = r.id
        WHERE r.deleted_at > '')"""
# SEARCH_SQL and COUNT_SQL with the queued texts.
QUEUED_SEARCH_SQL = f"""
    SELECT entry, kind, ref, iid, rank FROM ({_QUEUED_MATCHES}) WHERE {_LIVE}
    ORDER BY entry LIMIT ?3 OFFSET ?4
"""
QUEUED_COUNT_SQL = f"""
    SELECT count(*), count(DISTINCT iid) FROM ({_QUEUED_MATCHES}) WHERE {_LIVE}
"""
#: Hits that are filled with the search itself: a screenful of the results list (the
#: search dialog shows nine and a half at its opening size; the list fills the others
#: as they come into view).
FIRST_SNIPPETS = 10
_RANK = itemgetter(4)
_NOBODY = ("", "", "", "")


# The consultant named by ``Store.sign_in``, recorded by a write transaction (changes no row
# when it is the one recorded already).
_SIGN_IN = "UPDATE team_state SET actor = ? WHERE id = 1 AND actor IS NOT ?"


class Store(
    RespondentOps, InterviewOps, ScheduleOps, CodingOps, TagCodingOps, FindingOps, ReportOps
):
    """An open engagement file.  Create with ``open_engagement`` or ``create_engagement``."""

    def __init__(self, path: Path, engine: Any, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self.notice = ""
        self._key: str | None = None  # an encrypted file's passphrase, in memory only
        self._engine = engine
        self._owner = threading.get_ident()  # the thread that keeps a raw connection
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._writers = sessionmaker(
            engine.execution_options(workbench_write=True), expire_on_commit=False
        )

    # -- connection -----------------------------------------------------------------------
    @classmethod
    def _connect(cls, path: Path, *, read_only: bool, key: str | None = None) -> Store:
        from sqlalchemy.pool import QueuePool

        from workbench.store.sqlite import begin_immediate, connect, dbapi

        path = Path(os.path.abspath(path))
        if read_only:
            # Without a WAL to read, read the file as it is: SQLite then creates no side
            # files (a read-only folder could not take them anyway).
            immutable = not Path(f"{path}-wal").exists()

            def creator() -> sqlite3.Connection:
                return connect(path, mode="ro", immutable=immutable, key=key)

        else:

            def creator() -> sqlite3.Connection:
                conn = connect(path, mode="rw", key=key)
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                return conn

        engine = create_engine("sqlite://", creator=creator, poolclass=QueuePool, module=dbapi(key))

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            if conn.get_execution_options().get("workbench_write"):
                begin_immediate(conn.exec_driver_sql)
            else:
                conn.exec_driver_sql("BEGIN")

        store = cls(path, engine, read_only)
        store._key = key
        store._held = hold(path)  # reads of the file meanwhile keep SQLite's locks
        return store

    def close(self) -> None:
        # The texts edits queued are indexed before the file is left (a failure leaves
        # them queued: the next open indexes them).
        if not self.read_only and not self.__dict__.get("_closed"):
            try:
                self.index_pending()
            except Exception:
                import logging

                logging.getLogger(__name__).exception("the search index did not catch up")
        self._closed = True
        kept = self.__dict__.pop("_kept_raw", None)
        if kept is not None:
            kept.close()
        # A read-only store deletes no side file: one that appeared while it was open may
        # belong to a program that opened the file for writing meanwhile.
        self.wait_for_backup()
        self._engine.dispose()
        folder = self.__dict__.pop("temporary_folder", None)
        if folder is not None:  # an upgraded copy an older file was read through
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
        held = self.__dict__.pop("_held", None)
        if held is not None:
            release(held)

    def back_up_in_background(self, backup: Any) -> None:
        """Run ``backup()`` (the rolling backup of this file) on a thread of its own; a
        failure is logged (the engagement stays open without it)."""
        import logging
        import threading

        def run() -> None:
            try:
                backup()
            except Exception:  # a full disk in the user folder must not close the file
                logging.getLogger(__name__).exception("the rolling backup failed")

        self._backup = threading.Thread(target=run, name="workbench-backup", daemon=True)
        self._backup.start()

    def wait_for_backup(self) -> None:
        """Return when the rolling backup started at opening is written."""
        thread = self.__dict__.pop("_backup", None)
        if thread is not None:
            thread.join()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A short read transaction (a consistent view of the file while it lasts); inside
        :meth:`one_transaction`, on its thread, that transaction (what it wrote so far)."""
        joined = self._joined()
        if joined is not None:
            yield joined
            return
        with self._map_errors(), self._sessions() as s, s.begin():
            yield s

    @contextlib.contextmanager
    def one_transaction(self) -> Iterator[Session]:
        """A write transaction in which the store's own methods called in the block, on
        this thread, read and write too (their :meth:`writing` and :meth:`session` join it):
        a step made of several of them lands whole or, refused half-way, not at all."""
        joined = self._joined()
        if joined is not None:
            yield joined
            return
        with self.writing() as s:
            self._joining = (threading.get_ident(), s)
            try:
                yield s
            finally:
                self._joining = None

    def _joined(self) -> Session | None:
        """The session of :meth:`one_transaction` open on this thread, if any."""
        joining = self.__dict__.get("_joining")
        if joining is not None and joining[0] == threading.get_ident():
            return joining[1]
        return None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction, committed when the block ends and rolled back on error.

        It holds the file's write lock from its first statement (``BEGIN IMMEDIATE``), so
        what the block reads is what it changes: two edits of one answer, from two
        threads or two programs, follow each other and the last one stays.
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only; nothing was changed")
        joined = self._joined()
        if joined is not None:  # part of the one transaction open on this thread
            yield joined
            joined.flush()
            return
        with self._map_errors(), self._writers() as s, s.begin():
            # (begun here: after the whole-file check, which may name the consultant)
            begun = s.connection()
            actor = self.__dict__.get("_actor")
            if actor is not None:
                begun.exec_driver_sql(_SIGN_IN, (actor, actor))
            yield s
            s.flush()
            _catch_up_search(s)
            conn = s.connection().connection.driver_connection
            store_missing(conn, self._forms_on(conn), self.__dict__.setdefault("_form_shapes", {}))
        self._signed_in(actor)

    @contextlib.contextmanager
    def raw_writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on a pooled connection of the driver itself, for the
        everyday edits that need nothing of the ORM (an answer, a note's text, a coded
        segment, a respondent's field): ``BEGIN IMMEDIATE``, the block's statements,
        ``COMMIT``; rolled back on error.

        The same transaction as :meth:`writing` without a session around it: a session's
        begin, flush and commit cost more than the statements of one edit and its commit
        (with ``synchronous=FULL`` the commit is on disk when the block ends, as there).
        The texts it changes wait in the search queue (``search_pending``, written by
        triggers in the same transaction) until a search reads the index
        (:meth:`index_pending`): typing saves a note every few seconds, and indexing it
        each time would cost more than the edit.
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only; nothing was changed")
        from workbench.store.sqlite import begin_immediate

        joined = self._joined()
        if joined is not None:  # part of the one transaction open on this thread
            joined.flush()
            yield joined.connection().connection.driver_connection
            joined.expire_all()  # its objects are read again: the block wrote past them
            return
        with self._map_errors():
            gate = self.__dict__.get("_write_gate")
            if gate is not None:  # writes wait for the whole-file check (integrity.py)
                gate()
            actor = self.__dict__.get("_actor")
            with self._raw_connection() as conn:
                begin_immediate(conn.execute)
                try:
                    if actor is not None:
                        conn.execute(_SIGN_IN, (actor, actor))
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            self._signed_in(actor)

    def sign_in(self, name: str) -> None:
        """Name ``name`` as the author of the edits that follow (the audit trail's actor).

        Nothing is written here: the next write transaction records the name as its own
        first statement, so a step that is refused (and rolled back) leaves the file exactly
        as it was, the name included."""
        self._actor = name

    def _signed_in(self, actor: str | None) -> None:
        """After a committed write: ``actor`` is recorded, unless another was named since."""
        if actor is not None and self.__dict__.get("_actor") == actor:
            self.__dict__.pop("_actor", None)

    @contextlib.contextmanager
    def _raw_connection(self) -> Iterator[Any]:
        """A connection of the driver itself, outside any transaction.  The thread that
        opened the store (the window's) keeps one for the file's life: a checkout from
        the pool and its return cost as much as an edit's own statements.  Other threads
        take one from the pool and give it back."""
        if threading.get_ident() == self._owner:
            kept = self.__dict__.get("_kept_raw")
            if kept is None:
                kept = self._kept_raw = self._engine.raw_connection()
            if not kept.driver_connection.in_transaction:  # (a read inside a write: another)
                yield kept.driver_connection
                return
        raw = self._engine.raw_connection()
        try:
            yield raw.driver_connection
        finally:
            raw.close()

    def index_pending(self) -> None:
        """Bring the search index up to date with the texts edits queued (a no-op when
        none waits, or when the file is open read-only)."""
        if self.read_only:
            return
        with self._raw_reading() as conn:
            if conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
                return
        with self.raw_writing() as conn:
            _catch_up_search_on(conn)

    def _forms_on(self, conn: Any) -> Any:
        """The form snapshots by id, as :meth:`form_definition` gives them, read on
        ``conn`` when not cached yet (a write transaction may have just added one)."""
        cache = self.__dict__.setdefault("_form_cache", {})

        def form_of(version_id: str) -> Any:
            if version_id not in cache:
                cache[version_id] = forms_from(conn)(version_id)
            return cache[version_id]

        return form_of

    def catch_up_search(self) -> None:
        """Index the texts other programs changed (no Workbench edit since has done so)."""
        with self.session() as s:
            if s.execute(text("SELECT 1 FROM search_pending LIMIT 1")).first() is None:
                return
        with self.writing():
            pass  # every write transaction catches up before it commits

    @contextlib.contextmanager
    def _map_errors(self) -> Iterator[None]:
        """Failures of the disk or of the lock, in words, as :class:`EngagementFileError`."""
        from sqlalchemy.exc import OperationalError

        from workbench.store.database import file_error

        try:
            yield
        except OperationalError as exc:
            raise file_error(self.path, exc.orig, doing="nothing was changed") from exc
        except errors("OperationalError") as exc:
            raise file_error(self.path, exc, doing="nothing was changed") from exc

    def save_copy(self, dest: str | Path) -> Path:
        """Write a consistent copy of the engagement to ``dest`` (SQLite's backup API)."""
        from workbench.store.database import sqlite_copy

        raw = self._engine.raw_connection()
        try:
            return sqlite_copy(raw.driver_connection, Path(dest), self._key)
        finally:
            raw.close()

    def schema_revision(self) -> str:
        with self.session() as s:
            return s.execute(text("SELECT version_num FROM alembic_version")).scalar_one()

    # -- engagement and waves ------------------------------------------------------------
    def engagement(self) -> Engagement:
        with self.session() as s:
            return s.execute(select(Engagement)).scalar_one()

    def update_engagement(self, **fields: Any) -> Engagement:
        allowed = {"client", "title", "scope", "consultants", "start_date", "end_date"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown engagement fields: {', '.join(sorted(unknown))}")
        with self.writing() as s:
            engagement = s.execute(select(Engagement)).scalar_one()
            for name, value in fields.items():
                setattr(engagement, name, value)
            return engagement

    def waves(self) -> list[Wave]:
        with self.session() as s:
            return list(s.execute(select(Wave).order_by(*wave_order())).scalars())

    def add_wave(self, name: str, **fields: Any) -> Wave:
        name = name.strip()
        if not name:
            raise ValueError("a wave needs a name")
        with self.writing() as s:
            engagement = s.execute(select(Engagement)).scalar_one()
            if s.execute(select(Wave).where(Wave.name == name)).first():
                raise ValueError(f"there is already a wave called {name!r}")
            last = s.execute(select(func.max(Wave.ordinal))).scalar() or 0
            wave = Wave(engagement_id=engagement.id, name=name, ordinal=last + 1, **fields)
            s.add(wave)
            return wave

    def wave_by_name(self, name: str) -> Wave | None:
        with self.session() as s:
            return s.execute(select(Wave).where(Wave.name == name)).scalar_one_or_none()

    # -- forms ------------------------------------------------------------------------------
    def ensure_form_version(self, definition: Any, source: str = "builtin") -> FormVersion:
        """The stored snapshot of ``definition`` (a FormDefinition), created if new.

        A changed definition that gives a version already stored is stored under the
        next free number (the returned row's ``version`` says which): never two
        definitions under one version."""
        fingerprint = definition.fingerprint
        with self.session() as s:
            found = s.execute(
                select(FormVersion).where(FormVersion.fingerprint == fingerprint)
            ).scalar_one_or_none()
            if found is not None:
                return found
            same_form = list(
                s.execute(select(FormVersion).where(FormVersion.form_id == definition.id)).scalars()
            )
        for row in same_form:  # this definition, stored before under a new number
            if (
                definition.model_copy(update={"version": row.version}).fingerprint
                == row.fingerprint
            ):
                return row
        taken = {row.version for row in same_form}
        if definition.version in taken:
            definition = definition.model_copy(update={"version": max(taken) + 1})
            fingerprint = definition.fingerprint
        with self.writing() as s:
            row = FormVersion(
                form_id=definition.id,
                version=definition.version,
                title=definition.title,
                fingerprint=fingerprint,
                definition=definition.model_dump(mode="json"),
                source=source,
            )
            s.add(row)
            return row

    def form_versions(self) -> list[FormVersion]:
        with self.session() as s:
            return list(
                s.execute(
                    select(FormVersion).order_by(FormVersion.form_id, FormVersion.version)
                ).scalars()
            )

    def form_definition(self, form_version_id: str) -> Any:
        """The FormDefinition an interview was given against (cached per snapshot)."""
        cache = self.__dict__.setdefault("_form_cache", {})
        if form_version_id not in cache:
            from workbench.forms.schema import FormDefinition

            with self.session() as s:
                row = s.get(FormVersion, form_version_id)
                if row is None:
                    raise KeyError(form_version_id)
                cache[form_version_id] = FormDefinition.model_validate(row.definition)
        return cache[form_version_id]

    def engagement_forms(self) -> list[Any]:
        """The newest stored version of each form the engagement holds."""
        newest: dict[str, FormVersion] = {}
        for row in self.form_versions():
            if row.form_id not in newest or row.version >= newest[row.form_id].version:
                newest[row.form_id] = row
        return [self.form_definition(row.id) for row in newest.values()]

    # -- search -------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        limit: int = 200,
        offset: int = 0,
        snippets: int = FIRST_SNIPPETS,
        after: int = 0,
    ) -> list[SearchHit]:
        """Full-text search over notes and text answers of interviews not in the trash.

        The hits are a page of matches found in the order of the index (oldest text
        first): the ``limit`` live matches after the first ``offset``, returned best
        first.  The first ``snippets`` of them are filled (snippet, respondent, form
        title); the others are filled by :meth:`fill_hits` when they are shown.  One
        pass over the index, so the cost follows the page, not the number of matches.
        ``after`` (the largest ``entry`` of the hits already listed) continues the walk
        where the last page ended instead of walking its matches again to skip them.
        """
        match = fts_query(query)
        if not match:
            return []
        self.index_pending()
        with self._raw_reading() as conn:
            queued = _queued_texts(conn)
            sql = SEARCH_SQL if queued is None else QUEUED_SEARCH_SQL
            rows = conn.execute(sql, (match, after, limit, offset)).fetchall()
            rows.sort(key=_RANK)
            first = rows[:snippets]
            cut = _cut(conn, match, [r[0] for r in first], queued)
            who = _details(conn, {r[3] for r in first})
        hits = [
            _filled(SearchHit(kind, ref, iid, "", "", "", entry), cut, who.get(iid, _NOBODY))
            for entry, kind, ref, iid, _rank in first
        ]
        hits += [
            SearchHit(kind, ref, iid, "", "", "", entry, False)
            for entry, kind, ref, iid, _rank in rows[snippets:]
        ]
        return hits

    def fill_hits(self, query: str, hits: list[SearchHit]) -> dict[int, SearchHit]:
        """``hits`` of ``query`` filled with their snippet, respondent and form title, by
        their index entry."""
        match = fts_query(query)
        if not match or not hits:
            return {}
        with self._raw_reading() as conn:
            cut = _cut(conn, match, [h.entry for h in hits], _queued_texts(conn))
            who = _details(conn, {h.interview_id for h in hits})
        return {
            h.entry: _filled(h, cut, who[h.interview_id]) for h in hits if h.interview_id in who
        }

    def find_people(self, query: str, limit: int | None = None) -> list[Any]:
        """The respondents not in the trash that ``query`` finds by their name, role,
        unit, segment or e-mail (:mod:`workbench.store.people_search`), best first."""
        return self.people_found(query, limit)[0]

    def people_found(self, query: str, limit: int | None = None) -> tuple[list[Any], int]:
        """The first ``limit`` respondents :meth:`find_people` gives, and how many it
        found."""
        from workbench.store.people_search import find_people

        kept = self.__dict__.setdefault("_register_kept", {})
        with self._raw_reading() as conn:
            return find_people(conn, query, limit, kept)

    def count_matches(self, query: str) -> tuple[int, int]:
        """How many notes and answers of interviews not in the trash ``query`` finds, and
        in how many interviews (every match: the pages of :meth:`search` need not be
        walked to know it)."""
        match = fts_query(query)
        if not match:
            return (0, 0)
        self.index_pending()
        with self._raw_reading() as conn:
            if _queued_texts(conn) is None:
                found, interviews = conn.execute(COUNT_SQL, (match,)).fetchone()
            else:
                found, interviews = conn.execute(QUEUED_COUNT_SQL, (match, 0)).fetchone()
        return (int(found), int(interviews))

    def snippets(self, query: str, hits: list[SearchHit]) -> dict[int, str]:
        """The snippets of ``hits`` of ``query`` (by their index entry), the matches
        between ``[[`` and ``]]``."""
        match = fts_query(query)
        if not match or not hits:
            return {}
        with self._raw_reading() as conn:
            return _cut(conn, match, [h.entry for h in hits], _queued_texts(conn))

    @contextlib.contextmanager
    def _raw_reading(self) -> Iterator[Any]:
        """A read transaction on a pooled connection of the driver itself, for the hot
        reads that need nothing of SQLAlchemy."""
        joined = self._joined()
        if joined is not None:  # inside the one transaction open on this thread: its view
            joined.flush()
            yield joined.connection().connection.driver_connection
            return
        with self._map_errors(), self._raw_connection() as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")

    # -- summary --------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Respondents, interviews, codes and coded segments not in the trash; every note
        and answer cell."""
        from workbench.store import glance

        with self._raw_reading() as conn:
            return glance.counts(conn)


# Every statement that writes the index, or writes after it, writes one row: a statement
# that may write several opens a statement savepoint, and FTS5 (before SQLite 3.44) writes
# out the words it holds at each savepoint, one more segment of the index per edit.
_SEARCH_CATCH_UP = (
    # CROSS JOIN keeps the order: the few pending texts first, their entries by key (left
    # to itself the planner scans every entry of search_ref on each edit).
    "SELECT r.entry FROM search_pending p CROSS JOIN search_ref r ON r.ref_id = p.ref_id",
    # One entry at a time, by rowid: FTS5 given ``rowid IN (subquery)`` costs ten times
    # as much as these seeks.
    "DELETE FROM search_index WHERE rowid = ?",
    "DELETE FROM search_ref WHERE ref_id IN (SELECT ref_id FROM search_pending)",
    # The highest entry so far, from the index's content table (its key is the rowid).
    "SELECT max(id) FROM search_index_content",
    """SELECT n.body, 'note', n.id, n.interview_id
        FROM search_pending p JOIN note n ON n.id = p.ref_id WHERE p.kind = 'note'
        UNION ALL
        SELECT a.text, 'answer', a.id, a.interview_id
        FROM search_pending p JOIN answer a ON a.id = p.ref_id
        WHERE p.kind = 'answer' AND a.text IS NOT NULL AND a.text != ''""",
    "INSERT INTO search_index(body, kind, ref_id, interview_id) VALUES (?, ?, ?, ?)",
    # The entries just added are those above the highest before them (bound below), read
    # from the content table too (c2 is the ref_id column).
    "SELECT c2, id FROM search_index_content WHERE id > ?",
    "INSERT INTO search_ref(ref_id, entry) VALUES (?, ?)",
    "DELETE FROM search_pending",
)


def _catch_up_search(s: Session) -> None:
    """Within a write transaction: replace the index entries of every changed text.

    Triggers list the notes and answers an edit touched (cascading deletes included) in
    ``search_pending``; the index is brought up to date from that list here, before the
    transaction commits, because a trigger may not write into FTS5 when the schema is
    distrusted.  ``search_ref`` finds a text's old entry without scanning the index.
    The statements go straight to the transaction's own SQLite connection: they run on
    every edit, and need nothing from the ORM.
    """
    _catch_up_search_on(s.connection().connection.driver_connection)


def _catch_up_search_on(conn: Any) -> None:
    """:func:`_catch_up_search` on the transaction's SQLite connection."""
    if conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
        return
    (find, drop_entry, drop_refs, last_entry, texts, add_entry, added, add_ref, done) = (
        _SEARCH_CATCH_UP
    )
    conn.executemany(drop_entry, conn.execute(find).fetchall())
    conn.execute(drop_refs)
    last = conn.execute(last_entry).fetchone()[0]
    conn.executemany(add_entry, conn.execute(texts).fetchall())
    conn.executemany(add_ref, conn.execute(added, (last or 0,)).fetchall())
    conn.execute(done)


def _queued_texts(conn: Any) -> int | None:
    """Within a read transaction: the texts of the search queue in ``temp.search_queued``
    (QUEUED_DDL), and the index's last entry, above which their entries are; None when
    the queue is empty (the index holds every text)."""
    if conn.execute("SELECT 1 FROM search_pending LIMIT 1").fetchone() is None:
        return None
    last = conn.execute(_SEARCH_CATCH_UP[3]).fetchone()[0] or 0
    for statement in QUEUED_DDL:
        conn.execute(statement)
    texts = conn.execute(_SEARCH_CATCH_UP[4]).fetchall()
    conn.executemany(QUEUED_ADD, [(last + n, *row) for n, row in enumerate(texts, 1)])
    return int(last)


def _cut(conn: Any, match: str, entries: list[int], queued: int | None) -> dict[int, str]:
    """The snippets of ``entries``: those above ``queued`` (the index's last entry when
    :func:`_queued_texts` indexed the queue) from the queued texts."""
    if queued is None:
        return _snippets(conn, match, entries)
    out = _snippets(conn, match, [e for e in entries if e <= queued])
    out.update(_snippets(conn, match, [e for e in entries if e > queued], "search_queued"))
    return out


def _details(conn: Any, interviews: set[str]) -> dict[str, tuple[str, str, str, str]]:
    """The respondent's name, the form's title, the wave and the date of each interview."""
    if not interviews:
        return {}
    marks = ", ".join("?" * len(interviews))
    return {
        iid: (name, title, wave or "", str(day or ""))
        for iid, name, title, wave, day in conn.execute(
            DETAILS_SQL.format(marks), tuple(interviews)
        )
    }


def _filled(hit: SearchHit, cut: dict[int, str], details: tuple[str, ...]) -> SearchHit:
    """``hit`` with its snippet and its interview's details (:func:`_details`)."""
    name, title, wave, day = details
    return hit._replace(
        snippet=cut.get(hit.entry, ""),
        respondent=name,
        form_title=title,
        wave=wave,
        date=day,
        filled=True,
    )
