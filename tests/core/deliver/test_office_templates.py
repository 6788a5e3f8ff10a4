"""A firm's Word or PowerPoint template is checked by one helper and refused in the same
words by the report and by the deck: which file, what is wrong, how to save it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from workbench.deliver.deck_layout import DeckError, open_template
from workbench.deliver.safety import open_office_template
from workbench.deliver.word import ReportError, _open_template, default_template


def _pptx(path: Path) -> Path:
    from pptx import Presentation

    Presentation().save(str(path))
    return path


def _docx(path: Path) -> Path:
    path.write_bytes(default_template().read_bytes())
    return path


def _retyped(path: Path, old: bytes, new: bytes) -> Path:
    out = path.with_name("retyped" + path.suffix)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                assert old in data
                data = data.replace(old, new)
            dst.writestr(item, data)
    out.replace(path)
    return path


WORD_MAIN = b"wordprocessingml.document.main+xml"
DECK_MAIN = b"presentationml.presentation.main+xml"
CASES = {
    "missing": lambda p, make, main: p,
    "folder": lambda p, make, main: (p.mkdir(), p)[1],
    "text": lambda p, make, main: (p.write_text("not an Office file"), p)[1],
    "template": lambda p, make, main: _retyped(
        make(p), main, main.replace(b".document.", b".template.").replace(
            b".presentation.", b".template."
        )
    ),
    "macros": lambda p, make, main: _retyped(make(p), main, main + b"\" x=\"macroEnabled"),
}
WORDS = {
    ".docx": {
        "missing": "report template {p} not found",
        "folder": "report template {p} is not a file",
        "text": "report template {p} is not a Word document (.docx); save it from Word as "
        "'Word Document (*.docx)'",
        "template": "report template {p} is a Word template (.dotx); open it in Word and save "
        "it as a Word Document (.docx)",
        "macros": "report template {p} contains macros; save it as a plain .docx",
    },
    ".pptx": {
        "missing": "slide template {p} not found",
        "folder": "slide template {p} is not a file",
        "text": "slide template {p} is not a PowerPoint presentation (.pptx); save it from "
        "PowerPoint as 'PowerPoint Presentation (*.pptx)'",
        "template": "slide template {p} is a PowerPoint template (.potx); open it in "
        "PowerPoint and save it as a PowerPoint Presentation (.pptx)",
        "macros": "slide template {p} contains macros; save it as a plain .pptx",
    },
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_report_and_the_deck_refuse_a_template_in_the_same_words(tmp_path, case) -> None:
    docx, pptx = tmp_path / "firm.docx", tmp_path / "firm.pptx"
    CASES[case](docx, _docx, WORD_MAIN)
    CASES[case](pptx, _pptx, DECK_MAIN)
    with pytest.raises(ReportError) as word:
        _open_template(docx)
    assert str(word.value) == WORDS[".docx"][case].format(p=docx)
    with pytest.raises(DeckError) as deck:
        open_template(pptx)
    assert str(deck.value) == WORDS[".pptx"][case].format(p=pptx)


def test_a_good_template_is_read_and_a_reader_failure_is_said(tmp_path) -> None:
    assert _open_template(_docx(tmp_path / "firm.docx")) is not None
    assert open_template(_pptx(tmp_path / "firm.pptx")).slide_layouts

    def broken(path: Path) -> None:
        raise ValueError("no styles part")

    path = _docx(tmp_path / "other.docx")
    with pytest.raises(LookupError, match=re.escape(f"x {path} cannot be read: no styles part")):
        open_office_template(path, "x", ".docx", LookupError, broken)
