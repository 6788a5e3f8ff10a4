"""Files Workbench refuses: a clear message, and the file's bytes unchanged afterwards."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.store import (
    DamagedFile,
    EngagementFileError,
    NewerSchema,
    NotAnEngagementFile,
    ReadOnlyError,
    check_engagement,
    database,
    open_engagement,
)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _refuse(path: Path, error: type[Exception], words: str) -> None:
    before = _snapshot(path.parent)
    with pytest.raises(error) as info:
        open_engagement(path)
    assert words in str(info.value)
    assert str(path) in str(info.value)
    assert _snapshot(path.parent) == before  # same bytes, no side files left behind
    assert main(["info", str(path)]) == 1
    assert main(["check", str(path)]) == 1
    assert _snapshot(path.parent) == before


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.wbk"
    path.write_text("Minutes of the steering group\n")
    _refuse(path, NotAnEngagementFile, "not a Workbench engagement file (it is a text file)")


def _zip(path: Path, *names: str) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name in names:
            archive.writestr(name, "<x/>")


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda p: _zip(p, "word/document.xml"), "a Word document"),
        (lambda p: _zip(p, "xl/workbook.xml"), "an Excel workbook"),
        (lambda p: _zip(p, "ppt/presentation.xml"), "a PowerPoint presentation"),
        (lambda p: _zip(p, "notes.txt"), "a zip archive"),
        (lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "a PDF document"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
         "an older Office document (Word, Excel or PowerPoint)"),
        (lambda p: p.write_text("Name;Rôle\nAnn;Buyer\n", encoding="utf-8-sig"), "a text file"),
    ],
)  # fmt: skip
def test_a_file_of_another_kind_is_named_by_its_kind(tmp_path: Path, make, kind: str) -> None:
    path = tmp_path / "renamed.wbk"
    make(path)
    _refuse(path, NotAnEngagementFile, f"not a Workbench engagement file (it is {kind})")
    with pytest.raises(NotAnEngagementFile) as info:
        open_engagement(path)
    assert "SQLite" not in str(info.value)


def test_a_word_document_renamed_is_named_so(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "report.wbk"
    docx.Document().save(str(path))
    _refuse(path, NotAnEngagementFile, "not a Workbench engagement file (it is a Word document)")


def test_a_file_whose_first_bytes_do_not_tell_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "odd.wbk"
    path.write_bytes(bytes(range(1, 40)) * 3)
    _refuse(path, NotAnEngagementFile, "not a Workbench engagement file")
    with pytest.raises(NotAnEngagementFile) as info:
        open_engagement(path)
    assert "(" not in str(info.value) and "SQLite" not in str(info.value)


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.wbk"
    path.write_bytes(b"")
    _refuse(path, NotAnEngagementFile, "empty")


def test_sqlite_file_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "contacts.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contact (name TEXT)")
    conn.execute("INSERT INTO contact VALUES ('Ana')")
    conn.commit()
    conn.close()
    _refuse(path, NotAnEngagementFile, "another application")


def test_damaged_file_is_refused(engagement_path: Path, tmp_path: Path) -> None:
    store = open_engagement(engagement_path)
    for i in range(200):
        store.add_respondent(f"Person {i}", role="x" * 200)
    store.close()
    data = bytearray(engagement_path.read_bytes())
    page = 4096
    # Scribble over the b-tree pages after the header page.
    for offset in range(page * 2, min(len(data), page * 12)):
        data[offset] = (offset * 7) % 256
    engagement_path.write_bytes(bytes(data))
    _refuse(engagement_path, DamagedFile, "damaged")


def test_truncated_file_is_refused(engagement_path: Path) -> None:
    data = engagement_path.read_bytes()
    engagement_path.write_bytes(data[:50])
    _refuse(engagement_path, DamagedFile, "damaged")


def test_file_from_a_newer_workbench_is_refused(engagement_path: Path) -> None:
    conn = sqlite3.connect(engagement_path)
    conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _refuse(engagement_path, NewerSchema, "newer version of Workbench")


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(EngagementFileError, match="no such file"):
        open_engagement(tmp_path / "nowhere.wbk")
    with pytest.raises(EngagementFileError, match="folder"):
        open_engagement(tmp_path)


def test_unwritable_file_opens_read_only_with_a_notice(
    engagement_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, which writes anything: ask the store's own question instead.
    monkeypatch.setattr(database, "can_write", lambda path: False)
    before = _snapshot(engagement_path.parent)
    store = open_engagement(engagement_path)
    try:
        assert store.read_only
        assert "read-only" in store.notice
        assert store.engagement().client == "Acme Ltd"
        with pytest.raises(ReadOnlyError, match="read-only"):
            store.add_respondent("Ana")
    finally:
        store.close()
    assert _snapshot(engagement_path.parent) == before


def test_check_reports_a_healthy_file(engagement_path: Path) -> None:
    assert check_engagement(engagement_path) == []
    assert main(["check", str(engagement_path)]) == 0


def test_a_file_checked_before_the_window_opens_is_not_read_whole_twice(tmp_path, monkeypatch):
    """The command line checks the file, the window opens it: one quick_check, not two;
    a file changed in between is checked again, and the memory serves once."""
    from workbench.store import create_engagement, database, open_engagement

    path = tmp_path / "e.wbk"
    create_engagement(path, client="A", title="B").close()
    reads: list[str] = []
    real = database._inspect
    monkeypatch.setattr(database, "_inspect", lambda *a: reads.append("read") or real(*a))
    database.inspect_file(path, remember=True)
    open_engagement(path, backup=False).close()
    assert reads == ["read"]
    database.inspect_file(path)  # the memory served once
    assert reads == ["read"] * 2
    database.inspect_file(path, remember=True)
    with open(path, "r+b") as f:  # damaged after the check: the open reads it again
        f.seek(100)
        f.write(b"\xff" * 4096)
    with pytest.raises(database.EngagementFileError):
        open_engagement(path, backup=False)
    assert reads == ["read"] * 4
