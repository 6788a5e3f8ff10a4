"""The demo's findings, written from the numbers its own analyses produce.

A finding that quotes a number or a level takes it from the table the report shows, as
displayed (``Table.format_cell``), so the claim and the table can never disagree.  The
analyses run exactly as the report runs them (``scoped_data`` and
``run_selected_analyses`` with the default report options).  When an analysis cannot
run, its finding says what was observed without quoting a number.
"""

from __future__ import annotations

from typing import Any

from workbench.analysis.numbers import join_names

CLAIM_ANALYSES = ("servqual", "seven-sins", "itsm-maturity", "satisfaction-loyalty")


def demo_results(store: Any) -> dict[str, Any]:
    """The results the report would show for the analyses the findings rest on."""
    from workbench.deliver.build import AnalysisChoice, run_selected_analyses, scoped_data
    from workbench.deliver.context import ReportOptions

    data = scoped_data(store, ReportOptions())
    out = {}
    for analysis_id in CLAIM_ANALYSES:
        try:
            [result] = run_selected_analyses(data, [AnalysisChoice(analysis_id)])
        except Exception:  # noqa: BLE001 - not applicable in this scope: no number to quote
            continue
        out[analysis_id] = result
    return out


def _rows(result: Any, table: str) -> list[dict[str, str]]:
    """The table's rows as displayed: column name → the cell's text."""
    t = result.table(table)
    names = [c.name for c in t.columns]
    return [{n: t.format_cell(r, c) for c, n in enumerate(names)} for r in range(len(t.rows))]


def _raw(result: Any, table: str) -> list[dict[str, Any]]:
    return result.table(table).records()


def responsiveness_claim(results: dict[str, Any]) -> str:
    head = "Customers wait too long for a response once a ticket leaves the service desk"
    sq = results.get("servqual")
    if sq is None:
        return head + "."
    dims = _raw(sq, "dimensions")
    shown = _rows(sq, "dimensions")
    worst = min(range(len(dims)), key=lambda i: dims[i]["gap"])
    name, gap = shown[worst]["dimension"], shown[worst]["gap"]
    tied = [s["dimension"].lower() for s in shown if s["gap"] == gap]
    if len(tied) > 1:
        return f"{head}; {join_names(tied)} share the widest SERVQUAL gap ({gap})."
    sentence = f"{head}; {name.lower()} shows the widest SERVQUAL gap ({gap})"
    try:
        segs = _raw(sq, "segments")
    except KeyError:
        return sentence + "."
    key = name.lower()
    widest_everywhere = all(
        row[key] is not None
        and all(row[key] <= row[d.lower()] for d in (s["dimension"] for s in shown))
        for row in segs
    )
    if len(segs) > 1 and widest_everywhere:
        sentence += ", and the widest in " + (
            "both segments" if len(segs) == 2 else "every segment"
        )
    return sentence + "."


def runaround_claim(results: dict[str, Any]) -> str:
    head = "Tickets are passed between resolver groups without an owner (the runaround)"
    sins = results.get("seven-sins")
    if sins is None:
        return head + "."
    rows = _rows(sins, "sins")
    raw = _raw(sins, "sins")
    run = next((r for r in rows if r["sin"].lower() == "runaround"), None)
    if run is None:
        return head + "."
    top = max(r["frequency"] for r in raw)
    leaders = [r for r, x in zip(rows, raw, strict=True) if x["frequency"] == top]
    seen = f"observed in {run['frequency']} of {run['observations']} checklists ({run['share']})"
    if run in leaders and len(leaders) == 1:
        return f"{head}, the most frequent sin observed at the service desk: {seen}."
    if run in leaders:
        return f"{head}, jointly the most frequent sin observed at the service desk: {seen}."
    return f"{head}: {seen}."


def maturity_claim(results: dict[str, Any]) -> str:
    itsm = results.get("itsm-maturity")
    if itsm is None:
        return "Problem and knowledge management need attention; most effort is reactive."
    rows = {r["practice"].lower(): r for r in _rows(itsm, "practices")}
    found = [rows[p] for p in ("problem management", "knowledge management") if p in rows]
    parts = []
    if len(found) == 2 and found[0]["level"] == found[1]["level"]:
        parts.append(
            f"Problem and knowledge management are at the {found[0]['level'].lower()} level "
            f"(means {found[0]['mean']} and {found[1]['mean']})"
        )
    else:
        parts.append(
            " and ".join(
                f"{r['practice']} is at the {r['level'].lower()} level (mean {r['mean']})"
                for r in found
            )
            or "Problem and knowledge management need attention"
        )
    try:
        [pro] = _rows(itsm, "proactive")
        [pro_raw] = _raw(itsm, "proactive")
    except (KeyError, ValueError):
        return parts[0] + "."
    side = "most effort is reactive" if pro_raw["mean"] < 0.5 else "most effort is proactive"
    return f"{parts[0]}; {side} (proactive share {pro['mean']})."


def hostages_claim(results: dict[str, Any]) -> str:
    sl = results.get("satisfaction-loyalty")
    generic = (
        "Internal customers stay because they must, not because they are satisfied: a group "
        "of hostages that will leave as soon as an alternative appears."
    )
    if sl is None:
        return generic
    try:
        rows = {r["segment"]: r for r in _rows(sl, "segments")}
        raw = {r["segment"]: r for r in _raw(sl, "segments")}
    except KeyError:
        return generic
    inside = raw.get("internal customer")
    if inside is None:
        return generic
    groups = ("loyalists", "mercenaries", "hostages", "defectors")
    share = rows["internal customer"]["hostages"]
    largest = max(groups, key=lambda g: inside[g] or 0)
    others = [
        f"{rows[s]['hostages']} of {s}s" for s in rows if s != "internal customer" and rows[s]
    ]
    against = f", against {join_names(others)}" if others else ""
    if largest == "hostages":
        return (
            "Internal customers stay because they must, not because they are satisfied: "
            f"{share} of them are hostages{against}; they will leave as soon as an "
            "alternative appears."
        )
    return f"{share} of internal customers are hostages (loyal, not satisfied){against}."


def demo_claims(store: Any) -> dict[str, str]:
    """Finding texts by the analysis they rest on."""
    results = demo_results(store)
    return {
        "servqual": responsiveness_claim(results),
        "seven-sins": runaround_claim(results),
        "itsm-maturity": maturity_claim(results),
        "satisfaction-loyalty": hostages_claim(results),
    }
