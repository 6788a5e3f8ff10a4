"""The encoding of a text file another program wrote (a transcript, a list of people).

UTF-16 by its byte-order mark, or without one by NUL bytes standing on one side of the
characters (every ASCII character has one, in Excel's "Unicode text" and Notepad's files);
UTF-8 (with or without its mark); otherwise the 8-bit encoding the survey importer
recognises with charset-normalizer (Windows-1252, Windows-1251, KOI8-R, Shift JIS…).
"""

from __future__ import annotations

import codecs
from pathlib import Path

__all__ = ["text_encoding"]


def text_encoding(data: bytes, path: str | Path) -> str:
    """The encoding ``data`` (the bytes of the file at ``path``) is written in; ValueError
    naming the reason when it reads as no text encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    sample = data[:4096]
    nuls = sample.count(0)
    if nuls >= max(2, len(sample) // 16):
        odd = sample[1::2].count(0)
        if max(odd, nuls - odd) >= 0.9 * nuls:
            return "utf-16-le" if odd >= nuls - odd else "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from workbench.deliver.survey_exports import eight_bit_encoding

    return eight_bit_encoding(path)
