"""Interview transcripts (``.vtt``, ``.srt``, ``.docx``, ``.txt``) as an interview's notes.

Each speaker turn becomes one note: its time mark is the note's stamp, its words the
note's body, and its speaker the note's ``speaker`` — ``"respondent:<name>"``,
``"interviewer:<name>"`` or ``"other:<name>"`` — so that retrieval and the code counts
can keep to the respondent's own words.

Formats read:

* WebVTT from Microsoft Teams (``<v Speaker Name>text</v>`` voice tags, cue ids such as
  ``…/12-0``) and from Zoom (``Speaker Name: text`` in the cue text);
* SubRip ``.srt`` (numbered cues, ``00:00:01,000 --> …``), with ``Name: text`` speakers;
* Teams' Word export, in both of its layouts: ``Name   0:03`` above the words, or the older
  ``0:0:0.0 --> 0:0:4.79`` / ``Name`` / words;
* plain text: ``Name: text`` lines, optionally led by a time mark (``[00:01:10]`` or
  ``00:01:10``), or ``Name  00:01:10`` lines above the words (Zoom's and Otter's text).

Consecutive cues of one speaker are joined into one turn (captions cut sentences into
pieces).  Speakers are matched to the respondent and the interviewers by name
(:func:`propose_roles`); the consultant confirms or changes the mapping before import.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_TRANSCRIPT_BYTES = 20 * 1024**2
TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".docx", ".txt")
ROLES = ("respondent", "interviewer", "other")
# An interview's source_ref when a transcript's turns are its notes (see :func:`source_ref`).
TRANSCRIPT_REF = "transcript:"


class TranscriptError(ValueError):
    """A transcript that cannot be read; the message says what and where."""


@dataclass
class Turn:
    speaker: str  # the name as the transcript gives it ("" when it names none)
    text: str
    start: str = ""  # "HH:MM:SS", or "HH:MM:SS.mmm" when the file gives milliseconds
    # where the words are in the text the lines came from (:func:`text_turns`), else None
    span: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    # where the line that names the turn's speaker starts (its cue or "Name  0:03" line in
    # those layouts), and whether the turn starts with such a line (a time mark alone: no)
    head: int | None = field(default=None, compare=False, repr=False)
    named: bool = field(default=False, compare=False, repr=False)


@dataclass
class Transcript:
    source: str
    kind: str  # teams-vtt | zoom-vtt | vtt | srt | teams-docx | docx | txt
    turns: list[Turn] = field(default_factory=list)
    # The day of the conversation when the file says it (:func:`find_date`), and where.
    date: dt.date | None = None
    date_from: str = ""
    # The lines a meeting tool writes above the first turn (Teams' Word download: the
    # meeting's title, "Meeting Recording", its date and length): about the recording, not
    # anybody's words; kept as the interview's source (:func:`source_ref`), never a turn.
    heading: str = ""

    @property
    def speakers(self) -> list[str]:
        seen: dict[str, None] = {}
        for t in self.turns:
            seen.setdefault(t.speaker, None)
        return list(seen)

    def words(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.turns:
            out[t.speaker] = out.get(t.speaker, 0) + len(t.text.split())
        return out


# -- time marks ------------------------------------------------------------------------------
_TIME = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d+)?"
_CUE = re.compile(rf"^\s*({_TIME})\s*-->\s*({_TIME})")


def stamp(text: str) -> str:
    """``"0:0:4.79"``, ``"00:01:10,500"``, ``"1:03"`` → ``"HH:MM:SS"``, with the
    milliseconds kept (``"HH:MM:SS.mmm"``) when the mark has a fraction of a second."""
    from decimal import ROUND_HALF_UP, Decimal

    parts = text.strip().replace(",", ".").split(":")
    nums = [Decimal(p) for p in parts]
    while len(nums) < 3:
        nums.insert(0, Decimal(0))
    h, m, s = nums[-3:]
    ms = int(((h * 3600 + m * 60 + s) * 1000).quantize(Decimal(1), ROUND_HALF_UP))
    total, frac = divmod(ms, 1000)
    out = f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"
    return f"{out}.{frac:03d}" if "." in parts[-1] else out


# -- speakers in the text --------------------------------------------------------------------
# "Jo Smith: words" — a short name before the colon, not a sentence or a clock time.
_NAME_COLON = re.compile(r"^\s*(?:-\s*)?([^\W\d][\w.'’()\- ]{0,48}?)\s*:\s+(.*)$", re.S)


# QualCoder's own speaker marks (its transcription view inserts them, "[]" by default):
# "[Name] words", "{Name} words", "#Name: words", "@Name: words".
_NAME_BRACKET = re.compile(
    r"^\s*(?:\[([^\W\d][^\]]{0,48}?)\]|\{([^\W\d][^}]{0,48}?)\})\s+(.*)$", re.S
)
# what a transcriber writes in brackets at the start of a line that is no speaker
_NOT_SPEAKERS = frozenset(
    ("inaudible", "unintelligible", "unclear", "crosstalk", "laughter", "laughs", "laughing",
     "pause", "silence", "music", "applause", "noise", "background", "overlapping",
     "overtalk", "coughs", "sighs", "break")
)  # fmt: skip


def _split_name(line: str) -> tuple[str, str] | None:
    b = _NAME_BRACKET.match(line)
    if b:
        name = (b.group(1) or b.group(2)).strip()
        if len(name.split()) > 5 or name.split()[0].lower() in _NOT_SPEAKERS:
            return None
        return name, b.group(3).strip()
    bare = line.lstrip()
    m = _NAME_COLON.match(bare[1:] if bare[:1] in ("#", "@") else line)
    if not m:
        return None
    name = m.group(1).strip()
    if len(name.split()) > 5 or name.lower() in ("note", "http", "https", "re", "fwd"):
        return None
    return name, m.group(2).strip()


_TAGS = re.compile(r"<[^>]*>")


def _clean(text: str) -> str:
    return html.unescape(_TAGS.sub("", text)).strip()


def _join(turns: list[Turn]) -> list[Turn]:
    """Consecutive turns of one speaker become one (the first time mark stays)."""
    out: list[Turn] = []
    for t in turns:
        if not t.text:
            continue
        if out and out[-1].speaker == t.speaker:
            out[-1].text = f"{out[-1].text} {t.text}"
            if out[-1].span and t.span:
                out[-1].span = (out[-1].span[0], t.span[1])
        else:
            out.append(Turn(t.speaker, t.text, t.start, t.span))
    return out


def _join_lines(turns: list[Turn], heads: list[bool]) -> list[Turn]:
    """A line that does not start a turn (no name, no time) joins the turn above it."""
    out: list[Turn] = []
    for t, head in zip(turns, heads, strict=True):
        if not t.text:
            continue
        if out and not head and out[-1].speaker == t.speaker:
            out[-1].text = f"{out[-1].text} {t.text}"
            if out[-1].span and t.span:
                out[-1].span = (out[-1].span[0], t.span[1])
        else:
            out.append(t)
    return out


# -- WebVTT and SubRip ---------------------------------------------------------------------
def parse_cues(text: str, source: str, kind: str) -> Transcript:
    """WebVTT or SubRip cues into turns; the speaker from a voice tag or a ``Name:`` prefix."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if kind == "vtt" and not lines[0].lstrip("\ufeff").startswith("WEBVTT"):
        raise TranscriptError(f"{source}: line 1: a WebVTT file starts with WEBVTT")
    turns: list[Turn] = []
    voices = colons = 0
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        m = _CUE.match(line)
        if not m:
            if kind == "vtt" and line.startswith(("NOTE", "STYLE", "REGION")):
                while i < n and lines[i].strip():
                    i += 1
            i += 1
            continue
        start = stamp(m.group(1))
        i += 1
        body: list[str] = []
        while i < n and lines[i].strip():
            body.append(lines[i])
            i += 1
        raw = "\n".join(body)
        voice = re.match(r"^\s*<v(?:\.[\w.]+)?\s+([^>]+)>(.*?)(?:</v>)?\s*$", raw, re.S)
        if voice:
            voices += 1
            speaker, words = voice.group(1).strip(), _clean(voice.group(2))
        else:
            cleaned = _clean(raw)
            split = _split_name(cleaned)
            if split:
                colons += 1
                speaker, words = split
            else:
                speaker, words = (turns[-1].speaker if turns else ""), cleaned
        turns.append(Turn(speaker, " ".join(words.split()), start))
    if not turns:
        raise TranscriptError(f"{source}: no cues with a time mark (00:00:01.000 --> …) found")
    if kind == "vtt":
        kind = "teams-vtt" if voices else "zoom-vtt" if colons else "vtt"
    return Transcript(source, kind, _join(turns))


