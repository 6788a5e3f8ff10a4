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
