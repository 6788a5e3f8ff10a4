"""Names shown for values a respondent may lack, the same in the window, the analyses'
tables and every deliverable.  Light on purpose (no pandas): the window imports it at
start-up."""

from __future__ import annotations

from typing import Any

#: How a respondent with no segment is named wherever segments are listed or grouped.
NO_SEGMENT = "No segment"
#: The explicit choice of every wave at once (``EngagementData.filter(wave=ALL_WAVES)``),
#: offered by the scope choices of the window's pages.
ALL_WAVES = "(all waves)"


def segment_label(value: Any) -> str:
    """A respondent's segment as shown: :data:`NO_SEGMENT` when it is unset (None, NaN or
    blank), else the segment's own text."""
    if value is None or value != value or not str(value).strip():
        return NO_SEGMENT
    return str(value)


#: How ``interview.source_ref`` starts for a source of another QDA tool's project and for
#: a transcript (``coding.qdpx.SOURCE_REF``, ``coding.transcripts.TRANSCRIPT_REF``: the same
#: strings, which a test checks; named here because analyses may not import the coding).
QDA_REF, TRANSCRIPT_REF = "refi-qda:", "transcript:"

#: What one completed piece of material is called, by kind (see :func:`material_kind`).
MATERIAL_NOUNS = {"interview": "interview", "response": "response", "source": "source"}


def material_kind(source_ref: Any) -> str:
    """What an interview row holds, by where it came from: ``"source"`` a source of a
    project brought in from another QDA tool (REFI-QDA), ``"response"`` a survey
    platform's export, ``"interview"`` an interview held (a form filled in, a transcript,
    a plain sheet of answers)."""
    ref = source_ref if isinstance(source_ref, str) else ""
    if ref.startswith(QDA_REF):
        return "source"
    if ref and not ref.startswith(TRANSCRIPT_REF):
        return "response"
    return "interview"


def _kinds(kinds: Any) -> list[str]:
    """The kinds in :data:`MATERIAL_NOUNS`' order, each once; interviews when none."""
    given = set(kinds or ())
    return [k for k in MATERIAL_NOUNS if k in given] or ["interview"]


def material_noun(count: int, kinds: Any = ("interview",)) -> str:
    """The material counted, in words fitting what it is: "1 interview", "4 responses",
    "3 sources", "6 interviews and responses" (``kinds`` the kinds counted)."""
    from workbench.plural import noun

    words = [noun(count, MATERIAL_NOUNS[k]) for k in _kinds(kinds)]
    joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"{count} {joined}"


def material_word(kinds: Any = ("interview",), plural: bool = True) -> str:
    """The noun alone ("interviews", "responses", "interviews and responses"), for a
    sentence that counts nothing ("Only completed responses are counted")."""
    return material_noun(2 if plural else 1, kinds).split(" ", 1)[1]


def material_heading(kinds: Any = ("interview",)) -> str:
    """The heading of a column counting the material: "Interviews", "Responses",
    "Sources", "Interviews and responses"."""
    word = material_word(kinds)
    return word[:1].upper() + word[1:]


def completed_phrase(count: int, kinds: Any = ("interview",)) -> str:
    """ "3 completed interviews", "4 completed responses", "6 completed interviews and
    responses": the window's count of the material in scope."""
    number, _, words = material_noun(count, kinds).partition(" ")
    return f"{number} completed {words}"
