"""The note clock of an interview goes on from the time already spent on it (the latest
time mark in its notes), also after the engagement was closed and opened again."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt

from workbench.forms import load_form_text
from workbench.store import open_engagement
from workbench.ui.interview_editor import InterviewEditor
from workbench.ui.notes_editor import elapsed_text, time_spent

pytestmark = pytest.mark.app_context(engagement="new")

FORM = """
id: short
title: Short
version: 1
sections:
  - key: s
    title: S
    questions:
      - {key: name, type: text, label: Name}
"""


def seconds(text: str) -> int:
    h, m, s = (int(p) for p in re.fullmatch(r"(\d\d):(\d\d):(\d\d)", text).groups())
    return h * 3600 + m * 60 + s


def test_time_spent_is_the_latest_mark_of_stamps_and_typed_marks():
    notes = [
        SimpleNamespace(stamp="00:05:00", body="Opening."),
        SimpleNamespace(stamp="", body="Asked about [00:41:07] the desk, then [00:12:00]."),
        SimpleNamespace(stamp="00:20:00.250", body=""),  # a transcript's turn
        SimpleNamespace(stamp="", body="A [link](x) and [not:a:mark] are no marks."),
    ]
    assert time_spent(notes) == (41 * 60 + 7) * 1000
    assert time_spent(notes[2:3]) == 20 * 60 * 1000 + 250
    assert time_spent([]) == 0
    assert time_spent([SimpleNamespace(stamp="01:02:03", body="")]) == 3723000
    assert elapsed_text(time_spent([SimpleNamespace(stamp="01:02:03", body="")])) == "01:02:03"


def test_clock_continues_after_the_engagement_is_closed_and_reopened(
    qtbot, ctx, tmp_path, open_interview
):
    path = ctx.store.path
    respondent = ctx.store.add_respondent("Ana Silva")
    iid = ctx.store.new_interview(
        respondent.id, load_form_text(FORM), interviewer="Jo", date=dt.date(2024, 3, 1)
    ).id
    ctx.store.add_note(iid, "First part.", stamp="00:41:07")
    ctx.store.add_note(iid, "Then the desk [00:52:10] and the tools.")

    ctx.set_store(None)  # the window is closed: only the file remains
    ctx.set_store(open_engagement(path))
    editor = open_interview(iid, size=(1100, 700))
    shown = editor.notes.elapsed.text()
    assert 52 * 60 + 10 <= seconds(shown) < 53 * 60, shown
    editor.grab().save(str(tmp_path / "note_clock.png"))

    # a note added now is stamped after the time already spent, not near 00:00:00
    editor.notes.add_note("Back after lunch.")
    added = [n for n in ctx.store.notes(iid) if n.body == "Back after lunch."][0]
    assert 52 * 60 + 10 <= seconds(added.stamp) < 53 * 60, added.stamp
    # Ctrl+T in the note types a mark that goes on from there too
    card = editor.notes.cards[added.id]
    qtbot.waitUntil(card.edit.hasFocus)
    qtbot.keyClick(card.edit, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    mark = re.search(r"\[(\d\d:\d\d:\d\d)\] $", card.body()).group(1)
    assert seconds(mark) >= 52 * 60 + 10


def test_a_new_interview_starts_at_zero(qtbot, ctx):
    respondent = ctx.store.add_respondent("Bo Lind")
    iid = ctx.store.new_interview(respondent.id, load_form_text(FORM)).id
    editor = InterviewEditor(ctx, iid)
    qtbot.addWidget(editor)
    assert seconds(editor.notes.elapsed.text()) < 5