# -- Word (Teams export) and plain text -----------------------------------------------------
_NAME_TIME = re.compile(
    rf"^\s*(.+?)\s{{2,}}({_TIME})\s*$|^\s*(.+?)\s*\t\s*({_TIME})\s*$"
    rf"|^\s*\[([^\]]+)\]\s+({_TIME})\s*$"  # Zoom's saved captions: "[Name] 19:04:05"
)
_LEADING_TIME = re.compile(rf"^\s*\[?({_TIME})\]?\s*[-–]?\s*(.*)$", re.S)


def parse_lines(
    lines: list[str], source: str, kind: str, offsets: list[int] | None = None
) -> Transcript:
    """Paragraphs of a Teams Word export or lines of a text transcript.  ``offsets``
    (where each line starts in its text) gives each turn the ``span`` of its words."""
    turns: list[Turn] = []
    speaker, start = "", ""
    pending_cue = False
    cue_layout = name_time = False
    heads: list[bool] = []  # whether each line's turn starts with its own name or time
    fresh = False  # a name or cue line came before these words
    head_at = 0  # where that line starts
    first_mark: int | None = None  # turns read before the layout's first speaker mark

    def span(raw: str, words: str, k: int) -> tuple[int, int] | None:
        # the words are the end of the line: every prefix taken off is a leading part
        end = len(raw.rstrip())
        return None if offsets is None else (offsets[k] + end - len(words), offsets[k] + end)

    for k, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        m = _CUE.match(line)
        if m:  # older Teams layout: the cue, then the name, then the words
            first_mark = len(turns) if first_mark is None else first_mark
            start, pending_cue, cue_layout = stamp(m.group(1)), True, True
            head_at = offsets[k] if offsets else 0
            continue
        if pending_cue:
            speaker, pending_cue, fresh = line, False, True
            continue
        nt = _NAME_TIME.match(line)
        if nt:  # newer Teams layout (and Zoom/Otter text): "Name   0:03" above the words
            first_mark = len(turns) if first_mark is None else first_mark
            speaker = (nt.group(1) or nt.group(3) or nt.group(5)).strip()
            start, name_time = stamp(nt.group(2) or nt.group(4) or nt.group(6)), True
            fresh, head_at = True, offsets[k] if offsets else 0
            continue
        if cue_layout or name_time:
            here = head_at if fresh else offsets[k] if offsets else 0
            turns.append(Turn(speaker, line, start, span(raw, line, k), here, fresh))
            heads.append(fresh)
            fresh = False
            continue
        lt = _LEADING_TIME.match(line)
        at = ""
        if lt and re.match(r"^\s*\[?\d", line):
            at, line = stamp(lt.group(1)), lt.group(2).strip()
        split = _split_name(line)
        if split:
            speaker, line = split
        turns.append(
            Turn(
                speaker,
                line,
                at or (turns[-1].start if turns and not split else ""),
                span(raw, line, k),
                offsets[k] if offsets else None,
                bool(split),
            )
        )
        heads.append(bool(at or split))
    heading = ""
    if first_mark and offsets is None:
        # the lines above the first "Name 0:03" (or cue) of a file: the recording's heading
        heading = " ".join(t.text for t in turns[:first_mark])
        turns, heads = turns[first_mark:], heads[first_mark:]
    # words placed in their text: a turn that starts with its own name (or time) stays a
    # turn of its own, so that no turn's words hold another's name
    turns = _join(turns) if offsets is None else _join_lines(turns, heads)
    if not turns:
        raise TranscriptError(f"{source}: the transcript holds no text")
    if kind == "docx" and (cue_layout or name_time):
        kind = "teams-docx"
    return Transcript(source, kind, turns, heading=heading)


