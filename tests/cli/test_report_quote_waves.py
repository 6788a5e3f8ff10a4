"""The quotes appendix follows the report's wave scope, as its analyses do: the latest
wave by default, the wave chosen, or every wave with each quote's wave named."""

from __future__ import annotations

import io
from pathlib import Path

from workbench.cli import main

BASELINE = "March 2026"  # the demo's baseline fieldwork
RE_AUDIT = "September 2026"  # its re-audit


def _quotes(demo_file: Path, path: Path, *extra: str) -> tuple[str, str, list[str]]:
    """(heading, introduction, attribution lines) of the report's quotes appendix."""
    import docx

    argv = ["report", str(demo_file), "-o", str(path), "--sections", "quotes", *extra]
    assert main(argv, out=io.StringIO()) == 0
    paras = docx.Document(path).paragraphs
    at = next(
        i for i, p in enumerate(paras)
        if p.style.name.startswith("Heading 1") and p.text.startswith("Appendix: Selected")
    )  # fmt: skip
    lines = [p.text for p in paras[at:] if p.text.startswith("\u2014 ")]
    return paras[at].text, paras[at + 1].text, lines


def test_the_default_report_quotes_the_latest_wave(demo_file: Path, tmp_path: Path) -> None:
    heading, intro, lines = _quotes(demo_file, tmp_path / "r.docx")
    assert heading == "Appendix: Selected quotes (wave: re-audit)"
    assert "the interviews of the re-audit wave" in intro
    quoted = [line for line in lines if "observation" not in line]
    assert quoted and all(line.endswith(RE_AUDIT) for line in quoted), quoted[:5]
    # One wave in scope: no quote carries a wave label.
    assert not any(line.endswith(" wave") for line in lines)


def test_a_chosen_wave_is_quoted_alone(demo_file: Path, tmp_path: Path) -> None:
    heading, intro, lines = _quotes(demo_file, tmp_path / "r.docx", "--wave", "baseline")
    assert heading == "Appendix: Selected quotes (wave: baseline)"
    assert "the interviews of the baseline wave" in intro
    quoted = [line for line in lines if "observation" not in line]
    assert quoted and all(line.endswith(BASELINE) for line in quoted)


def test_all_waves_label_each_quote_with_its_wave(demo_file: Path, tmp_path: Path) -> None:
    heading, intro, lines = _quotes(demo_file, tmp_path / "r.docx", "--all-waves")
    assert heading == "Appendix: Selected quotes (all waves)"
    assert "each marked with its wave" in intro
    assert all(line.endswith((", baseline wave", ", re-audit wave")) for line in lines)
    for line in lines:
        if "observation" not in line:
            wave_date = RE_AUDIT if line.endswith("re-audit wave") else BASELINE
            assert wave_date in line
    assert any(line.endswith("re-audit wave") for line in lines)
    assert any(line.endswith("baseline wave") for line in lines)


def test_the_deck_notes_name_the_wave_only_across_waves(demo_file: Path, tmp_path: Path) -> None:
    from pptx import Presentation

    def said(*extra: str) -> list[str]:
        path = tmp_path / "d.pptx"
        assert main(["deck", str(demo_file), "-o", str(path), *extra], out=io.StringIO()) == 0
        notes = [s.notes_slide.notes_text_frame.text for s in Presentation(path).slides]
        return [ln for n in notes for ln in n.splitlines() if ln.startswith("\u201c")]

    latest = said()
    assert latest and all(RE_AUDIT in ln and " wave [" not in ln for ln in latest), latest[:3]
    pooled = said("--all-waves")
    waves = ("baseline wave", "re-audit wave")
    assert pooled and all(ln.split(" [")[0].endswith(waves) for ln in pooled)
