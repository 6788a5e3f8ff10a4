"""Form versions as XLSForms give them, and a revised form that keeps its version."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from pyxform.xls2xform import convert

from workbench.forms.xlsform import import_xlsform
from workbench.forms.xlsform_export import write_xlsform
from workbench.store import create_engagement


def xlsform(path: Path, version: str, label: str = "Q1") -> Path:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["text", "q1", label])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append(["visit", version])
    book.save(path)
    return path


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    yield s
    s.close()


def test_odk_dated_versions_are_kept(tmp_path: Path) -> None:
    form, warnings = import_xlsform(xlsform(tmp_path / "f.xlsx", "2024031001"))
    assert form.version == 2024031001 and form.version_label == "" and warnings == []


def test_a_version_text_is_kept_as_the_label_and_written_back(tmp_path: Path) -> None:
    form, warnings = import_xlsform(xlsform(tmp_path / "f.xlsx", "1.0.3"))
    assert (form.version, form.version_label, warnings) == (1, "1.0.3", [])
    out = write_xlsform(form, tmp_path / "back.xlsx")
    assert 'version="1.0.3"' in convert(str(out)).xform
    assert import_xlsform(out)[0].version_label == "1.0.3"


def test_a_revised_form_under_the_same_version_gets_the_next_number(store, tmp_path) -> None:
    first, _ = import_xlsform(xlsform(tmp_path / "a.xlsx", "2024031001"))
    revised, _ = import_xlsform(xlsform(tmp_path / "b.xlsx", "2024031001", "Q1, revised"))
    assert store.ensure_form_version(first, source="imported").version == 2024031001
    row = store.ensure_form_version(revised, source="imported")
    assert row.version == 2024031002
    # the same revised file again is that same stored version, not a third one
    assert store.ensure_form_version(revised, source="imported").id == row.id
    assert [(r.version) for r in store.form_versions()] == [2024031001, 2024031002]
    assert store.engagement_forms()[0].question("q1").label == "Q1, revised"


def test_the_cli_says_a_revised_form_was_renumbered(tmp_path: Path, capsys) -> None:
    from workbench.cli import main

    engagement = tmp_path / "e.wbk"
    create_engagement(engagement, client="A", title="B").close()
    assert main(["form", "import", str(engagement), str(xlsform(tmp_path / "a.xlsx", "3"))]) == 0
    revised = xlsform(tmp_path / "b.xlsx", "3", "Changed")
    assert main(["form", "import", str(engagement), str(revised)]) == 0
    captured = capsys.readouterr()
    assert "visit v3 is already stored with a different definition" in captured.err
    assert "Imported visit v4" in captured.out
