"""A codebook and a rules file are read by one YAML reader: every refusal comes back as
the reader's own error, naming the file (and the line), and nothing else is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.coding.codebook import CodebookError, load_codebook_yaml
from workbench.coding.rules import RuleError, load_ruleset

READERS = [(load_codebook_yaml, CodebookError), (load_ruleset, RuleError)]


@pytest.mark.parametrize(("read", "error"), READERS, ids=["codebook", "rules"])
def test_each_refusal_names_the_file(tmp_path: Path, read, error) -> None:
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("name: X\nitems: [\n")
    with pytest.raises(error, match=r"bad\.yaml: line 3, column 1 is not valid YAML"):
        read(bad_yaml)

    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9\n".encode("latin-1"))
    with pytest.raises(error, match=r"latin\.yaml: is not UTF-8 text$"):
        read(latin)

    with pytest.raises(error, match=r"missing\.yaml"):
        read(tmp_path / "missing.yaml")

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(error, match=r"pipe\.yaml"):  # refused before it is opened
        read(fifo)

    huge = tmp_path / "huge.yaml"
    huge.write_text("x: " + "y" * (6 * 1024**2))
    with pytest.raises(error, match=r"huge\.yaml: the YAML file is"):
        read(huge)
