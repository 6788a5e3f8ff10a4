"""XLSForm appearances and the survey sheet's other columns: ``numbers`` is carried as a
digits-only text answer; every appearance or column that is not carried is listed by row."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from pyxform.xls2json_backends import get_xlsform

from workbench.forms.answers import coerce_from_text, validate
from workbench.forms.loader import load_form_text
from workbench.forms.xlsform import _key, import_xlsform
from workbench.forms.xlsform_export import write_xlsform

DATA = Path(__file__).parents[2] / "data" / "xlsform"
CARRIED = {"text": {"multiline", "numbers"}, "begin group": {"field-list"}}


def test_widgets_numbers_appearance_is_a_digits_only_text() -> None:
    form, warnings = import_xlsform(DATA / "widgets.xls")
    question = form.question("numberasstring")
    assert question.type == "text" and question.numbers
    assert validate(question, "12abc") == (
        "'String field that uses only numbers (plus a couple extra)' takes digits only "
        "(0–9, - . ,), not '12abc'"
    )
    for good in ("12", "-3.5", "1,234", "0044-20-7946"):
        assert validate(question, good) is None, good
    for bad in ("12abc", "+44 20", "--", "1 2"):
        assert validate(question, bad) is not None, bad
    with pytest.raises(ValueError, match="digits only"):
        coerce_from_text(question, "12abc")
    assert coerce_from_text(question, " 42 ") == "42"
    assert not any("row 16 " in w and "numbers" in w for w in warnings)
    assert not form.question("my_string").numbers  # a plain text question takes any text


@pytest.mark.parametrize("name", ["widgets.xls", "xlsform_spec_test.xlsx"])
def test_every_appearance_of_a_real_form_is_carried_or_listed_by_row(name: str) -> None:
    form, warnings = import_xlsform(DATA / name)
    keys = set(form.keys())
    seen = 0
    for number, row in enumerate(get_xlsform(str(DATA / name)).survey or [], start=2):
        kind = " ".join(str(row.get("type", "")).split()).lower()
        dropped = any(w.startswith(f"row {number} (") and "not imported" in w for w in warnings)
        imported = not dropped and (
            _key(str(row.get("name", ""))) in keys or kind.startswith("begin group")
        )
        for token in str(row.get("appearance", "")).split():
            if not imported or token in CARRIED.get(kind.replace("string", "text"), ()):
                continue
            seen += 1
            assert any(
                w.startswith(f"row {number} (") and f"appearance {token!r} is not carried" in w
                for w in warnings
            ), f"{name} row {number}: {token}"
    assert seen >= 3


def test_the_real_forms_other_columns_are_listed() -> None:
    _, warnings = import_xlsform(DATA / "xlsform_spec_test.xlsx")
    text = "\n".join(warnings)
    assert "row 4 (text my_name): column 'rows' (12) is not carried over" in text
    assert "row 9 (text text_image_audio_video_test): column 'image' (img_test.jpg)" in text
    assert "row 57 (integer launch): column 'buttonText' (Launch Fictional app)" in text
    assert ("row 57 (integer launch): appearance 'ex:org.thirdparty.app.ActivityName' is "
            "not carried over (the answer comes from another Android app") in text  # fmt: skip


def write(path: Path, survey: list[list[str]]) -> Path:
    book = Workbook()
    book.active.title = "survey"
    for row in survey:
        book.active.append(row)
    choices = book.create_sheet("choices")
    for row in (["list_name", "name", "label"], ["yn", "yes", "Yes"]):
        choices.append(row)
    book.save(path)
    return path


def test_a_made_form_lists_each_appearance_and_column_it_drops(tmp_path: Path) -> None:
    path = write(tmp_path / "f.xlsx", [
        ["type", "name", "label", "appearance", "parameters", "required_message",
         "team notes", "required"],
        ["text", "phone", "Phone", "numbers thousands-sep", "", "", "", ""],
        ["text", "story", "Story", "multiline", "rows=5", "", "ask twice", ""],
        ["date", "when", "When", "month-year", "", "Say when", "", "yes"],
        ["text", "code", "Code", "numbers multiline", "", "", "", ""],
        ["select_one yn", "ok", "OK", "minimal", "randomize=true", "", "", ""],
    ])  # fmt: skip
    form, warnings = import_xlsform(path)
    assert form.question("phone").numbers and form.question("phone").type == "text"
    assert form.question("story").type == "longtext"
    assert form.question("code").numbers and form.question("code").type == "text"
    assert warnings == [
        "row 2 (text phone): appearance 'thousands-sep' is not carried over (the window "
        "shows the answer as typed, without thousands separators)",
        "row 3 (text story): column 'rows' (5) is not carried over (the number of lines the "
        "device shows is not kept; the window's box grows)",
        "row 3 (text story): column 'team notes' (ask twice) is not carried over (not a "
        "column Workbench reads)",
        "row 4 (date when): appearance 'month-year' is not carried over (the window asks for "
        "a full date (YYYY-MM-DD), not a month)",
        "row 4 (date when): column 'jr:requiredMsg' (Say when) is not carried over (the "
        "window says in its own words which required answers are missing)",
        "row 5 (text code): appearance 'multiline' is not carried over (a question of digits "
        "only takes one line)",
        "row 6 (select_one yn ok): appearance 'minimal' is not carried over (it sets how the "
        "device lays out the choices; the window lists them its own way)",
        "row 6 (select_one yn ok): parameter randomize=true is not carried over (the window "
        "has no such setting)",
    ]


def test_numbers_goes_back_to_the_xlsform_and_into_yaml(tmp_path: Path) -> None:
    form, _ = import_xlsform(DATA / "widgets.xls")
    back, _ = import_xlsform(write_xlsform(form, tmp_path / "back.xlsx"))
    assert back.question("numberasstring").numbers
    again = load_form_text(form.to_yaml(), "widgets.yaml")
    assert again.question("numberasstring").numbers


def test_forms_without_numbers_keep_their_fingerprint() -> None:
    from workbench.forms.library import builtin_forms

    for form in builtin_forms().values():
        assert '"numbers"' not in form.canonical_json()
