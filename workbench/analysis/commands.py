"""Headless commands over the analyses: list them, run one, print a result.

The ``workbench`` command line (and anything else without a window) calls these; they
write to a text stream and return an exit code.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from workbench.analysis.api import Cancelled, ParamError
from workbench.analysis.data import EngagementData
from workbench.analysis.registry import (
    AnalysisFailed,
    NotApplicable,
    Registry,
    compare_waves,
    discover,
    run_analysis,
)
from workbench.analysis.result import AnalysisResult, Table

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2


def list_analyses(out: TextIO, registry: Registry | None = None) -> int:
    """One line per analysis (id, title); broken plugins listed with their error."""
    registry = registry or discover()
    analyses = registry.analyses()
    width = max([len(a.id) for a in analyses] + [len(b.name) for b in registry.broken] + [2])
    for analysis in analyses:
        out.write(f"{analysis.id:<{width}}  {analysis.title}\n")
    for broken in registry.broken:
        out.write(f"{broken.name:<{width}}  BROKEN: {broken.error}\n")
    return EXIT_OK


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``["model=servperf", "by_segment=no"]`` → a dict (values coerced later by the plugin)."""
    params: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParamError(f"parameter {pair!r} is not of the form name=value")
        params[name.strip()] = value.strip()
    return params


def run_command(
    registry: Registry,
    analysis_id: str,
    data: EngagementData,
    params: dict[str, Any] | None,
    out: TextIO,
    err: TextIO,
    as_json: bool = False,
    waves: tuple[str, str] | None = None,
    test: str = "t",
) -> int:
    """Run one analysis (or its wave comparison) and print the result; an exit code."""
    try:
        analysis = registry.get(analysis_id)
    except KeyError as exc:
        err.write(f"{exc.args[0]}\n")
        return EXIT_USAGE
    try:
        if waves:
            result = compare_waves(analysis, data, waves[0], waves[1], params, test=test)
        else:
            result = run_analysis(analysis, data, params)
    except ParamError as exc:
        err.write(f"{exc}\n")
        return EXIT_USAGE
    except NotApplicable as exc:
        err.write(f"{analysis.title}: {exc.reason}\n")
        return EXIT_ERROR
    except (AnalysisFailed, Cancelled) as exc:
        err.write(f"{exc or 'cancelled'}\n")
        return EXIT_ERROR
    print_result(result, as_json, out)
    return EXIT_OK


def print_result(result: AnalysisResult, as_json: bool, out: TextIO) -> None:
    """JSON (``AnalysisResult.to_json_dict()``) or a human-readable text rendering."""
    if as_json:
        json.dump(result.to_json_dict(), out, indent=2, ensure_ascii=False, allow_nan=False)
        out.write("\n")
        return
    out.write(f"{result.title}\n{'=' * len(result.title)}\n")
    if result.scope:
        out.write(f"Scope: {result.scope}\n")
    if result.findings:
        out.write("\nFindings\n")
        for finding in result.findings:
            out.write(f"  • {finding}\n")
    for table in result.tables:
        out.write(f"\n{table.title}\n")
        out.write(format_table(table))
        if table.note:
            out.write(f"  ({table.note})\n")
    if result.method_notes:
        out.write("\nMethod\n")
        for note in result.method_notes:
            out.write(f"  - {note}\n")


def format_table(table: Table) -> str:
    """The table as aligned text: text columns left, numbers right."""
    header = [c.label for c in table.columns]
    body = [
        [table.format_cell(r, c) for c in range(len(table.columns))] for r in range(len(table.rows))
    ]
    widths = [max(len(x) for x in [h, *(row[i] for row in body)]) for i, h in enumerate(header)]
    right = [c.kind != "text" for c in table.columns]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(w) if r else cell.ljust(w)
            for cell, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  " + "  ".join(parts).rstrip() + "\n"

    rule = "  " + "  ".join("-" * w for w in widths) + "\n"
    return line(header) + rule + "".join(line(row) for row in body)
