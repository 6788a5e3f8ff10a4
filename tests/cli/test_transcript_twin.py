"""``workbench transcript import --respondent`` warns when the new interview duplicates one
the respondent already has (same form, same wave) and when its date is outside the
engagement's dates."""

from __future__ import annotations

import contextlib
import io
from datetime import date
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.forms.library import builtin_form
from workbench.store import create_engagement, open_engagement

DATA = Path(__file__).resolve().parents[1] / "data" / "transcripts"
VTT = str(DATA / "zoom-recording.vtt")


@pytest.fixture
def path(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "e.wbk"
    store = create_engagement(
        path,
        client="Acme",
        title="Review",
        waves=("baseline", "re-audit"),
        start_date=date(2026, 3, 2),
        end_date=date(2026, 10, 7),
    )
    base = store.waves()[0].id
    zoe = store.add_respondent("Zoe Turner", segment="staff")
    form = builtin_form("stakeholder-interview")
    iv = store.new_interview(zoe.id, form, wave_id=base, date=date(2026, 3, 8))
    store.update_interview(iv.id, status="complete")
    store.close()
    return path, iv.id


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["transcript", "import", *args], out=out)
    return code, out.getvalue(), err.getvalue()


def test_a_second_interview_on_the_form_in_the_wave_is_warned_of(path) -> None:
    path, existing = path
    title = builtin_form("stakeholder-interview").title
    code, out, err = _run([str(path), VTT, "--respondent", "Zoe Turner", "--no-respondent",
                           "--date", "2026-11-29", "--wave", "baseline"])  # fmt: skip
    assert code == 0, err
    assert (
        f"Warning: Zoe Turner already has a complete {title} interview in the baseline wave "
        f"(8 Mar 2026). This creates another; give --interview {existing} to add the "
        "transcript to that one instead"
    ) in out
    assert "Warning: 29 Nov 2026 is outside the engagement's dates (2 Mar – 7 Oct 2026)." in out
    with open_engagement(path) as store:
        assert len(store.interview_rows(progress=False)) == 2  # a warning: still created


def test_another_wave_within_the_dates_is_not_warned_of(path) -> None:
    path, _existing = path
    code, out, err = _run([str(path), VTT, "--respondent", "Zoe Turner", "--no-respondent",
                           "--date", "2026-09-30"])  # fmt: skip
    assert code == 0, err
    assert "Warning: Zoe Turner already has" not in out
    assert "outside the engagement's dates" not in out
