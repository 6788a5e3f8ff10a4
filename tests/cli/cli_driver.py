"""The `workbench` command run in-process, as the command-line tests run it."""

from __future__ import annotations

import io

from workbench.cli import main


def run(*args: str) -> tuple[int, str]:
    """The exit status and what the command wrote to its output (stderr is the test's)."""
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()
