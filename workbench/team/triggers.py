"""The triggers that keep the audit trail and the tombstones (schema 0006), word for word.

Every edit, by whatever path it reaches the file (the ORM, the store's plain SQL, another
program), leaves an ``audit_event`` row saying who (the consultant's name in
``team_state``), when and which fields; every deleted row leaves a ``tombstone`` so that a
merge carries the deletion to the other copies.  While a merge writes
(``team_state.merging = 1``) no audit event is made: what it brings in keeps the events
of the edits themselves.

The statements are frozen with the revisions that made them: schema 0006 created the
triggers over :data:`AUDITED_0006`; a later schema that adds columns to an audited table
recreates that table's update trigger so the new columns are watched too (:data:`ADDED`,
by revision).  The migrations and the schema check take their statements from here
(:func:`team_triggers` of a revision); a test compares :data:`AUDITED` with the models'
columns, so a column added without its trigger fails it.
"""

from __future__ import annotations

from typing import Any

# table -> (the column naming the record it belongs to, the columns an edit may change)
Audited = dict[str, tuple[str | None, tuple[str, ...]]]
AUDITED_0006: Audited = {
    "engagement": (
        None,
        (
            "client",
            "title",
            "scope",
            "consultants",
            "start_date",
            "end_date",
            "anonymise_k",
            "anonymise_terms",
            "retain_until",
        ),
    ),
    "wave": (None, ("engagement_id", "name", "ordinal", "start_date", "end_date")),
    "respondent": (
        None,
        (
            "name",
            "role",
            "org_unit",
            "segment",
            "email",
            "attributes",
            "consent_given",
            "consent_at",
            "deleted_at",
        ),
    ),
    "form_version": (None, ("form_id", "version", "title", "fingerprint", "definition", "source")),
    "planned_interview": (
        "respondent_id",
        (
            "respondent_id",
            "wave_id",
            "form_id",
            "planned_date",
            "interviewer",
            "interview_id",
            "deleted_at",
        ),
    ),
    "interview": (
        "respondent_id",
        (
            "respondent_id",
            "form_version_id",
            "wave_id",
            "interviewer",
            "date",
            "place",
            "status",
            "deleted_at",
        ),
    ),
    "answer": ("interview_id", ("interview_id", "question_key", "item", "value", "num", "text")),
    "answer_change": (
        "interview_id",
        ("interview_id", "question_key", "old_value", "new_value", "changed_by"),
    ),
    "note": ("interview_id", ("interview_id", "body", "stamp", "position")),
    "code": (
        "parent_id",
        (
            "parent_id",
            "name",
            "colour",
            "description",
            "definition",
            "when_to_use",
            "when_not_to_use",
            "example",
            "origin",
            "position",
            "deleted_at",
        ),
    ),
    "coded_segment": (
        "interview_id",
        (
            "code_id",
            "interview_id",
            "source_kind",
            "source_id",
            "start",
            "end",
            "text",
            "coder",
            "automatic",
            "status",
            "deleted_at",
        ),
    ),
    "memo": ("target_id", ("target_kind", "target_id", "title", "body", "author", "deleted_at")),
    "finding": (None, ("statement", "severity", "evidence", "position", "deleted_at")),
    "recommendation": (
        None,
        (
            "text",
            "owner",
            "effort",
            "impact",
            "timing",
            "pdca_stage",
            "position",
            "deleted_at",
        ),
    ),
    "report_entry": (None, ("analysis_id", "title", "params", "scope", "position", "deleted_at")),
}
# Columns later schemas added to audited tables, by the revision whose migration recreated
# those tables' update triggers to watch them (0007 and 0008 added these columns in place).
ADDED: dict[str, dict[str, tuple[str, ...]]] = {
    "0009": {
        "engagement": ("code_sets",),
        "interview": ("source_ref",),
        "note": ("speaker",),
        "code": ("codable",),
    },
    "0011": {
        "engagement": ("qda_users",),
        "coded_segment": ("selection_user", "coding_user", "qda_selection", "qda_coding"),
    },
}
# Columns every audited table has that no edit records: the key and the merge's times.
UNWATCHED = ("id", "created_at", "modified_at")
# The revision whose triggers give each event a time-ordered id (see :data:`EVENT_IDS`).
TIME_ORDERED = "0012"
# Tables whose rows record a change themselves, by the revision since which their insert
# writes no audit event: an answer correction is the history of its answer (who, when,
# the old and new value), and the answer's own event records the edit.  Their insert
# trigger still clears a tombstone of the same id.
QUIET_INSERTS = {"0013": ("answer_change",)}
# The newest revision that made audit triggers again (a file of an older revision keeps
# the triggers of its own; the schema check expects those).
TRIGGERS_HEAD = max(*ADDED, TIME_ORDERED, *QUIET_INSERTS)


