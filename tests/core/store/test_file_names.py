"""A file name reaches SQLite as a name: edits land in the file the consultant named."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.store import create_engagement, open_engagement
from workbench.store.sqlite import sqlite_uri

NAMES = ["p%41ct.wbk", "a#b.wbk", "two words.wbk", "Zürich – café.wbk"]
if os.name != "nt":  # Windows allows neither "?" nor ":" in a file name
    NAMES += ["q?x.wbk", "file:x.wbk"]


@pytest.mark.parametrize("name", NAMES)
def test_edits_land_in_the_named_file(tmp_path: Path, name: str) -> None:
    decoy = tmp_path / "pAct.wbk"
    create_engagement(decoy, client="Decoy", title="Other").close()
    decoy_bytes = decoy.read_bytes()
    path = tmp_path / name
    create_engagement(path, client="Acme", title="Review").close()
    with open_engagement(path) as store:
        store.add_respondent("Ana Lopez")
    with open_engagement(path, read_only=True) as store:
        assert store.engagement().client == "Acme"
        assert [r.name for r in store.respondents()] == ["Ana Lopez"]
    assert decoy.read_bytes() == decoy_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "pAct.wbk"])


@pytest.mark.skipif(os.name == "nt", reason="Windows allows no '?' in a file name")
def test_new_with_a_question_mark_in_the_name(tmp_path: Path) -> None:
    path = tmp_path / "q?x.wbk"
    assert main(["new", str(path), "--client", "Acme", "--title", "Review"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["q?x.wbk"]
    assert main(["check", str(path)]) == 0


def test_uris_quote_every_special_character() -> None:
    uri = sqlite_uri("/tmp/q?x#y%41 ü.wbk", mode="ro")
    assert uri == "file:///tmp/q%3Fx%23y%2541%20%C3%BC.wbk?mode=ro"
