"""XLSForms written by pyxform's authors and by KoboToolbox, and the XLSForm features
carried over: group relevance, languages, piped labels, validation, choice filters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from pyxform.xls2json_backends import get_xlsform

from workbench.forms.answers import validate
from workbench.forms.i18n import fill_label, translated
from workbench.forms.loader import FormError
from workbench.forms.xlsform import _key, import_xlsform

DATA = Path(__file__).parents[2] / "data" / "xlsform"
REAL = [
    "specify_other.xlsx",
    "yes_or_no_question.xlsx",
    "or_other.xlsx",
    "choice_filter_test.xlsx",
    "group.xlsx",
    "xlsform_spec_test.xlsx",
    "widgets.xls",
    "transportation.xls",
]
STRUCTURE = {"begin group", "end group", "begin repeat", "end repeat", "begin_group",
             "end_group", "begin_repeat", "end_repeat", "begin loop", "end loop"}  # fmt: skip


def question_rows(path: Path) -> list[tuple[int, str]]:
    """(row, name) of every question row of the survey sheet, read by pyxform."""
    rows = []
    for number, row in enumerate(get_xlsform(str(path)).survey or [], start=2):
        kind = " ".join(str(row.get("type", "")).split()).lower()
        if row.get("name") and kind and not any(kind.startswith(s) for s in STRUCTURE):
            rows.append((number, str(row["name"])))
    return rows


@pytest.mark.parametrize("name", REAL)
def test_real_forms_lose_nothing_silently(name: str) -> None:
    path = DATA / name
    form, warnings = import_xlsform(path)
    assert form.question_count() > 0
    keys = set(form.keys())
    for number, qname in question_rows(path):
        imported = _key(qname) in keys
        listed = any(w.startswith(f"row {number} (") and "not imported" in w for w in warnings)
        assert imported != listed, f"{name} row {number} ({qname}): imported={imported}"


def test_specify_other_old_syntax_and_single_colon_language() -> None:
    form, warnings = import_xlsform(DATA / "specify_other.xlsx")
    sex = form.question("sex")
    assert sex.label == "What sex are you?"
    assert [c.value for c in sex.choices] == ["male", "female", "other"]
    other = form.question("sex_other")
    assert other.relevant == '"other" in sex'
    assert form.is_relevant("sex_other", {"sex": "other"})
    assert not form.is_relevant("sex_other", {"sex": "male"})
    assert warnings == []


def test_yes_or_no_question_is_imported() -> None:
    form, warnings = import_xlsform(DATA / "yes_or_no_question.xlsx")
    assert form.keys() == ["good_day"]
    assert form.question("good_day").label == "have you had a good day today?"
    assert [c.value for c in form.question("good_day").choices] == ["yes", "no"]


def test_kobo_transportation_lists_its_loop() -> None:
    form, warnings = import_xlsform(DATA / "transportation.xls")
    assert form.keys() == [
        "available_transportation_types_to_referral_facility",
        "available_transportation_types_to_referral_facility_other",
    ]
    assert form.question("available_transportation_types_to_referral_facility").type == "multi"
    assert form.question("available_transportation_types_to_referral_facility_other").relevant == (
        '"other" in available_transportation_types_to_referral_facility'
    )
    assert [w.split(":")[0] for w in warnings] == [
        "row 5 (begin loop over transport_types loop_over_transport_types_frequency)",
        "row 6 (select one from available_daily_weekly frequency_to_referral_facility)",
    ]


def test_a_form_whose_questions_are_all_dropped_is_refused() -> None:
    with pytest.raises(FormError) as info:
        import_xlsform(DATA / "tutorial.xls")
    lines = str(info.value).splitlines()
    assert lines[-1] == (
        "none of the form's 10 questions can be carried over, so the form is not imported"
    )
    assert any("row 3 (text name): not imported: inside the repeat 'member'" in x for x in lines)


def test_several_languages_are_kept() -> None:
    form, _ = import_xlsform(DATA / "xlsform_spec_test.xlsx")
    assert set(form.languages) >= {"English", "Chinese"}  # shown as the form names them
    chinese = translated(form, "Chinese")
    changed = [
        (q.label, t.label)
        for q, t in zip(form.iter_questions(), chinese.iter_questions(), strict=True)
        if q.label != t.label
    ]
    assert changed  # some labels differ in Chinese
    assert translated(form, form.languages[0]) is form


def write(path: Path, survey: list, choices: list, settings: list | None = None) -> Path:
    wb = Workbook()
    sheets = [("survey", survey), ("choices", choices)] + ([("settings", settings)] if settings else [])
    for index, (name, rows) in enumerate(sheets):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = name
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


HEAD = ["type", "name", "label::English (en)", "label::French (fr)", "hint::English (en)",
        "relevant", "required", "constraint", "constraint_message::English (en)", "default",
        "choice_filter", "parameters"]  # fmt: skip
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::French (fr)", "region"],
    ["yn", "yes", "Yes", "Oui", ""],
    ["yn", "no", "No", "Non", ""],
    ["yn", "yes", "Yes again", "Oui encore", ""],
    ["region", "north", "North", "Nord", ""],
    ["region", "south", "South", "Sud", ""],
    ["town", "n1", "Northtown", "Villenord", "north"],
    ["town", "s1", "Southtown", "Villesud", "south"],
]


def rich_form(tmp_path: Path) -> Path:
    blank = [""] * 9
    survey = [
        HEAD,
        ["text", "name", "Your name", "Votre nom", "as you like", "", "yes", *blank[:5]],
        ["begin group", "outer", "Outer", "Extérieur", "", "${name} != ''", *blank[:6]],
        ["select_one yn", "works", "Does it work, ${name}?", "Ça marche, ${name} ?", "", "",
         "yes", "", "", "yes", "", ""],
        ["begin_group", "inner", "Inner", "Intérieur", "", "${works} = \u2018yes\u2019",
         *blank[:6]],
        ["integer", "age", "Age", "Âge", "", "", "yes", ". >= 18 and . < 120",
         "An adult's age", "", "", ""],
        ["select one region", "region", "Region", "Région", "", "", "", "", "", "", "", ""],
        ["select_one town", "town", "Town", "Ville", "", "", "", "", "", "", "region=${region}",
         ""],
        ["select_one_from_file fruits.csv", "fruit", "Fruit", "Fruit", "", "", "", "", "", "",
         "", "value=name_key label=name"],
        ["end_group", *[""] * 11],
        ["end group", *[""] * 11],
        ["geopoint", "where", "Where", "Où", *[""] * 8],
    ]
    shutil.copy(DATA / "fruits.csv", tmp_path / "fruits.csv")
    settings = [["form_id", "default_language", "allow_choice_duplicates"],
                ["rich", "English (en)", "yes"]]  # fmt: skip
    return write(tmp_path / "rich.xlsx", survey, CHOICES, settings)


def test_groups_languages_validation_and_choices(tmp_path: Path) -> None:
    form, warnings = import_xlsform(rich_form(tmp_path))
    assert form.languages == ["English (en)", "French (fr)"]
    assert [s.key for s in form.sections] == ["section_1", "outer", "inner"]
    assert form.sections[2].title_translations == {"French (fr)": "Intérieur"}
    # a group's relevance reaches every question inside, nested groups included
    assert form.question("works").relevant == "answered(name)"
    assert form.question("age").relevant == '(answered(name)) and (works == "yes")'
    assert form.question("town").relevant == form.question("age").relevant
    assert not form.is_relevant("age", {"name": "Ann", "works": "no"})
    assert form.is_relevant("age", {"name": "Ann", "works": "yes"})
    # required inside a skipped group is not missing
    assert "age" not in form.missing_required({"name": "Ann", "works": "no"})
    assert "age" in form.missing_required({"name": "Ann", "works": "yes"})
    # piped labels and languages
    works = form.question("works")
    assert works.label == "Does it work, ${name}?"
    assert fill_label(works.label, {"name": "Ann"}, form) == "Does it work, Ann?"
    assert fill_label(works.label, {}, form) == "Does it work, …?"
    french = translated(form, "French (fr)")
    assert french.question("works").label == "Ça marche, ${name} ?"
    assert [c.label for c in french.question("works").choices] == ["Oui", "Non"]
    assert french.question("name").help == "as you like"  # no French hint: kept
    # required, default, constraint with its message
    assert form.question("name").required and works.default == "yes"
    age = form.question("age")
    assert age.constraint == "age >= 18 and age < 120"
    assert validate(age, 12) == "An adult's age"
    assert validate(age, 40) is None
    # allow_choice_duplicates: the second 'yes' is named, not silently merged
    assert [c.value for c in works.choices] == ["yes", "no"]
    assert any("choice 'yes' (Yes again) repeats 'yes'" in w for w in warnings)
    # choice_filter and choices from a file
    town = form.question("town")
    assert town.choice_filter == {"region": "region"}
    assert [c.value for c in town.offered({"region": "south"})] == ["s1"]
    fruit = form.question("fruit")
    assert [(c.value, c.label) for c in fruit.choices][:2] == [
        ("mango", "Mango"),
        ("orange", "Orange"),
    ]
    assert any(w.startswith("row 12 (geopoint where): not imported") for w in warnings)


def test_stored_definitions_keep_their_fingerprint(tmp_path: Path) -> None:
    from workbench.forms.library import builtin_forms

    form = next(iter(builtin_forms().values()))
    assert '"languages"' not in form.canonical_json()
    assert '"label_translations"' not in form.canonical_json()


def test_a_missing_choices_file_is_listed(tmp_path: Path) -> None:
    path = rich_form(tmp_path)
    (tmp_path / "fruits.csv").unlink()
    form, warnings = import_xlsform(path)
    assert "fruit" not in list(form.keys())
    assert any(
        w.startswith("row 9 (") and "fruits.csv is not beside the form" in w for w in warnings
    )


def test_a_choice_filter_on_the_choices_own_columns_offers_only_the_matching_ones(
    tmp_path: Path,
) -> None:
    from pyxform.xls2xform import convert

    from workbench.forms.xlsform_export import write_xlsform

    path = write(
        tmp_path / "pastel.xlsx",
        [
            ["type", "name", "label", "choice_filter"],
            ["select_one colours", "pastel", "A pastel colour", "pastel=yes"],
            ["select_one colours", "small", "A small pastel", "pastel = 'yes' and size != 2"],
            ["select_one sizes", "size", "A size", ""],
            ["select_one colours", "sized", "That size in pastel", "size=${size} and pastel=yes"],
            ["select_one colours", "none", "A colour", "pastel='maybe'"],
            ["select_one colours", "same", "Its own shade", "name=shade"],
        ],
        [
            ["list_name", "name", "label", "pastel", "size", "shade"],
            ["colours", "pink", "Pink", "yes", "1", "pink"],
            ["colours", "red", "Red", "no", "1", "crimson"],
            ["colours", "mint", "Mint", "yes", "2", "green"],
            ["colours", "blue", "Blue", "no", "2", "blue"],
            ["colours", "sand", "Sand", "Yes", "1", "beige"],
            ["sizes", "1", "Small", "", "", ""],
            ["sizes", "2", "Large", "", "", ""],
        ],
    )
    # pyxform itself accepts the form
    assert "<h:title>" in convert(str(path)).xform
    form, warnings = import_xlsform(path)
    offered = {q.key: [c.value for c in q.choices] for q in form.iter_questions()}
    # the column compared as the form's XPath does: exactly ("Yes" is not "yes")
    assert offered["pastel"] == ["pink", "mint"]
    assert offered["small"] == ["pink"]
    assert offered["same"] == ["pink", "blue"]  # a bare word naming a column: that column
    sized = form.question("sized")
    assert [c.value for c in sized.choices] == ["pink", "mint"]
    assert sized.choice_filter == {"size": "size"}
    assert [c.value for c in sized.offered({"size": "2"})] == ["mint"]
    # a filter that leaves no choice is listed, and every choice stays on offer
    assert offered["none"] == ["pink", "red", "mint", "blue", "sand"]
    assert [w for w in warnings if "choice_filter" in w] == [
        "row 6 (select_one colours none): choice_filter \"pastel='maybe'\" not carried over (no choice of the "
        "list meets it); every choice is offered"
    ]
    # and it goes back as an XLSForm pyxform accepts, offering the same choices
    back, _ = import_xlsform(write_xlsform(form, tmp_path / "back.xlsx"))
    assert {q.key: [c.value for c in q.choices] for q in back.iter_questions()} == offered


def test_a_value_listed_under_two_states_is_offered_for_both() -> None:
    """choice_filter_test.xlsx lists King under Washington and under Texas
    (allow_choice_duplicates): answers keep the value once, offered for either state."""
    form, warnings = import_xlsform(DATA / "choice_filter_test.xlsx")
    county = form.question("county")
    assert [c.value for c in county.choices] == ["king", "pierce", "cameron"]
    assert [c.value for c in county.offered({"state": "texas"})] == ["king", "cameron"]
    assert [c.value for c in county.offered({"state": "washington"})] == ["king", "pierce"]
    assert [c.value for c in county.offered({})] == []
    assert any("'king' (King) repeats 'king'" in w for w in warnings)


def test_a_choice_the_filter_does_not_offer_is_a_problem() -> None:
    from workbench.forms.answers import filter_problem

    form, _ = import_xlsform(DATA / "choice_filter_test.xlsx")
    county, city = form.question("county"), form.question("city")
    texas = {"state": "texas", "county": "pierce"}
    assert filter_problem(form, county, "pierce", texas) == "'Pierce' is not offered for Texas"
    assert filter_problem(form, county, "king", texas) is None
    assert filter_problem(form, form.question("state"), "texas", texas) is None  # no filter
    assert filter_problem(form, city, "seattle", texas) == "'Seattle' is not offered for Pierce"
    assert (
        filter_problem(form, city, "tacoma", {})
        == "'Tacoma' is not offered without an answer to 'county'"
    )
    assert filter_problem(form, county, None, texas) is None  # unanswered: nothing to offer
