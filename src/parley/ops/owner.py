"""One owner process per SQLite store, and a clear word when the port is taken.

``parley serve`` and ``parley worker`` on SQLite hold an exclusive lock on
``<database>.lock`` for as long as they run (the lock dies with the process, even on
``kill -9``). A second one is refused with one line naming the first one's pid; short
commands (``orgs``, ``tokens``, ``export`` …) take no lock and run beside the server.
PostgreSQL takes no lock: several processes share it by design.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from parley.config import Settings
from parley.store.database import sqlite_path


class OwnedElsewhere(Exception):
    """The store, or the port, is held by another process (one-line reason)."""


@contextmanager
def owner_lock(settings: Settings) -> Iterator[None]:
    if not settings.database_url.startswith("sqlite:"):
        yield
        return
    db_file = Path(sqlite_path(settings.database_url)).resolve()
    db_file.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_file.with_name(db_file.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "another process"
            raise OwnedElsewhere(
                f"{db_file} is in use by Parley process {holder}: SQLite has one owner "
                "process (stop it, or use PostgreSQL to run several)"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def check_port(host: str, port: int) -> None:
    """Refuse a port another program (or another Parley) already listens on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise OwnedElsewhere(
                    f"port {port} on {host} is already in use: stop what listens there "
                    "or choose another with --port"
                ) from None
            raise OwnedElsewhere(f"cannot listen on {host}:{port}: {exc.strerror}") from None


SERVED_STORE = "served-store"


def _public(url: str) -> str:
    """The URL without its password (it is written to disk and printed)."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1@", url)


def remember_served_store(settings: Settings) -> None:
    """``parley serve`` notes its store in the data directory, for the warning below."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    (settings.data_dir / SERVED_STORE).write_text(_public(settings.database_url) + "\n")


def other_store_warning(settings: Settings, *, explicit: bool) -> str | None:
    """A command given no store (no ``--database-url``, no ``PARLEY_DATABASE_URL``) uses
    the default one: say so when the server last started from this directory uses
    another, since that is the store the operator most likely meant."""
    if explicit:
        return None
    path = settings.data_dir / SERVED_STORE
    served = path.read_text().strip() if path.is_file() else ""
    current = _public(settings.database_url)
    if not served or served == current:
        return None
    return (
        f"using {current}, but the server last started here uses {served}: "
        "pass --database-url (or set PARLEY_DATABASE_URL) to use that one"
    )
