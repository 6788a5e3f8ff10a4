"""How fast the parts a consultant waits on are, relative to a baseline in the same run."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from _bench import best_of, report


def _python(code: str) -> None:
    subprocess.run(
        [sys.executable, "-c", code], check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    )


def test_startup_of_the_command_and_the_window() -> None:
    baseline = best_of(lambda: _python("pass"))
    cli = best_of(lambda: _python("from workbench.cli import build_parser; build_parser()"))
    report("workbench command start-up", cli, baseline, "bare interpreter")
    qt = best_of(lambda: _python("import PySide6.QtWidgets"))
    window = best_of(lambda: _python("import workbench.ui.main_window"))
    report("main window module import", window, qt, "importing QtWidgets alone")
    bare = best_of(
        lambda: _python(
            "from PySide6.QtWidgets import QApplication, QMainWindow\n"
            "app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents()"
        )
    )
    ours = best_of(
        lambda: _python(
            "from PySide6.QtWidgets import QApplication\n"
            "from workbench.ui.main_window import MainWindow\n"
            "app = QApplication([]); w = MainWindow(); w.show(); app.processEvents()"
        )
    )
    report("window shown, seven pages built", ours, bare, "an empty QMainWindow shown")


def _sheet(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Responses")
    ws.append(["name", "segment", "q1", "q2", "q3", "comment"])
    for i in range(rows):
        ws.append([f"Person {i}", "staff", i % 5 + 1, i % 7 + 1, i % 11, f"comment {i}"])
    wb.save(path)
    return path


def test_reading_a_large_sheet_calamine_against_openpyxl(tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    path = _sheet(tmp_path / "big.xlsx", 100_000)

    def with_openpyxl() -> None:
        wb = load_workbook(path, read_only=True)
        list(wb.active.iter_rows(values_only=True))
        wb.close()

    calamine = best_of(
        lambda: CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(), 2
    )
    openpyxl = best_of(with_openpyxl, 1)
    report("read 100,000 rows with python-calamine", calamine, openpyxl, "openpyxl read-only")


def test_committed_answer_edits_against_raw_sqlite(tmp_path: Path) -> None:
    from workbench.forms.library import builtin_form
    from workbench.store import create_engagement

    store = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    iv = store.new_interview(store.add_respondent("Ana").id, builtin_form("servqual"))
    keys = [q.key for q in builtin_form("servqual").iter_questions() if q.type == "pair"]

    def edits() -> None:
        for i in range(200):
            store.set_answer(iv.id, keys[i % len(keys)], {"E": 1 + i % 7, "P": 1 + (i + 3) % 7})

    raw = sqlite3.connect(tmp_path / "raw.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE a (k TEXT PRIMARY KEY, v TEXT)")

    def baseline() -> None:
        for i in range(200):
            raw.execute("BEGIN")
            raw.execute("INSERT OR REPLACE INTO a VALUES (?, ?)", (keys[i % len(keys)], str(i)))
            raw.execute("COMMIT")

    report(
        "200 committed answer edits through the store",
        best_of(edits),
        best_of(baseline),
        "200 raw sqlite3 commits",
    )
    store.close()


def test_loading_engagement_data_and_searching(tmp_path: Path) -> None:
    from workbench.analysis.loader import load_engagement_data
    from workbench.demo import build_demo

    store = build_demo(tmp_path / "demo.wbk")
    path = store.path

    def raw_fetch() -> None:
        conn = sqlite3.connect(path)
        conn.execute("SELECT * FROM answer").fetchall()
        conn.execute("SELECT * FROM note").fetchall()
        conn.close()

    load = best_of(lambda: load_engagement_data(store))
    report(
        "EngagementData of the demo engagement",
        load,
        best_of(raw_fetch),
        "raw fetch of answers and notes",
    )
    # Grow the notes to 20,000 (the triggers index them) and search them.
    conn = sqlite3.connect(path)
    iv = conn.execute("SELECT id FROM interview LIMIT 1").fetchone()[0]
    bodies = [row[0] for row in conn.execute("SELECT body FROM note")]
    now = "2026-01-01 00:00:00"
    conn.executemany(
        "INSERT INTO note (id, interview_id, body, stamp, position, created_at, modified_at) "
        "VALUES (?, ?, ?, '', 0, ?, ?)",
        [
            (f"bench-{i}", iv, bodies[i % len(bodies)] + f" ticket {i}", now, now)
            for i in range(20_000)
        ],
    )
    conn.commit()
    store.catch_up_search()  # index what another program wrote
    assert len(store.search("engineer")) == 200  # the store caps a search at 200 hits
    search = best_of(lambda: store.search("engineer"), 5)
    scan = best_of(
        lambda: conn.execute("SELECT id FROM note WHERE body LIKE '%engineer%'").fetchall(),
        5,
    )
    report("full-text search over 20,000 notes", search, scan, "LIKE scan of the notes")
    conn.close()
    store.close()
