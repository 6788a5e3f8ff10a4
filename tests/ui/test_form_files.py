"""Importing a consultant's own form into the engagement from the window, and exporting one."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.forms.loader import load_form
from workbench.store import create_engagement
from workbench.ui.context import AppContext
from workbench.ui.form_files import export_form_file, import_form_file

FORM = """id: site-visit
title: Site visit
version: 2
sections:
  - key: visit
    title: Visit
    questions:
      - key: tidy
        type: scale
        label: How tidy was the walk-up desk?
        min: 1
        max: 5
"""


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    context = AppContext()
    context.set_store(create_engagement(tmp_path / "e.wbk", client="A", title="B"))
    yield context
    context.set_store(None)


def test_a_yaml_form_lands_in_the_engagement_and_comes_back_out(ctx, tmp_path: Path) -> None:
    source = tmp_path / "site-visit.yaml"
    source.write_text(FORM)
    changed = []
    ctx.data_changed.connect(changed.append)
    row = import_form_file(ctx, None, str(source))
    assert (row.form_id, row.version, row.source) == ("site-visit", 2, "imported")
    assert "forms" in changed
    assert [f.id for f in ctx.store.engagement_forms()] == ["site-visit"]
    target = tmp_path / "out.yaml"
    assert export_form_file(ctx, None, "site-visit", str(target)) == str(target)
    assert load_form(target) == load_form(source)


def test_a_broken_form_changes_nothing(ctx, tmp_path: Path) -> None:
    source = tmp_path / "broken.yaml"
    source.write_text(FORM.replace("type: scale", "type: slider"))
    assert import_form_file(ctx, None, str(source)) is None
    assert ctx.store.engagement_forms() == []
