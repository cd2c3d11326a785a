"""Secrets stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) under a key derived from
``PARLEY_SECRET_KEY``; without that setting no secret can be stored."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from parley.config import Settings


class NoSecretKey(Exception):
    pass


def _fernet(settings: Settings) -> Fernet:
    if not settings.secret_key:
        raise NoSecretKey("PARLEY_SECRET_KEY must be set to store a mailbox password")
    digest = hashlib.sha256(b"parley-secrets:" + settings.secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(settings: Settings, value: str) -> str:
    return _fernet(settings).encrypt(value.encode()).decode()


def decrypt(settings: Settings, token: str) -> str:
    """The secret; raises ``NoSecretKey`` when the key is unset or not the one it was
    stored with."""
    try:
        return _fernet(settings).decrypt(token.encode()).decode()
    except InvalidToken:
        raise NoSecretKey("the stored secret does not open with PARLEY_SECRET_KEY") from None