def audited(revision: str | None = None) -> Audited:
    """The columns the triggers watch at schema ``revision`` (the newest when None)."""
    out = dict(AUDITED_0006)
    for since, tables in sorted(ADDED.items()):
        if revision is not None and since > revision:
            break
        for table, columns in tables.items():
            parent, watched = out[table]
            out[table] = (parent, watched + columns)
    return out


# The columns the head schema's triggers watch.
AUDITED = audited()
LINK_TABLE = "recommendation_finding"
LINK_KEY = "{row}.recommendation_id || '/' || {row}.finding_id"

NOW = "strftime('%Y-%m-%d %H:%M:%S', 'now') || '.' || substr(strftime('%f', 'now'), 4) || '000'"
# An audit event's id, 32 hex digits, by the revision that began writing it.  Until 0012
# it was random, so every edit inserted its event's key on a random page of the largest
# index in the file (one more page written per commit once the trail outgrew the cache).
# Since 0012 it is time-ordered, shaped as a UUID version 7 is (and as the ids of an
# import's events, :func:`_time_ordered_head`): the time in milliseconds (12 digits), the
# version digit 7, then 76 random bits.  Events sort by the time they were made and append
# to the end of the index; events of one millisecond differ by their random tail.
EVENT_IDS = {
    "0006": "lower(hex(randomblob(16)))",
    TIME_ORDERED: (
        "printf('%012x7', strftime('%s', 'now') * 1000 + substr(strftime('%f', 'now'), 4)) "
        "|| substr(lower(hex(randomblob(10))), 2)"
    ),
}
_EVENT = (
    "INSERT INTO audit_event(id, at, actor, table_name, row_id, parent_id, action, fields, "
    "detail)\n        SELECT {id}, {now}, actor, '{table}', {row}.id, "
    "{parent}, '{action}', {fields}, {detail}\n        FROM team_state WHERE merging = 0;"
)


def event_id(revision: str | None = None) -> str:
    """The SQL expression of an event's id in the triggers of ``revision`` (the newest
    when None)."""
    since = [r for r in EVENT_IDS if revision is None or r <= revision]
    return EVENT_IDS[max(since)]


def _quoted(column: str) -> str:
    return f'"{column}"' if column in ("end", "text", "date", "position") else column


def _event(table: str, row: str, action: str, fields: str, revision: str | None) -> str:
    parent_column, _ = AUDITED_0006[table]
    parent = f"{row}.{parent_column}" if parent_column else "NULL"
    detail = f"{row}.question_key" if table in ("answer", "answer_change") else "NULL"
    return _EVENT.format(
        id=event_id(revision),
        now=NOW,
        table=table,
        row=row,
        parent=parent,
        action=action,
        fields=fields,
        detail=detail,
    )


def update_trigger(table: str, columns: tuple[str, ...], revision: str | None = None) -> str:
    """The trigger that records which of ``columns`` an edit of ``table`` changed, as
    schema ``revision`` writes it (the newest when None)."""
    changed = " OR ".join(f"old.{_quoted(c)} IS NOT new.{_quoted(c)}" for c in columns)
    names = " || ".join(
        f"CASE WHEN old.{_quoted(c)} IS NOT new.{_quoted(c)} THEN '{c},' ELSE '' END"
        for c in columns
    )
    return f"""CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table}
    WHEN {changed} BEGIN
        {_event(table, "new", "update", f"rtrim({names}, ',')", revision)}
    END"""


