"""An imported XLSForm in the interview editor: its languages and its defaults."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from workbench.forms.xlsform import import_xlsform
from workbench.store import create_engagement
from workbench.ui.context import AppContext

DATA = Path(__file__).parents[1] / "data" / "xlsform"


def test_language_choice_and_defaults(qtbot, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from workbench.ui.interview_editor import InterviewEditor

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in [
        ["type", "name", "label::English", "label::Español", "default"],
        ["select_one yn", "works", "Does it work?", "¿Funciona?", "yes"],
        ["integer", "visits", "Visits", "Visitas", "2"],
        ["text", "why", "Why, given ${works}?", "¿Por qué, con ${works}?", ""],
    ]:
        ws.append(row)
    ws = wb.create_sheet("choices")
    for row in [["list_name", "name", "label::English", "label::Español"],
                ["yn", "yes", "Yes", "Sí"], ["yn", "no", "No", "No"]]:  # fmt: skip
        ws.append(row)
    wb.save(tmp_path / "f.xlsx")
    form, _ = import_xlsform(tmp_path / "f.xlsx")
    ctx = AppContext()
    ctx.set_store(create_engagement(tmp_path / "e.wbk", client="A", title="B"))
    try:
        respondent = ctx.store.add_respondent("Ana Silva")
        iid = ctx.store.new_interview(respondent.id, form, date=dt.date(2024, 3, 1)).id
        editor = InterviewEditor(ctx, iid)
        qtbot.addWidget(editor)
        # a new interview starts with the form's defaults, stored as answers
        assert ctx.store.answers(iid) == {"works": "yes", "visits": 2}
        view = editor.form_view
        assert "Why, given Yes?" in view.blocks["why"].label.text()
        assert editor.language_box is not None
        assert [editor.language_box.itemText(i) for i in range(2)] == ["English", "Español"]
        editor.language_box.setCurrentText("Español")
        assert "¿Por qué, con Sí?" in view.blocks["why"].label.text()
        assert view.blocks["works"].input.buttons["yes"].text() == "Sí"
        editor.resize(1100, 600)
        editor.grab().save(str(tmp_path / "editor.png"))
        editor.close()
        # opened again, nothing is offered twice
        again = InterviewEditor(ctx, iid)
        qtbot.addWidget(again)
        assert ctx.store.answers(iid) == {"works": "yes", "visits": 2}
        again.close()
    finally:
        ctx.set_store(None)


def test_widgets_defaults_are_shown_as_counted_and_marked(qtbot, tmp_path: Path) -> None:
    """ODK's widgets form: the select-multiple default ``a c`` ticks a and c; every default
    shown is an answer counted, and each says it is the form's default until changed."""
    from workbench.ui.form_view import FormView

    form, _ = import_xlsform(DATA / "widgets.xls")
    view = FormView(form)
    qtbot.addWidget(view)
    given = view.offer_defaults()
    assert set(given) == {"my_decimal", "my_date", "my_select", "my_select1"}
    ticks = view.blocks["my_select"].input.buttons
    assert [v for v, b in ticks.items() if b.isChecked()] == ["a", "c"]
    values = view.values()
    assert values["my_select"] == ["a", "c"] and values["my_select1"] == "8"
    assert view.progress()[0] == len(form.answered_keys(values)) == 4
    view.show()
    noted = {k for k, b in view.blocks.items() if not b.default_note.isHidden()}
    assert noted == set(given)
    ticks["b"].click()  # the consultant's own answer: no longer the form's default
    assert view.values()["my_select"] == ["a", "b", "c"]
    assert view.blocks["my_select"].default_note.isHidden()
    assert not view.blocks["my_select1"].default_note.isHidden()
    view.resize(700, 900)
    view.grab().save(str(tmp_path / "defaults.png"))
