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
