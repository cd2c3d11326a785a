"""The installation's one secret, and a key derived from it for each purpose: page keys
are signed with one (``PAGE_KEYS``), stored secrets such as IMAP mailbox passwords are
encrypted with another (``STORED_SECRETS``), so no key serves two purposes.

``PARLEY_SECRET_KEY`` when set (give every host of a multi-host deployment the same value);
otherwise a random secret kept in the data directory as ``secret_key`` (mode 0600), made
on first use. Several processes sharing one data directory read the same file: the first
one creates it exclusively, the others read what it wrote.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from parley.config import Settings

FILE_NAME = "secret_key"
# Purposes of derived keys.
PAGE_KEYS = "parley page keys"
STORED_SECRETS = "parley stored secrets"


def derived_key(settings: Settings, purpose: str) -> bytes:
    """HMAC-SHA256(installation secret, purpose): 32 bytes for that purpose alone."""
    return hmac.new(installation_secret(settings), purpose.encode(), hashlib.sha256).digest()


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
