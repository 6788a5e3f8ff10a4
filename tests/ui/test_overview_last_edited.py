"""The Overview's "Last edited" follows every kind of edit: a note typed into an
interview puts it first, at the time of the note's edit."""

from __future__ import annotations

import re

import pytest

from workbench.ui.trash import local

pytestmark = pytest.mark.window(shown=True)


def _rows(page) -> list[tuple[str, str]]:
    """(interview id, time shown) of each line of the card."""
    html = page.recent.text()
    ids = re.findall(r"<a href='([^']+)'>", html)
    times = re.findall(r"white-space:nowrap'>([^<]+)</td>", html)
    return list(zip(ids, times, strict=True))


def test_a_note_typed_into_an_interview_puts_it_first_in_last_edited(qtbot, ctx, window):
    overview = window.show_page("overview")
    qtbot.waitUntil(lambda: bool(_rows(overview)))
    before = _rows(overview)
    shown = {iid for iid, _ in before}
    # an interview the card does not list, or lists last
    row = next((r for r in ctx.store.interview_rows() if r.id not in shown), None)
    target = row.id if row is not None else before[-1][0]
    editor = window.show_page("interviews").open_interview(target)
    note_id = editor.notes.add_note("", stamp="00:01:00")
    qtbot.keyClicks(editor.notes.cards[note_id].edit, "Calls back within the hour")
    editor.flush()
    note = next(n for n in ctx.store.notes(target) if n.id == note_id)
    assert note.body == "Calls back within the hour"
    # the interview's own time is not the note's: only the note changed
    assert ctx.store.interview(target).modified_at < note.modified_at
    window.show_page("overview")
    qtbot.waitUntil(lambda: _rows(overview) and _rows(overview)[0][0] == target)
    assert _rows(overview)[0][1] == f"{local(note.modified_at):%d %b %H:%M}"
    window.grab().save(str(window.ctx.store.path.parent / "overview-last-edited.png"))
