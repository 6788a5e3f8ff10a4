"""The audit trail: whose edits the file records, and the history of one record.

Triggers write the trail (``workbench.team.triggers``); here the consultant's name from
the settings is put where they read it, once per open when it changed, and the history of
a respondent or an interview is read back for the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String, Text, text

from workbench.settings import UNNAMED, consultant_name

TABLE_WORDS = {
    "respondent": "respondent",
    "interview": "interview",
    "planned_interview": "planned interview",
    "answer": "answer",
    "answer_change": "correction",
    "note": "note",
    "coded_segment": "coded segment",
    "memo": "memo",
}
ACTION_WORDS = {"insert": "added", "update": "changed", "delete": "deleted"}


def sign_in(store: Any, name: str | None = None) -> None:
    """Record ``name`` (by default the consultant's name from settings) as the author of
    the edits that follow; written only when it differs from the one recorded."""
    name = consultant_name() if name is None else name
    with store.session() as s:
        current = s.execute(text("SELECT actor FROM team_state WHERE id = 1")).scalar()
    if current == name:
        return
    with store.writing() as s:
        s.execute(text("UPDATE team_state SET actor = :a WHERE id = 1"), {"a": name})


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str
    what: str  # "answer q3 changed (value, num)"

    def who(self) -> str:
        return self.actor or UNNAMED


def history(store: Any, record_id: str) -> list[HistoryLine]:
    """Every recorded change to a record and to what belongs to it (a respondent's
    interviews, an interview's answers, notes and coding), newest first."""
    sql = text(
        """
        WITH own AS (
            SELECT :rid AS id
            UNION SELECT id FROM interview WHERE respondent_id = :rid
            UNION SELECT row_id FROM audit_event
                  WHERE parent_id = :rid AND table_name = 'interview'
        )
        SELECT at, actor, table_name, action, fields, detail, row_id FROM audit_event
        WHERE (row_id IN (SELECT id FROM own) AND table_name IN ('respondent', 'interview'))
           OR parent_id IN (SELECT id FROM own)
        ORDER BY at DESC, id
        """
    ).columns(
        at=DateTime,
        actor=String,
        table_name=String,
        action=String,
        fields=Text,
        detail=String,
        row_id=String,
    )
    names = text(
        "SELECT interview.id, form_version.title, interview.date FROM interview "
        "JOIN form_version ON form_version.id = interview.form_version_id "
        "WHERE interview.respondent_id = :rid OR interview.id = :rid"
    )
    with store.session() as s:
        rows = s.execute(sql, {"rid": record_id}).all()
        interviews = {
            iid: f"{title}" + (f", {day}" if day else "")
            for iid, title, day in s.execute(names, {"rid": record_id})
        }
    # An interview's deleted_at changes toggle it in and out of the trash.
    trashed: dict[str, bool] = {}
    lines = []
    for at, actor, table, action, fields, detail, row_id in reversed(rows):
        words = TABLE_WORDS.get(table, table.replace("_", " "))
        if table == "interview":
            words += f" “{interviews.get(row_id, 'since deleted')}”"
        if detail:
            words += f" {detail}"
        changed = (fields or "").strip(",").split(",") if fields else []
        if action == "update" and "deleted_at" in changed:
            trashed[row_id] = not trashed.get(row_id, False)
            words += " moved to the trash" if trashed[row_id] else " restored from the trash"
            changed.remove("deleted_at")
            if changed:
                words += f"; changed ({', '.join(changed)})"
        else:
            words += f" {ACTION_WORDS.get(action, action)}"
            if action == "update" and fields:
                words += f" ({fields.replace(',', ', ')})"
        lines.append(HistoryLine(at, actor, words))
    lines.reverse()
    return lines
