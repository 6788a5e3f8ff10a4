"""The last week's workflow: a sheet imported with its bad rows skipped, the client fixes
those cells and sends the sheet again; imported with ``only_new``, only the rows of people
who have no response of the form in the wave yet land, and the summary names the rows
left out (and, for a skip, the rows skipped) by sheet row and person."""

from __future__ import annotations

import pytest
from _sheets import sheet
from sqlalchemy import func, select

from workbench.deliver.import_repeats import Duplicates, Repeats, duplicates_left
from workbench.deliver.importer import (
    ImportFailed,
    apply_import,
    left_out_text,
    plan_import,
    rows_named,
)
from workbench.forms.library import builtin_form
from workbench.store.models import Interview, Respondent

FORM = builtin_form("satisfaction-loyalty")
HEADER = "Name,overall_satisfaction"


def people_interviewed(store) -> list[str]:
    with store.session() as s:
        return sorted(
            s.execute(
                select(Respondent.name).join(Interview, Interview.respondent_id == Respondent.id)
            ).scalars()
        )


def counts(store) -> tuple[int, int]:
    with store.session() as s:
        return (
            s.execute(select(func.count()).select_from(Interview)).scalar(),
            s.execute(select(func.count()).select_from(Respondent)).scalar(),
        )


def test_the_corrected_sheet_brings_in_only_the_rows_skipped(store, tmp_path) -> None:
    bad = sheet(
        tmp_path / "bad.csv", HEADER,
        "Ann Lee,4", "Bob Ray,3", "Dan Dorsey,four", "Eve Evans,9", "Cy Dee,5",
    )  # fmt: skip
    plan = plan_import(store, bad, "satisfaction-loyalty", wave="baseline")
    summary = apply_import(store, plan, wave="baseline", skip_bad_rows=True)
    # sheet rows: the header is row 1, Dan Dorsey's row 4, Eve Evans's row 5
    assert summary.skipped_rows == [4, 5]
    assert summary.skipped_people == ((4, "Dan Dorsey"), (5, "Eve Evans"))
    assert rows_named(summary.skipped_people) == "row 4 (Dan Dorsey), row 5 (Eve Evans)"

    clean = sheet(
        tmp_path / "clean.csv", HEADER,
        "Ann Lee,4", "Bob Ray,3", "Dan Dorsey,4", "Eve Evans,2", "Cy Dee,5",
    )  # fmt: skip
    plan = plan_import(store, clean, "satisfaction-loyalty", wave="baseline")
    assert plan.repeats is not None and [r for r, _n in plan.repeats.rows] == [2, 3, 6]
    summary = apply_import(store, plan, wave="baseline", only_new=True)
    assert (summary.interviews, summary.respondents_created) == (2, 2)
    assert summary.left_out == ((2, "Ann Lee"), (3, "Bob Ray"), (6, "Cy Dee"))
    assert left_out_text(summary, plan) == (
        "left out 3 rows naming people who already have a 'Satisfaction, loyalty and effort' "
        "response in wave 'baseline': row 2 (Ann Lee), row 3 (Bob Ray), row 6 (Cy Dee)"
    )
    # everyone once: no second response for the three already there
    assert people_interviewed(store) == ["Ann Lee", "Bob Ray", "Cy Dee", "Dan Dorsey", "Eve Evans"]


def test_people_of_another_wave_are_not_left_out(store, tmp_path) -> None:
    first = sheet(tmp_path / "a.csv", HEADER, "Ann Lee,4")
    apply_import(store, plan_import(store, first, "satisfaction-loyalty", wave="w1"), wave="w1")
    second = sheet(tmp_path / "b.csv", HEADER, "Ann Lee,2", "Bob Ray,3")
    plan = plan_import(store, second, "satisfaction-loyalty", wave="w2")
    summary = apply_import(store, plan, wave="w2", only_new=True)
    assert (summary.interviews, summary.left_out) == (2, ())
    assert counts(store) == (3, 2)


def test_a_refused_import_leaves_nothing_and_leaves_nobody_out(store, tmp_path) -> None:
    first = sheet(tmp_path / "a.csv", HEADER, "Ann Lee,4")
    apply_import(store, plan_import(store, first, "satisfaction-loyalty"))
    before = counts(store)
    second = sheet(tmp_path / "b.csv", HEADER, "Ann Lee,2", "Bob Ray,four", "Cy Dee,3")
    plan = plan_import(store, second, "satisfaction-loyalty")
    with pytest.raises(ImportFailed, match="1 row"):
        apply_import(store, plan, only_new=True)  # a bad row, not skipped: nothing lands
    assert counts(store) == before


def test_people_named_twice_whose_rows_are_all_left_out_are_no_longer_twice() -> None:
    repeats = Repeats("F", "w1", ((2, "Ann Lee"), (5, "Ann Lee")), "response")
    duplicates = Duplicates((("Ann Lee", (2, 5)), ("Bob Ray", (3, 4, 5))))
    assert duplicates_left(duplicates, repeats) == Duplicates((("Bob Ray", (3, 4)),))
    assert duplicates_left(duplicates, None) is duplicates
    only_ann = Duplicates((("Ann Lee", (2, 5)),))
    assert duplicates_left(only_ann, repeats) is None


def test_many_rows_are_listed_then_counted() -> None:
    rows = tuple((n, f"P{n}") for n in range(2, 27))  # 25 rows
    text = rows_named(rows)
    assert text.startswith("row 2 (P2), row 3 (P3)") and text.endswith("row 21 (P21) and 5 more")
    assert rows_named(((7, ""),)) == "row 7"