def text_turns(text: str) -> list[Turn]:
    """The speaker turns of a text read as a text transcript (:func:`parse_lines`), each
    with the ``span`` of its words in ``text`` (a turn of several lines spans them all);
    ``[]`` for a text with no words."""
    lines = text.split("\n")
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    try:
        return parse_lines(lines, "", "txt", offsets).turns
    except TranscriptError:
        return []


def _docx_paragraphs(path: Path) -> list[str]:
    import zipfile

    from defusedxml import ElementTree as SafeET

    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        with zipfile.ZipFile(path) as zf:
            root = SafeET.fromstring(zf.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError):
        raise TranscriptError(f"{path}: not a Word document (.docx)") from None
    out = []
    for p in root.iter(f"{ns}p"):
        parts = []
        for el in p.iter():
            if el.tag == f"{ns}t":
                parts.append(el.text or "")
            elif el.tag == f"{ns}tab":
                parts.append("\t")
            elif el.tag in (f"{ns}br", f"{ns}cr"):
                parts.append("\n")
        out.extend("".join(parts).split("\n"))
    return out


# -- the day of the conversation ----------------------------------------------------------
_MONTHS = {
    m: i
    for i, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATES = (
    # ISO 2025-11-03 (and 2025/11/03)
    (re.compile(r"(?<!\d)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)"), ("y", "m", "d")),
    # "November 3, 2025" (Teams' Word heading), "Nov 3 2025"
    (re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
     ("M", "d", "y")),
    # "3 November 2025"
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+(\d{{4}})\b", re.I),
     ("d", "M", "y")),
    # 20251103_100312 (Teams' recording names), GMT20240501-… (Zoom's)
    (re.compile(r"(?:GMT|(?<!\d))(20\d{2})(\d{2})(\d{2})(?:[_-]\d{4,6}|(?!\d))"),
     ("y", "m", "d")),
)  # fmt: skip


