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
