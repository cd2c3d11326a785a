"""Apply Alembic migrations programmatically (server start, `parley db upgrade`, tests)."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from parley.store.database import Tx


def migrations_dir() -> Path:
    """``PARLEY_MIGRATIONS_DIR``; else the source checkout's ``migrations/``; else the
    copy an installed wheel carries (``<prefix>/share/parley/migrations``)."""
    configured = os.environ.get("PARLEY_MIGRATIONS_DIR")
    if configured:
        return Path(configured)
    # src/parley/store/migrate.py -> repository root
    checkout = Path(__file__).resolve().parents[3] / "migrations"
    if (checkout / "env.py").is_file():
        return checkout
    installed = _installed_migrations()
    if installed is None:
        raise RuntimeError(
            "the migrations are missing: reinstall Parley or set PARLEY_MIGRATIONS_DIR"
        )
    return installed


def _installed_migrations() -> Path | None:
    try:
        files = metadata.distribution("parley").files or []
    except metadata.PackageNotFoundError:
        return None
    for file in files:
        if file.as_posix().endswith("share/parley/migrations/env.py"):
            return Path(str(file.locate())).resolve().parent
    return None


def alembic_config(url: str) -> Config:
    directory = migrations_dir()
    cfg = Config()
    cfg.set_main_option("script_location", str(directory))
    cfg.set_main_option("path_separator", "os")
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


async def current_revision(tx: Tx) -> str | None:
    """The revision the store is at (``alembic_version``); None before the first."""
    value = await tx.fetch_val("SELECT version_num FROM alembic_version")
    return None if value is None else str(value)
