"""What an import stores, cell by cell: answers, interviews, respondents, coded passages,
the audit trail and the search index, for sheets that exercise every kind of column."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from workbench.deliver.importer import apply_import, plan_import
from workbench.forms.library import builtin_form
from workbench.store import create_engagement
from workbench.team.audit import sign_in

SHEETS = {
    "servqual": (
        "name,segment,tan_1 E,tan_1 P,rel_1,importance\n"
        "Ana Silva,external customer,6,4,7/5,"
        "tangibles=10;reliability=30;responsiveness=20;assurance=20;empathy=20\n"
        "Ben Okoro,staff,3,3,2/6,\n"
    ),
    "seven-sins": (
        "name,observed_on,method,apathy observed,apathy severity,apathy evidence,good_practice\n"
        "Cara Lind,2026-03-04,shadowing,yes,2,Nobody looked up from the screen,"
        "Greeted every caller by name\n"
        "Dev Rao,2026-03-05,recordings,no,0,,\n"
    ),
    "satisfaction-loyalty": (
        "name,overall_satisfaction,recommend,intention_to_stay,made_it_easy,effort_detail\n"
        "Eve Park,4,9,5,2,Forms asked for the contract number twice\n"
        "Finn Roe,5,10,5,5,\n"
    ),
}

# (respondent, question, item, value as stored (JSON), num, text) of every answer, as the
# import wrote them before it wrote in set-based batches, checked against the sheets above.
EXPECTED_ANSWERS = [
    ("Ana Silva", "importance", "assurance", 20, 20.0, None),
    ("Ana Silva", "importance", "empathy", 20, 20.0, None),
    ("Ana Silva", "importance", "reliability", 30, 30.0, None),
    ("Ana Silva", "importance", "responsiveness", 20, 20.0, None),
    ("Ana Silva", "importance", "tangibles", 10, 10.0, None),
    ("Ana Silva", "rel_1", "E", 7, 7.0, None),
    ("Ana Silva", "rel_1", "P", 5, 5.0, None),
    ("Ana Silva", "tan_1", "E", 6, 6.0, None),
    ("Ana Silva", "tan_1", "P", 4, 4.0, None),
    ("Ben Okoro", "rel_1", "E", 2, 2.0, None),
    ("Ben Okoro", "rel_1", "P", 6, 6.0, None),
    ("Ben Okoro", "tan_1", "E", 3, 3.0, None),
    ("Ben Okoro", "tan_1", "P", 3, 3.0, None),
    (
        "Cara Lind",
        "apathy",
        "evidence",
        '"Nobody looked up from the screen"',
        None,
        "Nobody looked up from the screen",
    ),
    ("Cara Lind", "apathy", "observed", "true", 1.0, None),
    ("Cara Lind", "apathy", "severity", 2, 2.0, None),
    (
        "Cara Lind",
        "good_practice",
        "",
        '"Greeted every caller by name"',
        None,
        "Greeted every caller by name",
    ),
    ("Cara Lind", "method", "", '"shadowing"', None, None),
    ("Cara Lind", "observed_on", "", '"2026-03-04"', None, None),
    ("Dev Rao", "apathy", "observed", "false", 0.0, None),
    ("Dev Rao", "apathy", "severity", 0, 0.0, None),
    ("Dev Rao", "method", "", '"recordings"', None, None),
    ("Dev Rao", "observed_on", "", '"2026-03-05"', None, None),
    (
        "Eve Park",
        "effort_detail",
        "",
        '"Forms asked for the contract number twice"',
        None,
        "Forms asked for the contract number twice",
    ),
    ("Eve Park", "intention_to_stay", "", 5, 5.0, None),
    ("Eve Park", "made_it_easy", "", 2, 2.0, None),
    ("Eve Park", "overall_satisfaction", "", 4, 4.0, None),
    ("Eve Park", "recommend", "", 9, 9.0, None),
    ("Finn Roe", "intention_to_stay", "", 5, 5.0, None),
    ("Finn Roe", "made_it_easy", "", 5, 5.0, None),
    ("Finn Roe", "overall_satisfaction", "", 5, 5.0, None),
    ("Finn Roe", "recommend", "", 10, 10.0, None),
]
# (name, role, unit, segment, e-mail, attributes, consent, consent at, deleted, created = modified)
EXPECTED_RESPONDENTS = [
    ("Ana Silva", "", "", "external customer", "", "{}", 0, None, None, 1),
    ("Ben Okoro", "", "", "staff", "", "{}", 0, None, None, 1),
    ("Cara Lind", "", "", "external customer", "", "{}", 0, None, None, 1),
    ("Dev Rao", "", "", "external customer", "", "{}", 0, None, None, 1),
    ("Eve Park", "", "", "external customer", "", "{}", 0, None, None, 1),
    ("Finn Roe", "", "", "external customer", "", "{}", 0, None, None, 1),
]
# (respondent, form, wave, interviewer, date, place, status, submission, deleted)
EXPECTED_INTERVIEWS = [
    ("Ana Silva", "servqual", "baseline", "Jo", None, "", "complete", None, None),
    ("Ben Okoro", "servqual", "baseline", "Jo", None, "", "complete", None, None),
    ("Cara Lind", "seven-sins", "baseline", "Jo", None, "", "complete", None, None),
    ("Dev Rao", "seven-sins", "baseline", "Jo", None, "", "complete", None, None),
    ("Eve Park", "satisfaction-loyalty", "baseline", "Jo", None, "", "complete", None, None),
    ("Finn Roe", "satisfaction-loyalty", "baseline", "Jo", None, "", "complete", None, None),
]
# (respondent, kind, question, start, end, text, coder, automatic, status, deleted)
EXPECTED_SEGMENTS = [
    (
        "Cara Lind",
        "answer",
        "apathy",
        0,
        32,
        "Nobody looked up from the screen",
        "form tags",
        0,
        "accepted",
        None,
    ),
]
# (table, action, fields, question, how many) of the audit events the import made: one
# per respondent, interview and coded segment; an interview's event records its answers
EXPECTED_EVENTS = [
    ("coded_segment", "insert", "", None, 1),
    ("interview", "insert", "", None, 6),
    ("respondent", "insert", "", None, 6),
]

AT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}000")


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="Survey")
    try:
        sign_in(store, "Jo Whitfield")
        for form, text in SHEETS.items():
            sheet = tmp_path / f"{form}.csv"
            sheet.write_text(text, encoding="utf-8")
            plan = plan_import(store, sheet, form)
            assert plan.all_problems == []
            summary = apply_import(store, plan, wave="baseline", interviewer="Jo")
            assert (summary.interviews, summary.respondents_created) == (2, 2)
        hits = {word: [(h.respondent, h.snippet) for h in store.search(word)] for word in
                ("screen", "caller", "contract", "Okoro")}  # fmt: skip
    finally:
        store.close()
    assert hits == {
        "screen": [("Cara Lind", "Nobody looked up from the [[screen]]")],
        "caller": [("Cara Lind", "Greeted every [[caller]] by name")],
        "contract": [("Eve Park", "Forms asked for the [[contract]] number twice")],
        "Okoro": [],  # names and ratings are not searchable text
    }
    return path


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_an_import_stores_exactly_these_rows(imported: Path) -> None:
    assert _rows(imported, """
        SELECT r.name, a.question_key, a.item, a.value, a.num, a.text FROM answer a
        JOIN interview i ON i.id = a.interview_id JOIN respondent r ON r.id = i.respondent_id
        ORDER BY 1, 2, 3""") == EXPECTED_ANSWERS  # fmt: skip
    assert _rows(imported, """
        SELECT name, role, org_unit, segment, email, attributes, consent_given, consent_at,
               deleted_at, created_at = modified_at FROM respondent ORDER BY 1""") == EXPECTED_RESPONDENTS  # fmt: skip
    assert _rows(imported, """
        SELECT r.name, fv.form_id, w.name, i.interviewer, i.date, i.place, i.status,
               i.source_ref, i.deleted_at FROM interview i
        JOIN respondent r ON r.id = i.respondent_id
        JOIN form_version fv ON fv.id = i.form_version_id LEFT JOIN wave w ON w.id = i.wave_id
        ORDER BY 1""") == EXPECTED_INTERVIEWS  # fmt: skip
    assert _rows(imported, """
        SELECT r.name, s.source_kind, a.question_key, s.start, s."end", s.text, s.coder,
               s.automatic, s.status, s.deleted_at FROM coded_segment s
        JOIN answer a ON a.id = s.source_id JOIN interview i ON i.id = s.interview_id
        JOIN respondent r ON r.id = i.respondent_id ORDER BY 1""") == EXPECTED_SEGMENTS  # fmt: skip
    # every timestamp of a row is the import's one moment, stored as the ORM stores it
    stamps = _rows(imported, """
        SELECT created_at FROM answer UNION SELECT modified_at FROM answer
        UNION SELECT created_at FROM interview""")  # fmt: skip
    assert len(stamps) == 3 and all(
        re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", s) for (s,) in stamps
    )


def test_the_audit_trail_records_every_imported_row(imported: Path) -> None:
    assert _rows(imported, """
        SELECT table_name, action, fields, detail, count(*) FROM audit_event
        WHERE table_name IN ('answer', 'interview', 'respondent', 'coded_segment')
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 4""") == EXPECTED_EVENTS  # fmt: skip
    # one event per interview, naming it, its respondent and the consultant, as the trigger
    # does; the answers it came with are recorded by it (none of their own)
    events = _rows(imported, """
        SELECT e.id, e.at, e.actor, e.parent_id = i.respondent_id, e.detail IS NULL
        FROM interview i JOIN audit_event e ON e.row_id = i.id""")  # fmt: skip
    actor = "Jo Whitfield"
    assert len(events) == len(EXPECTED_INTERVIEWS) == len({e[0] for e in events})
    for event_id, at, who, same_parent, no_detail in events:
        assert re.fullmatch(r"[0-9a-f]{32}", event_id) and AT.fullmatch(at)
        assert (who, same_parent, no_detail) == (actor, 1, 1)
    assert _rows(imported, "SELECT count(*) FROM answer") == [(len(EXPECTED_ANSWERS),)]
    assert _rows(imported, "SELECT count(*) FROM audit_event WHERE table_name = 'answer'") == [
        (0,)
    ]
    assert _rows(imported, "SELECT merging FROM team_state") == [(0,)]


def test_an_import_makes_time_ordered_ids(imported: Path) -> None:
    """UUIDs of version 7, each import's in the order its rows were written: each insert
    appends to the id indexes instead of landing on a random page of them."""
    import uuid

    for table in ("respondent", "interview", "answer"):
        stamps = _rows(imported, f"SELECT DISTINCT created_at FROM {table}")
        assert len(stamps) == 3, table  # the three imports
        for (stamp,) in stamps:
            ids = [i for (i,) in _rows(imported, f"SELECT id FROM {table} WHERE created_at = '{stamp}' ORDER BY rowid")]  # fmt: skip
            assert len(ids) == len(set(ids)) and ids == sorted(ids), table
            assert {uuid.UUID(i).version for i in ids} == {7}, table
            assert {uuid.UUID(i).variant for i in ids} == {uuid.RFC_4122}, table
            events = [i for (i,) in _rows(imported, f"SELECT e.id FROM audit_event e JOIN {table} a ON a.id = e.row_id WHERE a.created_at = '{stamp}' ORDER BY a.rowid")]  # fmt: skip
            told = 0 if table == "answer" else len(ids)  # answers: their interview's event
            assert len(events) == told and events == sorted(events), table


def test_rows_that_repeat_the_same_cells_are_each_read_and_written_whole(
    tmp_path: Path,
) -> None:
    """A sheet repeats its texts row after row; each distinct text of a column is read
    once and the rows share its value.  Every row still gets its own problems (named by
    row and column), its own warnings and its own stored cells, also for a cell longer
    than a short rating (an allocation of five options) and for a text that is coded."""
    good = "tangibles=10;reliability=30;responsiveness=20;assurance=20;empathy=20"
    short = "tangibles=10;reliability=30;responsiveness=20;assurance=20;empathy=10"
    sheet = tmp_path / "repeated.csv"
    sheet.write_text(
        "name,tan_1,importance\n"
        f"Ana,7/5,{good}\nBen,7/5,{good}\nCara,,{good}\nDev,7/5,{short}\nEve,7/5,{short}\n",
        encoding="utf-8",
    )
    store = create_engagement(tmp_path / "e.wbk", client="Acme", title="Survey")
    try:
        plan = plan_import(store, sheet, "servqual")
        assert [str(p) for p in plan.all_problems] == [
            f"repeated.csv, row {row}, column C (importance): allocation must total 100 "
            "points; these total 90"
            for row in (5, 6)
        ]
        assert [str(w) for w in plan.warnings if w.column] == [
            "repeated.csv, row 4, column B (tan_1): a required question is empty"
        ]
        summary = apply_import(store, plan, skip_bad_rows=True)
        assert (summary.interviews, summary.skipped_rows) == (3, [5, 6])
        rows = _rows(store.path, """
            SELECT r.name, a.question_key, a.item, a.value, a.num FROM answer a
            JOIN interview i ON i.id = a.interview_id JOIN respondent r ON r.id = i.respondent_id
            ORDER BY 1, 2, 3""")  # fmt: skip
        # the same text twice, in rows of its own: coded once in each row
        text_sheet = tmp_path / "texts.csv"
        text_sheet.write_text(
            "name,observed_on,method,apathy observed,apathy severity,apathy evidence\n"
            "Finn,2026-03-04,shadowing,yes,2,Forms asked twice\n"
            "Gus,2026-03-04,shadowing,yes,2,Forms asked twice\n",
            encoding="utf-8",
        )
        apply_import(store, plan_import(store, text_sheet, "seven-sins"))
        coded = _rows(store.path, """
            SELECT r.name, s.text, s.source_id = a.id FROM coded_segment s
            JOIN answer a ON a.id = s.source_id JOIN interview i ON i.id = s.interview_id
            JOIN respondent r ON r.id = i.respondent_id ORDER BY 1""")  # fmt: skip
    finally:
        store.close()
    points = [("assurance", 20), ("empathy", 20), ("reliability", 30),
              ("responsiveness", 20), ("tangibles", 10)]  # fmt: skip
    expected = []
    for name in ("Ana", "Ben", "Cara"):
        expected += [(name, "importance", item, p, float(p)) for item, p in points]
        if name != "Cara":
            expected += [(name, "tan_1", "E", 7, 7.0), (name, "tan_1", "P", 5, 5.0)]
    assert rows == expected
    finn = [c for c in coded if c[0] == "Finn"]
    assert finn and [c for c in coded if c[0] == "Gus"] == [("Gus",) + c[1:] for c in finn]
    assert all(text == "Forms asked twice" and same for _n, text, same in coded)


def test_ids_made_in_one_go_are_those_made_one_at_a_time() -> None:
    from workbench.deliver.import_writer import _Ids

    one, many = _Ids("p-"), _Ids("p-")
    singly = [one() for _ in range(70_000)]
    together = []
    for n in (1, 254, 1, 300, 0, 4_000, 65_000, 444):  # across runs of 256 and of 65,536
        together += many.many(n)
    assert together == singly and singly[254:256] == ["p-000000ff", "p-00000100"]
    assert one() == many() == "p-00011171"


def test_an_import_keeps_each_interviews_progress_as_the_store_counts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a form whose relevance no answer decides, the import stores each new
    interview's progress with its rows, without reading its answers back; it is what the
    store works out from the answers (a pair counts only with both halves), kept as
    ``fixed``."""
    from workbench.store import progress
    from workbench.store.progress import compute, forms_from


    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="Survey")
    sheet = tmp_path / "servqual.csv"
    sheet.write_text(
        "name,tan_1 E,tan_1 P,rel_1,importance\n"
        "Ana Silva,6,4,7/5,tangibles=10;reliability=30;responsiveness=20;assurance=20;empathy=20\n"
        "Ben Okoro,3,,2/6,\n"  # tan_1 has only its E: not answered
        "Cy Ward,,,,\n",
        encoding="utf-8",
    )
    read_back: list[object] = []
    try:
        monkeypatch.setattr(progress, "compute", lambda *a, **k: read_back.append(a) or {})
        questions = builtin_form("servqual").question_count()
        plan = plan_import(store, sheet, "servqual")
        apply_import(store, plan, wave="baseline", interviewer="Jo")
    finally:
        store.close()
        monkeypatch.undo()
    assert read_back == []  # nothing was missing when the import committed
    with sqlite3.connect(path) as conn:
        kept = conn.execute(
            "SELECT r.name, p.answered, p.relevant, p.fixed FROM interview_progress p "
            "JOIN interview i ON i.id = p.interview_id "
            "JOIN respondent r ON r.id = i.respondent_id ORDER BY 1"
        ).fetchall()
        ids = [i for (i,) in conn.execute("SELECT id FROM interview")]
        worked_out = compute(conn, forms_from(conn), ids)
        by_name = dict(
            conn.execute(
                "SELECT i.id, r.name FROM interview i JOIN respondent r ON r.id = i.respondent_id"
            ).fetchall()
        )
    assert kept == [
        ("Ana Silva", 3, questions, 1),
        ("Ben Okoro", 1, questions, 1),
        ("Cy Ward", 0, questions, 1),
    ]
    assert sorted((by_name[i], a, r) for i, (a, r) in worked_out.items()) == [
        (name, a, r) for name, a, r, _fixed in kept
    ]
