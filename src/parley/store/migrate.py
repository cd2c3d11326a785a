"""Apply Alembic migrations programmatically (server start, `parley db upgrade`, tests).

A store already at ``HEAD`` (read from its ``alembic_version``) is left alone without
loading Alembic, which imports every revision to find that nothing is to be done (about
half a second of CPU at each server start). ``HEAD`` is the newest revision of the
migrations Parley ships (a test holds it to their scripts); with
``PARLEY_MIGRATIONS_DIR`` set, Alembic always decides.
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from parley.store.database import Tx

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

HEAD = "0032"


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
    from alembic.config import Config

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
    if revision == "head" and _shipped() and _revision_of(url) == HEAD:
        return
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def _shipped() -> bool:
    """Whether the migrations are the ones Parley ships (whose newest is ``HEAD``)."""
    return not os.environ.get("PARLEY_MIGRATIONS_DIR")


def _revision_of(url: str) -> str | None:
    """The store's revision; None when it has none yet or cannot be read (Alembic then
    runs, and reports what is wrong)."""
    from parley.store.connect import run_in_transaction

    try:
        return run_in_transaction(url, current_revision, readonly=True)
    except Exception:  # no alembic_version table yet, or no store to open
        return None


@lru_cache(maxsize=4)
def _script(directory: Path) -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(directory))


def pending_revisions(current: str | None) -> list[str]:
    """Revisions not yet applied to a store at ``current`` (newest first)."""
    if current == HEAD and _shipped():
        return []
    script = _script(migrations_dir())
    return [rev.revision for rev in script.iterate_revisions("heads", current)]


async def current_revision(tx: Tx) -> str | None:
    """The revision the store is at (``alembic_version``); None before the first."""
    value = await tx.fetch_val("SELECT version_num FROM alembic_version")
    return None if value is None else str(value)
