"""The triggers that keep the audit trail and the tombstones (schema 0006), word for word.

Every edit, by whatever path it reaches the file (the ORM, the store's plain SQL, another
program), leaves an ``audit_event`` row saying who (the consultant's name in
``team_state``), when and which fields; every deleted row leaves a ``tombstone`` so that a
merge carries the deletion to the other copies.  While a merge writes
(``team_state.merging = 1``) no audit event is made: what it brings in keeps the events
of the edits themselves.  The tables and columns are those of schema 0006; the migration
and the schema check both take the statements from here, so this text is frozen with that
revision.
"""

from __future__ import annotations

# table -> (the column naming the record it belongs to, the columns an edit may change)
AUDITED: dict[str, tuple[str | None, tuple[str, ...]]] = {
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
    parent_column, _ = AUDITED[table]
    parent = f"{row}.{parent_column}" if parent_column else "NULL"
    detail = f"{row}.question_key" if table in ("answer", "answer_change") else "NULL"
    return _EVENT.format(
        now=NOW, table=table, row=row, parent=parent, action=action, fields=fields, detail=detail
    )


def team_triggers() -> list[str]:
    statements = []
    for table, (_, columns) in AUDITED.items():
        changed = " OR ".join(f"old.{_quoted(c)} IS NOT new.{_quoted(c)}" for c in columns)
        names = " || ".join(
            f"CASE WHEN old.{_quoted(c)} IS NOT new.{_quoted(c)} THEN '{c},' ELSE '' END"
            for c in columns
        )
        statements += [
            f"""CREATE TRIGGER {table}_audit_insert AFTER INSERT ON {table} BEGIN
        DELETE FROM tombstone WHERE table_name = '{table}' AND row_id = new.id;
        {_event(table, "new", "insert", "''")}
    END""",
            f"""CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table}
    WHEN {changed} BEGIN
        {_event(table, "new", "update", f"rtrim({names}, ',')")}
    END""",
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
