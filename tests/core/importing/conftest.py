"""An engagement holding the test module's own form (its ``FORM``), as a file's import
finds it; a module with a fixture of its own keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.store import create_engagement


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path):
    s = create_engagement(tmp_path / "e.wbk", client="A", title="B")
    s.ensure_form_version(request.module.FORM, source="imported")
    yield s
    s.close()
