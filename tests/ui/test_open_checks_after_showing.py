"""The window shows an engagement before the file is read whole; a damaged file is closed
with the reason when that check finds it, and nothing is written to it."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from workbench.store import create_engagement, database, open_engagement
from workbench.ui.main_window import MainWindow

pytestmark = [pytest.mark.app_context(engagement=None), pytest.mark.window(shown=True)]


def _damaged(tmp_path: Path) -> Path:
    (tmp_path / "files").mkdir()
    path = tmp_path / "files" / "acme.wbk"
    create_engagement(path, client="Acme", title="Service review").close()
    store = open_engagement(path, backup=False)
    for i in range(300):
        store.add_respondent(f"Person {i}", role="x" * 300)
    store.close()
    data = bytearray(path.read_bytes())
    for offset in range(len(data) - 4096 * 6, len(data) - 4096 * 2):
        data[offset] = (offset * 7) % 256
    path.write_bytes(bytes(data))
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_window_shows_the_file_while_it_is_read_whole(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, threads = threading.Event(), []
    real = database.check_pages

    def slow_check(path: Path, key: str | None = None) -> None:
        threads.append(threading.current_thread())
        assert release.wait(30)
        real(path, key)

    monkeypatch.setattr(database, "check_pages", slow_check)
    path = tmp_path / "acme.wbk"
    create_engagement(path, client="Acme", title="Service review").close()
    try:
        assert window.open_file(path)  # returns with the engagement shown, check running
        assert window.central.currentWidget() is window.workspace
        assert "Acme" in window.windowTitle()
        qtbot.waitUntil(lambda: bool(threads))
        assert threads[0] is not threading.main_thread()
        assert not window.store.integrity.done
        # nothing is saved before the check passed: the status says what goes on
        assert window.saved_label.text() == "Checking the file…"
        assert window.statusBar().currentMessage() == "Checking acme.wbk…"
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.store.integrity.passed)
    qtbot.waitUntil(lambda: window.saved_label.text() == "All changes saved")
    assert window.statusBar().currentMessage() == ""
    window.store.add_respondent("Ana")  # writes go ahead once it passed
    assert window.store.counts()["respondents"] == 1


def test_a_damaged_file_is_closed_with_the_reason_when_the_check_finds_it(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    path = _damaged(tmp_path)
    before = _snapshot(path.parent)
    window._add_recent(path)  # opened before, when it was sound
    assert window.open_file(path)  # header and schema are sound: it opens…
    assert window.saved_label.text() != "All changes saved"
    qtbot.waitUntil(lambda: window.store is None, timeout=30_000)  # …and is closed
    assert window.central.currentWidget() is window.welcome
    assert window.last_message is not None
    text = window.last_message.text()
    # in words first, SQLite's detail after
    assert text.startswith(
        "The file is damaged and cannot be opened safely. Nothing was written to it."
    )
    assert "ask for a copy" in text
    assert str(path) in text and text.index("Detail: ") > text.index("ask for a copy")
    window.last_message.close()
    assert _snapshot(path.parent) == before
    assert str(path.resolve()) not in window.recent_files()  # not offered again
    assert window.statusBar().currentMessage() == ""  # no "Checking …" left behind


def test_a_file_damaged_where_opening_reads_is_refused_in_the_same_words(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    path = tmp_path / "cut.wbk"
    create_engagement(path, client="Acme", title="Service review").close()
    window._add_recent(path)
    path.write_bytes(path.read_bytes()[:60])  # the header cut short
    assert not window.open_file(path)
    text = window.last_message.text()
    assert text.startswith(
        "The file is damaged and cannot be opened safely. Nothing was written to it."
    )
    assert "header" in text.split("Detail: ")[1]
    window.last_message.close()
    assert str(path.resolve()) not in window.recent_files()