def find_date(text: str) -> dt.date | None:
    """The first date written in ``text`` (ISO, ``November 3, 2025``, ``3 November 2025``,
    ``20251103_100312``, ``GMT20251103``), or None."""
    found: list[tuple[int, dt.date]] = []
    for pattern, order in _DATES:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups(), strict=True))
            try:
                month = _MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
                day = dt.date(int(parts["y"]), month, int(parts["d"]))
            except (ValueError, KeyError):
                continue
            found.append((m.start(), day))
            break
    return min(found)[1] if found else None


def _core_created(path: Path) -> dt.date | None:
    """A Word file's creation date from its properties; None for python-docx's template
    default (2013-12-23), which says nothing about the conversation."""
    import zipfile

    from defusedxml import ElementTree as SafeET

    try:
        with zipfile.ZipFile(path) as zf:
            root = SafeET.fromstring(zf.read("docProps/core.xml"))
    except (zipfile.BadZipFile, KeyError, SafeET.ParseError):
        return None
    created = root.find("{http://purl.org/dc/terms/}created")
    creator = root.find("{http://purl.org/dc/elements/1.1/}creator")
    if created is None or not (created.text or "").strip():
        return None
    if creator is not None and (creator.text or "").strip() == "python-docx":
        return None
    try:
        return dt.date.fromisoformat((created.text or "").strip()[:10])
    except ValueError:
        return None


def _dated(t: Transcript, path: Path, head: str) -> Transcript:
    """Fill ``t.date``: a date in the file's first lines, in its name, or (Word) in its
    properties."""
    for where, found in (
        ("the transcript's heading", find_date(head)),
        ("the file name", find_date(path.stem)),
        ("the document's properties", _core_created(path) if path.suffix == ".docx" else None),
    ):
        if found is not None:
            t.date, t.date_from = found, where
            break
    return t


def read_transcript(path: str | Path) -> Transcript:
    """Read a transcript file; the format follows the extension."""
    from workbench.limits import InputLimitError, check_input_file, check_zip

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TRANSCRIPT_SUFFIXES:
        raise TranscriptError(f"{path.name}: a transcript must be {', '.join(TRANSCRIPT_SUFFIXES)}")
    try:
        if suffix == ".docx":
            check_zip(path, "transcript")
            paragraphs = _docx_paragraphs(path)
            head = "\n".join(paragraphs[:8])
            return _dated(parse_lines(paragraphs, str(path), "docx"), path, head)
        check_input_file(path, "transcript")
        if path.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise TranscriptError(f"{path}: over {MAX_TRANSCRIPT_BYTES // 1024**2} MB; refused")
        text = _decode(path.read_bytes(), path)
    except InputLimitError as exc:
        raise TranscriptError(str(exc)) from None
    except OSError as exc:
        raise TranscriptError(f"{path}: cannot read: {exc.strerror or exc}") from None
    lines = text.splitlines()
    if suffix in (".vtt", ".srt"):  # a date in the header or a NOTE, before the first cue
        cue = next((i for i, line in enumerate(lines) if _CUE.match(line)), len(lines))
        return _dated(parse_cues(text, str(path), suffix[1:]), path, "\n".join(lines[:cue]))
    return _dated(parse_lines(lines, str(path), "txt"), path, "\n".join(lines[:3]))


