from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbench.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.wbk"
    build_demo(path).close()
    return path


@pytest.fixture()
def two_copies(demo_master: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two consultants' copies of the same demo engagement."""
    a, b = tmp_path / "anna.wbk", tmp_path / "ben.wbk"
    shutil.copyfile(demo_master, a)
    shutil.copyfile(demo_master, b)
    return a, b
