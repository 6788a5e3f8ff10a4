"""`workbench analyze … --compare baseline re-audit --json` on the demo: the change, its
95% interval and its p-value per SERVQUAL dimension, recomputed here from the raw answers
with numpy and a numerically integrated t distribution (no scipy)."""

from __future__ import annotations

import io
import json
import math
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from workbench.cli import main


def _t_pdf(x: np.ndarray, df: float) -> np.ndarray:
    c = math.gamma((df + 1) / 2) / (math.sqrt(df * math.pi) * math.gamma(df / 2))
    return c * (1 + x**2 / df) ** (-(df + 1) / 2)


def _t_tail(t: float, df: float) -> float:
    x = np.concatenate([np.linspace(t, t + 50, 100_001), np.geomspace(t + 50, 1e7, 50_001)[1:]])
    y = _t_pdf(x, df)
    return float(np.sum((y[1:] + y[:-1]) / 2 * np.diff(x)))


def _t_quantile(q: float, df: float) -> float:
    lo, hi = 0.0, 50.0
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _t_tail(mid, df) > 1 - q else (lo, mid)
    return (lo + hi) / 2


def _dimension_gaps(path: Path) -> dict[str, dict[str, dict[str, float]]]:
    """wave → dimension → respondent → mean item gap P − E, straight from the file."""
    con = sqlite3.connect(path)
    rows = con.execute(
        """SELECT w.name, i.respondent_id, a.question_key, a.item, a.num, fv.definition
           FROM answer a JOIN interview i ON i.id = a.interview_id
           JOIN wave w ON w.id = i.wave_id
           JOIN form_version fv ON fv.id = i.form_version_id
           WHERE fv.form_id = 'servqual' AND i.status = 'complete' AND i.deleted_at IS NULL
             AND a.item IN ('E', 'P')"""
    ).fetchall()
    dims: dict[str, str] = {}
    for _w, _r, _k, _i, _n, definition in rows[:1]:
        form = json.loads(definition)
        for section in form["sections"]:
            for q in section["questions"]:
                if (q.get("tags") or {}).get("dimension"):
                    assert not q.get("reverse")
                    dims[q["key"]] = q["tags"]["dimension"]
    cells: dict[tuple[str, str, str], dict[str, float]] = {}
    for wave, rid, key, item, num, _d in rows:
        if key in dims:
            cells.setdefault((wave, rid, key), {})[item] = num
    out: dict[str, dict[str, dict[str, list[float]]]] = {}
    for (wave, rid, key), ep in cells.items():
        out.setdefault(wave, {}).setdefault(dims[key], {}).setdefault(rid, []).append(
            ep["P"] - ep["E"]
        )
    return {
        w: {d: {r: float(np.mean(v)) for r, v in people.items()} for d, people in ds.items()}
        for w, ds in out.items()
    }


def test_compare_json_matches_a_worked_example(demo_file: Path) -> None:
    out = io.StringIO()
    code = main(
        ["analyze", str(demo_file), "servqual", "--compare", "baseline", "re-audit", "--json"],
        out=out,
    )
    assert code == 0
    result = json.loads(out.getvalue())
    table = next(t for t in result["tables"] if t["name"] == "changes")
    rows = {r[0]: dict(zip(table["columns"], r, strict=True)) for r in table["rows"]}
    gaps = _dimension_gaps(demo_file)
    for dim in ("tangibles", "reliability", "responsiveness", "assurance", "empathy"):
        a, b = gaps["baseline"][dim], gaps["re-audit"][dim]
        both = sorted(set(a) & set(b))
        d = np.array([b[r] - a[r] for r in both])
        n = len(d)
        se = d.std(ddof=1) / math.sqrt(n)
        half = _t_quantile(0.975, n - 1) * se
        row = rows[f"{dim.capitalize()} gap (P − E)"]
        assert row["n_paired"] == n == 16
        assert row["n_a"] == len(a) == 24 and row["n_b"] == len(b) == 16
        # the means, the change, its interval and p are all the 16 people in both waves';
        # each whole wave's mean stands apart in its own columns
        assert row["a"] == pytest.approx(np.mean([a[r] for r in both]))
        assert row["b"] == pytest.approx(np.mean([b[r] for r in both]))
        assert row["change"] == pytest.approx(d.mean())
        assert row["all_a"] == pytest.approx(np.mean(list(a.values())))
        assert row["all_b"] == pytest.approx(np.mean(list(b.values())))
        assert row["ci_low"] == pytest.approx(d.mean() - half, abs=1e-6)
        assert row["ci_high"] == pytest.approx(d.mean() + half, abs=1e-6)
        assert row["p"] == pytest.approx(2 * _t_tail(abs(d.mean() / se), n - 1), abs=1e-6)
        assert row["test"] == "paired t-test"


