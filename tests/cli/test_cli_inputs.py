"""Files that would hang or crash a reader get a message: FIFOs, symlink loops, deep .qdc."""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.cli import main


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """Fail, rather than hang the suite, if a reader blocks on a FIFO."""

    def hung(*args: object) -> None:
        raise TimeoutError("the command hung")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    path = tmp_path / "e.wbk"
    assert main(["new", str(path), "--client", "A", "--title", "B"], out=io.StringIO()) == 0
    return path


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args), out=io.StringIO())
    captured = capsys.readouterr()
    err = captured.err
    assert code == 1, (args, err)
    assert "Traceback" not in err and len(err.splitlines()) <= 3, err
    return err


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx", ".csv", ".qdc"])
def test_a_fifo_is_refused_wherever_a_file_is_read(
    tmp_path: Path, engagement: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    fifo = tmp_path / f"input{suffix}"
    os.mkfifo(fifo)
    if suffix in (".yaml", ".xlsx"):
        assert "named pipe" in refused(capsys, "form", "check", str(fifo))
        assert "named pipe" in refused(capsys, "form", "import", str(engagement), str(fifo))
    if suffix in (".yaml", ".xlsx", ".csv", ".qdc"):
        assert "named pipe" in refused(capsys, "codebook", "import", str(engagement), str(fifo))
    if suffix in (".xlsx", ".csv"):
        err = refused(capsys, "import", str(engagement), str(fifo), "--form", "servqual")
        assert "named pipe" in err
    if suffix == ".yaml":
        sheet = tmp_path / "r.csv"
        sheet.write_text("name\nAna\n", encoding="utf-8")
        err = refused(
            capsys,
            "import",
            str(engagement),
            str(sheet),
            "--form",
            "servqual",
            "--mapping",
            str(fifo),
        )
        assert "named pipe" in err


@pytest.mark.parametrize("suffix", [".yaml", ".xlsx", ".csv", ".qdc"])
def test_a_symlink_loop_is_named(
    tmp_path: Path, engagement: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    loop = tmp_path / f"cycle{suffix}"
    loop.symlink_to(loop)
    said = "points to itself"
    assert said in refused(capsys, "codebook", "import", str(engagement), str(loop))
    if suffix in (".yaml", ".xlsx"):
        assert said in refused(capsys, "form", "check", str(loop))
        assert said in refused(capsys, "form", "import", str(engagement), str(loop))
    if suffix in (".xlsx", ".csv"):
        assert said in refused(capsys, "import", str(engagement), str(loop), "--form", "servqual")


def test_a_qdc_nested_a_thousand_deep_is_refused(
    tmp_path: Path, engagement: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import uuid

    depth = 1000
    opening = "".join(
        f'<Code guid="{uuid.uuid4()}" name="c{i}" isCodable="true">' for i in range(depth)
    )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        + opening
        + "</Code>" * depth
        + "</Codes></CodeBook>"
    )
    deep = tmp_path / "deep.qdc"
    deep.write_text(xml, encoding="utf-8")
    err = refused(capsys, "codebook", "import", str(engagement), str(deep))
    assert "nested more than" in err and "deep.qdc" in err


def test_a_folder_given_as_a_file_is_named(
    tmp_path: Path, engagement: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "answers.csv"
    folder.mkdir()
    err = refused(capsys, "import", str(engagement), str(folder), "--form", "servqual")
    assert "is a folder" in err


def test_an_engagement_ending_before_it_starts_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the window's New Engagement refuses it: no file is made."""
    path = tmp_path / "late.wbk"
    err = refused(
        capsys, "new", str(path), "--client", "A", "--title", "B",
        "--start", "2026-11-30", "--end", "2026-03-01",
    )  # fmt: skip
    assert "would end (2026-03-01) before it starts (2026-11-30)" in err
    assert not path.exists() and list(tmp_path.iterdir()) == []
