"""Simple Markdown as plain text: a memo written with emphasis and headings (QualCoder's
project memo, ``**Research topic:**``) shown in a deliverable keeps its words, not its
markers."""

from __future__ import annotations

import re

_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.M)
_STRONG = re.compile(
    r"(?<![\w*])\*\*(?=\S)(.+?)(?<=\S)\*\*(?![\w*])"
    r"|(?<![\w_])__(?=\S)(.+?)(?<=\S)__(?![\w_])"
)
_EM = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])"
    r"|(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])"
)
_CODE = re.compile(r"`([^`\n]+)`")


def plain_text(markdown: str) -> str:
    """``markdown`` with its headings' ``#`` marks, its ``**strong**``/``__strong__`` and
    ``*emphasis*``/``_emphasis_`` markers and its ``code`` backticks removed, the words
    kept; anything else (lists, line breaks, a lone ``*``, ``snake_case``) as it was."""
    text = _HEADING.sub(r"\1", markdown)
    text = _STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    text = _EM.sub(lambda m: m.group(1) or m.group(2), text)
    return _CODE.sub(r"\1", text)
