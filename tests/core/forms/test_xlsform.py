"""XLSForm import: a small ODK-style workbook written with openpyxl."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from workbench.forms.loader import FormError
from workbench.forms.xlsform import import_xlsform, translate_relevant

SURVEY = [
    ["type", "name", "label::English (en)", "hint", "required", "relevant", "appearance"],
    ["start", "start", "", "", "", "", ""],
    ["begin_group", "about", "About you", "", "", "", ""],
    ["text", "role", "Your role", "As you would describe it", "yes", "", ""],
    ["select_one yn", "uses_desk", "Do you use the service desk?", "", "true()", "", ""],
    ["integer", "contacts", "Contacts per month", "", "", "${uses_desk} = 'yes'", ""],
    ["end_group", "", "", "", "", "", ""],
    ["select_multiple channels", "channels", "Channels", "", "", "", ""],
    ["decimal", "Wait_Hours", "Hours waited", "", "", "selected(${channels}, 'phone')", ""],
    ["date", "last_contact", "Last contact", "", "", "${contacts} > 2 and ${uses_desk} != ''", ""],
    ["text", "comments", "Comments", "", "", "", "multiline"],
    ["geopoint", "where", "Location", "", "", "", ""],
    ["note", "thanks", "Thank you", "", "", "", ""],
    ["text", "odd", "Odd condition", "", "", "string-length(${role}) > 3", ""],
    ["range", "score", "Score", "", "", "", ""],
]
CHOICES = [
    ["list_name", "name", "label::English (en)"],
    ["yn", "yes", "Yes"],
    ["yn", "no", "No"],
    ["channels", "phone", "Phone"],
    ["channels", "email", "E-mail"],
    ["channels", 3, "Walk-up"],
]
SETTINGS = [["form_title", "form_id", "version"], ["Desk survey", "desk_survey", "3"]]


def write_xlsform(path: Path, survey=SURVEY, choices=CHOICES, settings=SETTINGS) -> Path:
    wb = Workbook()
    for index, (name, rows) in enumerate(
        [("survey", survey), ("choices", choices), ("settings", settings)]
    ):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = name
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_import_carries_over_shared_types(tmp_path: Path) -> None:
    form, warnings = import_xlsform(write_xlsform(tmp_path / "desk.xlsx"))
    assert (form.id, form.title, form.version) == ("desk-survey", "Desk survey", 3)
    assert [s.key for s in form.sections] == ["about", "section_2"]
    assert form.sections[0].title == "About you"
    role = form.question("role")
    assert (role.type, role.label, role.help, role.required) == (
        "text",
        "Your role",
        "As you would describe it",
        True,
    )
    desk = form.question("uses_desk")
    assert desk.type == "single" and desk.required
    assert [c.value for c in desk.choices] == ["yes", "no"]
    contacts = form.question("contacts")
    assert contacts.type == "number" and contacts.integer
    assert contacts.relevant == 'uses_desk == "yes"'
    assert [c.value for c in form.question("channels").choices] == ["phone", "email", "3"]
    wait = form.question("wait_hours")
    assert wait.type == "number" and not wait.integer
    assert wait.relevant == '"phone" in channels'
    assert form.question("last_contact").relevant == "contacts > 2 and answered(uses_desk)"
    assert form.question("comments").type == "longtext"
    score = form.question("score")
    assert (score.type, score.min, score.max) == ("scale", 1, 10)
    assert form.question("odd").relevant is None
    assert form.is_relevant("contacts", {"uses_desk": "yes"})

    text = "\n".join(warnings)
    assert "row 2 (start start): not imported: metadata the device records itself" in text
    assert "row 12 (geopoint where): not imported: a location (GPS)" in text
    assert "row 13 (note thanks): not imported: a note shows text" in text
    assert "row 9 (decimal Wait_Hours): name 'Wait_Hours' becomes key 'wait_hours'" in text
    assert "row 14 (text odd): relevance" in text and "string-length() is only" in text
    rows = [int(w.split()[1]) for w in warnings if w.startswith("row ")]
    assert rows == sorted(rows)


def test_missing_choice_list_is_refused_with_the_row(tmp_path: Path) -> None:
    survey = [
        SURVEY[0],
        ["select_one colours", "colour", "Colour", "", "", "", ""],
        ["text", "name", "Name", "", "", "", ""],
    ]
    with pytest.raises(FormError) as info:
        import_xlsform(write_xlsform(tmp_path / "c.xlsx", survey=survey))
    (problem,) = info.value.problems
    assert problem.line == 2 and "colours" in problem.message


def test_duplicate_names_are_refused_with_the_row(tmp_path: Path) -> None:
    survey = [SURVEY[0], ["text", "dup", "A", "", "", "", ""], ["text", "dup", "B", "", "", "", ""]]
    with pytest.raises(FormError) as info:
        import_xlsform(write_xlsform(tmp_path / "d.xlsx", survey=survey))
    (problem,) = info.value.problems
    assert problem.line == 3
    assert "'dup' is invalid" in problem.message


def test_keys_that_collide_after_renaming_name_the_row(tmp_path: Path) -> None:
    survey = [SURVEY[0], ["text", "Dup", "A", "", "", "", ""], ["text", "dup", "B", "", "", "", ""]]
    with pytest.raises(FormError) as info:
        import_xlsform(write_xlsform(tmp_path / "d.xlsx", survey=survey))
    (problem,) = info.value.problems
    assert problem.line == 3
    assert "duplicate question key 'dup'" in problem.message


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "nope.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(FormError, match="cannot read the workbook"):
        import_xlsform(path)


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("${a} = 'x'", 'a == "x"'),
        ("${a} != 'x' or ${b} >= 3", 'a != "x" or b >= 3'),
        ("not(selected(${c}, 'y'))", 'not ("y" in c)'),
        ("${a} = ''", "not answered(a)"),
        ("'x' = ${a}", 'a == "x"'),
        ("3 < ${b}", "b > 3"),
        ("string-length(${a}) > 0", "answered(a)"),
        ("../a = 'x' and (/data/g/b >= 1 or ${c} != 'z')", 'a == "x" and (b >= 1 or c != "z")'),
    ],
)
def test_translate_relevant(expr: str, expected: str) -> None:
    assert translate_relevant(expr, {"a": "a", "b": "b", "c": "c"}) == expected


def test_translate_relevant_refuses_unknown_names() -> None:
    with pytest.raises(ValueError, match="not an earlier question"):
        translate_relevant("${later} = 'x'", {})
    with pytest.raises(ValueError, match=r"the function today\(\) is not supported"):
        translate_relevant("${a} > today()", {"a": "a"})


def test_only_the_question_marked_or_other_offers_other(tmp_path: Path) -> None:
    survey = [
        ["type", "name", "label"],
        ["select_one colors or_other", "fav_color", "Favourite colour"],
        ["select_one colors", "fav_pastel", "Favourite pastel"],
        ["select one from sizes or specify other", "size", "Size"],
        ["select_multiple sizes", "sizes", "Sizes"],
        ["select_one yn or_other", "sure", "Sure?"],
        ["select_one yn", "certain", "Certain?"],
    ]
    choices = [
        ["list_name", "name", "label"],
        ["colors", "red", "Red"],
        ["colors", "mauve", "Mauve"],
        ["sizes", "s", "Small"],
        ["yn", "yes", "Yes"],
        ["yn", "other", "Something else"],  # the sheet's own "other" is everyone's
    ]
    form, _ = import_xlsform(write_xlsform(tmp_path / "o.xlsx", survey, choices))

    def values(key: str) -> list[str]:
        return [c.value for c in form.question(key).choices]

    assert values("fav_color") == ["red", "mauve", "other"]
    assert form.question("fav_color").choices[-1].label == "Other"
    assert values("fav_pastel") == ["red", "mauve"]
    assert values("size") == ["s", "other"]
    assert values("sizes") == ["s"]
    assert values("sure") == values("certain") == ["yes", "other"]
    assert form.question("fav_color_other").relevant == '"other" in fav_color'


def test_or_other_in_the_real_workbook_stays_with_its_question() -> None:
    data = Path(__file__).parents[2] / "data" / "xlsform"
    form, _ = import_xlsform(data / "or_other.xlsx")
    assert "other" in [c.value for c in form.question("fav_color").choices]
    assert "other" not in [c.value for c in form.question("fav_pastel").choices]


def test_the_default_language_takes_no_hint_from_another_language() -> None:
    """ODK's spec test: ``hint::chinese`` only on "Enter an address"; the choices sheet has
    an unlabelled ``label`` column, so the form's own language is that column."""
    from workbench.forms.i18n import translated

    data = Path(__file__).parents[2] / "data" / "xlsform"
    form, _ = import_xlsform(data / "xlsform_spec_test.xlsx")
    assert form.languages == ["Form's default", "English", "Chinese"]
    address = form.question("address")
    assert (address.label, address.help) == ("Enter an address", "")
    assert address.help_translations == {"Chinese": "ni hao"}
    assert translated(form, "English").question("address").help == ""
    chinese = translated(form, "Chinese").question("address")
    assert (chinese.label, chinese.help) == ("您好", "ni hao")
    media = form.question("text_image_audio_video_test")  # its unlabelled hint is the form's
    assert media.help.startswith("The goal of this test")


def test_unlabelled_hints_beside_labelled_labels_belong_to_the_first_language(
    tmp_path: Path,
) -> None:
    survey = [
        ["type", "name", "label::english", "label::french", "hint", "hint::french"],
        ["text", "role", "Your role", "Votre rôle", "As you say it", "Comme vous le dites"],
        ["text", "town", "Town", "Ville", "", "La ville"],
    ]
    form, _ = import_xlsform(
        write_xlsform(tmp_path / "h.xlsx", survey, [["list_name", "name", "label"]])
    )
    assert form.languages == ["English", "French"]  # no "default": no unlabelled label
    role, town = form.question("role"), form.question("town")
    assert (role.help, role.help_translations) == (
        "As you say it",
        {"French": "Comme vous le dites"},
    )
    assert (town.label, town.help, town.label_translations) == ("Town", "", {"French": "Ville"})
