"""The demo's records are its own consultants' in the audit trail, not the name of
whoever builds it: each interview its interviewer's, each coded segment its coder's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workbench.demo.people import CONSULTANTS


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_the_demo_trail_names_the_demos_consultants(demo_master: Path) -> None:
    actors = {a for (a,) in _rows(demo_master, "SELECT DISTINCT actor FROM audit_event")}
    assert actors == set(CONSULTANTS)
    interviews = _rows(
        demo_master,
        "SELECT e.actor, i.interviewer FROM audit_event e JOIN interview i ON i.id = e.row_id "
        "WHERE e.table_name = 'interview' AND e.action = 'insert'",
    )
    assert len(interviews) > 100 and all(actor == by for actor, by in interviews)
    segments = _rows(
        demo_master,
        "SELECT e.actor, s.coder FROM audit_event e JOIN coded_segment s ON s.id = e.row_id "
        "WHERE e.table_name = 'coded_segment' AND e.action = 'insert'",
    )
    assert set(CONSULTANTS) <= {coder for _a, coder in segments}  # both coders coded
    # a consultant's coding is theirs; a form's tags code as the answer is given, by the
    # interviewer who gave it
    assert all(actor == coder for actor, coder in segments if coder in CONSULTANTS)


def test_a_new_engagement_is_its_creators(tmp_path: Path, monkeypatch) -> None:
    """The engagement and its waves are recorded as the consultant's who made them (the
    settings' name by default), as every edit after them is."""
    from workbench.store import create_engagement
    from workbench.team import audit

    monkeypatch.setattr(audit, "consultant_name", lambda: "Bo Lind")
    create_engagement(tmp_path / "a.wbk", client="Acme", title="T", waves=("one", "two")).close()
    create_engagement(tmp_path / "b.wbk", client="Acme", title="T", actor="Ana Silva").close()
    made = "SELECT table_name, actor FROM audit_event WHERE action = 'insert' ORDER BY 1, 2"
    assert _rows(tmp_path / "a.wbk", made) == [
        ("engagement", "Bo Lind"),
        ("wave", "Bo Lind"),
        ("wave", "Bo Lind"),
    ]
    assert _rows(tmp_path / "b.wbk", made) == [("engagement", "Ana Silva"), ("wave", "Ana Silva")]
