"""One number, one string, over the demo report: every share of a count out of n reads as
round-half-away of count / n (1 of 8 is 13% in every row; 5 of 8 is 63%), and a share
measure compared between waves reads in percent, not as "50.00"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from workbench.analysis.numbers import round_half_away


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    import docx

    from workbench.deliver.build import export_report
    from workbench.deliver.context import ReportOptions
    from workbench.demo import build_demo

    folder = tmp_path_factory.mktemp("pct")
    store = build_demo(folder / "demo.wbk")
    try:
        path = export_report(store, folder / "r.docx", ReportOptions())
    finally:
        store.close()
    doc = docx.Document(path)
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    return tables, [p.text for p in doc.paragraphs]


def _half_away(count: int, n: int) -> str:
    return f"{round_half_away(float(Decimal(100 * count) / n), 0)}%"


def test_every_share_of_a_count_is_rounded_half_away(report):
    tables, _texts = report
    checked = 0
    for table in tables:
        head = table[0]
        if "Respondents" not in head or "Share" not in head:
            continue
        n_col, s_col = head.index("Respondents"), head.index("Share")
        # Shares are of the respondents of their group (a ladder), sub-groups
        # ("  of which …") being part of a group above them.
        groups: dict[str, list[list[str]]] = {}
        for row in table[1:]:
            key = row[0] if head[0] == "Ladder" else ""
            groups.setdefault(key, []).append(row)
        for rows in groups.values():
            n = sum(int(r[n_col]) for r in rows if not r[0].startswith(" "))
            for r in rows:
                assert r[s_col] == _half_away(int(r[n_col]), n), (head, r, n)
                checked += 1
    assert checked >= 10


def test_a_share_measure_compared_reads_in_percent(report):
    tables, _texts = report
    rows = [r for t in tables for r in t if r[0].startswith("Rule-book observed (% of")]
    assert rows, "the seven sins' comparison is in the demo report"
    for r in rows:
        assert r[1].endswith("%") and r[2].endswith("%") and r[3].endswith(" pts"), r


def test_no_sentence_ends_twice(report):
    """An item worded as a sentence, quoted in a finding, read "…first time. (-1.50)."."""
    _tables, texts = report
    assert [t for t in texts if ". (" in t] == []
    assert any("Largest item shortfall" in t for t in texts)
