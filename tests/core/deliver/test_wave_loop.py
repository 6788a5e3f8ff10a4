"""The report's and the workbook's wave comparisons walk the analyses the same way: one
loop (first and latest wave with data, each analysis once, one progress line each)."""

from __future__ import annotations

import pytest

from workbench.deliver.build import (
    AnalysisChoice,
    _first_and_last_waves,
    run_selected_analyses,
    scoped_data,
    score_changes,
    wave_changes,
)
from workbench.deliver.context import ReportOptions
from workbench.demo import build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    store = build_demo(tmp_path_factory.mktemp("waves") / "demo.wbk")
    yield store
    store.close()


def test_both_comparisons_take_the_analyses_from_one_loop(demo) -> None:
    data = scoped_data(demo, ReportOptions())
    choices = [AnalysisChoice("servqual"), AnalysisChoice("servqual"), AnalysisChoice("seven-sins")]
    results = run_selected_analyses(data, choices)
    walked = [
        (a.id, first, last) for a, _r, first, last in _first_and_last_waves(data, results, None)
    ]
    first, last = data.waves_with_data()[0], data.waves_with_data()[-1]
    assert walked == [("servqual", first, last), ("seven-sins", first, last)]  # each once
    said: dict[str, list[str]] = {"report": [], "workbook": []}
    full = wave_changes(data, results, lambda _f, m: said["report"].append(m))
    fast = score_changes(data, results, lambda _f, m: said["workbook"].append(m))
    assert said["report"] == said["workbook"]
    assert said["report"][0] == f"Comparing {first} and {last}: SERVQUAL: service quality gaps"
    assert [r.title for r in full] == [r.title for r in fast]
    # a comparison already in the results is not compared again
    again = [(a.id) for a, *_ in _first_and_last_waves(data, [*full, *results], None)]
    assert again == ["servqual", "seven-sins"]


def test_one_wave_or_pooled_waves_compare_nothing(demo) -> None:
    first = scoped_data(demo, ReportOptions()).waves_with_data()[0]
    one = scoped_data(demo, ReportOptions(wave=first))
    results = run_selected_analyses(one, [AnalysisChoice("servqual")])
    assert list(_first_and_last_waves(one, results, None)) == []
    assert wave_changes(one, results) == [] and score_changes(one, results) == []
