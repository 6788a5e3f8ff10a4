"""The report selection is kept in the engagement file, and each entry keeps its scope."""

from __future__ import annotations

import pytest

from workbench.analysis.loader import load_engagement_data
from workbench.deliver.build import AnalysisChoice, run_selected_analyses, stored_choices
from workbench.demo import build_demo


def test_entries_persist_in_order_and_carry_their_scope(tmp_path) -> None:
    store = build_demo(tmp_path / "demo.wbk")
    try:
        assert stored_choices(store) is None  # nothing chosen: the defaults apply
        a = store.add_report_entry(
            "servqual", "SERVQUAL", {"model": "servperf"}, {"segment": "staff"}
        )
        b = store.add_report_entry("seven-sins", "Sins", {}, {"waves": ["baseline", "re-audit"]})
        with pytest.raises(ValueError, match="unknown scope"):
            store.add_report_entry("servqual", scope={"colour": "red"})
        assert store.reorder_report_entries([b.id, a.id]) == [a.id, b.id]
        choices = stored_choices(store)
        assert [c.analysis_id for c in choices] == ["seven-sins", "servqual"]
        assert choices[1].params == {"model": "servperf"} and choices[1].scope == {
            "segment": "staff"
        }
        store.remove_report_entry(b.id)
        assert [e.id for e in store.report_entries()] == [a.id]
        store.restore_report_entry(b.id)

        data = load_engagement_data(store)
        external = AnalysisChoice("servqual", {}, {"segment": "external customer"})
        compared = AnalysisChoice("servqual", {}, {"waves": ["baseline", "re-audit"]})
        whole, only_external, change = run_selected_analyses(
            data, [AnalysisChoice("servqual"), external, compared]
        )
        assert "external customer" in only_external.scope
        assert only_external.table("dimensions").rows != whole.table("dimensions").rows
        assert "baseline → re-audit" in change.title
    finally:
        store.close()
