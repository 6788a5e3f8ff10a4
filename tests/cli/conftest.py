from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo engagement shared by the read-only command-line tests."""
    from workbench.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.wbk"
    build_demo(path).close()
    return path


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    """A new, empty engagement made by ``workbench new`` (client Acme, title Forms)."""
    from cli_driver import run

    path = tmp_path / "e.wbk"
    assert run("new", str(path), "--client", "Acme", "--title", "Forms")[0] == 0
    return path
