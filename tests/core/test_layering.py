"""The core never imports Qt: every core module is under the import-linter contract."""

from __future__ import annotations

import tomllib
from pathlib import Path

import workbench

ROOT = Path(workbench.__file__).resolve().parent.parent


def test_every_core_module_is_covered_by_the_no_qt_contract() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["name"] == "The core never imports Qt"
    )
    covered = set(contract["source_modules"])
    package = ROOT / "workbench"
    core = {
        f"workbench.{p.stem}"
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
        or (p.is_dir() and (p / "__init__.py").exists())
    } - {"workbench.ui"}
    assert core <= covered, f"add to the contract: {sorted(core - covered)}"


def test_core_modules_do_not_import_qt_at_all() -> None:
    offenders = []
    for path in (ROOT / "workbench").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "workbench").parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        if "import PySide6" in text or "from PySide6" in text:
            offenders.append(str(path))
    for path in (ROOT / "analyses").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "PySide6" in text or "sqlalchemy" in text:
            offenders.append(str(path))
    assert offenders == []
