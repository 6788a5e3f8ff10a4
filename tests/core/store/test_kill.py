"""A process killed with SIGKILL in the middle of a stream of edits loses nothing that returned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workbench.store import check_engagement, open_engagement

EDITOR = textwrap.dedent(
    """
    import sys
    from workbench.store import open_engagement

    store = open_engagement(sys.argv[1])
    i = 0
    while True:
        r = store.add_respondent(f"Respondent {i}", role="Analyst")
        store.update_respondent(r.id, org_unit=f"Unit {i}")
        print(f"{r.id} {i}", flush=True)
        i += 1
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_stream_loses_no_returned_edit(engagement_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(engagement_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ},
    )
    confirmed: dict[str, int] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        rid, index = line.split()
        confirmed[rid] = int(index)
        if len(confirmed) >= 60:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Anything printed after our last read was also committed first.
    for line in proc.stdout:
        if line.strip():
            rid, index = line.split()
            confirmed[rid] = int(index)

    assert check_engagement(engagement_path) == []
    with open_engagement(engagement_path) as store:
        stored = {r.id: r for r in store.respondents()}
    for rid, index in confirmed.items():
        assert rid in stored, f"edit {index} returned before the kill but is missing"
        assert stored[rid].org_unit == f"Unit {index}"
    assert check_engagement(engagement_path) == []
