"""The user's settings that the core needs: the consultant's name.

A report says who conducted the interviews; that is the consultant's name as they gave
it ("Your name"), never the operating system's login name.  The name lives in a small
JSON file in the platform's user config folder (``platformdirs``), or in
``$WORKBENCH_CONFIG_DIR`` — or, when only ``$WORKBENCH_DATA_DIR`` is set (as in tests),
beside the user data.  The window asks for it once, on first use (:func:`name_asked`
says whether it has); the command line takes ``--interviewer``.

Standard library only: the window imports this at start-up.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"
#: How a sentence names the consultant when no name was given.
UNNAMED = "the consultant"


def config_dir() -> Path:
    override = os.environ.get("WORKBENCH_CONFIG_DIR") or os.environ.get("WORKBENCH_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_config_dir

        path = Path(user_config_dir("Workbench", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _read() -> dict[str, Any]:
    try:
        data = json.loads((config_dir() / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(values: dict[str, Any]) -> None:
    from workbench.paths import atomic_path

    with atomic_path(config_dir() / SETTINGS_FILE) as tmp:
        tmp.write_text(json.dumps(values, indent=2, ensure_ascii=False), encoding="utf-8")


def consultant_name() -> str:
    """The name the consultant gave ("" until they give one; never the login name)."""
    value = _read().get("name", "")
    return value.strip() if isinstance(value, str) else ""


def set_consultant_name(name: str) -> None:
    """Store the consultant's name (blank clears it) and remember that it was asked."""
    name = " ".join(str(name).split())
    if len(name) > 200:
        raise ValueError("a name of at most 200 characters, please")
    values = _read()
    values["name"] = name
    values["name_asked"] = True
    _write(values)


def name_asked() -> bool:
    """Whether the consultant has been asked for their name (the window asks once)."""
    return bool(_read().get("name_asked", False))


def mark_name_asked() -> None:
    """Remember that the question was put, even if the consultant left it blank."""
    values = _read()
    values["name_asked"] = True
    _write(values)


def interviewer_or_default(given: str | None = None) -> str:
    """``given`` (e.g. ``--interviewer``) if not blank, else the stored name, else ""."""
    given = " ".join((given or "").split())
    return given or consultant_name()
