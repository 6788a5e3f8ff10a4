"""Discovery, broken plugins, running, wave comparison."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest
from _analysis_builders import BadCheck, Boom, Fine, Never, add_servqual, fake_registry

from workbench.analysis import registry as reg
from workbench.analysis.api import ParamError
from workbench.analysis.registry import (
    AnalysisFailed,
    NotApplicable,
    compare_waves,
    discover,
    run_analysis,
    run_many,
)

BUILT_IN = {
    "servqual",
    "total-customer-service",
    "gaps-model",
    "seven-sins",
    "importance-performance",
    "satisfaction-loyalty",
    "itsm-maturity",
}


def test_installed_built_ins_load():
    registry = discover()
    ids = {a.id for a in registry.analyses()}
    assert ids >= BUILT_IN
    assert not [b for b in registry.broken if b.name in BUILT_IN]
    assert registry.get("servqual").title.startswith("SERVQUAL")


def test_discovery_is_lazy_and_broken_plugins_are_reported(monkeypatch):
    eps = [
        EntryPoint("gone", "workbench_no_such_module:Thing", reg.GROUP),
        EntryPoint("servqual", "analyses.servqual:Servqual", reg.GROUP),
    ]
    monkeypatch.setattr(reg.metadata, "entry_points", lambda group: eps)
    registry = discover()
    assert registry.names() == ["gone", "servqual"]  # nothing imported yet
    assert registry.infos()[0].target == "workbench_no_such_module:Thing"
    assert [a.id for a in registry.analyses()] == ["servqual"]
    [broken] = registry.broken
    assert broken.name == "gone" and "ModuleNotFoundError" in broken.error


def test_fake_plugins_do_not_stop_the_others(builder):
    registry = fake_registry()
    assert sorted(a.id for a in registry.analyses()) == ["bad-check", "boom", "fine", "never"]
    broken = {b.name: b.error for b in registry.broken}
    assert "ImportError" in broken["missing"] and "not a subclass" in broken["not-a-plugin"]
    checks = registry.check_all(builder.build())
    assert sorted(a.id for a, _ok in checks) == ["boom", "fine", "never"]
    assert "ValueError: no idea" in {b.name: b.error for b in registry.broken}["bad-check"]
    assert "bad-check" not in [a.id for a in registry.analyses()]
    with pytest.raises(KeyError, match="broken"):
        registry.get("bad-check")
    results, failures = run_many(registry.analyses(), builder.build(), {"fine": {"n": "3"}})
    assert [r.findings for r in results] == [["n is 3"]]
    fails = {f.analysis_id: f for f in failures}
    assert "RuntimeError: kaput" in fails["boom"].error
    assert fails["never"].not_applicable and fails["never"].error == "Never applies."


def test_run_analysis_errors_and_params(builder):
    data = builder.build()
    with pytest.raises(AnalysisFailed, match="kaput"):
        run_analysis(Boom(), data)
    with pytest.raises(AnalysisFailed, match="no idea"):
        run_analysis(BadCheck(), data)
    with pytest.raises(NotApplicable, match="Never applies"):
        run_analysis(Never(), data)
    with pytest.raises(ParamError, match="has no parameter x"):
        run_analysis(Fine(), data, {"x": 1})
    result = run_analysis(Fine(), data.filter(segment="s"), {"n": "2"})
    assert result.params == {"n": 2} and result.scope == "segment: s"


def test_compare_waves(builder):
    from analyses.servqual import Servqual

    b = add_servqual(builder)
    pair = lambda e, p: {"E": e, "P": p}  # noqa: E731
    # A second wave: every perception one point higher for all three respondents.
    for iid, rid, base in (
        ("i1", "r1", (4, 5, 6, 3)),
        ("i2", "r2", (5, 4, 3, 4)),
        ("i3", "r3", (6, 5, 5, 6)),
    ):
        old = {k: v for k, v in zip(("t1", "t2", "q1"), base[:3], strict=True)}
        answers = {k: pair(7, v + 1) for k, v in old.items()}
        answers["q2"] = pair(1, 8 - (base[3] + 1))  # reversed item: P 8 − x
        answers["imp"] = {"tangibles": 50, "reliability": 50}
        b.interview(f"{iid}-w2", rid, "servqual", answers, wave="follow-up", wave_order=2)
    data = b.build()
    result = compare_waves(Servqual(), data, "baseline", "follow-up", {"by_segment": False})
    assert result.title.endswith("baseline → follow-up")
    change = {(r["key"], r["measure"]): r for r in result.table("dimensions_change").records()}
    tang_a = (((4 - 6) + (5 - 7)) / 2 + ((5 - 5) + (4 - 6)) / 2 + ((6 - 7) + (5 - 5)) / 2) / 3
    tang_b = (((5 - 7) + (6 - 7)) / 2 + ((6 - 7) + (5 - 7)) / 2 + ((7 - 7) + (6 - 7)) / 2) / 3
    row = change[("Tangibles", "Gap (P − E)")]
    assert row["a"] == pytest.approx(tang_a) and row["b"] == pytest.approx(tang_b)
    assert row["change"] == pytest.approx(tang_b - tang_a)
    weight = change[("Tangibles", "Mean importance weight (%)")]
    assert weight["b"] == pytest.approx(50.0) and weight["a"] == pytest.approx((40 + 30) / 2)
    # SERVQUAL has per-respondent scores: the statistical comparison leads.
    assert result.tables[0].name == "changes"
    assert result.findings[0].startswith("Comparing baseline with follow-up: 3 respondents")
    assert result.figures[0].render().axes
    with pytest.raises(NotApplicable, match="no wave 'nope'"):
        compare_waves(Servqual(), data, "baseline", "nope", {})

    # Given the other way round, the notes and headers say what was subtracted from what
    # (they said "the later wave − the earlier" over a baseline − follow-up column).
    back = compare_waves(Servqual(), data, "follow-up", "baseline", {"by_segment": False})
    notes = " ".join(back.method_notes)
    assert "Change = baseline − follow-up" in notes and "later wave" not in notes
    assert "change = baseline − follow-up" in notes
    dims = back.table("dimensions_change")
    assert dims.columns[dims.column_index("change")].label == (
        "Difference of wave levels (baseline − follow-up)"
    )


def test_comparison_rows_show_counts_shares_and_means_as_their_analysis_does(builder):
    """A comparison table holds counts, shares and means in one column: each row is shown
    the way its own analysis shows it (24, not 24.00; 35%, not 35.00; its change in points),
    in the table, ``--json`` and Excel alike; and the whole-wave table is not called the
    change where a paired change leads (they differ when the respondents differ)."""
    from analyses.servqual import Servqual

    b = add_servqual(builder)
    pair = lambda e, p: {"E": e, "P": p}  # noqa: E731
    b.respondent("r4", "staff")
    for iid, rid in (("i1", "r1"), ("i2", "r2"), ("i4", "r4")):  # r3: the baseline only
        answers = {k: pair(7, 6) for k in ("t1", "t2", "q1")}
        answers["q2"] = pair(1, 2)
        answers["imp"] = {"tangibles": 50, "reliability": 50}
        b.interview(f"{iid}-w2", rid, "servqual", answers, wave="follow-up", wave_order=2)
    result = compare_waves(Servqual(), b.build(), "baseline", "follow-up", {"by_segment": False})
    dims = result.table("dimensions_change")
    rows = {(r[0], r[1]): i for i, r in enumerate(dims.rows)}
    shown = lambda key: [dims.format_cell(rows[key], c) for c in (2, 3, 4)]  # noqa: E731
    assert shown(("Tangibles", "Respondents")) == ["3", "3", "–"]
    assert shown(("Tangibles", "Mean importance weight (%)")) == ["35%", "50%", "+15 pts"]
    gap_row = dims.rows[rows[("Tangibles", "Gap (P − E)")]]
    assert shown(("Tangibles", "Gap (P − E)"))[0] == f"{gap_row[2]:.2f}"
    json_table = next(t for t in result.to_json_dict()["tables"] if t["name"] == dims.name)
    assert json_table["display"][rows[("Tangibles", "Respondents")]][2:] == ["3", "3", "–"]
    # The paired change (r1, r2 only) and the whole-wave levels (r1–r3 against r1–r2)
    # are named apart, and the notes say which is the change.
    assert "each wave's respondents" in dims.title
    assert dims.columns[4].label.startswith("Difference of wave levels")
    assert any("'What changed' alone" in n for n in result.method_notes)
    changes = result.table("changes")
    gap = changes.records()[0]
    assert gap["n_paired"] == 2 and gap["n_a"] == 3 and gap["n_b"] == 3


def test_wave_changes_reuse_the_results_already_computed(builder, monkeypatch):
    """The report's own run on the latest wave is that wave's half of the comparison: the
    analysis runs once more (the first wave), not twice; the comparison is the same."""
    from analyses.servqual import Servqual
    from workbench.deliver.build import wave_changes

    b = add_servqual(builder)
    pair = lambda e, p: {"E": e, "P": p}  # noqa: E731
    for iid, rid, p in (("i1", "r1", 6), ("i2", "r2", 5), ("i3", "r3", 4)):
        answers = {k: pair(7, p) for k in ("t1", "t2", "q1")}
        answers["q2"] = pair(1, 8 - p)
        answers["imp"] = {"tangibles": 50, "reliability": 50}
        b.interview(f"{iid}-w2", rid, "servqual", answers, wave="follow-up", wave_order=2)
    data = b.build()
    latest = run_analysis(Servqual(), data, {"by_segment": False})
    assert latest.wave == "follow-up"
    expected = compare_waves(Servqual(), data, "baseline", "follow-up", latest.params)
    runs = []
    real = reg.run_analysis
    monkeypatch.setattr(reg, "run_analysis", lambda *a, **k: runs.append(a) or real(*a, **k))
    (compared,) = wave_changes(data, [latest])
    assert len(runs) == 1 and runs[0][1].wave_scope == "baseline"
    assert compared.table("changes").rows == expected.table("changes").rows
    assert compared.table("dimensions_change").rows == expected.table("dimensions_change").rows
