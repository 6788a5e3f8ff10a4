"""Fixtures for the analysis tests: a headless matplotlib and a tiny engagement builder."""

from __future__ import annotations

import matplotlib
import pytest
from _analysis_builders import Builder, add_servqual

matplotlib.use("Agg")


@pytest.fixture
def builder() -> Builder:
    return Builder()


@pytest.fixture
def sq_builder(builder: Builder) -> Builder:
    """The builder holding the three-respondent SERVQUAL engagement of test_servqual."""
    return add_servqual(builder)
