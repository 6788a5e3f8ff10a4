"""Every real XLSForm goes out again as an XLSForm pyxform accepts; a label's reference
to a question that is not imported is listed and never written back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from pyxform.xls2xform import convert

from workbench.forms.xlsform import import_xlsform
from workbench.forms.xlsform_export import write_xlsform

DATA = Path(__file__).parents[2] / "data" / "xlsform"
# every form there but tutorial.xls, whose questions are all in a repeat (it is refused)
FORMS = sorted(p.name for p in DATA.iterdir() if p.suffix in (".xls", ".xlsx"))
FORMS.remove("tutorial.xls")


@pytest.mark.parametrize("name", FORMS)
def test_every_real_form_round_trips_through_pyxform(name: str, tmp_path: Path) -> None:
    form, _ = import_xlsform(DATA / name)
    out = write_xlsform(form, tmp_path / "back.xlsx")
    assert "<h:title>" in convert(str(out)).xform
    back, _ = import_xlsform(out)
    assert back.keys() == form.keys()


def test_a_label_naming_a_dropped_question_is_listed_and_not_written(tmp_path: Path) -> None:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "hint"])
    survey.append(["geopoint", "my_trigger", "Where are you?", ""])
    survey.append(["text", "place", "Name the place at ${my_trigger}", "Near ${my_trigger}"])
    survey.append(["text", "why", "Why ${place}?", ""])
    path = tmp_path / "pipe.xlsx"
    book.save(path)
    form, warnings = import_xlsform(path)
    place, why = form.question("place"), form.question("why")
    assert place.label == "Name the place at …" and place.help == "Near …"
    assert why.label == "Why ${place}?"
    assert any(w.startswith("row 3 (place): ${my_trigger}") for w in warnings), warnings
    out = write_xlsform(form, tmp_path / "back.xlsx")
    convert(str(out))  # pyxform refused "Could not find the name 'my_trigger'"


def test_export_drops_a_reference_to_a_name_the_sheet_lacks(tmp_path: Path) -> None:
    from workbench.forms.schema import FormDefinition

    form = FormDefinition.model_validate(
        {"id": "f", "title": "F", "version": 1, "sections": [{"key": "s", "title": "S",
         "questions": [{"key": "a", "type": "text", "label": "About ${gone} and ${b}"},
                       {"key": "b", "type": "text", "label": "B"}]}]}
    )  # fmt: skip
    out = write_xlsform(form, tmp_path / "f.xlsx")
    xform = convert(str(out)).xform
    back, _ = import_xlsform(out)
    assert back.question("a").label == "About … and ${b}"
    assert "gone" not in xform


def test_the_forms_unlabelled_language_goes_back_unlabelled(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    form, _ = import_xlsform(DATA / "xlsform_spec_test.xlsx")
    assert form.languages[0] == "Form's default"
    out = write_xlsform(form, tmp_path / "back.xlsx")
    headers = [c.value for c in next(load_workbook(out)["survey"].iter_rows(max_row=1))]
    assert "label" in headers and "label::Form's default" not in headers
    assert "label::Chinese" in headers
    back, _ = import_xlsform(out)
    assert back.languages == form.languages
    assert back.question("address").help_translations == {"Chinese": "ni hao"}


def test_a_value_listed_under_two_filters_is_written_on_two_rows(tmp_path: Path) -> None:
    form, _ = import_xlsform(DATA / "choice_filter_test.xlsx")
    out = tmp_path / "out.xlsx"
    write_xlsform(form, out)
    again, warnings = import_xlsform(out)
    county = again.question("county")
    assert [c.value for c in county.offered({"state": "texas"})] == ["king", "cameron"]
    assert [c.value for c in county.offered({"state": "washington"})] == ["king", "pierce"]
    assert "<h:title>" in convert(str(out)).xform  # pyxform takes it (duplicates allowed)


def _identity(xform: str) -> tuple[str, set[str]]:
    """The form's id and the paths of its questions as Kobo and ODK see them."""
    import re

    form_id = re.search(r'<data id="([^"]*)"', xform) or re.search(r' id="([^"]*)"', xform)
    assert form_id is not None
    paths = set(re.findall(r'<bind nodeset="([^"]+)"', xform))
    return form_id.group(1), {p for p in paths if "/meta/" not in p}


@pytest.mark.parametrize(
    "name, renamed",
    [
        ("transportation.xls", set()),
        ("group.xlsx", set()),
        # names a question key cannot spell (FALSE, _1) are the one change
        ("xlsform_spec_test.xlsx", {"/data/everything/false", "/data/everything/q_1"}),
    ],
)
def test_the_exported_form_keeps_its_form_id_and_question_paths(
    name: str, renamed: set[str], tmp_path: Path
) -> None:
    # re-deployed to Kobo or ODK, the form written back is the same form: the form_id as
    # the original spells it (transportation_2011_07_25, not transportation-2011-07-25) and
    # no group around questions the original did not group (/data/phone, not
    # /data/section_1/phone)
    original_id, original_paths = _identity(convert(str(DATA / name)).xform)
    form, _ = import_xlsform(DATA / name)
    out = write_xlsform(form, tmp_path / "back.xlsx")
    back_id, back_paths = _identity(convert(str(out)).xform)
    assert back_id == original_id
    assert back_paths and back_paths - original_paths == renamed
    again, _ = import_xlsform(out)
    assert (again.id, again.xlsform_id) == (form.id, form.xlsform_id)
    assert [(s.key, s.ungrouped, [q.key for q in s.questions]) for s in again.sections] == [
        (s.key, s.ungrouped, [q.key for q in s.questions]) for s in form.sections
    ]
