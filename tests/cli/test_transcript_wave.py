"""``workbench transcript import --respondent``: the new interview goes into the latest wave
unless --wave says otherwise, and a respondent --new-respondent adds is told their segment."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.forms.library import builtin_form
from workbench.store import create_engagement, open_engagement

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
VTT = str(DATA / "zoom-recording.vtt")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = tmp_path / "e.wbk"
    store = create_engagement(path, client="Acme", title="Review", waves=("baseline", "re-audit"))
    store.add_respondent("Zoe Turner", segment="staff")
    store.close()
    return path


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["transcript", "import", *args], out=out)
    return code, out.getvalue(), err.getvalue()


def _waves(path: Path) -> dict[str, str]:
    """Respondent name → the wave of their interview."""
    with open_engagement(path) as store:
        return {r.respondent: r.wave for r in store.interview_rows(progress=False)}


def test_the_new_interview_goes_into_the_latest_wave(path: Path) -> None:
    code, out, err = _run([str(path), VTT, "--respondent", "Zoe Turner", "--no-respondent",
                           "--date", "2026-09-30"])  # fmt: skip
    assert code == 0, err
    assert "Wave: re-audit (the latest; give --wave NAME to choose)" in out
    assert _waves(path) == {"Zoe Turner": "re-audit"}


def test_wave_chooses_the_wave(path: Path) -> None:
    code, out, err = _run([str(path), VTT, "--respondent", "Zoe Turner", "--no-respondent",
                           "--date", "2026-03-30", "--wave", "Baseline"])  # fmt: skip
    assert code == 0, err
    assert "Wave: baseline (from --wave)" in out
    assert _waves(path) == {"Zoe Turner": "baseline"}


def test_an_unknown_wave_is_refused_and_changes_nothing(path: Path) -> None:
    code, _out, err = _run([str(path), VTT, "--respondent", "Zoe Turner", "--no-respondent",
                            "--date", "2026-03-30", "--wave", "final"])  # fmt: skip
    assert code == 1
    assert "--wave 'final': no such wave (the engagement's waves: 'baseline', 're-audit')" in err
    assert _waves(path) == {}


def test_wave_with_an_existing_interview_is_refused(path: Path) -> None:
    with open_engagement(path) as store:
        zoe = store.respondents()[0].id
        iid = store.new_interview(zoe, builtin_form("stakeholder-interview")).id
    code, _out, err = _run([str(path), VTT, "--interview", iid, "--wave", "re-audit"])
    assert code == 1 and "--wave is for a new interview" in err


def test_a_new_respondent_is_told_their_segment(path: Path) -> None:
    code, out, err = _run([str(path), VTT, "--respondent", "Alice Kent", "--new-respondent",
                           "--speaker", "Alice Kent=respondent", "--date", "2026-09-30"])  # fmt: skip
    assert code == 0, err
    assert (
        "New respondent: Alice Kent, segment external customer (the default; give --segment "
        "to choose)" in out
    )
    code, out, err = _run([str(path), VTT, "--respondent", "Ben Harrow", "--new-respondent",
                           "--no-respondent", "--date", "2026-09-30", "--segment", "supplier",
                           "--add-anyway"])  # fmt: skip
    assert code == 0, err
    assert "New respondent: Ben Harrow, segment supplier\n" in out
    with open_engagement(path) as store:
        segments = {r.name: r.segment for r in store.respondents()}
    assert segments["Ben Harrow"] == "supplier"
    code, _out, err = _run([str(path), VTT, "--respondent", "Cy Dee", "--new-respondent",
                            "--date", "2026-09-30", "--segment", "vip"])  # fmt: skip
    assert code == 1 and "--segment 'vip': not a segment" in err
    code, _out, err = _run([str(path), VTT, "--respondent", "Zoe Turner",
                            "--date", "2026-09-30", "--segment", "staff"])  # fmt: skip
    assert code == 1 and "--segment is for a respondent --new-respondent adds" in err
