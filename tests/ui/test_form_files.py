"""Importing a consultant's own form into the engagement from the window, and exporting one."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.forms.loader import load_form
from workbench.ui.form_files import export_form_file, import_form_file

FORM = """id: site-visit
title: Site visit
version: 2
sections:
  - key: visit
    title: Visit
    questions:
      - key: tidy
        type: scale
        label: How tidy was the walk-up desk?
        min: 1
        max: 5
"""


pytestmark = pytest.mark.app_context(engagement="new")


@pytest.fixture(autouse=True)
def _imported_dialogs_closed():
    """A "Form imported" list opened (never blocking) with no parent window stays open
    as a modal top-level window: close it, so that no later test meets it."""
    from workbench.ui import form_files

    yield
    for dialog in list(form_files._SHOWN):
        dialog.close()


def test_a_yaml_form_lands_in_the_engagement_and_comes_back_out(ctx, tmp_path: Path) -> None:
    source = tmp_path / "site-visit.yaml"
    source.write_text(FORM)
    changed = []
    ctx.data_changed.connect(changed.append)
    row = import_form_file(ctx, None, str(source))
    assert (row.form_id, row.version, row.source) == ("site-visit", 2, "imported")
    assert "forms" in changed
    assert [f.id for f in ctx.store.engagement_forms()] == ["site-visit"]
    target = tmp_path / "out.yaml"
    assert export_form_file(ctx, None, "site-visit", str(target)) == str(target)
    assert load_form(target) == load_form(source)


def test_a_broken_form_changes_nothing(ctx, tmp_path: Path) -> None:
    source = tmp_path / "broken.yaml"
    source.write_text(FORM.replace("type: scale", "type: slider"))
    assert import_form_file(ctx, None, str(source)) is None
    assert ctx.store.engagement_forms() == []


XLSFORMS = Path(__file__).parents[1] / "data" / "xlsform"


def test_an_xlsform_lists_what_is_left_behind_before_importing(ctx, tmp_path: Path) -> None:
    asked = []
    source = str(XLSFORMS / "transportation.xls")
    assert import_form_file(ctx, None, source, confirm=lambda t: asked.append(t) or False) is None
    assert ctx.store.engagement_forms() == []
    assert "row 5 (begin loop over transport_types" in asked[0]
    row = import_form_file(ctx, None, source, confirm=lambda t: True)
    assert row.form_id == "transportation-2011-07-25"


def test_a_form_in_two_languages_switches_in_the_window(qtbot, tmp_path: Path) -> None:
    import shutil

    from workbench.forms.xlsform import import_xlsform
    from workbench.ui.form_view import FormView

    shutil.copy(XLSFORMS / "fruits.csv", tmp_path / "fruits.csv")
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "core" / "forms"))
    from test_xlsform_real import rich_form

    form, _ = import_xlsform(rich_form(tmp_path))
    view = FormView(form)
    qtbot.addWidget(view)
    view.set_values({"name": "Ann"})
    works = view.blocks["works"]
    assert "Does it work, Ann?" in works.label.text()
    view.set_language("French (fr)")
    assert "Ça marche, Ann ?" in works.label.text()
    assert [b.text() for b in works.input.buttons.values()] == ["Oui", "Non"]
    assert view._titles[2].text() == "Intérieur"
    view.set_values({"name": "Ann", "works": "yes", "region": "south"})
    town = view.blocks["town"].input.buttons
    assert not town["s1"].isHidden() and town["n1"].isHidden()
    view.resize(700, 900)
    view.grab().save(str(tmp_path / "french.png"))


def _import_dialogs():
    from PySide6.QtWidgets import QApplication

    from workbench.ui.form_files import FormImportDialog

    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, FormImportDialog) and w.isVisible()
    ]


def test_a_long_list_of_rows_left_behind_scrolls_and_the_buttons_stay_on_screen(
    ctx, qtbot, tmp_path: Path
) -> None:
    from PySide6.QtGui import QGuiApplication

    from workbench.forms.files import read_form_file
    from workbench.forms.xlsform import split_renamed
    from workbench.ui.form_files import FormImportDialog

    source = XLSFORMS / "xlsform_spec_test.xlsx"
    form, warnings = read_form_file(source)
    dropped, renamed = split_renamed(warnings)
    assert len(dropped) > 30  # taller than the screen as one line each (wrapped, more)
    room = QGuiApplication.primaryScreen().availableGeometry()
    dialog = FormImportDialog(None, "Import the form?", "Spec test: 40 questions", dropped,
                              renamed, question="Import the form without these?")  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.grab().save(str(tmp_path / "confirm.png"))
    assert dialog.frameGeometry().height() <= room.height()
    assert dialog.height() <= room.height()
    yes = dialog.buttons.button(dialog.buttons.StandardButton.Yes)
    assert yes.isVisible() and dialog.rect().contains(yes.geometry().translated(
        dialog.buttons.pos()))  # fmt: skip
    assert dialog.rows.verticalScrollBar().maximum() > 0  # the list scrolls, not the box
    assert dropped[-1] in dialog.rows.toPlainText()
    dialog.close()

    for earlier in _import_dialogs():
        earlier.close()
    row = import_form_file(ctx, None, str(source), confirm=lambda t: True)
    assert row is not None
    shown = _import_dialogs()
    assert len(shown) == 1 and shown[0].windowTitle() == "Form imported"
    qtbot.addWidget(shown[0])
    qtbot.waitExposed(shown[0])
    assert shown[0].frameGeometry().height() <= room.height()
    assert shown[0].buttons.button(shown[0].buttons.StandardButton.Ok).isVisible()
    shown[0].close()


def test_renamed_questions_are_listed_apart_from_what_is_left_behind(ctx) -> None:
    asked = []
    source = str(XLSFORMS / "xlsform_spec_test.xlsx")
    assert import_form_file(ctx, None, source, confirm=lambda t: asked.append(t) or False) is None
    left_behind, carried = asked[0].split("Carried over under a new key:")
    assert "becomes key" not in left_behind
    assert "row 54 (text _1): name '_1' becomes key 'q_1'" in carried
    assert "not imported" not in carried


def test_appearances_and_columns_not_carried_are_in_the_windows_list(ctx) -> None:
    asked = []
    source = str(XLSFORMS / "widgets.xls")
    assert import_form_file(ctx, None, source, confirm=lambda t: asked.append(t) or False) is None
    left_behind = asked[0].split("Carried over under a new key:")[0]
    assert ("• row 19 (select one from list spinner): appearance 'minimal' is not carried over "
            "(it sets how the device lays out the choices") in left_behind  # fmt: skip
    assert "numberAsString): appearance 'numbers'" not in left_behind  # carried
    row = import_form_file(ctx, None, source, confirm=lambda t: True)
    form = ctx.store.form_definition(row.id)
    assert form.question("numberasstring").numbers
