"""Throwaway stores for ``parley serve --ephemeral``.

Rules:

- The store is a SQLite file in a new temporary directory (which is also the data
  directory: attachments and the like), migrated to the head revision, with one
  organisation; the caller deletes the directory when the server stops.
- Running the migrations costs about a second, so the migrated empty schema is built
  once per set of migration files into a template under the user's cache directory
  (``$XDG_CACHE_HOME/parley``, else ``~/.cache/parley``) and copied for each store. The
  template's name carries a hash of the migration files: a changed migration builds a
  new one. The template is built in a file of its own and renamed into place, so two
  servers starting at once never copy a half-built one.
- An in-memory SQLite database (``sqlite:///:memory:``) is refused everywhere: the
  server's writer, its readers and the worker each open their own connection, and an
  in-memory database is private to one connection. ``--ephemeral`` is its replacement.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from parley.orgs import service as orgs
from parley.store import open_database
from parley.store.migrate import migrations_dir, upgrade

ORG_NAME = "Ephemeral organisation"


@dataclass(frozen=True)
class EphemeralStore:
    directory: Path
    database_url: str
    org_id: str
    api_token: str


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "parley"


def _migrations_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((migrations_dir() / "versions").glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def template() -> Path:
    """The migrated empty store for the current migrations, built when missing."""
    path = cache_dir() / f"template-{_migrations_hash()}.db"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="template-", dir=path.parent))
    try:
        upgrade(f"sqlite:///{building / 'parley.db'}")
        os.replace(building / "parley.db", path)
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return path


async def _create_org(url: str) -> orgs.CreatedOrg:
    db = open_database(url)
    await db.connect()
    try:
        async with db.transaction() as tx:
            return await orgs.create_org(tx, ORG_NAME)
    finally:
        await db.close()


def create() -> EphemeralStore:
    """A new migrated store in a new temporary directory, with one organisation."""
    source = template()
    directory = Path(tempfile.mkdtemp(prefix="parley-ephemeral-"))
    try:
        shutil.copyfile(source, directory / "parley.db")
        url = f"sqlite:///{directory / 'parley.db'}"
        created = asyncio.run(_create_org(url))
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return EphemeralStore(directory, url, created.id, created.api_token)