def update_triggers(revision: str) -> dict[str, str]:
    """The update triggers of the tables that revision ``revision`` added columns to."""
    columns = audited(revision)
    return {table: update_trigger(table, columns[table][1], revision) for table in ADDED[revision]}


def quiet_inserts(revision: str | None = None) -> set[str]:
    """The tables whose inserts write no audit event at schema ``revision`` (the newest
    when None), see :data:`QUIET_INSERTS`."""
    return {
        table
        for since, tables in QUIET_INSERTS.items()
        if revision is None or since <= revision
        for table in tables
    }


def team_triggers(revision: str | None = None) -> list[str]:
    """Every audit-trail and tombstone trigger of schema ``revision`` (the newest when None)."""
    statements = []
    quiet = quiet_inserts(revision)
    for table, (_, columns) in audited(revision).items():
        event = "" if table in quiet else "\n        " + _event(table, "new", "insert", "''", revision)
        statements += [
            f"""CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table} BEGIN
        DELETE FROM tombstone WHERE table_name = '{table}' AND row_id = new.id;{event}
    END""",
            update_trigger(table, columns, revision),
            f"""CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table} BEGIN
        INSERT OR IGNORE INTO tombstone(table_name, row_id, deleted_at)
        VALUES ('{table}', old.id, {NOW});
        {_event(table, "old", "delete", "''", revision)}
    END""",
        ]
    statements += [
        f"""CREATE TRIGGER {LINK_TABLE}_audit_insert AFTER INSERT ON {LINK_TABLE} BEGIN
        DELETE FROM tombstone
        WHERE table_name = '{LINK_TABLE}' AND row_id = {LINK_KEY.format(row="new")};
    END""",
        f"""CREATE TRIGGER {LINK_TABLE}_audit_delete AFTER DELETE ON {LINK_TABLE} BEGIN
        INSERT OR IGNORE INTO tombstone(table_name, row_id, deleted_at)
        VALUES ('{LINK_TABLE}', {LINK_KEY.format(row="old")}, {NOW});
    END""",
    ]
    return statements


TEAM_TRIGGERS = team_triggers()


# -- inserts in bulk ----------------------------------------------------------------------------
# The insert triggers a bulk insert holds back, by table: its audit trigger (above), and the
# search index's (schema 0004) with the condition under which it queues the new row.
SEARCH_QUEUED = {"answer": "new.text IS NOT NULL AND new.text != ''", "note": "1"}


def _time_ordered_head() -> str:
    """24 hex digits that begin a run of time-ordered ids (as UUID version 7 does): the
    time in milliseconds, the version digit 7, then 44 random bits; the run's number
    (8 hex digits) completes each id, so a run's ids sort in the order they were made and
    append to the indexes they go in instead of landing all over them."""
    import os
    import time

    return f"{int(time.time() * 1000):012x}7{os.urandom(6).hex()[:11]}"


