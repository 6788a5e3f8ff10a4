"""A deliverable that cannot be written says so in words, naming the file, the reason and,
when permission is refused, the application that may hold the file open; nothing is left
at the target."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from workbench.deliver.context import EngagementInfo
from workbench.deliver.deck import build_deck
from workbench.deliver.deck_layout import DeckError
from workbench.deliver.excel import WorkbookError, write_workbook
from workbench.deliver.word import ReportError, build_report


@contextmanager
def _refused(path):
    raise PermissionError(13, "Permission denied")
    yield path  # never reached: the target is refused before anything is written


def test_a_report_into_a_missing_folder_names_the_file(tmp_path: Path, context) -> None:
    target = tmp_path / "missing" / "r.docx"
    with pytest.raises(ReportError) as raised:
        build_report(target, context)
    assert str(raised.value) == (
        f"cannot write the report to {target}: folder {target.parent} does not exist"
    )
    assert not target.parent.exists()


def test_a_report_open_in_word_is_named(tmp_path: Path, context, monkeypatch) -> None:
    monkeypatch.setattr("workbench.deliver.safety.atomic_path", _refused)
    target = tmp_path / "r.docx"
    with pytest.raises(ReportError, match=r"r\.docx: Permission denied \(is it open in Word\?\)$"):
        build_report(target, context)
    assert list(tmp_path.iterdir()) == []


def test_a_deck_open_in_powerpoint_is_named(tmp_path: Path, context, monkeypatch) -> None:
    monkeypatch.setattr("workbench.deliver.safety.atomic_path", _refused)
    target = tmp_path / "d.pptx"
    with pytest.raises(
        DeckError,
        match=r"cannot write the deck to .*d\.pptx: Permission denied \(is it open in PowerPoint\?\)$",
    ):
        build_deck(target, context)
    assert list(tmp_path.iterdir()) == []


def test_a_workbook_open_in_excel_is_named(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("workbench.deliver.excel.atomic_path", _refused)
    target = tmp_path / "w.xlsx"
    info = EngagementInfo(title="T", client="C")
    with pytest.raises(
        WorkbookError,
        match=r"cannot write the workbook to .*w\.xlsx: Permission denied \(is it open in Excel\?\)$",
    ):
        write_workbook(target, engagement=info, results=[])
    assert list(tmp_path.iterdir()) == []
