"""Merging copies of one engagement: read both, work out the merged content, write the
difference into the target in one transaction.

``merge_into(store, source)`` merges an open engagement with another copy (an open
:class:`~workbench.store.Store` or a :class:`~workbench.team.state.Copy`); a rolling
backup of the target is taken first, the whole change is one transaction (a failure
leaves the target as it was), the search index is brought up to date before it commits,
and what happened is kept as a merge report in the engagement.  A copy of another
engagement is refused before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, insert, select, text, update

from workbench.plural import noun, plural
from workbench.store.database import EngagementFileError
from workbench.team import is_url
from workbench.team.state import (
    ORDER,
    Copy,
    Merged,
    canonical,
    merged,
    row_key,
)
from workbench.team.triggers import LINK_TABLE

# Columns of a unique constraint that a row is moved off before others take its place.
ASIDE = {"wave": "name", "form_version": "fingerprint", "answer": "item", "note": "position"}
LABELS = {  # singular; plural() makes the rest
    "engagement": "engagement detail",
    "wave": "wave",
    "respondent": "respondent",
    "form_version": "form version",
    "interview": "interview",
    "planned_interview": "planned interview",
    "answer": "answer",
    "answer_change": "answer correction",
    "note": "note",
    "code": "code",
    "coded_segment": "coded segment",
    "memo": "memo",
    "finding": "finding",
    "recommendation": "recommendation",
    LINK_TABLE: "finding link",
    "report_entry": "report entry",
}
Progress = Callable[[float, str], Any] | None


class MergeRefused(EngagementFileError):
    """The copies cannot be merged (another engagement, an unreadable file); nothing written."""


@dataclass
class MergeResult:
    source: str
    changed: bool
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    removed: dict[str, int] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)
    report_id: str | None = None
    backup: Path | None = None
    erased: list[str] = field(default_factory=list)  # respondents erased in the source
    backups_rewritten: int = 0
    backups_removed: int = 0
    vacuumed: bool | None = None  # after an erasure: the file rebuilt and its log emptied

    def erasure_words(self) -> str:
        """What a merge that carried an erasure did to the target's backups, or ""."""
        if not self.erased:
            return ""
        done = [
            f"{plural(n, 'backup')} {words}"
            for n, words in (
                (self.backups_rewritten, "had them erased too"),
                (self.backups_removed, "deleted"),
            )
            if n
        ]
        compacted = {
            True: "; the file vacuumed and its log emptied",
            False: (
                "; the file vacuumed, its log to be emptied when the other program that "
                "has it open closes it"
            ),
            None: "",
        }[self.vacuumed]
        return (
            f"{plural(len(self.erased), 'respondent')} erased in the other copy, so erased "
            f"here{compacted}; of this file's automatic backups that held them: "
            f"{', '.join(done) or 'none'}"
        )

    def summary(self) -> str:
        if not self.changed:
            return f"{self.source}: nothing new; the engagement is unchanged"
        parts = []
        for words, counts in (
            ("added", self.added),
            ("changed", self.updated),
            ("removed", self.removed),
        ):
            shown = ", ".join(plural(n, LABELS[t]) for t, n in counts.items() if n)
            if shown:
                parts.append(f"{words} {shown}")
        conflicts = sum(1 for i in self.items if i["kind"] == "conflict")
        tail = f"; {plural(conflicts, 'conflict')} settled" if conflicts else ""
        from workbench.team.report import kept_apart_words

        apart = kept_apart_words(self.items)
        tail += f". {apart[0].upper()}{apart[1:]}" if apart else ""
        return f"{self.source}: {'; '.join(parts) or 'history brought in'}{tail}"


# -- reading a copy ---------------------------------------------------------------------------
def read_copy(conn: Any, *, empty_ok: bool = False) -> Copy:
    """Everything a merge needs from one copy, read on ``conn`` (an SQLAlchemy connection).

    ``empty_ok``: a store that holds no engagement yet (a new shared store or file) is read
    as an empty copy, which any engagement may be merged into."""
    from workbench.store.models import Base

    tables = Base.metadata.tables
    rows = {}
    for name in ORDER:
        found = conn.execute(select(tables[name])).mappings().all()
        rows[name] = {row_key(name, dict(r)): dict(r) for r in found}
    engagements = list(rows["engagement"])
    if not engagements and empty_ok:
        engagements = [""]
    elif len(engagements) != 1:
        raise MergeRefused(f"holds {len(engagements)} engagement records instead of one")
    tombstones = {
        (r["table_name"], r["row_id"]): (r["deleted_at"], r["replaced_by"])
        for r in conn.execute(select(tables["tombstone"])).mappings()
    }
    audit = {r["id"]: dict(r) for r in conn.execute(select(tables["audit_event"])).mappings()}
    reports = {r["id"]: dict(r) for r in conn.execute(select(tables["merge_report"])).mappings()}
    copy = Copy(engagements[0], rows, tombstones, audit, reports)
    copy.index_audit()
    return copy


