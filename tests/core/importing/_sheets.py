"""What the import tests share: a CSV file written from its lines."""

from __future__ import annotations

from pathlib import Path


def sheet(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join((header, *rows)) + "\n", encoding="utf-8")
    return path
