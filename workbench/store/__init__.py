"""The engagement file: one SQLite file per engagement, every edit committed at once."""

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
from workbench.store.interviews import AnswerError
from workbench.store.store import ReadOnlyError, SearchHit, Store

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
