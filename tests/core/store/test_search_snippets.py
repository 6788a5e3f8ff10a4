"""A hit's snippet is marked from its text without a second pass over the index; the marks
are the index's own (``highlight``), whatever the text holds."""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.store.snippets import mark_ascii, query_terms, snippets
from workbench.store.store import fts_query

WORDS = ["ticket", "Ticket", "TICKETS", "tick", "desk_ticket", "ticket9", "9ticket", "café", "x"]


def index_of(texts: list[str]) -> sqlite3.Connection:
    """An index built as the engagement file's is (same tokenizer, same content table)."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5(body, kind UNINDEXED, ref_id UNINDEXED,"
        " interview_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.executemany(
        "INSERT INTO search_index(body, kind, ref_id, interview_id) VALUES (?, 'note', ?, 'i')",
        [(text, str(n)) for n, text in enumerate(texts)],
    )
    return conn


def highlighted(conn: sqlite3.Connection, match: str) -> dict[int, str]:
    return dict(
        conn.execute(
            "SELECT rowid, highlight(search_index, 0, char(1), char(2)) FROM search_index"
            " WHERE search_index MATCH ?",
            (match,),
        ).fetchall()
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
        | st.text(alphabet="tickeTsK9_ -.,é", max_size=40),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(["ticket", "tick", "ticket x", "TICKETS", "tick x", "9ticket", "café"]),
)
def test_marks_match_the_index(texts: list[str], query: str) -> None:
    conn = index_of(texts)
    match = fts_query(query)
    want = highlighted(conn, match)
    for entry, marked in want.items():
        mine = mark_ascii(texts[entry - 1], query_terms(match))
        assert mine in (marked, None), (texts[entry - 1], query)
        if texts[entry - 1].isascii() and query.isascii():
            assert mine == marked
    # and the snippets are those of the index's own marks, whichever way they were made
    from workbench.store.snippets import cut_snippet

    words = len(query_terms(match))
    assert snippets(conn, match, list(want)) == {
        entry: cut_snippet(marked, words=words) for entry, marked in want.items()
    }


def test_text_beyond_ascii_is_marked_by_the_index() -> None:
    conn = index_of(["Le café était fermé", "the CAFE opened"])
    match = fts_query("cafe")
    assert mark_ascii("Le café était fermé", query_terms(match)) is None
    assert snippets(conn, match, [1, 2]) == {
        1: "Le [[café]] était fermé",
        2: "the [[CAFE]] opened",
    }


def test_an_entry_gone_from_the_index_has_no_snippet() -> None:
    conn = index_of(["printer jammed"])
    assert snippets(conn, fts_query("printer"), [1, 7]) == {1: "[[printer]] jammed"}
