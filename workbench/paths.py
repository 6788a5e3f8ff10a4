"""Where the built-in material lives: forms, report templates, resources.

In an installed wheel the three folders travel inside the package as
``workbench/_builtin/<name>``; in a source checkout they sit at the top of the
repository.  User data (automatic backups, settings) goes to the platform's user data
folder, or to ``$WORKBENCH_DATA_DIR`` when that is set (tests set it).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _builtin(name: str) -> Path:
    installed = _PACKAGE / "_builtin" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def forms_dir() -> Path:
    return _builtin("forms")


def report_templates_dir() -> Path:
    return _builtin("report_templates")


def resources_dir() -> Path:
    return _builtin("resources")


def user_data_dir() -> Path:
    override = os.environ.get("WORKBENCH_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir as _platform_dir

        path = Path(_platform_dir("Workbench", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