def read_store(store: Any) -> Copy:
    with store.session() as s:
        return read_copy(s.connection())


def read_source(source: str | os.PathLike[str], passphrase: str | None = None) -> Copy:
    """The content of another copy: an engagement file (an older one is upgraded in a
    temporary copy, never in place; an encrypted one read with ``passphrase``) or a shared
    store's URL.  Nothing is written to it."""
    if is_url(source):
        from workbench.team.pg import SharedStore

        with SharedStore(str(source)) as shared, shared.connect() as conn:
            return read_copy(conn)
    from workbench.store.database import (
        SCHEMA_HEAD,
        encryption_key,
        inspect_file,
        open_engagement,
    )

    path = Path(source)
    if inspect_file(path, passphrase=passphrase) != SCHEMA_HEAD:
        import shutil
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            upgraded = Path(folder) / path.name
            shutil.copyfile(path, upgraded)
            key = encryption_key(path, passphrase)
            with open_engagement(upgraded, backup=False, passphrase=key) as store:
                return read_store(store)
    with open_engagement(path, read_only=True, backup=False, passphrase=passphrase) as store:
        return read_store(store)


# -- writing the difference -------------------------------------------------------------------
@dataclass
class Plan:
    inserts: dict[str, list[dict[str, Any]]]
    updates: dict[str, list[tuple[str, dict[str, Any]]]]
    deletes: dict[str, list[dict[str, Any]]]
    tombstones: list[tuple[tuple[str, str], tuple[Any, Any], bool]]
    audit: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    # Tombstones of rows the merge keeps over their deletion (a note worked on meanwhile).
    untombed: list[tuple[str, str]] = field(default_factory=list)

    def empty(self) -> bool:
        return not (
            self.untombed
            or any(self.inserts.values())
            or any(self.updates.values())
            or any(self.deletes.values())
            or self.tombstones
            or self.audit
            or self.reports
        )


def plan(before: Copy, after: Merged) -> Plan:
    inserts, updates, deletes = {}, {}, {}
    for table in ORDER:
        old, new = before.rows[table], after.rows[table]
        inserts[table] = [row for key, row in new.items() if key not in old]
        deletes[table] = [row for key, row in old.items() if key not in new]
        changed = []
        if table != LINK_TABLE:
            for key, row in new.items():
                if key in old:
                    diff = {c: v for c, v in row.items() if canonical(v) != canonical(old[key][c])}
                    if diff:
                        changed.append((key, diff))
        updates[table] = changed
    tombstones = [
        (key, value, key in before.tombstones)
        for key, value in after.tombstones.items()
        if before.tombstones.get(key) != value
    ]
    # A merge's own report and its line in the trail stay in the copy it was made in.
    audit = [
        row
        for key, row in after.audit.items()
        if key not in before.audit and row["action"] != "merge"
    ]
    untombed = [key for key in before.tombstones if key not in after.tombstones]
    return Plan(inserts, updates, deletes, tombstones, audit, [], untombed)


def _depth(rows: dict[str, dict[str, Any]], row: dict[str, Any]) -> int:
    depth, seen = 0, set()
    while row.get("parent_id") and row["parent_id"] not in seen:
        seen.add(row["parent_id"])
        depth += 1
        row = rows.get(row["parent_id"], {})
    return depth