def test_compare_options_and_refusals(demo_file: Path) -> None:
    def run(*args: str) -> tuple[int, str]:
        out = io.StringIO()
        return main(["analyze", str(demo_file), *args], out=out), out.getvalue()

    code, out = run(
        "itsm-maturity", "--compare", "baseline", "re-audit", "--test", "rank", "--json"
    )
    assert code == 0
    table = next(t for t in json.loads(out)["tables"] if t["name"] == "changes")
    assert {r[table["columns"].index("test")] for r in table["rows"]} == {"Wilcoxon signed-rank"}
    assert run("servqual", "--compare", "baseline", "re-audit", "--wave", "baseline")[0] == 1
    assert run("servqual", "--wave", "baseline", "--all-waves")[0] == 1
    assert run("servqual", "--compare", "baseline", "baseline")[0] == 1
    # The gaps model's provider form was not asked again: no comparison, a clear reason.
    assert run("gaps-model", "--compare", "baseline", "re-audit")[0] == 1


def test_wave_levels_table_has_no_difference_for_interval_bounds_or_counts(
    demo_file: Path, tmp_path: Path
) -> None:
    """The difference of two interval bounds is no interval of the change, and fewer
    respondents is no worsening: those rows show both waves and no difference, in the
    analysis, and so blank and uncoloured in the workbook."""
    import openpyxl

    out = io.StringIO()
    args = ["analyze", str(demo_file), "servqual", "--compare", "baseline", "re-audit", "--json"]
    assert main(args, out=out) == 0
    result = json.loads(out.getvalue())
    levels = next(t for t in result["tables"] if t["name"] == "scores_change")
    assert "each wave's respondents" in levels["title"]
    by_stat: dict[str, list[list[object]]] = {}
    for row in levels["rows"]:
        by_stat.setdefault(row[1], []).append(row)
    for stat in ("95% CI low", "95% CI high", "Respondents"):
        assert by_stat[stat] and all(r[2] is not None and r[4] is None for r in by_stat[stat])
    assert by_stat["Respondents"][0][2:4] == [24, 16]
    score = by_stat["Score"][0]
    assert score[4] == pytest.approx(score[3] - score[2])

    from workbench.analysis.loader import load_engagement_data
    from workbench.analysis.registry import compare_waves, discover
    from workbench.deliver.context import EngagementInfo
    from workbench.deliver.excel import write_workbook
    from workbench.store import open_engagement

    with open_engagement(demo_file, read_only=True, backup=False) as store:
        data = load_engagement_data(store)
    servqual = discover().get("servqual")
    compared = compare_waves(servqual, data, "baseline", "re-audit", servqual.resolve_params())
    xlsx = write_workbook(tmp_path / "w.xlsx", engagement=EngagementInfo("C", "T"),
                          results=[compared])  # fmt: skip
    wb = openpyxl.load_workbook(xlsx)
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            if len(row) < 5 or not isinstance(row[2].value, int | float):
                continue
            if row[1].value in ("95% CI low", "95% CI high", "Respondents"):
                assert row[4].value is None, (ws.title, [c.value for c in row])
                assert row[4].fill.fgColor.rgb in (None, "00000000"), ws.title
                assert row[4].font.color is None or row[4].font.color.type == "theme"
                found += 1
    assert found >= 3 * 5
