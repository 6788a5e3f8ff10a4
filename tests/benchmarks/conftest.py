"""Benchmarks: speed as ratios against a baseline measured in the same run.

They run only when asked (``WORKBENCH_BENCHMARKS=1``), print their ratios, and assert
nothing about time: a slow machine must not fail the suite.
"""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("WORKBENCH_BENCHMARKS") == "1":
        return
    skip = pytest.mark.skip(reason="benchmarks run with WORKBENCH_BENCHMARKS=1")
    for item in items:
        if "benchmarks" in str(item.fspath):
            item.add_marker(skip)
