"""Apply Alembic migrations programmatically (server start, `parley db upgrade`, tests)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory


def migrations_dir() -> Path:
    configured = os.environ.get("PARLEY_MIGRATIONS_DIR")
    if configured:
        return Path(configured)
    # src/parley/store/migrate.py -> repository root
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(url: str) -> Config:
    directory = migrations_dir()
    cfg = Config(str(directory.parent / "alembic.ini"))
    cfg.set_main_option("script_location", str(directory))
    cfg.attributes["parley_url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    if url.startswith("sqlite:"):
        from parley.store.database import sqlite_path

        Path(sqlite_path(url)).resolve().parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(url), revision)


@lru_cache(maxsize=4)
def _script(directory: Path) -> ScriptDirectory:
    return ScriptDirectory(str(directory))


def pending_revisions(current: str | None) -> list[str]:
    """Revisions not yet applied to a store at ``current`` (newest first)."""
    script = _script(migrations_dir())
    return [rev.revision for rev in script.iterate_revisions("heads", current)]
