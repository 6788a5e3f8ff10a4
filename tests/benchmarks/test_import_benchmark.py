"""Response import against python-calamine reading the same sheet, in the same run."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from _bench import report

ROWS = int(os.environ.get("WORKBENCH_IMPORT_ROWS", "10000"))
PAIRS = 14  # 14 SERVQUAL pairs, E and P each: 28 columns, + name and segment = 30


def write_servqual_sheet(path: Path, rows: int, seed: int = 7) -> Path:
    """``rows`` responses to the SERVQUAL form, 30 columns, as an .xlsx (write-only)."""
    from openpyxl import Workbook

    from workbench.forms.library import builtin_form

    form = builtin_form("servqual")
    keys = [q.key for q in form.iter_questions() if q.type == "pair"][:PAIRS]
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Responses")
    ws.append(["name", "segment", *[f"{k} {p}" for k in keys for p in ("E", "P")]])
    for i in range(rows):
        ws.append(
            [f"Respondent {i:05d}", "external customer"]
            + [rng.randint(1, 7) for _ in range(2 * len(keys))]
        )
    wb.save(path)
    return path


def import_sheet(engagement: Path, sheet: Path) -> int:
    from workbench.deliver.importer import apply_import, plan_import
    from workbench.store import open_engagement

    with open_engagement(engagement) as store:
        plan = plan_import(store, sheet, "servqual")
        assert not plan.all_problems, plan.all_problems[:3]
        return apply_import(store, plan).interviews


def test_response_import_against_calamine(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    from workbench.store import create_engagement

    sheet = write_servqual_sheet(tmp_path / "responses.xlsx", ROWS)
    start = time.perf_counter()
    CalamineWorkbook.from_path(str(sheet)).get_sheet_by_index(0).to_python()
    baseline = time.perf_counter() - start
    engagement = tmp_path / "e.wbk"
    create_engagement(engagement, client="A", title="B").close()
    start = time.perf_counter()
    assert import_sheet(engagement, sheet) == ROWS
    measured = time.perf_counter() - start
    report(f"import of {ROWS} rows x 30 columns", measured, baseline, "python-calamine read")
