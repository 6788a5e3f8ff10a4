"""The window shows an engagement before the store (SQLAlchemy, the models) has loaded:
the first page is read with the sqlite3 module, and anything else waits for the store.
What the consultant sees and does is the same as with the store loaded first."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from workbench.store import SCHEMA_HEAD, database, open_engagement
from workbench.store.early import OpeningStore
from workbench.ui.context import AppContext
from workbench.ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    def make() -> MainWindow:
        ctx = AppContext()
        ctx.settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        ctx.settings.setValue("consultant/name", "Jo Tester")  # (no name dialog)
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def _first_page(window: MainWindow) -> dict[str, object]:
    page = window.pages["overview"]
    table = page.table
    cells = [
        [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return {
        "title": window.windowTitle(),
        "brand": (window.brand.text(), window.brand_sub.text()),
        "file": window.file_label.text(),
        "client": page.client.text(),
        "eng_title": page.eng_title.text(),
        "scope": page.scope.text(),
        "facts": page.facts.text(),
        "numbers": page.numbers.text(),
        "table": (headers, cells),
        "forms": page.forms.text(),
        "recent": page.recent.text(),
    }


def test_the_first_page_is_the_one_the_store_shows(
    qtbot, make_window, demo_file: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / demo_file.name
    other.parent.mkdir()
    shutil.copy(demo_file, other)

    early = make_window()
    assert early.open_file(demo_file)
    assert isinstance(early.store, OpeningStore)
    assert not early.store.ready  # painted from the file, the store still to come
    seen_early = _first_page(early)

    loaded = make_window()
    loaded.ctx.set_store(open_engagement(other, backup=False))
    loaded.show_page("overview")
    seen_loaded = _first_page(loaded)
    assert seen_early == seen_loaded
    # the demo's figures, worked out when it was written
    numbers = seen_early["numbers"]
    assert "<b>36</b> respondents" in numbers and "<b>153</b> interviews" in numbers
    assert "<b>153</b> notes" in numbers and "<b>276</b> coded segments" in numbers
    assert seen_early["client"] == "Meridian IT Services"
    headers, cells = seen_early["table"]
    assert headers[0] == "Segment" and headers[-1] == "All" and cells[-1][0] == "All"
    for window in (early, loaded):
        window.ctx.set_store(None)


def _event_ids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {i for (i,) in conn.execute("SELECT id FROM audit_event")}
    finally:
        conn.close()


def _events_after(path: Path, before: set[str]) -> list[tuple[str, str, str]]:
    """The events not among ``before``, in the order of their times (events of one
    millisecond sorted by what they say)."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT id, at, table_name, action, fields FROM audit_event")
        return [
            r[2:]
            for r in sorted((r for r in rows if r[0] not in before), key=lambda r: (r[1], r[2:]))
        ]
    finally:
        conn.close()


def test_an_edit_made_right_after_opening_is_saved_once(
    qtbot, make_window, demo_file: Path, tmp_path: Path
) -> None:
    twin = tmp_path / "twin" / demo_file.name
    twin.parent.mkdir()
    shutil.copy(demo_file, twin)
    last_event = _event_ids(demo_file)

    window = make_window()
    assert window.open_file(demo_file)
    assert not window.store.ready
    page = window.pages["overview"]
    # at once, before the store has loaded or the file has been read whole
    page.update_engagement({"title": "Service review, second round"})
    added = window.store.add_respondent("Late Addition", segment="staff")
    window.ctx.record("respondents")
    assert window.store.integrity.passed  # the writes waited for the check
    qtbot.waitUntil(lambda: page.eng_title.text() == "Service review, second round")
    assert "<b>37</b> respondents" in page.numbers.text()
    assert window.ctx.undo_stack.count() == 1  # the details' edit can be undone
    window.ctx.set_store(None)

    with open_engagement(demo_file, read_only=True, backup=False) as store:
        assert store.engagement().title == "Service review, second round"
        assert store.counts()["respondents"] == 37
        assert [r.id for r in store.respondents() if r.name == "Late Addition"] == [added.id]
    # written once: the same trail as the same edits through a store opened first
    with open_engagement(twin, backup=False) as store:
        from workbench.team.audit import sign_in

        sign_in(store, "Jo Tester")
        store.update_engagement(title="Service review, second round")
        store.add_respondent("Late Addition", segment="staff")
    assert _events_after(demo_file, last_event) == _events_after(twin, last_event)
    assert len(_events_after(demo_file, last_event)) >= 2


def test_an_older_file_opened_in_the_window_is_upgraded_as_before(
    qtbot, make_window, tmp_path: Path
) -> None:
    path = tmp_path / "old.wbk"
    database.migrate(path, "0001")
    conn = sqlite3.connect(path)
    now = "2025-03-01 10:00:00"
    conn.execute(
        "INSERT INTO engagement (id, client, title, scope, consultants, created_at, "
        "modified_at) VALUES ('e1', 'Old Client', 'First review', '', '[]', ?, ?)",
        (now, now),
    )
    conn.commit()
    conn.close()
    original = path.read_bytes()

    window = make_window()
    assert window.open_file(path)
    assert window.store.schema_revision() == SCHEMA_HEAD
    assert "upgraded from schema 0001" in window.banner_text.text()
    assert window.pages["overview"].client.text() == "Old Client"
    assert path.with_name("old.wbk.schema-0001.bak").read_bytes() == original
    window.ctx.set_store(None)


def test_a_file_of_a_newer_schema_is_refused_in_words_and_left_alone(
    qtbot, make_window, demo_file: Path
) -> None:
    conn = sqlite3.connect(demo_file)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    before = demo_file.read_bytes()

    window = make_window()
    assert not window.open_file(demo_file)
    assert window.store is None
    text = window.last_message.text()
    assert "written by a newer version of Workbench (schema 9999;" in text
    assert f"this version reads up to {SCHEMA_HEAD}). Update Workbench to open it." in text
    window.last_message.close()
    assert demo_file.read_bytes() == before
    assert not Path(f"{demo_file}-wal").exists()