class BulkInsert:
    """Rows inserted in batches inside one write transaction, with what the per-row insert
    triggers would have written for them written one statement per batch.

    On entering, the insert triggers of ``tables`` (the audit trail's, the search
    index's, see :data:`SEARCH_QUEUED`, and the one dropping an interview's kept progress
    when an answer is added) are dropped, inside the transaction; every
    :meth:`insert` then writes its rows with one ``executemany`` and, for the rows it added
    (told by their rowids), clears their tombstones, records one audit event per row in one
    ``INSERT … SELECT`` (the same columns as the trigger's event: the time, the consultant,
    the table, the row, its parent, ``insert``, no fields, the answer's question; none while
    a merge writes), queues the texts for the search index and drops the kept progress of
    the rows' interviews.  Leaving re-creates the
    triggers from the very statements the file held.  A trigger costs a few microseconds per
    row even when it writes nothing; this costs one statement per batch.

    ``told_by_parent`` names tables whose rows get no event of their own because their
    parent's insert event, in the same bulk insert, records them: an import's answers are
    recorded by the interview they came in with, as one act, rather than one event per
    cell (the merge then reads such a row's times from the row itself, see
    :func:`workbench.team.state._field_time`).  Their tombstones are still cleared.

    Everything happens in the caller's transaction, which must be open (``conn`` is the
    sqlite3 connection it runs on): a failure anywhere rolls back the rows, the events and
    the dropped triggers with it, leaving the file as it was.  The events' ids are
    time-ordered (:func:`_time_ordered_head`) rather than random, like the rows' own ids
    should be for a large insert.
    """

    def __init__(
        self, conn: Any, tables: tuple[str, ...], *, told_by_parent: tuple[str, ...] = ()
    ) -> None:
        self.conn = conn
        self.tables = tables
        self.told_by_parent = set(told_by_parent)
        self.held: dict[str, str] = {}  # trigger name -> its CREATE statement, as stored
        self.head = _time_ordered_head()
        self.events = 0  # the run's number of the next event id

    def __enter__(self) -> BulkInsert:
        if not self.conn.in_transaction:
            raise RuntimeError("a bulk insert must run inside a write transaction")
        names = [f"{t}_audit_insert" for t in self.tables]
        names += [f"{t}_search_pending_insert" for t in self.tables if t in SEARCH_QUEUED]
        names += [f"{t}_progress_insert" for t in self.tables]  # schema 0010: answer's
        marks = ", ".join("?" * len(names))
        self.held = dict(
            self.conn.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
                names,
            ).fetchall()
        )
        for name in self.held:
            self.conn.execute(f'DROP TRIGGER "{name}"')
        return self

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        if kind is None:  # on a failure the caller's rollback restores them
            for sql in self.held.values():
                self.conn.execute(sql)

    def insert(self, table: str, columns: tuple[str, ...] | list[str], rows: list[Any]) -> None:
        """Insert ``rows`` (values as stored, in the order of ``columns``) into ``table``."""
        if not rows:
            return
        if table not in self.tables:
            raise ValueError(f"{table} is not one of this bulk insert's tables")
        names = ", ".join(f'"{c}"' for c in columns)
        before = self._last_rowid(table)
        self.conn.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})", rows
        )
        after = self._last_rowid(table)
        if after - before != len(rows):  # rowids not handed out in order: never guess
            raise RuntimeError(f"the new rows of {table} cannot be told apart by rowid")
        self._recorded(table, before, after)

    def _last_rowid(self, table: str) -> int:
        return self.conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0]

    def _recorded(self, table: str, before: int, after: int) -> None:
        """What the held-back triggers would have written for ``table``'s rows with rowids
        in (``before``, ``after``]."""
        new = "new.rowid > ? AND new.rowid <= ?"
        if f"{table}_audit_insert" in self.held and table not in quiet_inserts():
            parent_column, _ = AUDITED_0006[table]
            parent = f"new.{parent_column}" if parent_column else "NULL"
            detail = "new.question_key" if table in ("answer", "answer_change") else "NULL"
            tombstones = f"FROM tombstone WHERE table_name = '{table}'"
            if self.conn.execute(f"SELECT 1 {tombstones} LIMIT 1").fetchone() is not None:
                self.conn.execute(
                    f"DELETE {tombstones} AND row_id IN "
                    f"(SELECT new.id FROM {table} AS new WHERE {new})",
                    (before, after),
                )
            if table not in self.told_by_parent:
                self.conn.execute(
                    "INSERT INTO audit_event(id, at, actor, table_name, row_id, parent_id, "
                    f"action, fields, detail) SELECT printf('%s%08x', ?, ? + new.rowid - ?), "
                    f"{NOW}, actor, '{table}', new.id, {parent}, 'insert', '', {detail} "
                    f"FROM team_state, {table} AS new WHERE merging = 0 AND {new}",
                    (self.head, self.events, before, before, after),
                )
                self.events += after - before
        if f"{table}_search_pending_insert" in self.held:
            self.conn.execute(
                "INSERT OR REPLACE INTO search_pending(ref_id, kind) "
                f"SELECT new.id, '{table}' FROM {table} AS new WHERE {new} "
                f"AND {SEARCH_QUEUED[table]}",
                (before, after),
            )
        if f"{table}_progress_insert" in self.held:  # the interviews' kept progress goes
            self.conn.execute(
                "DELETE FROM interview_progress WHERE interview_id IN "
                f"(SELECT DISTINCT new.interview_id FROM {table} AS new WHERE {new})",
                (before, after),
            )
