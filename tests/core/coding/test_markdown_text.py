"""Simple Markdown shown as plain text: markers gone, words kept."""

from __future__ import annotations

import pytest

from workbench.coding.markdown_text import plain_text


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("**Research topic:**\nThe project", "Research topic:\nThe project"),
        ("# Aims\n## Method ##\nx", "Aims\nMethod\nx"),
        ("a *b* c _d_ e __f__", "a b c d e f"),
        ("`P1` tickets", "P1 tickets"),
        # not emphasis: kept as written
        ("snake_case_name and 2 * 3 * 4", "snake_case_name and 2 * 3 * 4"),
        ("* item\n* item two", "* item\n* item two"),
        ("#hashtag and C# code", "#hashtag and C# code"),
        ("", ""),
    ],
)
def test_plain_text(written, shown):
    assert plain_text(written) == shown
