"""Speaker turns in another tool's text sources, so that "Respondents' words" can keep to
them after a REFI-QDA import.

A source's text is read with the transcript import's own parser
(:func:`workbench.coding.transcripts.text_turns`: ``Name: words`` lines, optionally led by
a time mark, and the other text layouts it knows).  A source counts as turns when at least
two of its paragraphs, and at least half of them, start with a speaker's name (a document
with the odd ``Title: text`` line, or a table of records, is not a transcript).  Its
speakers are mapped as the transcript import maps them
(:func:`~workbench.coding.transcripts.propose_roles`):
the one named like the source's case (or, for a source of no case, like the source
itself) is the respondent and the others are interviewers; when none is, every speaker
is another speaker and the report says so.

Each turn becomes one note holding the turn's whole stretch of the source — its own
``Name:`` line to the next turn's — so that the notes together are the source's text
character for character: the coded selections keep their positions and an export writes
the same text again.  A source without turns stays one note, and the import report says
it has no speaker marks.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from workbench.coding.qdpx import IMPORT_NS, VAR_INTERVIEW, ProjectImport, Source, SourceTurn

MIN_TURNS = 2
MIN_SHARE = 0.5  # of the source's paragraphs that start a named turn


def mark_speakers(out: ProjectImport) -> None:
    """Give each of another tool's sources its speaker turns (``Source.turns``), and list
    in ``out`` which sources have turns and which have none."""
    from workbench.coding.transcripts import Transcript, propose_roles

    owner = out.case_of_source()
    case_names = {c.guid: c.name for c in out.cases}
    for src in out.sources:
        if src.turns or VAR_INTERVIEW in src.variables:
            continue  # a Workbench export's source: its own notes come back as they left
        turns = _turns(src)
        if not turns:
            out.unmarked.append(src.name)
            continue
        respondent = case_names.get(owner.get(src.guid, ""), "")
        by = "case"
        if not respondent:
            respondent, by = PurePosixPath(src.name).stem, "source"
        roles = propose_roles(Transcript(src.name, "txt", turns), respondent, [])
        theirs = [sp for sp, role in roles.items() if role.startswith("respondent:")]
        if theirs:  # the case's respondent; everyone else asked the questions
            roles = {
                sp: role if not sp or sp in theirs else f"interviewer:{sp}"
                for sp, role in roles.items()
            }
        src.turns = _stretches(src, turns, roles)
        named = [sp for sp in roles if sp]
        shown = ", ".join(named[:6]) + (f" and {len(named) - 6} more" if len(named) > 6 else "")
        if theirs:
            whose = (
                f"{', '.join(theirs)} (named like the {by} {respondent!r}) is the respondent, "
                "the others interviewers; \"Respondents' words\" keeps to the respondent's turns"
            )
        else:
            whose = (
                f"no speaker is named like the {by} {respondent!r}, so every speaker counts "
                'as another speaker and "Respondents\' words" finds none of its words'
            )
        out.reshaped.append(
            f"{src.where} ({src.name}): {len(src.turns)} speaker turns ({shown}) became "
            f"its notes, one per turn, the text unchanged; {whose}"
        )


def _turns(src: Source) -> list:
    """The source's turns, each with the span of its words; [] when it is no transcript:
    fewer than two turns, or fewer than half of its paragraphs (lines after a blank line;
    every line when none is blank) start with a speaker's name."""
    from workbench.coding.transcripts import text_turns

    turns = text_turns(src.text)
    lines = src.text.split("\n")
    blank = any(not line.strip() for line in lines)
    starts: dict[int, bool] = {}  # line start -> whether that line starts a paragraph
    at = 0
    for k, line in enumerate(lines):
        starts[at] = bool(line.strip()) and (not blank or k == 0 or not lines[k - 1].strip())
        at += len(line) + 1
    paragraphs = sum(starts.values())
    named = sum(1 for t in turns if t.named and starts.get(t.head or 0, False))
    if named < MIN_TURNS or named < MIN_SHARE * paragraphs:
        return []
    return turns


def _stretches(src: Source, turns: list, roles: dict[str, str]) -> list[SourceTurn]:
    """Each turn's note: from the start of the line that names its speaker to the start of
    the next such line (the first from the start of the text, the last to its end); a
    line that names no one (a time mark alone) stays in the turn above it."""
    firsts = [
        k for k, t in enumerate(turns) if k == 0 or t.named or t.speaker != turns[k - 1].speaker
    ]
    starts = [0 if n == 0 else turns[k].head for n, k in enumerate(firsts)]
    ends = [*starts[1:], len(src.text)]
    out = []
    for k, start, end in zip(firsts, starts, ends, strict=True):
        speaker = roles.get(turns[k].speaker, "")[:200]
        out.append(
            SourceTurn(
                str(uuid.uuid5(IMPORT_NS, f"turn\n{src.guid}\n{len(out)}")),
                start,
                end,
                turns[k].start if speaker else "",  # nobody's text: written back as it is
                speaker,
            )
        )
    return out
