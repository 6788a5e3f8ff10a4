from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from workbench.deliver.safety import (
    ExportCancelled,
    atomic_path,
    docx_literal,
    excel_safe,
    is_formula_like,
    report_progress,
)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\r=x"])
def test_formula_like(text):
    assert is_formula_like(text)


@pytest.mark.parametrize("text", ["plain", "1=1", " =1", "", "a-b"])
def test_not_formula_like(text):
    assert not is_formula_like(text)


def test_excel_safe_values():
    assert excel_safe(np.int64(3)) == 3 and isinstance(excel_safe(np.int64(3)), int)
    assert excel_safe(np.float64(0.5)) == 0.5
    assert excel_safe(math.nan) is None
    assert excel_safe(pd.NaT) is None
    assert excel_safe(None) is None
    assert excel_safe(True) is True
    aware = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)
    assert excel_safe(aware) == dt.datetime(2025, 3, 1, 9, 30)
    assert excel_safe(["a", "b"]) == "['a', 'b']"
    assert excel_safe("bell\x07 and\x00 nul") == "bell and nul"
    assert excel_safe("=1+2") == "=1+2"  # never altered; set_cell marks it as text
    long = excel_safe("x" * 40_000)
    assert len(long) == 32_767 and long.endswith("[…]")


def test_docx_literal():
    assert docx_literal("{{ 7*7 }}") == "{{ 7*7 }}"
    assert docx_literal("a\x0bb") == "ab"
    assert docx_literal(None) == ""
    assert docx_literal(5) == "5"


def test_progress_cancel():
    seen = []
    report_progress(lambda f, m: seen.append((f, m)), 2.0, "x")
    assert seen == [(1.0, "x")]
    report_progress(None, 0.5, "x")
    with pytest.raises(ExportCancelled):
        report_progress(lambda f, m: False, 0.5, "x")


def test_atomic_path_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
