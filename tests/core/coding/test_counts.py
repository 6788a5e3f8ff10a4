"""One count of a code's segments for the Codebook page and the workbook's Codebook
sheet: its own, and with every code below it (worked by hand)."""

from __future__ import annotations

from types import SimpleNamespace

from workbench.coding.counts import CodeCount, code_counts, count_text


def code(cid: str, parent: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(id=cid, parent_id=parent)


# Service (1 accepted)
#   Speed (2 accepted, 1 pending, 1 rejected)
#     Callbacks (3 accepted)
#   Manner (1 pending)
# Other (nothing)
CODES = [
    code("service"),
    code("speed", "service"),
    code("callbacks", "speed"),
    code("manner", "service"),
    code("other"),
]
STATUSES = [
    ("service", "accepted", 1),
    ("speed", "accepted", 2),
    ("speed", "pending", 1),
    ("speed", "rejected", 1),
    ("callbacks", "accepted", 3),
    ("manner", "pending", 1),
    ("gone", "accepted", 5),  # a code in the trash
]


def test_own_counts_and_counts_with_sub_codes() -> None:
    counts = code_counts(CODES, STATUSES)
    assert counts == {
        "service": CodeCount(segments=1, awaiting=0, segments_within=6, awaiting_within=2),
        "speed": CodeCount(segments=2, awaiting=1, segments_within=5, awaiting_within=1),
        "callbacks": CodeCount(segments=3, awaiting=0, segments_within=3, awaiting_within=0),
        "manner": CodeCount(segments=0, awaiting=1, segments_within=0, awaiting_within=1),
        "other": CodeCount(),
    }
    assert counts["speed"].as_row() == {
        "segments": 2,
        "segments with sub-codes": 5,
        "awaiting review": 1,
        "awaiting review with sub-codes": 1,
    }


def test_a_loop_of_parents_is_counted_once() -> None:
    counts = code_counts([code("a", "b"), code("b", "a")], [("a", "accepted", 2)])
    assert counts["a"].segments_within == 2 and counts["b"].segments_within == 2


def test_the_text_the_page_shows() -> None:
    assert [count_text(0, 0), count_text(4, 0), count_text(4, 2), count_text(0, 1)] == [
        "",
        "4",
        "4 +2",
        "0 +1",
    ]
