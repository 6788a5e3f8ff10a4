"""A file's schema taken back to an older revision with the migrations' own downgrades,
to test how a file that older Workbench made is upgraded and read."""

from __future__ import annotations

from pathlib import Path


def downgrade(path: Path, revision: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from workbench.store import database
    from workbench.store.sqlite import connect

    engine = create_engine("sqlite://", creator=lambda: connect(path, mode="rw"))
    try:
        with engine.begin() as conn:
            command.downgrade(database._alembic_config(conn), revision)
    finally:
        engine.dispose()
