from __future__ import annotations

from pathlib import Path

import pytest

from workbench.store import create_engagement


@pytest.fixture
def engagement_path(tmp_path: Path) -> Path:
    path = tmp_path / "acme.wbk"
    create_engagement(path, client="Acme Ltd", title="Service review").close()
    return path


@pytest.fixture
def store(engagement_path: Path):
    from workbench.store import open_engagement

    s = open_engagement(engagement_path)
    yield s
    s.close()
