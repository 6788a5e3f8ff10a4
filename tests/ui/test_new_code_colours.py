"""Codes made one after the other in the window get colours of their own."""

from __future__ import annotations

import pytest

from workbench.coding.codebook import PALETTE, next_colour

pytestmark = pytest.mark.app_context(engagement="new")


def test_next_colour_takes_the_first_colour_used_least() -> None:
    assert next_colour([]) == PALETTE[0]
    assert next_colour([PALETTE[0], None, "", PALETTE[2]]) == PALETTE[1]
    assert next_colour([c.upper() for c in PALETTE]) == PALETTE[0]  # all once: round again
    assert next_colour([*PALETTE, PALETTE[0]]) == PALETTE[1]


def test_new_codes_get_different_colours(ctx, codebook_page) -> None:
    ctx.store.add_code("Imported", colour=PALETTE[0])
    page = codebook_page()
    for name in ("Ownership", "First-time fix", "Approvals"):
        assert page.new_code(name) is not None
    colours = {c.name: c.colour for c in ctx.store.codes()}
    assert [colours[n] for n in ("Ownership", "First-time fix", "Approvals")] == list(
        PALETTE[1:4]
    )
    # a colour given is kept
    page.new_code("Given", colour="#123456")
    assert {c.name: c.colour for c in ctx.store.codes()}["Given"] == "#123456"
