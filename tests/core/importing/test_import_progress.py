"""The check of a file tells how far it is, and stops when the consultant cancels."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.analysis.api import Cancelled, TaskState
from workbench.deliver.importer import PROGRESS_ROWS, plan_import
from workbench.store import create_engagement


@pytest.fixture
def store(tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    yield s
    s.close()


def test_the_check_reports_its_rows_and_can_be_cancelled(store, tmp_path):
    from openpyxl import Workbook

    rows = 2 * PROGRESS_ROWS + 10
    book = Workbook()
    book.active.append(["name", "overall_satisfaction"])
    for i in range(rows):
        book.active.append([f"P{i}", 4])
    book.save(tmp_path / "a.xlsx")
    steps: list[tuple[float, str]] = []
    plan_import(store, tmp_path / "a.xlsx", "satisfaction-loyalty",
                progress=lambda f, m: steps.append((f, m)))  # fmt: skip
    assert steps[0] == (0.0, "Reading the file")
    assert steps[1:4] == [
        (0.0, "Checking row 1 of 1,010"),
        (500 / 1010, "Checking row 501 of 1,010"),
        (1000 / 1010, "Checking row 1,001 of 1,010"),
    ]
    assert steps[-1] == (1.0, "Looking for people named twice or already in the wave")

    csv = tmp_path / "b.csv"  # read as it goes: rows counted, no fraction
    csv.write_text("name,overall_satisfaction\n" + "P,4\n" * (PROGRESS_ROWS + 1), "utf-8")
    steps.clear()
    plan_import(store, csv, "satisfaction-loyalty", progress=lambda f, m: steps.append((f, m)))
    assert steps[1:3] == [(0.0, "Checking row 1"), (0.0, "Checking row 501")]

    state = TaskState()
    seen: list[str] = []

    def cancel_at_second(fraction: float, message: str) -> None:
        seen.append(message)
        if message.startswith("Checking row 501"):
            state.cancel()
        state.progress(fraction, message)

    with pytest.raises(Cancelled):
        plan_import(store, tmp_path / "a.xlsx", "satisfaction-loyalty", progress=cancel_at_second)
    assert seen[-1] == "Checking row 501 of 1,010"
