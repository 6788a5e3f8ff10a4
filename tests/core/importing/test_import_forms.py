"""The form a sheet of responses is proposed for: the one most of its columns match, else
the one the engagement uses when it uses only one."""

from __future__ import annotations

from pathlib import Path

import pytest
from _sheets import sheet

from workbench.deliver.import_forms import (
    forms_in_use,
    matched_columns,
    offered_forms,
    propose_form,
)
from workbench.deliver.importer import apply_import, plan_import
from workbench.forms.library import builtin_forms
from workbench.forms.schema import FormDefinition
from workbench.store import create_engagement

OWN = FormDefinition.model_validate(
    {"id": "aaa-own", "title": "Aardvark", "version": 1,
     "sections": [{"key": "s", "title": "S", "questions": [
         {"key": "q1", "type": "text", "label": "What went well?"},
         {"key": "overall_satisfaction", "type": "text", "label": "Overall"}]}]}
)  # fmt: skip


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    s.ensure_form_version(OWN, source="imported")
    yield s
    s.close()


def forms(store) -> list:
    """As the window lists them: the library and the engagement's own, by title."""
    listed = offered_forms(store)
    assert {f.id for f in listed} == set(builtin_forms()) | {"aaa-own"}
    return listed


def test_the_form_most_columns_match_is_proposed(store, tmp_path):
    assert forms(store)[0].id == "aaa-own"  # first in the list, as before
    data = sheet(
        tmp_path / "a.csv",
        "Name,overall_satisfaction,recommend,Why did you give that score?,Notes",
        "Ann Lee,4,9,Quick,",
    )  # fmt: skip
    sat = builtin_forms()["satisfaction-loyalty"]
    assert matched_columns(plan_import(store, data, "satisfaction-loyalty").headers, sat) >= 2
    assert matched_columns(["Name", "overall_satisfaction", "recommend"], OWN) == 1
    assert propose_form(store, data, forms(store)) == "satisfaction-loyalty"
    # by label too: the own form's question asked as "What went well?"
    labels = sheet(tmp_path / "b.csv", "Respondent,What went well?,overall satisfaction", "A,x,y")
    assert propose_form(store, labels, forms(store)) == "aaa-own"


def test_failing_a_match_the_one_form_in_use_is_proposed(store, tmp_path):
    names = sheet(tmp_path / "a.csv", "Name,Department", "Ann Lee,IT")
    assert propose_form(store, names, forms(store)) is None  # nothing in use yet
    first = sheet(tmp_path / "b.csv", "name,overall_satisfaction,recommend", "Bob Ray,4,8")
    apply_import(store, plan_import(store, first, "satisfaction-loyalty"))
    assert forms_in_use(store) == {"satisfaction-loyalty"}
    assert propose_form(store, names, forms(store)) == "satisfaction-loyalty"
    # two forms in use: nothing tells which
    own = sheet(tmp_path / "c.csv", "name,q1", "Cy Dee,fine")
    apply_import(store, plan_import(store, own, "aaa-own"))
    assert forms_in_use(store) == {"satisfaction-loyalty", "aaa-own"}
    assert propose_form(store, names, forms(store)) is None


def test_a_tie_goes_to_the_form_in_use(store, tmp_path):
    both = sheet(tmp_path / "a.csv", "name,overall_satisfaction", "Ann Lee,4")
    # both forms have overall_satisfaction: the first listed, until one is in use
    assert propose_form(store, both, forms(store)) == "aaa-own"
    sat = sheet(tmp_path / "b.csv", "name,overall_satisfaction,recommend", "Bob Ray,4,8")
    apply_import(store, plan_import(store, sat, "satisfaction-loyalty"))
    assert propose_form(store, both, forms(store)) == "satisfaction-loyalty"
