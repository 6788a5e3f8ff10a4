"""Team work: merging consultants' copies of an engagement, the audit trail, and the
shared store on PostgreSQL.  Standard library only here: the command line imports it."""

from __future__ import annotations

from typing import Any

URL_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_url(text: Any) -> bool:
    """Whether ``text`` names a shared store (``postgresql://…``) rather than a file."""
    return str(text).startswith(URL_SCHEMES)
