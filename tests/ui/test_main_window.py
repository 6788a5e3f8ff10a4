"""The main window: open (and refuse), recent files, pages, undo actions, window state."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.store import create_engagement, open_engagement
from workbench.ui.context import AppContext
from workbench.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.app_context(engagement=None)


def small(tmp_path: Path, name: str = "acme.wbk", client: str = "Acme") -> Path:
    path = tmp_path / name
    create_engagement(path, client=client, title="Service review").close()
    return path


def test_opening_the_demo_populates_the_views(window: MainWindow, demo_file: Path):
    assert window.central.currentWidget() is window.welcome
    assert window.open_file(demo_file)
    assert window.central.currentWidget() is window.workspace
    assert "Meridian IT Services" in window.windowTitle()
    assert window.file_label.text() == "meridian.wbk"
    assert window.pages["respondents"].model.rowCount() == 36
    assert window.pages["interviews"].model.rowCount() == 153
    overview = window.pages["overview"]
    assert overview.client.text() == "Meridian IT Services"
    assert overview.table.item(overview.table.rowCount() - 1, 0).text() == "All"
    # People, not interviews (153 of them, most people on several forms in a wave): all
    # 36 interviewed at the baseline; at the re-audit 33 to interview, nine of them not
    # yet interviewed.  "All" counts each person once: every one of the 36 interviewed.
    last = overview.table.rowCount() - 1
    assert [overview.table.item(last, c).text() for c in range(4)] == [
        "All", "36 / 36", "24 / 33", "36 / 36"
    ]  # fmt: skip
    assert sum(overview.chart.totals()) == 153  # every interview in the chart
    assert window.recent_files() == [str(demo_file.resolve())]


def test_a_refused_file_changes_nothing(window: MainWindow, tmp_path: Path):
    good = small(tmp_path)
    assert window.open_file(good)
    store, title = window.ctx.store, window.windowTitle()
    bogus = tmp_path / "notes.wbk"
    bogus.write_text("just some text")
    assert not window.open_file(bogus)
    assert window.ctx.store is store
    assert window.windowTitle() == title
    assert window.last_message is not None
    assert "not a Workbench engagement" in window.last_message.text()
    assert window.recent_files() == [str(good.resolve())]
    window.last_message.close()
    assert not window.open_file(tmp_path / "missing.wbk")
    assert window.ctx.store is store


def test_recent_files_most_recent_first_pruned_and_capped(window: MainWindow, tmp_path: Path):
    paths = [small(tmp_path, f"e{i}.wbk", client=f"Client {i}") for i in range(10)]
    for path in paths:
        assert window.open_file(path)
    recent = window.recent_files()
    assert recent == [str(p.resolve()) for p in reversed(paths)][:8]
    assert window.open_file(paths[5])  # reopening moves it to the top
    assert window.recent_files()[0] == str(paths[5].resolve())
    paths[9].unlink()
    window.close_engagement()
    assert str(paths[9].resolve()) not in window.recent_files()
    window._fill_recent_menu()
    names = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert names[0].startswith("&1  e5.wbk")
    assert len([n for n in names if ".wbk" in n]) == 7
    # the welcome page lists them too
    assert window.welcome_recent.count() == 7


def test_new_engagement_and_close(window: MainWindow, tmp_path: Path):
    path = tmp_path / "new.wbk"
    assert window.create_file(
        path, client="Harbour Group", title="ITSM baseline", consultants=["Jo"], waves=("w1",)
    )
    assert window.ctx.store.engagement().client == "Harbour Group"
    assert window.pages["overview"].client.text() == "Harbour Group"
    assert window.current_page_key() == "overview"
    assert [w.name for w in window.ctx.store.waves()] == ["w1"]
    assert not window.create_file(path, client="X", title="Y")  # exists: refused
    assert window.ctx.store.engagement().client == "Harbour Group"
    window.last_message.close()
    window.close_engagement()
    assert window.ctx.store is None
    assert window.central.currentWidget() is window.welcome
    assert window.windowTitle() == "Workbench"


def test_read_only_store_shows_its_notice(window: MainWindow, tmp_path: Path):
    store = open_engagement(small(tmp_path), read_only=True)
    store.notice = "acme.wbk cannot be written here, so it is open read-only."
    window.ctx.set_store(store)
    assert not window.banner.isHidden()
    assert "read-only" in window.banner_text.text()
    assert "(read-only)" in window.file_label.text()
    assert not window.pages["respondents"].add_button.isEnabled()


def test_pages_undo_redo_and_saved_indicator(window: MainWindow, tmp_path: Path):
    assert window.open_file(small(tmp_path))
    for i, (key, *_rest) in enumerate(PAGES):
        window.go_actions[i].trigger()
        assert window.current_page_key() == key
        assert window.go_actions[i].shortcut().toString() == f"Ctrl+{i + 1}"
    store = window.ctx.store
    window.pages["overview"].update_engagement({"client": "Acme Group"})
    assert store.engagement().client == "Acme Group"
    assert window.saved_label.text().startswith("Saved ")
    assert "Edit engagement details" in window.undo_action.text()
    window.undo_action.trigger()
    assert store.engagement().client == "Acme"
    assert window.brand.text() == "Acme"
    assert "Edit engagement details" in window.redo_action.text()
    window.redo_action.trigger()
    assert store.engagement().client == "Acme Group"
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert window.redo_action.shortcut().toString() == "Ctrl+Shift+Z"


def test_shortcuts_dialog_lists_the_window_shortcuts(window: MainWindow):
    from workbench.ui.dialogs import ShortcutsDialog, shortcut_rows

    rows = dict(shortcut_rows(window))
    assert rows["Find"] == "Ctrl+F, Ctrl+K"
    assert rows["Open"] == "Ctrl+O"
    assert rows["Undo"] == "Ctrl+Z"
    assert rows["Interviews"] == "Ctrl+3"
    dialog = ShortcutsDialog(window)
    assert dialog.table.rowCount() == len(rows)


def test_save_a_copy(window: MainWindow, tmp_path: Path):
    assert window.open_file(small(tmp_path))
    window.ctx.store.add_respondent("Ana")
    copy = tmp_path / "copy.wbk"
    assert window.save_copy_to(copy)
    with open_engagement(copy, backup=False) as other:
        assert [r.name for r in other.respondents()] == ["Ana"]
    assert not window.save_copy_to(window.ctx.store.path)
    window.last_message.close()


def test_window_geometry_is_restored(qtbot, ctx: AppContext):
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    assert first.width() == 1280  # the default, nothing saved yet
    first.resize(900, 640)
    first.close()
    assert ctx.settings.value("window/geometry") is not None
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    assert second.width() == 900  # (the offscreen screen is small: heights get clamped)


def test_hidden_pages_catch_up_when_shown_not_on_every_edit(window: MainWindow, demo_file: Path):
    assert window.open_file(demo_file)
    window.show()
    window.show_page("respondents")
    interviews, overview = window.pages["interviews"], window.pages["overview"]
    calls = {"interviews": 0, "overview": 0}
    real_reload, real_refresh = interviews.model.reload, overview.follower._reload

    def count_reload() -> None:
        calls["interviews"] += 1
        real_reload()

    def count_refresh() -> None:
        calls["overview"] += 1
        real_refresh()

    interviews.model.reload = count_reload
    overview.follower._reload = count_refresh
    for _ in range(5):  # answers saved while another page shows
        window.ctx.data_changed.emit("answers")
    assert calls == {"interviews": 0, "overview": 0}
    window.show_page("interviews")
    window.show_page("overview")
    assert calls == {"interviews": 1, "overview": 1}