def _decode(data: bytes, path: Path) -> str:
    """The text of a transcript file in the encoding it was written in (UTF-16, UTF-8, or
    an 8-bit encoding recognised by charset-normalizer, never assumed)."""
    from workbench.coding.transcripts_encoding import text_encoding

    try:
        encoding = text_encoding(data, path)
    except ValueError:
        raise TranscriptError(
            f"{path}: its encoding cannot be recognised: it is neither UTF-8 nor UTF-16 and "
            "reads as no other text encoding; save it as UTF-8 text"
        ) from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise TranscriptError(
            f"{path}: not readable as {encoding} text (byte {exc.start:,}); save it as UTF-8"
        ) from None


# -- who is who ------------------------------------------------------------------------------
def _tokens(name: str) -> set[str]:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)  # "(Guest)", "[External]"
    # words and ids such as "G3P1" (an anonymous participant's name in Zoom)
    return {t for t in re.findall(r"[a-z0-9]+", text) if len(t) > 1 or t.isdigit()}


def _matches(speaker: str, name: str) -> bool:
    if " ".join(speaker.split()).casefold() == " ".join(name.split()).casefold():
        return bool(speaker.strip())
    a, b = _tokens(speaker), _tokens(name)
    if not a or not b:
        return False
    return a <= b or b <= a or len(a & b) >= 2


def propose_roles(
    transcript: Transcript, respondent: str, interviewers: list[str]
) -> dict[str, str]:
    """speaker -> ``"respondent:<name>"``, ``"interviewer:<name>"`` or ``"other:<name>"``.

    A speaker whose name is the respondent's (case aside, ids such as ``G3P1`` too) or
    matches it (all the words of one name in the
    other, or two words in common, accents and "(Guest)" ignored) is the respondent; one
    matching an interviewer an interviewer.  With two speakers and one of them known, the
    other takes the other role.
    """
    roles: dict[str, str] = {}
    for sp in transcript.speakers:
        if not sp:
            roles[sp] = ""  # text before any speaker (a heading): nobody's words
        elif respondent and _matches(sp, respondent):
            roles[sp] = f"respondent:{sp}"
        elif any(_matches(sp, who) for who in interviewers if who):
            roles[sp] = f"interviewer:{sp}"
        else:
            roles[sp] = f"other:{sp}"
    speakers = [sp for sp in transcript.speakers if sp]
    if len(speakers) == 2:
        kinds = [roles[s].split(":", 1)[0] for s in speakers]
        for k, sp in enumerate(speakers):
            other = kinds[1 - k]
            if kinds[k] == "other" and other in ("respondent", "interviewer"):
                flip = "interviewer" if other == "respondent" else "respondent"
                roles[sp] = f"{flip}:{sp}"
    return roles


def role_reasons(
    transcript: Transcript, roles: dict[str, str], respondent: str, interviewers: list[str]
) -> dict[str, str]:
    """speaker -> why :func:`propose_roles` gave its role, in words for the import's report:
    "name matches the respondent, Alice Kent", "name matches an interviewer, Jo Smith",
    "the other of the two speakers", or "" (no reason: the role was left at other, or
    chosen by hand)."""
    out: dict[str, str] = {}
    for sp in transcript.speakers:
        role = role_of(roles.get(sp, ""))
        who = next((w for w in interviewers if w and _matches(sp, w)), "")
        if not sp or role == "other":
            out[sp] = ""
        elif role == "respondent" and respondent and _matches(sp, respondent):
            out[sp] = f"name matches the respondent, {' '.join(respondent.split())}"
        elif role == "interviewer" and who:
            out[sp] = f"name matches an interviewer, {who.strip()}"
        else:
            out[sp] = "the other of the two speakers"
    return out


def source_ref(transcript: Transcript) -> str:
    """What an interview made from (or given) this transcript records as its source:
    ``transcript:<file name>``, with the heading the meeting tool wrote above the turns."""
    ref = f"{TRANSCRIPT_REF}{Path(transcript.source).name}"
    return (f"{ref} — {transcript.heading}" if transcript.heading else ref)[:300]


