"""An XLSForm written back keeps what its source had: no version or form_title the
source left unset (pyxform derives them as it did), each select's own list_name, and
every hint translation — also one on a row with no hint in the form's own language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook
from pyxform.xls2json_backends import get_xlsform
from pyxform.xls2xform import convert

from workbench.forms.xlsform import import_xlsform
from workbench.forms.xlsform_export import write_xlsform

DATA = Path(__file__).parents[2] / "data" / "xlsform"
FORMS = sorted(p.name for p in DATA.iterdir() if p.suffix in (".xls", ".xlsx"))
FORMS.remove("tutorial.xls")  # every question in a repeat: refused


def _settings(path: Path) -> dict:
    return dict((get_xlsform(str(path)).settings or [{}])[0])


def _lists(path: Path) -> dict[str, str]:
    """question name -> the choice list its select row names."""
    out = {}
    for row in get_xlsform(str(path)).survey or []:
        m = re.match(  # select_one x, and the older "select one from x (or specify other)"
            r"\s*select[_ ](?:one|multiple|all that apply)\s+(?:from\s+)?(\S+)",
            str(row.get("type", "")),
        )
        if m and row.get("name"):
            out[str(row["name"])] = m.group(1)
    return out


def _title(xform: str) -> str:
    return re.search(r"<h:title>(.*?)</h:title>", xform).group(1)


@pytest.mark.parametrize("name", FORMS)
def test_settings_the_source_left_unset_stay_unset(name: str, tmp_path: Path) -> None:
    source = DATA / name
    form, _ = import_xlsform(source)
    out = write_xlsform(form, tmp_path / "back.xlsx")
    had, wrote = _settings(source), _settings(out)
    for key in ("version", "form_title"):
        assert (key in wrote) == bool(had.get(key)), (key, had, wrote)
    assert _title(convert(str(out)).xform) == _title(convert(str(source)).xform)
    again, _ = import_xlsform(out)
    assert (again.title, again.version, again.xlsform_unset) == (
        form.title,
        form.version,
        form.xlsform_unset,
    )


def test_a_version_and_title_the_source_sets_are_written_back(tmp_path: Path) -> None:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["text", "q", "Q"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Site visit", "site_visit", "2024031001"])
    book.save(tmp_path / "f.xlsx")
    form, _ = import_xlsform(tmp_path / "f.xlsx")
    assert form.xlsform_unset == []
    out = write_xlsform(form, tmp_path / "back.xlsx")
    wrote = _settings(out)
    assert (wrote["form_title"], wrote["form_id"], str(wrote["version"])) == (
        "Site visit",
        "site_visit",
        "2024031001",
    )


@pytest.mark.parametrize("name", FORMS)
def test_each_select_keeps_its_list_name(name: str, tmp_path: Path) -> None:
    source = DATA / name
    form, _ = import_xlsform(source)
    out = write_xlsform(form, tmp_path / "back.xlsx")
    had, wrote = _lists(source), _lists(out)
    # or_other.xlsx's fav_pastel offers the colours its literal filter (pastel=yes)
    # keeps: a list of its own, named after the source's
    changed = {"fav_pastel": "colors_2"} if name == "or_other.xlsx" else {}
    # (a label row of a field-list that names no question gets pyxform's name)
    named = {q: n for q, n in wrote.items() if not q.startswith("reserved_name_for_")}
    assert bool(named) == bool(had) and named == {q: changed.get(q, had[q]) for q in named}


@pytest.mark.parametrize("name", FORMS)
def test_a_round_trip_changes_nothing(name: str, tmp_path: Path) -> None:
    form, _ = import_xlsform(DATA / name)
    back, _ = import_xlsform(write_xlsform(form, tmp_path / "back.xlsx"))
    if name == "or_other.xlsx":  # (see above)
        assert back.question("fav_pastel").list_name == "colors_2"
        back.question("fav_pastel").list_name = "colors"
    assert back.model_dump() == form.model_dump()


def test_a_hint_translation_without_a_hint_in_the_forms_language(tmp_path: Path) -> None:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label::English", "label::French", "hint::French",
                   "hint::English"])  # fmt: skip
    survey.append(["text", "a", "A", "A fr", "Seulement en français", ""])
    survey.append(["text", "b", "B", "B fr", "Aide", "Help"])
    book.save(tmp_path / "h.xlsx")
    form, _ = import_xlsform(tmp_path / "h.xlsx")
    a = form.question("a")
    assert (a.help, a.help_translations) == ("", {"French": "Seulement en français"})
    back, _ = import_xlsform(write_xlsform(form, tmp_path / "back.xlsx"))
    assert back.model_dump() == form.model_dump()
