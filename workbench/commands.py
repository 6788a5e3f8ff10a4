"""Subcommand groups of the ``workbench`` command, one registrar each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

REGISTRARS: list[Callable[[Any], None]] = []
