"""Where a REFI-QDA selection's positions fall in a source's text, in Workbench's terms.

Workbench keeps a source's text with LF line ends and a segment's start and end as
characters (Unicode code points) of that text; the window's text view and Retrieve then
agree.  Another tool's project may differ on two counts:

* **Line ends.**  A source written on Windows has CRLF (or old Mac CR) line ends, which
  the project's positions count (CRLF as two).  The text is stored with LF line ends and
  every position is moved back by the CRs dropped before it.
* **What a position counts.**  REFI-QDA says characters, but NVivo (for Windows and Mac)
  counts UTF-16 code units: a character outside the Basic Multilingual Plane (an emoji,
  say) counts two.  The two countings differ only in a text that holds such characters,
  and only there is a choice made, per source, from the selections themselves:

  1. a counting under which a selection falls outside the text (or inside an emoji's
     two units) is out;
  2. a selection whose ``name`` is its own words (Workbench and QualCoder write them)
     counts three for the counting under which those words are quoted;
  3. each end of a selection that falls on a word boundary (not between two letters or
     digits) counts one;
  4. the higher total wins; on a tie, UTF-16 units when the project's ``origin`` names
     NVivo, else characters (REFI-QDA's rule).

  Workbench's own export counts characters and is taken as it is, line ends and all (a
  note typed with CRLF comes back as it was).
"""

from __future__ import annotations

from dataclasses import dataclass

CHARACTERS = "characters"
UTF16 = "UTF-16 units"


def _units_to_chars(text: str) -> list[int]:
    """For each UTF-16 unit offset 0..units: the character index, or -1 inside a pair."""
    out: list[int] = []
    for i, ch in enumerate(text):
        out.append(i)
        if ord(ch) > 0xFFFF:
            out.append(-1)
    out.append(len(text))
    return out


def _edge(text: str, pos: int) -> bool:
    """``pos`` is on a word boundary: not between two letters or digits."""
    if pos <= 0 or pos >= len(text):
        return True
    return not (text[pos - 1].isalnum() and text[pos].isalnum())


def _plain(words: str) -> str:
    return " ".join(words.split())


def _score(text: str, spans: list[tuple[int, int, str]], index: list[int] | None) -> int | None:
    """How well the spans fit ``text`` under one counting (None: some span cannot)."""
    total = 0
    for start, end, name in spans:
        if index is not None:
            if not 0 <= start <= end < len(index) or index[start] < 0 or index[end] < 0:
                return None
            start, end = index[start], index[end]
        elif not 0 <= start <= end <= len(text):
            return None
        if name.strip() and start < end:
            quoted, said = _plain(text[start:end]), _plain(name)
            if quoted == said or (len(said) >= 20 and quoted.startswith(said)):
                total += 3
        total += _edge(text, start) + _edge(text, end)
    return total


def _lf(text: str) -> tuple[str, list[int]]:
    """``text`` with LF line ends, and for each character position of ``text`` its position
    there (a CRLF's CR is dropped; a lone CR becomes LF)."""
    shift: list[int] = []
    dropped = 0
    for i, ch in enumerate(text):
        shift.append(i - dropped)
        if ch == "\r" and text[i + 1 : i + 2] == "\n":
            dropped += 1
    shift.append(len(text) - dropped)
    return text.replace("\r\n", "\n").replace("\r", "\n"), shift


@dataclass
class Placement:
    """A source's text as Workbench stores it and how its project's positions map onto it."""

    text: str  # LF line ends
    counting: str  # CHARACTERS or UTF16: what the project's positions count
    length: int  # the source's length in the project's counting
    _index: list[int] | None  # UTF-16 unit -> character of the original text
    _shift: list[int]  # character of the original text -> character of ``text``

    def place(self, start: int, end: int) -> tuple[int, int] | None:
        """The project's ``start``–``end`` as characters of :attr:`text` (None: outside,
        or splitting an emoji's two units)."""
        if not 0 <= start <= end <= self.length:
            return None
        if self._index is not None:
            start, end = self._index[start], self._index[end]
            if start < 0 or end < 0:
                return None
        return self._shift[start], self._shift[end]


def placement(
    text: str, spans: list[tuple[int, int, str]], origin: str = "", *, own: bool = False
) -> Placement:
    """How ``spans`` (start, end, name as the project gives them) fall in ``text``; ``own``
    when the project is a Workbench export (characters)."""
    counting, index = CHARACTERS, None
    if not own and any(ord(ch) > 0xFFFF for ch in text):
        units = _units_to_chars(text)
        by_chars, by_units = _score(text, spans, None), _score(text, spans, units)
        nvivo = "nvivo" in origin.lower()
        if by_units is not None and (
            by_chars is None or by_units > by_chars or (by_units == by_chars and nvivo)
        ):
            counting, index = UTF16, units
    if own:
        stored, shift = text, list(range(len(text) + 1))
    else:
        stored, shift = _lf(text)
    length = len(index) - 1 if index is not None else len(text)
    return Placement(stored, counting, length, index, shift)
