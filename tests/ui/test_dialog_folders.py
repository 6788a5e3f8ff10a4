"""File dialogs start in the open engagement's folder, or in the folder last used for
that kind of file, never in the program's own working folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture
def asked(monkeypatch) -> list[tuple[str, str]]:
    """(caption, start) of each file dialog opened; each is cancelled."""
    seen: list[tuple[str, str]] = []

    def ask(parent, caption, start, *_a, **_k):  # noqa: ANN001, ANN202
        seen.append((caption, start))
        return "", ""

    def ask_many(parent, caption, start, *_a, **_k):  # noqa: ANN001, ANN202
        seen.append((caption, start))
        return [], ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(ask))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(ask))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(ask_many))
    return seen


def test_import_form_and_merge_start_in_the_engagement_folder(
    window, asked, monkeypatch, tmp_path
) -> None:
    folder = str(Path(window.ctx.store.path).parent)
    monkeypatch.chdir(tmp_path.parent)  # (the program's working folder is elsewhere)
    window.import_form_action.trigger()
    window.merge_action.trigger()
    assert [start for _caption, start in asked] == [folder, folder]


def test_the_folder_last_used_for_a_kind_of_file_is_where_its_next_dialog_starts(
    window, monkeypatch, tmp_path
) -> None:
    from workbench.ui.form_files import import_form_file

    elsewhere = tmp_path / "forms"
    elsewhere.mkdir()
    form = elsewhere / "broken.yaml"
    form.write_text("not: [a form\n", encoding="utf-8")
    starts: list[str] = []

    def choose(parent, caption, start, *_a):  # noqa: ANN001, ANN202
        starts.append(start)
        return str(form), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    monkeypatch.setattr("workbench.ui.form_files._tell", lambda *a, **k: None)
    import_form_file(window.ctx, window)
    import_form_file(window.ctx, window)
    assert starts == [str(Path(window.ctx.store.path).parent), str(elsewhere)]
    # another kind of file still starts in the engagement's folder
    from workbench.ui import file_dialogs

    assert file_dialogs.start_folder(window.ctx, "responses") == starts[0]
