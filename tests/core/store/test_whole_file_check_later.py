"""A file opened for the window is read whole after it opens: writes wait for that check,
and a damaged file is refused then with the same message, unchanged."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench.store import DamagedFile, create_engagement, database, open_engagement


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _damage(path: Path) -> None:
    """Scribble over b-tree pages past the schema, where only a whole-file read looks."""
    store = open_engagement(path)
    for i in range(300):
        store.add_respondent(f"Person {i}", role="x" * 300)
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(len(data) - page * 6, len(data) - page * 2):
        data[offset] = (offset * 7) % 256
    path.write_bytes(bytes(data))


def test_a_damaged_file_opened_for_later_checking_is_refused_by_the_check(
    engagement_path: Path, tmp_path: Path
) -> None:
    _damage(engagement_path)
    with pytest.raises(DamagedFile):  # the check that opens now finds it at once
        open_engagement(engagement_path, backup=False)
    before = _snapshot(engagement_path.parent)
    backups = database.list_backups(engagement_path)
    store = open_engagement(engagement_path, check="later")  # header and schema only
    results: list[object] = []
    done = threading.Event()
    thread = store.integrity.start(lambda problem: (results.append(problem), done.set()))
    assert thread is not None and thread is not threading.current_thread()
    assert done.wait(30)
    assert isinstance(results[0], DamagedFile)
    assert "damaged" in str(results[0]) and str(engagement_path) in str(results[0])
    with pytest.raises(DamagedFile, match="damaged"):
        store.add_respondent("Ana")  # refused: nothing is written to a damaged file
    store.close()
    assert _snapshot(engagement_path.parent) == before
    assert database.list_backups(engagement_path) == backups  # no backup of a damaged file


def test_a_write_before_the_check_ran_runs_it_first(engagement_path: Path) -> None:
    _damage(engagement_path)
    before = _snapshot(engagement_path.parent)
    store = open_engagement(engagement_path, check="later", backup=False)
    with pytest.raises(DamagedFile):
        store.add_respondent("Ana")
    assert store.integrity.done and not store.integrity.passed
    store.close()
    assert _snapshot(engagement_path.parent) == before


def test_writes_wait_for_the_check_and_go_ahead_when_it_passes(
    engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, reading = threading.Event(), threading.Event()
    real = database.check_pages

    def slow_check(path: Path, key: str | None = None) -> None:
        reading.set()
        assert release.wait(30)
        real(path, key)

    monkeypatch.setattr(database, "check_pages", slow_check)
    # a consultant not recorded yet: the check signs them in (a write) while an edit waits
    monkeypatch.setattr("workbench.team.audit.consultant_name", lambda: "Someone new")
    store = open_engagement(engagement_path, check="later", backup=False)
    try:
        assert store.engagement().client == "Acme Ltd"  # reading does not wait
        store.integrity.start()
        assert reading.wait(30)
        wrote: list[str] = []
        writer = threading.Thread(target=lambda: wrote.append(store.add_respondent("Ana").name))
        writer.start()
        writer.join(0.3)
        assert writer.is_alive() and wrote == []  # held while the file is being read
        release.set()
        writer.join(30)
        assert wrote == ["Ana"] and store.integrity.passed
        from sqlalchemy import text

        with store.session() as s:
            actor = s.execute(text("SELECT actor FROM team_state WHERE id = 1")).scalar()
        assert actor == "Someone new"
    finally:
        release.set()
        store.close()


def test_opening_for_later_checking_reads_no_page_before_it_returns(
    engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(database, "_check_pages", lambda *a, **k: calls.append("whole"))
    store = open_engagement(engagement_path, check="later", backup=False)
    try:
        assert calls == []
        store.add_respondent("Ana")  # the first write runs it
        assert calls == ["whole"]
    finally:
        store.close()
    open_engagement(engagement_path, backup=False).close()  # the default checks at once
    assert calls == ["whole", "whole"]


def test_the_refusal_of_a_damaged_file_names_its_latest_backup(tmp_path: Path) -> None:
    from workbench.store.database import DamagedFile, rolling_backup
    from workbench.store.integrity import refusal_text

    path = tmp_path / "acme.wbk"
    create_engagement(path, client="Acme", title="Service review").close()
    older = rolling_backup(path)
    newest = rolling_backup(path)
    problem = DamagedFile(f"{path}: the file is damaged (database disk image is malformed)")
    text = refusal_text(path, problem)
    assert text.startswith(
        "The file is damaged and cannot be opened safely. Nothing was written to it."
    )
    assert str(newest) in text and str(older) not in text
    assert text.endswith(
        f"File: {path}\nDetail: the file is damaged (database disk image is malformed)"
    )
