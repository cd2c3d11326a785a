"""Secrets stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) under the key the
installation's secret derives for stored secrets (``parley.secret``): ``PARLEY_SECRET_KEY``
when set, else the secret generated in the data directory."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken

from parley.config import Settings
from parley.secret import STORED_SECRETS, derived_key


class NoSecretKey(Exception):
    pass


def _fernet(settings: Settings) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(derived_key(settings, STORED_SECRETS)))


def encrypt(settings: Settings, value: str) -> str:
    return _fernet(settings).encrypt(value.encode()).decode()


def decrypt(settings: Settings, token: str) -> str:
    """The secret; raises ``NoSecretKey`` when the installation's secret is not the one it
    was stored with."""
    try:
        return _fernet(settings).decrypt(token.encode()).decode()
    except InvalidToken:
        raise NoSecretKey(
            "the stored secret does not open with this installation's secret "
            "(PARLEY_SECRET_KEY or the data directory's secret_key)"
        ) from None
