"""Workbench: the service-management consultant's workbench.

The package is a headless core (everything outside :mod:`workbench.ui`) with a Qt
user interface on top of it.  The core never imports Qt.
"""

from __future__ import annotations

__version__ = "0.1.0"


class WorkbenchWarning(UserWarning):
    """Warnings raised by Workbench itself (treated as errors in the test suite)."""
