"""The demo engagement for the window's tests: built once per session, copied per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from workbench.demo import build_demo

    path = tmp_path_factory.mktemp("demo-master") / "demo.wbk"
    build_demo(path).close()
    return path


@pytest.fixture
def demo_file(demo_master: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo engagement, free to change."""
    path = tmp_path / "meridian.wbk"
    shutil.copy(demo_master, path)
    return path


@pytest.fixture
def ctx(qtbot, demo_file: Path):
    """An AppContext with the demo engagement open."""
    from workbench.store import open_engagement
    from workbench.ui.context import AppContext

    context = AppContext()
    context.set_store(open_engagement(demo_file))
    yield context
    context.tasks.wait()
    context.set_store(None)