def heading_report(transcript: Transcript, kept: bool) -> str:
    """Where the transcript's heading went ("" when it has none)."""
    if not transcript.heading:
        return ""
    if kept:
        return (
            f"Heading {transcript.heading!r}: about the recording, not a turn; kept as the "
            "interview's source"
        )
    return (
        f"Heading {transcript.heading!r}: about the recording, not a turn; not stored (the "
        "interview already records where it came from)"
    )


def role_of(speaker_value: str) -> str:
    """The role part of a note's speaker (``""`` for a note no transcript made)."""
    return speaker_value.split(":", 1)[0] if speaker_value else ""


def check_roles(transcript: Transcript, roles: dict[str, str]) -> None:
    for sp in transcript.speakers:
        value = roles.get(sp)
        if value is None:
            raise TranscriptError(f"{transcript.source}: speaker {sp or '(unnamed)'!r} has no role")
        if value == "" and not sp:
            continue
        if role_of(value) not in ROLES:
            raise TranscriptError(
                f"{transcript.source}: speaker {sp!r}: role {role_of(value)!r} is not one of "
                f"{', '.join(ROLES)}"
            )


# speakers a transcript names by their place, not their name ("Speaker 1", "SPEAKER_00")
_UNNAMED = re.compile(
    r"^(speaker|participant|guest|unknown|interviewee|respondent|person|voice|p)"
    r"[\s_-]*[a-z]?\d*$",
    re.IGNORECASE,
)


def role_warnings(
    transcript: Transcript, roles: dict[str, str], respondent: str = ""
) -> list[str]:
    """What the consultant should know before adding turns with these roles: no words
    mapped to the respondent, several speakers counted as one respondent, or a speaker
    mapped to the respondent whose name is not ``respondent``'s (the interview's)."""
    words = transcript.words()
    theirs = [sp for sp in transcript.speakers if role_of(roles.get(sp, "")) == "respondent"]
    out = []
    if not sum(words.get(sp, 0) for sp in theirs):
        out.append(
            "No turn is mapped to the respondent: retrieval of respondents' words and code "
            "frequency will leave this interview out."
        )
    if len(theirs) > 1:
        out.append(
            f"{len(theirs)} speakers are mapped to the respondent "
            f"({', '.join(repr(sp) for sp in theirs)}): their words will count as one "
            "person's."
        )
    others = [
        sp
        for sp in theirs
        if respondent.strip() and not _matches(sp, respondent) and not _UNNAMED.match(sp.strip())
    ]
    if others:
        out.append(
            f"{', '.join(repr(sp) for sp in others)} "
            f"{'is' if len(others) == 1 else 'are'} mapped to the respondent, but this "
            f"interview is with {respondent}: is it the right interview?"
        )
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def turns_already_there(store: Any, interview_id: str, transcript: Transcript) -> tuple[bool, int]:
    """(whether every turn of ``transcript`` is already one of the interview's notes — the
    same transcript imported before —, how many of its notes are transcript turns)."""
    notes = store.notes(interview_id)
    same = _same_turns({_norm(n.body) for n in notes}, transcript)
    return same, sum(1 for n in notes if n.speaker)


def _same_turns(bodies: set[str], transcript: Transcript) -> bool:
    return bool(transcript.turns) and all(_norm(t.text) in bodies for t in transcript.turns)


def same_transcript_elsewhere(
    store: Any, interview_id: str, transcript: Transcript
) -> list[tuple[str, str, dt.date | None]]:
    """The engagement's other interviews (not in the trash) that hold every turn of
    ``transcript`` as a note — the same transcript imported there —, as (interview id, its
    respondent's name, its date)."""
    from sqlalchemy import select

    from workbench.store.models import Interview, Note, Respondent

    texts = sorted({turn.text for turn in transcript.turns if turn.text.strip()})
    if not texts:
        return []
    found: dict[str, set[str]] = {}
    with store.session() as s:
        for k in range(0, len(texts), 400):
            rows = s.execute(
                select(Note.interview_id, Note.body)
                .join(Interview, Interview.id == Note.interview_id)
                .where(
                    Note.body.in_(texts[k : k + 400]),
                    Note.interview_id != interview_id,
                    Interview.deleted_at.is_(None),
                )
            )
            for iv_id, body in rows:
                found.setdefault(iv_id, set()).add(body)
        same = [iv_id for iv_id, bodies in found.items() if len(bodies) == len(texts)]
        out = []
        for iv_id in same:
            iv = s.get(Interview, iv_id)
            who = s.get(Respondent, iv.respondent_id)
            out.append((iv_id, who.name if who is not None else "", iv.date))
    return sorted(out, key=lambda f: (f[2] or dt.date.min, f[1], f[0]))


