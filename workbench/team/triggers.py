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
_EVENT = (
    "INSERT INTO audit_event(id, at, actor, table_name, row_id, parent_id, action, fields, "
    "detail)\n        SELECT lower(hex(randomblob(16))), {now}, actor, '{table}', {row}.id, "
    "{parent}, '{action}', {fields}, {detail}\n        FROM team_state WHERE merging = 0;"
)


def _quoted(column: str) -> str:
    return f'"{column}"' if column in ("end", "text", "date", "position") else column


def _event(table: str, row: str, action: str, fields: str) -> str:
    parent_column, _ = AUDITED_0006[table]
    parent = f"{row}.{parent_column}" if parent_column else "NULL"
    detail = f"{row}.question_key" if table in ("answer", "answer_change") else "NULL"
    return _EVENT.format(
        now=NOW, table=table, row=row, parent=parent, action=action, fields=fields, detail=detail
    )


def update_trigger(table: str, columns: tuple[str, ...]) -> str:
    """The trigger that records which of ``columns`` an edit of ``table`` changed."""
    changed = " OR ".join(f"old.{_quoted(c)} IS NOT new.{_quoted(c)}" for c in columns)
    names = " || ".join(
        f"CASE WHEN old.{_quoted(c)} IS NOT new.{_quoted(c)} THEN '{c},' ELSE '' END"
        for c in columns
    )
    return f"""CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table}
    WHEN {changed} BEGIN
        {_event(table, "new", "update", f"rtrim({names}, ',')")}
    END"""


def update_triggers(revision: str) -> dict[str, str]:
    """The update triggers of the tables that revision ``revision`` added columns to."""
    columns = audited(revision)
    return {table: update_trigger(table, columns[table][1]) for table in ADDED[revision]}


def team_triggers(revision: str | None = None) -> list[str]:
    """Every audit-trail and tombstone trigger of schema ``revision`` (the newest when None)."""
    statements = []
    for table, (_, columns) in audited(revision).items():
        statements += [
            f"""CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table} BEGIN
        DELETE FROM tombstone WHERE table_name = '{table}' AND row_id = new.id;
        {_event(table, "new", "insert", "''")}
    END""",
            update_trigger(table, columns),
            f"""CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table} BEGIN
        INSERT OR IGNORE INTO tombstone(table_name, row_id, deleted_at)
        VALUES ('{table}', old.id, {NOW});
        {_event(table, "old", "delete", "''")}
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
