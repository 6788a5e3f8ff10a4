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
        SELECT at, actor, table_name, action, fields, detail FROM audit_event
        WHERE row_id IN (SELECT id FROM own) OR parent_id IN (SELECT id FROM own)
        ORDER BY at DESC, id
        """
    ).columns(
        at=DateTime, actor=String, table_name=String, action=String, fields=Text, detail=String
    )
    with store.session() as s:
        rows = s.execute(sql, {"rid": record_id}).all()
    lines = []
    for at, actor, table, action, fields, detail in rows:
        words = TABLE_WORDS.get(table, table.replace("_", " "))
        if detail:
            words += f" {detail}"
        words += f" {ACTION_WORDS.get(action, action)}"
        if action == "update" and fields:
            words += f" ({fields.replace(',', ', ')})"
        lines.append(HistoryLine(at, actor, words))
    return lines
