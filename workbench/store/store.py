"""The Store: one open engagement file and every edit a consultant can make to it.

Each method runs in its own short transaction and commits before it returns, so an
edit that returned is on disk (WAL, ``synchronous=FULL``).  The methods take and
return plain values or detached ORM rows; nothing here knows about Qt.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from workbench.store.coding import CodingOps
from workbench.store.findings import FindingOps
from workbench.store.interviews import InterviewOps
from workbench.store.models import (
    Answer,
    Code,
    CodedSegment,
    Engagement,
    FormVersion,
    Interview,
    Note,
    Respondent,
    Wave,
)
from workbench.store.report import ReportOps
from workbench.store.respondents import RespondentOps
from workbench.store.schedule import ScheduleOps
from workbench.store.tagcoding import TagCodingOps


class ReadOnlyError(Exception):
    """An edit was attempted on a file opened read-only."""


@dataclass(frozen=True)
class SearchHit:
    kind: str  # note | answer
    ref_id: str
    interview_id: str
    snippet: str  # with the matches between [[ and ]]
    respondent: str
    form_title: str


# The page first (the rowids of its first and last live matches bound it), then rank,
# snippets and the joins for the page alone.
SEARCH_SQL = text(
    """
    WITH bounds AS MATERIALIZED (
        SELECT MIN(id) AS lo, MAX(id) AS hi FROM (
            SELECT s2.rowid AS id FROM search_index s2
            JOIN interview i2 ON i2.id = s2.interview_id
            JOIN respondent r2 ON r2.id = i2.respondent_id
            WHERE s2.search_index MATCH :q
              AND i2.deleted_at IS NULL AND r2.deleted_at IS NULL
            ORDER BY s2.rowid LIMIT :limit OFFSET :offset
        )
    ),
    page AS MATERIALIZED (
        SELECT si.kind, si.ref_id, si.interview_id,
               snippet(search_index, 0, '[[', ']]', '…', 16) AS snip, rank AS score
        FROM search_index si
        WHERE search_index MATCH :q
          AND si.rowid >= (SELECT lo FROM bounds) AND si.rowid <= (SELECT hi FROM bounds)
    )
    SELECT p.kind, p.ref_id, p.interview_id, p.snip, r.name, fv.title
    FROM page p
    JOIN interview i ON i.id = p.interview_id
    JOIN respondent r ON r.id = i.respondent_id
    JOIN form_version fv ON fv.id = i.form_version_id
    WHERE i.deleted_at IS NULL AND r.deleted_at IS NULL
    ORDER BY p.score
    """
)


class Store(
    RespondentOps, InterviewOps, ScheduleOps, CodingOps, TagCodingOps, FindingOps, ReportOps
):
    """An open engagement file.  Create with ``open_engagement`` or ``create_engagement``."""

    def __init__(self, path: Path, engine: Any, read_only: bool) -> None:
        self.path = path
        self.read_only = read_only
        self.notice = ""
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- connection -----------------------------------------------------------------------
    @classmethod
    def _connect(cls, path: Path, *, read_only: bool) -> Store:
        path = Path(path).resolve()
        if read_only:
            uri = f"{path.as_uri()}?mode=ro"
            if not Path(f"{path}-wal").exists():
                uri += "&immutable=1"
            engine = create_engine(
                "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
            )
        else:
            engine = create_engine(
                f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 10}
            )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            if not read_only:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=FULL")
            cur.close()

        return cls(path, engine, read_only)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A short transaction: committed when the block ends, rolled back on error."""
        with self._sessions() as s, s.begin():
            yield s

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        if self.read_only:
            raise ReadOnlyError(f"{self.path.name} is open read-only; nothing was changed")
        with self.session() as s:
            yield s

    def save_copy(self, dest: str | Path) -> Path:
        """Write a consistent copy of the engagement to ``dest`` (SQLite's backup API)."""
        from workbench.store.database import sqlite_copy

        raw = self._engine.raw_connection()
        try:
            return sqlite_copy(raw.driver_connection, Path(dest))
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
            return list(s.execute(select(Wave).order_by(Wave.ordinal)).scalars())

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
        """The stored snapshot of ``definition`` (a FormDefinition), created if new."""
        fingerprint = definition.fingerprint
        with self.session() as s:
            found = s.execute(
                select(FormVersion).where(FormVersion.fingerprint == fingerprint)
            ).scalar_one_or_none()
            if found is not None:
                return found
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
    def search(self, query: str, limit: int = 200, offset: int = 0) -> list[SearchHit]:
        """Full-text search over notes and text answers of interviews not in the trash.

        The hits are a page of matches in the order of the index (oldest text first): the
        ``limit`` matches after the first ``offset``, best first.  The index finds the
        page alone, and only its matches are ranked, cut into snippets and joined to their
        interviews, so the cost follows the page, not the number of matches.
        """
        match = fts_query(query)
        if not match:
            return []
        with self.session() as s:
            rows = s.execute(SEARCH_SQL, {"q": match, "limit": limit, "offset": offset}).all()
        return [SearchHit(*row) for row in rows]

    # -- summary --------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        live = {
            "respondents": (Respondent, True),
            "interviews": (Interview, True),
            "notes": (Note, False),
            "answers": (Answer, False),
            "codes": (Code, True),
            "coded segments": (CodedSegment, True),
        }
        out: dict[str, int] = {}
        with self.session() as s:
            for label, (model, trashable) in live.items():
                q = select(func.count()).select_from(model)
                if trashable:
                    q = q.where(model.deleted_at.is_(None))
                out[label] = s.execute(q).scalar_one()
        return out


def fts_query(user_text: str) -> str:
    """Turn what a person typed into a safe FTS5 query: every word must match, the last as a prefix."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in user_text).split() if w]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)
