"""A command that writes refuses a file another window has open, and changes nothing.

The window is another process here, holding the engagement open as the window does.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.store import check_engagement, create_engagement, open_engagement

TRANSCRIPT = Path(__file__).parents[1] / "data" / "transcripts" / "zoom-recording.vtt"
WINDOW = textwrap.dedent(
    """
    import sys
    from workbench.store import open_engagement
    store = open_engagement(sys.argv[1], backup=False)
    print("open", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


def _counts(path: Path) -> dict[str, int]:
    with open_engagement(path, read_only=True, backup=False) as store:
        return store.counts()


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_write_to_a_file_open_in_a_window_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w2.wbk"
    with create_engagement(path, client="Acme Ltd", title="Review") as store:
        store.add_respondent("Li Wei")
    before = _counts(path)
    window = subprocess.Popen(
        [sys.executable, "-c", WINDOW, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert window.stdout.readline().strip() == "open"
        args = ["transcript", "import", str(path), str(TRANSCRIPT), "--respondent", "Li Wei",
                "--date", "2026-03-02", "--speaker", "Alice Kent=respondent"]  # fmt: skip
        assert main(args, out=io.StringIO()) == 1
        assert "open in another window" in capsys.readouterr().err
        assert main(["info", str(path)], out=io.StringIO()) == 0  # reading is fine
    finally:
        window.communicate("\n", timeout=60)
    assert window.returncode == 0
    assert _counts(path) == before
    assert check_engagement(path) == []
    # once the window has closed it, the same command writes
    assert main(args, out=io.StringIO()) == 0
    assert _counts(path) != before
