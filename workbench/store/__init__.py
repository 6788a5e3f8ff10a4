"""The engagement file: one SQLite file per engagement, every edit committed at once.

Opening, checking and refusing a file (``workbench.store.database``) need nothing of
SQLAlchemy; the :class:`Store` and what comes with it are imported when first named, so
that a window can show a file it opens while SQLAlchemy and the models load.
"""

from __future__ import annotations

from typing import Any

from workbench.store.database import (
    SCHEMA_HEAD,
    DamagedFile,
    DiskFull,
    EngagementFileError,
    FileBusy,
    ForeignSchema,
    NewerSchema,
    NotAnEngagementFile,
    check_engagement,
    create_engagement,
    list_backups,
    open_engagement,
)

_LATER = {
    "AnswerError": "workbench.store.interviews",
    "ReadOnlyError": "workbench.store.store",
    "SearchHit": "workbench.store.store",
    "Store": "workbench.store.store",
}

__all__ = [
    "SCHEMA_HEAD",
    "AnswerError",
    "DamagedFile",
    "DiskFull",
    "EngagementFileError",
    "FileBusy",
    "ForeignSchema",
    "NewerSchema",
    "NotAnEngagementFile",
    "ReadOnlyError",
    "SearchHit",
    "Store",
    "check_engagement",
    "create_engagement",
    "list_backups",
    "open_engagement",
]


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
