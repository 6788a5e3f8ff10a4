"""The coding analyses' table operations give what the straightforward loops gave.

The reference functions below are the per-respondent and per-source loops the analyses
used before they were written as joins and group-bys; random engagements must come out
the same from both.
"""

from __future__ import annotations

import random
from collections import defaultdict
from itertools import combinations

import pytest

from analyses.code_cooccurrence import CodeCooccurrence, cooccurring_pairs
from analyses.code_frequency import segments_with_context
from analyses.framework_matrix import FrameworkMatrix, format_quote
from workbench.analysis.api import TaskState
from workbench.coding import code_labels, counted_segments, passages

PHRASES = ["slow", "the desk was slow", "", "friendly staff", "nobody called", "slow"]


def random_data(make_data, seed: int):
    rng = random.Random(seed)
    codes = [("A", None, "Operation", "Operation", "#111111")]
    codes += [(f"C{i}", "A", f"Code {i}", f"Operation/Code {i}", "#222222") for i in range(6)]
    people = [(f"r{i}", f"Person {i}", "Role", "", "staff", True) for i in range(8)]
    interviews = [
        (f"i{i}", f"r{i % 8}", "f", 1, "baseline", 1, f"2026-03-{1 + i % 9:02d}", "", "complete")
        for i in range(14)
    ]
    segments = []
    for n in range(120):
        iv = rng.randrange(14)
        start = rng.randrange(0, 40)
        end = start + rng.choice([3, 5, 8, 12])
        if rng.random() < 0.2 and segments:  # the same span again, maybe by another coder
            prev = segments[rng.randrange(len(segments))]
            iv, start, end = int(prev[2][1:]), prev[6], prev[7]
        respondent = f"r{iv % 8}" if rng.random() > 0.05 else "ghost"
        segments.append(
            (
                f"s{n}",
                rng.choice(["A", "C0", "C1", "C2", "C3", "C4"]),  # C5 stays unused
                f"i{iv}",
                respondent,
                "note",
                f"n{iv}-{rng.randrange(2)}",
                start,
                end,
                rng.choice(PHRASES),
                rng.choice(["Ana", "Ben"]),
                rng.choice(["accepted", "accepted", "accepted", "pending", "rejected"]),
            )
        )
    return make_data(codes, segments, people, interviews)


def old_pairs(segments, mode):
    segs = segments.drop_duplicates(["code_id", "source_kind", "source_id", "start", "end"])
    pairs = defaultdict(list)
    for _, group in segs.groupby(["source_kind", "source_id"], sort=False):
        rows = list(group[["segment_id", "code_id", "start", "end"]].itertuples(index=False))
        rows.sort(key=lambda r: (int(r.start), int(r.end)))
        for x, y in combinations(rows, 2):
            if x.code_id == y.code_id:
                continue
            if mode == "same":
                hit = int(x.start) == int(y.start) and int(x.end) == int(y.end)
            else:
                hit = int(x.start) < int(y.end) and int(y.start) < int(x.end)
            if hit:
                if str(x.code_id) > str(y.code_id):
                    x, y = y, x
                pairs[(x.code_id, y.code_id)].append((str(x.segment_id), str(y.segment_id)))
    return pairs


def old_matrix(data, mode, empty_codes):
    segs = segments_with_context(data)
    labels = code_labels(data.codes, segs)
    used = set(segs["code_id"])
    codes = [c for c in labels if empty_codes or c in used]
    dates = dict(
        zip(data.interviews["interview_id"], data.interviews["date"].astype(str), strict=True)
    )
    segs["_date"] = segs["interview_id"].map(dates).fillna("")
    segs = segs.sort_values(
        ["_date", "interview_id", "source_kind", "source_id", "start", "end"], kind="stable"
    )
    people = data.respondents.set_index("respondent_id", drop=False)
    coded_ids = set(segs["respondent_id"])
    respondents = [r for r in people.index if r in coded_ids]
    respondents += [r for r in dict.fromkeys(segs["respondent_id"]) if r not in people.index]
    rows, evidence, filled = [], [], 0
    for r in respondents:
        mine = segs[segs["respondent_id"] == r]
        name = people.at[r, "name"] if r in people.index else None
        row = [str(name) if isinstance(name, str) and name else str(r), "Role" if name else ""]
        for c in codes:
            cell = mine[mine["code_id"] == c]
            if mode == "quotes":
                quotes = [q for q in (format_quote(t) for t in cell["text"]) if q]
                row.append("\n".join(dict.fromkeys(quotes)))
            else:
                row.append(len(cell))
            filled += bool(len(cell))
        rows.append(row)
        evidence.append(
            (
                tuple(dict.fromkeys(mine["interview_id"].astype(str))),
                tuple(mine["segment_id"].astype(str)),
            )
        )
    return rows, evidence, filled


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("mode", ["overlap", "same"])
def test_cooccurring_pairs_match_the_pairwise_loop(make_data, seed, mode):
    data = random_data(make_data, seed)
    segs = counted_segments(data.segments)
    new, old = cooccurring_pairs(segs, mode), old_pairs(segs, mode)
    assert list(new.items()) == list(old.items())
    assert old  # the random data has co-occurrences to compare
    result = CodeCooccurrence().run(data, {"overlap": mode}, TaskState())
    matrix = result.tables[0]
    for row in matrix.rows:  # the diagonal and the pairs agree with the reference
        assert all(isinstance(v, int) for v in row[1:])
    # The analysis counts passages: one code's overlapping segments in a text as one.
    counts = {pair: len(ids) for pair, ids in old_pairs(passages(segs), mode).items()}
    assert [r[2] for r in result.tables[1].rows] == sorted(counts.values(), reverse=True)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("mode", ["quotes", "count"])
@pytest.mark.parametrize("empty_codes", [False, True])
def test_framework_matrix_matches_the_per_respondent_loop(make_data, seed, mode, empty_codes):
    data = random_data(make_data, seed)
    result = FrameworkMatrix().run(data, {"cells": mode, "empty_codes": empty_codes}, TaskState())
    table = result.tables[0]
    rows, evidence, filled = old_matrix(data, mode, empty_codes)
    assert [r[2:] for r in table.rows] == [r[2:] for r in rows]
    assert [r[0] for r in table.rows] == [r[0] for r in rows]
    got = [
        (table.evidence[i].interview_ids, table.evidence[i].segment_ids) for i in range(len(rows))
    ]
    assert got == evidence
    assert f"{filled} of " in result.findings[0]
    assert any(r[0] == "ghost" for r in rows)  # a respondent no longer in the list
