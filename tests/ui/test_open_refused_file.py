"""``workbench open FILE`` on a damaged or foreign file: the reason on stderr, and the
window on its start page with its own message about the file (as File ▸ Open shows it),
since launched from a file manager nobody reads stderr."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from workbench.cli import main
from workbench.store import create_engagement
from workbench.ui.main_window import MainWindow


def _truncated(path: Path) -> None:
    create_engagement(path, client="Acme", title="Review").close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _word_document(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")


@pytest.mark.parametrize(
    ("make", "on_stderr", "shown"),
    [
        (
            _truncated,
            "the file is damaged",
            "The file is damaged and cannot be opened safely. Nothing was written to it.\n\n"
            "There is no automatic backup of it on this computer; ask for a copy.",
        ),
        (
            _word_document,
            "not a Workbench engagement file (it is a Word document)",
            "engagement.wbk: not a Workbench engagement file (it is a Word document)",
        ),
    ],
)
def test_a_refused_file_opens_the_window_with_the_reason(
    tmp_path: Path, monkeypatch, qtbot, capsys, make, on_stderr: str, shown: str
) -> None:
    path = tmp_path / "engagement.wbk"
    make(path)
    before = path.read_bytes()
    monkeypatch.setattr(QApplication, "exec", lambda *_: 0)  # the window's loop: none here
    known = set(QApplication.topLevelWidgets())
    app = QApplication.instance()
    sheet = app.styleSheet()  # the window applies the product's look to the whole app

    try:
        assert main(["open", str(path)]) == 1
    finally:
        app.setStyleSheet(sheet)  # the next tests' windows as they expect them

    assert on_stderr in capsys.readouterr().err
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    windows = [w for w in windows if w not in known]
    assert len(windows) == 1
    window = windows[0]
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.store is None  # the start page
    message = window.last_message
    assert message is not None and message.isVisible()
    assert message.windowTitle() == "Cannot open the engagement"
    assert shown in message.text() and str(path) in message.text()
    assert "SQLite" not in message.text()
    message.close()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["engagement.wbk"]