def write_plan(conn: Any, todo: Plan, after: Merged, progress: Progress = None) -> None:
    """Carry out ``todo`` on ``conn`` (inside the caller's transaction)."""
    from workbench.store.models import Base

    tables = Base.metadata.tables
    state = tables["team_state"]
    conn.execute(update(state).values(merging=1))
    for (table_name, row_id), (when, survivor), exists in todo.tombstones:
        values = {"deleted_at": when, "replaced_by": survivor}
        tomb = tables["tombstone"]
        if exists:
            conn.execute(
                update(tomb)
                .where(and_(tomb.c.table_name == table_name, tomb.c.row_id == row_id))
                .values(**values)
            )
        else:
            conn.execute(insert(tomb).values(table_name=table_name, row_id=row_id, **values))
    tomb = tables["tombstone"]
    for table_name, row_id in todo.untombed:
        conn.execute(
            delete(tomb).where(and_(tomb.c.table_name == table_name, tomb.c.row_id == row_id))
        )
    if todo.audit:
        conn.execute(insert(tables["audit_event"]), todo.audit)
    if todo.reports:
        conn.execute(insert(tables["merge_report"]), todo.reports)
    # Rows about to go, or to take another row's unique place, step aside first.
    for table_name, column in ASIDE.items():
        table = tables[table_name]
        moving = [r["id"] for r in todo.deletes[table_name]] + [
            key for key, diff in todo.updates[table_name] if column in diff
        ]
        for n, row_id in enumerate(moving):
            aside = -(n + 1) if column == "position" else f"~{row_id}"
            conn.execute(update(table).where(table.c.id == row_id).values({column: aside}))
    steps = len(ORDER) * 3
    for n, table_name in enumerate(ORDER):
        report(progress, n / steps, f"Adding {noun(2, LABELS[table_name])}")
        rows = todo.inserts[table_name]
        if table_name == "code":
            rows = sorted(rows, key=lambda r: _depth(after.rows["code"], r))
        if rows:
            conn.execute(insert(tables[table_name]), rows)
    for n, table_name in enumerate(ORDER):
        report(
            progress,
            (len(ORDER) + n) / steps,
            f"Bringing in changes to {noun(2, LABELS[table_name])}",
        )
        table = tables[table_name]
        for key, diff in todo.updates[table_name]:
            values = {**diff, "modified_at": after.rows[table_name][key]["modified_at"]}
            conn.execute(update(table).where(table.c.id == key).values(values))
    for n, table_name in enumerate(reversed(ORDER)):
        report(
            progress,
            (2 * len(ORDER) + n) / steps,
            f"Removing deleted {noun(2, LABELS[table_name])}",
        )
        table = tables[table_name]
        for row in todo.deletes[table_name]:
            if table_name == LINK_TABLE:
                where = and_(
                    table.c.recommendation_id == row["recommendation_id"],
                    table.c.finding_id == row["finding_id"],
                )
            else:
                where = table.c.id == row["id"]
            conn.execute(delete(table).where(where))
    conn.execute(update(state).values(merging=0))


def report(progress: Progress, fraction: float, message: str) -> None:
    from workbench.deliver.safety import report_progress

    report_progress(progress, fraction, message)


# -- the merge -------------------------------------------------------------------------------
def check_same_engagement(target: Copy, source: Copy, source_label: str) -> None:
    if target.engagement_id and target.engagement_id != source.engagement_id:
        theirs = source.rows["engagement"][source.engagement_id]
        mine = target.rows["engagement"][target.engagement_id]
        name, other = (f"{e['client']} — {e['title']}" for e in (mine, theirs))
        if name != other:
            raise MergeRefused(
                f"{source_label}: a copy of another engagement ({other}), not of {name}; "
                "nothing was merged"
            )
        raise MergeRefused(
            f"{source_label}: a copy of another engagement that has the same name ({name}) but "
            f"was created separately: it was created on {_made(theirs)}, this one on "
            f"{_made(mine)}; nothing was merged"
        )


def _made(row: dict[str, Any]) -> str:
    when = row.get("created_at")
    day = f"{when:%d %B %Y at %H:%M} UTC" if hasattr(when, "strftime") else str(when or "?")
    return f"{day} (engagement id {str(row['id'])[:8]})"


def merge_copies(
    conn: Any,
    source: Copy,
    *,
    source_label: str,
    merge_codes: bool = False,
    progress: Progress = None,
    actor: str | None = None,
    before_write: Callable[[], Any] | None = None,
    empty_target_ok: bool = False,
    run: str | None = None,
) -> MergeResult:
    """Merge ``source`` into the database behind ``conn``, inside the caller's transaction."""
    from workbench.settings import consultant_name
    from workbench.store.models import new_id, utcnow

    report(progress, 0.0, "Reading the engagement")
    target = read_copy(conn, empty_ok=empty_target_ok)
    check_same_engagement(target, source, source_label)
    report(progress, 0.1, "Working out the merged engagement")
    after = merged(target, source, merge_codes=merge_codes)
    todo = plan(target, after)
    from workbench.team.report import label_items

    label_items(after.items, after.rows)
    result = MergeResult(source_label, changed=not todo.empty(), items=after.items)
    if not result.changed:
        result.items = []  # what was settled before stays settled; nothing to list again
        return result
    result.added = {t: len(r) for t, r in todo.inserts.items() if r}
    result.updated = {t: len(r) for t, r in todo.updates.items() if r}
    result.removed = {t: len(r) for t, r in todo.deletes.items() if r}
    # A respondent is only ever deleted by an erasure (a fold leaves its survivor's id).
    result.erased = [
        r["id"]
        for r in todo.deletes["respondent"]
        if after.tombstones.get(("respondent", r["id"]), (None, None))[1] is None
    ]
    if before_write is not None:
        result.backup = before_write()
    now = utcnow()
    actor = consultant_name() if actor is None else actor
    result.report_id = new_id()
    todo.reports.append(
        {
            "id": result.report_id,
            "created_at": now,
            "modified_at": now,
            "source": source_label[:500],
            "actor": actor,
            "summary": {
                "added": result.added,
                "changed": result.updated,
                "removed": result.removed,
                "run": run or result.report_id,
            },
            "items": _jsonable(after.items),
        }
    )
    todo.audit.append(
        {
            "id": new_id(),
            "at": now,
            "actor": actor,
            "table_name": "engagement",
            "row_id": source.engagement_id,
            "parent_id": None,
            "action": "merge",
            "fields": "",
            "detail": os.path.basename(source_label)[:200],
        }
    )
    write_plan(conn, todo, after, progress)
    report(progress, 1.0, "Merged")
    return result


