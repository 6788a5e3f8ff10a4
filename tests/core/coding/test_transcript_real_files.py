"""Transcripts written by the meeting tools themselves (tests/data/transcripts/README.md):
each imports as an interview's notes with every caption's words, speaker and time mark."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.coding.transcripts import import_transcript, read_transcript
from workbench.forms.library import builtin_form
from workbench.store import create_engagement, open_engagement

DATA = Path(__file__).resolve().parents[2] / "data" / "transcripts"
ZOOM_CAPTIONS = DATA / "zoom-meeting-saved-closed-caption.txt"


def _captions_by_hand(path: Path) -> list[tuple[str, str, str]]:
    """(speaker, time, words) of every caption: a ``[Name] HH:MM:SS`` line, then the
    words up to the blank line — read here without the importer's code."""
    blocks = path.read_text(encoding="utf-8").replace("\r\n", "\n").strip().split("\n\n")
    out = []
    for block in blocks:
        head, _, words = block.partition("\n")
        m = re.fullmatch(r"\[(.+)\] (\d\d:\d\d:\d\d)", head)
        assert m, head
        out.append((m.group(1), m.group(2), words))
    return out


def test_zoom_saved_captions_keep_every_caption() -> None:
    captions = _captions_by_hand(ZOOM_CAPTIONS)
    assert len(captions) == 722  # counted in the file: 722 "[Name] time" lines
    t = read_transcript(ZOOM_CAPTIONS)
    assert t.speakers == ["Experimenter", "G3P1", "G3P2"]
    # consecutive captions of one speaker are one turn, starting at the first's time mark
    changes = [c for i, c in enumerate(captions) if i == 0 or c[0] != captions[i - 1][0]]
    assert [(x.speaker, x.start) for x in t.turns] == [(s, at) for s, at, _ in changes]
    assert len(t.turns) == 289
    # nothing lost: every speaker's words, counted caption by caption
    by_hand: dict[str, int] = {}
    for speaker, _, words in captions:
        by_hand[speaker] = by_hand.get(speaker, 0) + len(words.split())
    assert t.words() == by_hand == {"Experimenter": 2204, "G3P1": 1540, "G3P2": 1122}
    assert t.turns[0].text.startswith("Hello! Um, so… We're supposed to have one more")
    assert t.turns[-1].text == "Yes, sir. Bye." and t.turns[-1].start == "20:05:32"


@pytest.fixture
def interview(tmp_path: Path):
    store = create_engagement(tmp_path / "z.wbk", client="Acme", title="Review")
    who = store.add_respondent("G3P1")
    iv = store.new_interview(who.id, builtin_form("stakeholder-interview"), interviewer="Lee")
    yield store, iv.id
    store.close()


def test_zoom_saved_captions_become_notes(interview) -> None:
    store, iv = interview
    t = read_transcript(ZOOM_CAPTIONS)
    roles = {
        "Experimenter": "interviewer:Experimenter",
        "G3P1": "respondent:G3P1",
        "G3P2": "other:G3P2",
    }
    ids = import_transcript(store, iv, t, roles)
    notes = store.notes(iv)
    assert len(ids) == len(notes) == 289
    assert sum(len(n.body.split()) for n in notes) == 2204 + 1540 + 1122
    assert notes[1].speaker == "respondent:G3P1" and notes[1].stamp == "19:00:48"
    assert notes[0].speaker == "interviewer:Experimenter"


def test_zoom_saved_captions_from_the_command_line(interview) -> None:
    store, iv = interview
    path = store.path
    store.close()
    out = io.StringIO()
    assert main(["transcript", "import", str(path), str(ZOOM_CAPTIONS), "--interview", iv,
                 "--speaker", "G3P1=respondent", "--speaker", "G3P2=other",
                 "--speaker", "Experimenter=interviewer", "--date", "2023-03-14"],
                out=out) == 0  # fmt: skip
    assert "G3P1: respondent (--speaker), 1540 words" in out.getvalue()
    assert "Added 289 notes" in out.getvalue(), out.getvalue()
    again = open_engagement(path)
    try:
        assert len(again.notes(iv)) == 289
    finally:
        again.close()