def elsewhere_message(transcript: Transcript, found: list[tuple[str, str, Any]]) -> str:
    """What to say when :func:`same_transcript_elsewhere` found the transcript."""
    named = "; ".join(
        f"{name or 'no respondent'}'s interview {iv_id}"
        + (f" of {day.isoformat()}" if day else "")
        for iv_id, name, day in found
    )
    return (
        f"{Path(transcript.source).name}: the same transcript (all its "
        f"{len(transcript.turns)} turns) is already in {named}"
    )


def already_imported_message(transcript: Transcript) -> str:
    return (
        f"{Path(transcript.source).name}: already imported into this interview (its "
        f"{len(transcript.turns)} turns are among the interview's notes); nothing added"
    )


# -- into an interview ----------------------------------------------------------------------
def join_interviewers(names: list[str]) -> str:
    """``["Jo Smith", " Sam Lee ", ""]`` → ``"Jo Smith, Sam Lee"`` (the interview's field)."""
    seen: dict[str, None] = {}
    for name in names:
        for part in name.split(","):
            if part.strip():
                seen.setdefault(" ".join(part.split()), None)
    return ", ".join(seen)[:200]


def interviewer_note(recorded: str, transcripts: str) -> str:
    """What to say when the interview names its interviewer(s) and the transcript's differ
    (the interview's are kept); ``""`` when they agree or either is empty."""
    if not recorded.strip() or not transcripts.strip():
        return ""
    mine = {" ".join(n.split()).casefold() for n in recorded.split(",") if n.strip()}
    theirs = [n for n in (" ".join(p.split()) for p in transcripts.split(",")) if n]
    if all(n.casefold() in mine or any(_matches(n, m) for m in mine) for n in theirs):
        return ""
    return (
        f"The transcript's interviewer(s): {', '.join(theirs)}; the interview's: "
        f"{recorded} (kept; change it on the interview's page)"
    )


def import_transcript(
    store: Any,
    interview_id: str,
    transcript: Transcript,
    roles: dict[str, str],
    *,
    interviewer: str | None = None,
    day: dt.date | None = None,
) -> list[str]:
    """One note per turn after the interview's notes, in one transaction; their ids.
    Refused (nothing added) when the same turns are already the interview's notes.
    ``day``, when given, becomes the interview's date in the same transaction, and
    ``interviewer`` its interviewer(s) while it names none: an interviewer already recorded
    is never replaced by a transcript's speakers (see :func:`interviewer_note`).  An
    interview that records no source yet records the transcript (:func:`source_ref`)."""
    from sqlalchemy import func, select

    from workbench.store.models import Interview, Note, new_id, utcnow

    check_roles(transcript, roles)
    ids: list[str] = []
    now = utcnow()
    with store.writing() as s:
        row = s.get(Interview, interview_id)
        if row is None:
            raise TranscriptError(f"no interview {interview_id!r} in this engagement")
        there = s.execute(select(Note.body).where(Note.interview_id == interview_id)).scalars()
        if _same_turns({_norm(b) for b in there}, transcript):
            raise TranscriptError(already_imported_message(transcript))
        if interviewer is not None and not row.interviewer.strip():
            row.interviewer = interviewer
        if day is not None:
            row.date = day
        if not row.source_ref:  # where the words came from (and the heading above them)
            row.source_ref = source_ref(transcript)
        last = s.execute(
            select(func.max(Note.position)).where(Note.interview_id == interview_id)
        ).scalar()
        position = -1 if last is None else last
        for turn in transcript.turns:
            position += 1
            note = Note(
                id=new_id(),
                interview_id=interview_id,
                body=turn.text,
                stamp=turn.start,
                speaker=roles[turn.speaker][:200],
                position=position,
                created_at=now,
                modified_at=now,
            )
            s.add(note)
            ids.append(note.id)
    return ids
