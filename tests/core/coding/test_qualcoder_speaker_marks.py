"""QualCoder's own speaker marks — "[Name] words" (its default), "{Name} words",
"#Name: words", "@Name: words", as its transcription view inserts them
(src/qualcoder/view_av.py, _speaker_snippet_text) — are speaker turns, read by the
transcript parser that the REFI-QDA import and the transcript import share; a time mark
or a transcriber's "[laughter]" at the start of a line is no speaker."""

from __future__ import annotations

import pytest

from workbench.coding.transcripts import text_turns


@pytest.mark.parametrize(
    "mark", ["[{}] ", "{{{}}} ", "#{}: ", "@{}: ", "{}: "], ids=["[]", "{}", "#", "@", ":"]
)
def test_each_of_qualcoders_speaker_formats_is_a_turn(mark):
    text = (
        mark.format("Jo Smith") + "How did the change go?\n\n"
        + mark.format("id1") + "Badly, at first.\nThen better.\n"
    )  # fmt: skip
    turns = text_turns(text)
    assert [(t.speaker, t.named) for t in turns] == [("Jo Smith", True), ("id1", True)]
    first, second = turns
    assert text[first.span[0] : first.span[1]] == "How did the change go?"
    assert text[second.span[0] : second.span[1]] == "Badly, at first.\nThen better."


def test_time_marks_and_transcribers_notes_are_no_speakers():
    text = "[00:01:05] [id2] Fine.\n[laughter] and then more\n[inaudible 00:02] words\n"
    turns = text_turns(text)  # the lines naming no one stay in id2's turn
    assert [(t.speaker, t.start) for t in turns] == [("id2", "00:01:05")]
    assert text[turns[0].span[0] : turns[0].span[1]] == (
        "Fine.\n[laughter] and then more\n[inaudible 00:02] words"
    )