def _jsonable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import json

    return json.loads(json.dumps(items, default=str))


def merge_into(
    store: Any,
    source: Any,
    *,
    source_label: str = "",
    merge_codes: bool = False,
    progress: Progress = None,
    backup: bool = True,
    run: str | None = None,
) -> MergeResult:
    """Merge ``source`` (an open store or a :class:`Copy`) into the open engagement ``store``.

    A rolling backup of the target is taken before anything is written; everything is one
    transaction, and the search index is brought up to date before it commits.  Merges
    given the same ``run`` (several copies merged in one go) make one last merge report.
    """
    copy = source if isinstance(source, Copy) else read_store(source)
    label = source_label or str(getattr(source, "path", "the other copy"))

    def take_backup() -> Path | None:
        if not backup:
            return None
        from workbench.store.database import rolling_backup

        return rolling_backup(store.path, key=store._key)

    with store.writing() as s:
        # The lock is held from here: what is read is what the merge changes.
        s.execute(text("SELECT 1 FROM engagement LIMIT 1"))
        s.execute(text("PRAGMA secure_delete=ON"))  # an erasure brought in leaves no trace
        result = merge_copies(
            s.connection(),
            copy,
            source_label=label,
            merge_codes=merge_codes,
            progress=progress,
            before_write=take_backup,
            run=run,
        )
    if result.erased and store.path is not None:
        result.vacuumed = vacuum_open_file(store)
        result.backups_rewritten, result.backups_removed = erase_in_backups(
            Path(store.path), result.erased, store._key
        )
    return result


def vacuum_open_file(store: Any) -> bool:
    """As ``erase`` does after an erasure: rebuild the open engagement file so no freed page
    keeps what was erased, and empty its write-ahead log.  False when another connection
    (another program, or a read under way) kept the log from being emptied; the vacuum
    itself has then still been done, and the log is emptied when the last one closes."""
    # Pooled connections of this store are closed first: the vacuum's is the only one left.
    store._engine.dispose()
    raw = store._engine.raw_connection()
    try:
        conn = raw.driver_connection
        conn.execute("PRAGMA secure_delete=ON")
        conn.execute("VACUUM")
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    return not busy


def erase_in_backups(path: Path, ids: list[str], key: str | None) -> tuple[int, int]:
    """Erase the respondents ``ids`` from the automatic backups of ``path`` that hold them,
    as ``erase`` does; a backup that cannot be re-written is deleted.  (re-written, deleted)"""
    import contextlib

    from workbench.store.database import list_backups, open_engagement
    from workbench.store.erasure import ErasurePlan, erase, scrub_file

    rewritten = removed = 0
    marks = ", ".join("?" * len(ids))
    for backup in list_backups(path):
        try:
            from workbench.store.sqlite import connect

            with contextlib.closing(connect(backup, mode="ro", key=key)) as conn:
                sql = f"SELECT id FROM respondent WHERE id IN ({marks})"
                held = [row[0] for row in conn.execute(sql, ids)]
            if not held:
                continue
            with open_engagement(backup, read_only=False, backup=False, passphrase=key) as old:
                erase(old, ErasurePlan(held))
            scrub_file(backup, key)
            rewritten += 1
        except Exception:  # noqa: BLE001 - a backup that cannot be cleaned must go
            with contextlib.suppress(OSError):
                backup.unlink()
                removed += 1
    return rewritten, removed
