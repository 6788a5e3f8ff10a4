"""Every menu's keyboard letters are unique; Open Recent names each file with its folder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu

from workbench.store import create_engagement
from workbench.ui.main_window import MainWindow
from workbench.ui.recent import recent_labels

pytestmark = pytest.mark.app_context(engagement=None)


def mnemonic(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).casefold() if found else None


def duplicates(menu: QMenu, where: str) -> list[str]:
    """Letters used twice in ``menu`` and in every menu under it."""
    seen: dict[str, str] = {}
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        letter = mnemonic(action.text())
        if letter is not None:
            if letter in seen:
                found.append(f"{where}: “{seen[letter]}” and “{action.text()}” both use {letter}")
            seen[letter] = action.text()
        if action.menu() is not None:
            found += duplicates(action.menu(), f"{where} → {action.text()}")
    return found


def test_no_menu_uses_a_letter_twice(window: MainWindow) -> None:
    bar = window.menuBar()
    top = [a.text() for a in bar.actions()]
    letters = [mnemonic(t) for t in top]
    assert None not in letters and len(set(letters)) == len(letters), top
    problems = []
    for action in bar.actions():
        problems += duplicates(action.menu(), action.text())
    assert problems == []


def test_every_file_menu_item_has_a_letter(window: MainWindow) -> None:
    file = window.menuBar().actions()[0].menu()
    missing = [
        a.text() for a in file.actions() if not a.isSeparator() and mnemonic(a.text()) is None
    ]
    assert missing == []


def test_the_duplicate_finder_finds_a_duplicate(window: MainWindow) -> None:
    menu = QMenu()
    menu.addAction("&Open")
    menu.addAction("Sub").setMenu(QMenu(menu))
    menu.actions()[1].menu().addAction("&Copy")
    menu.actions()[1].menu().addAction("&Close")
    assert duplicates(menu, "Test") == ["Test → Sub: “&Copy” and “&Close” both use c"]


def test_recent_labels_show_the_folder_and_tell_equal_names_apart(tmp_path: Path) -> None:
    home = Path("/home/jo")
    files = [
        "/home/jo/Clients/Acme/2025/review.wbk",
        "/home/jo/Clients/Bolt/2025/review.wbk",
        "/home/jo/acme.wbk",
        "/srv/share/engagements/a-very-long-folder-name-for-the-client/2026/q1/kestrel.wbk",
    ]
    assert recent_labels(files, home) == [
        "review.wbk   ·   ~/Clients/Acme/2025",
        "review.wbk   ·   ~/Clients/Bolt/2025",
        "acme.wbk   ·   ~",
        "kestrel.wbk   ·   …/2026/q1",
    ]
    # long folders that differ only further up: as many parts as it takes
    long = "/srv/share/engagements/a-very-long-folder-name-for-the-client"
    same = [f"{long}/one/2026/q1/review.wbk", f"{long}/two/2026/q1/review.wbk"]
    assert recent_labels(same, home) == [
        "review.wbk   ·   …/one/2026/q1",
        "review.wbk   ·   …/two/2026/q1",
    ]


def test_open_recent_shows_name_and_folder_with_the_path_as_tip(
    window: MainWindow, tmp_path: Path
) -> None:
    paths = []
    for client in ("Acme", "Bolt"):
        folder = tmp_path / client
        folder.mkdir()
        create_engagement(folder / "review.wbk", client=client, title="Review").close()
        paths.append(folder / "review.wbk")
    for path in paths:
        assert window.open_file(path)
    window._fill_recent_menu()
    actions = [a for a in window.recent_menu.actions() if a.text().startswith("&")]
    texts = [a.text() for a in actions]
    assert texts[0].startswith("&1  review.wbk") and texts[0].endswith("Bolt")
    assert texts[1].startswith("&2  review.wbk") and texts[1].endswith("Acme")
    assert [a.toolTip() for a in actions] == [str(p.resolve()) for p in reversed(paths)]
    assert [a.statusTip() for a in actions] == [str(p.resolve()) for p in reversed(paths)]
    window.menuBar().actions()[0].menu().popup(window.pos())
    window.recent_menu.popup(window.pos())
    window.recent_menu.grab().save(str(tmp_path / "recent.png"))
    window.ctx.set_store(None)
