"""Which findings of the register quote a figure their cited analysis no longer gives.

The same check the report's preparation makes (:func:`workbench.deliver.build.report_context`
and :func:`workbench.deliver.finding_checks.stale_numbers`): the report's selection of
analyses, its scope and its wave comparisons, each finding's figures compared with the
analyses it cites.  The Findings page shows the result beside each finding, so that a
figure gone stale is seen before any report is prepared.
"""

from __future__ import annotations

from typing import Any

Progress = Any


def cites_an_analysis(findings: Any) -> bool:
    """Whether any finding cites an analysis (else nothing needs the analyses run)."""
    return any(
        isinstance(e, dict) and e.get("kind") == "analysis" and e.get("id")
        for f in findings
        for e in (getattr(f, "evidence", None) or [])
    )


def stale_findings(
    store: Any, options: Any = None, progress: Progress = None
) -> dict[str, list[str]]:
    """Finding id → the report's warnings for it (one line per figure its cited analysis
    no longer gives, saying what the analysis gives now where the finding names the row);
    findings whose figures all hold are left out.  ``options`` are the report's
    (:class:`~workbench.deliver.context.ReportOptions`, the defaults when None);
    ``progress(fraction, message)`` may cancel by raising."""
    from workbench.deliver.build import (
        _findings,
        _part,
        protected_options,
        run_selected_analyses,
        scoped_data,
        stored_choices,
        wave_changes,
    )
    from workbench.deliver.context import ReportOptions
    from workbench.deliver.finding_checks import stale_numbers

    rows = store.findings()
    if not cites_an_analysis(rows):
        return {}
    options = protected_options(store, options or ReportOptions())
    data = scoped_data(store, options)
    results = run_selected_analyses(data, stored_choices(store), _part(progress, 0.0, 0.8))
    changes = wave_changes(data, results, _part(progress, 0.8, 1.0))
    items, _recommendations = _findings(store)
    if [f.statement for f in items] != [f.statement for f in rows]:
        return {}  # the register changed meanwhile: the page asks again
    out = {}
    for row, item in zip(rows, items, strict=True):
        warnings = stale_numbers([item], results + changes)
        if warnings:
            out[row.id] = warnings
    return out
