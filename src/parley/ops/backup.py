"""Backups of a SQLite store: ``parley db backup`` and ``parley db restore``.

A backup is one ``.tar.gz`` holding ``parley.db`` (SQLite's online backup API: a
consistent copy taken while the server keeps serving), the attachments (``blobs/``) and
the installation's ``secret_key`` when there is one (page keys stay valid). The database
is copied first and the attachments after it, so every attachment the copy refers to is
in the archive (one written later is extra, never missing).

A restore refuses to run while a server owns the store (``ops.owner``) and refuses to
overwrite an existing database unless told to (``force``); it writes the database next
to its place and renames it, so a failed restore leaves the old one as it was.

PostgreSQL stores are backed up with ``pg_dump`` (see the README); their attachments are
in the data directory all the same.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from parley.config import Settings
from parley.ops.owner import owner_lock
from parley.secret import FILE_NAME as SECRET_FILE
from parley.store.database import sqlite_path

DB_NAME = "parley.db"
BLOBS = "blobs"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in one line."""


def _sqlite_file(settings: Settings) -> Path:
    if not settings.database_url.startswith("sqlite:"):
        raise BackupError(
            "this store is PostgreSQL: back it up with pg_dump (see the README), "
            "and copy the data directory's blobs/"
        )
    return Path(sqlite_path(settings.database_url))


def backup(settings: Settings, out: Path) -> int:
    """Write the archive; returns the number of attachment files in it."""
    db_file = _sqlite_file(settings)
    if not db_file.is_file():
        raise BackupError(f"no database at {db_file}")
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / DB_NAME
        source = sqlite3.connect(db_file)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        files = 0
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(copy, DB_NAME)
            if settings.blob_dir.is_dir():
                for path in sorted(settings.blob_dir.rglob("*")):
                    if path.is_file():
                        archive.add(path, f"{BLOBS}/{path.relative_to(settings.blob_dir)}")
                        files += 1
            secret = settings.data_dir / SECRET_FILE
            if secret.is_file():
                archive.add(secret, SECRET_FILE)
        os.replace(partial, out)
    return files


def restore(settings: Settings, archive_path: Path, *, force: bool = False) -> int:
    """Put the archive's database and attachments in place; returns the attachment count."""
    db_file = _sqlite_file(settings)
    if db_file.exists() and not force:
        raise BackupError(f"{db_file} exists: pass --force to replace it")
    with owner_lock(settings), tarfile.open(archive_path, "r:gz") as archive:
        names = archive.getnames()
        if DB_NAME not in names:
            raise BackupError(f"{archive_path} is not a Parley backup (no {DB_NAME})")
        db_file.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=db_file.parent) as tmp:
            archive.extractall(tmp, filter="data")
            staged = Path(tmp)
            for suffix in ("-wal", "-shm"):
                Path(str(db_file) + suffix).unlink(missing_ok=True)
            os.replace(staged / DB_NAME, db_file)
            files = _restore_blobs(staged / BLOBS, settings.blob_dir)
            if (staged / SECRET_FILE).is_file():
                settings.data_dir.mkdir(parents=True, exist_ok=True)
                os.replace(staged / SECRET_FILE, settings.data_dir / SECRET_FILE)
    return files


def _restore_blobs(source: Path, target: Path) -> int:
    if not source.is_dir():
        return 0
    files = 0
    for path in source.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(source)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, dest)
            files += 1
    return files
