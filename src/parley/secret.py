"""The installation's secret: signs page keys (and anything else the server must recognise
as its own).

``PARLEY_SECRET_KEY`` when set (give every host of a multi-host deployment the same value);
otherwise a random secret kept in the data directory as ``secret_key`` (mode 0600), made
on first use. Several processes sharing one data directory read the same file: the first
one creates it exclusively, the others read what it wrote.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path

from parley.config import Settings

FILE_NAME = "secret_key"


def installation_secret(settings: Settings) -> bytes:
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.data_dir / FILE_NAME
    if not path.exists():
        _create(path)
    for _ in range(50):  # another process may be writing it right now
        text = path.read_text().strip()
        if text:
            return text.encode()
        time.sleep(0.01)
    raise RuntimeError(f"{path} is empty: delete it or set PARLEY_SECRET_KEY")


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(32) + "\n")
