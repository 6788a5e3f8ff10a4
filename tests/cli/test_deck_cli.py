"""`workbench deck`: the steering-committee deck from the command line, the same deck as
the window's, refusing a bad template without writing anything."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from workbench.cli import main


def _run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_deck_writes_a_presentation(demo_file: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    target = tmp_path / "deck.pptx"
    code, out = _run("deck", str(demo_file), "-o", str(target), "--analysis", "servqual")
    assert code == 0 and out.strip() == f"Wrote {target}"
    prs = Presentation(str(target))
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    assert titles[:3] == ["Service quality review and re-audit", "Agenda", "Executive summary"]
    assert "Action plan" in titles and titles[-1] == "Appendix: sample"


def test_deck_with_anonymise_and_k_names_nobody(demo_file: Path, tmp_path: Path) -> None:
    import zipfile

    from workbench.store import open_engagement

    target = tmp_path / "anon.pptx"
    code, _ = _run(
        "deck",
        str(demo_file),
        "-o",
        str(target),
        "--anonymise",
        "--k",
        "3",
        "--analysis",
        "seven-sins",
    )
    assert code == 0
    with open_engagement(demo_file, read_only=True, backup=False) as store:
        names = [r.name for r in store.respondents()]
    with zipfile.ZipFile(target) as z:
        text = "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "Respondent" in text
    assert not [n for n in names if n in text]


def test_deck_preview_lists_the_changes_and_writes_nothing(demo_file: Path, tmp_path: Path) -> None:
    code, out = _run("deck", str(demo_file), "--anonymise", "--preview", "--analysis", "servqual")
    assert code == 0
    assert out.startswith("Anonymising the deck would make ")
    assert "quasi-identifier" in out
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "not found"),
        (b"plain text", "is not a PowerPoint presentation (.pptx)"),
    ],
)
def test_deck_refuses_a_bad_template(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content, message
) -> None:
    template = tmp_path / "firm.pptx"
    if content is not None:
        template.write_bytes(content)
    target = tmp_path / "deck.pptx"
    code, _ = _run("deck", str(demo_file), "-o", str(target), "--template", str(template))
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workbench: slide template {template}") and message in err
    assert not target.exists()


def test_deck_needs_an_output(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = _run("deck", str(demo_file))
    assert code == 1
    assert "say where to write it: -o FILE" in capsys.readouterr().err
