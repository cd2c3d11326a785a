"""API tokens: how they are made, hashed and read from the Authorization header.

Accepted forms: ``<token>``, ``Bearer <token>`` and ``Basic base64("bearer:<token>")``.
Only a SHA-256 hash is stored; tokens carry 32 random bytes, so a slow hash adds nothing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets

TOKEN_PREFIX = "prl_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_from_header(header: str | None) -> str | None:
    if not header:
        return None
    value = header.strip()
    scheme, _, rest = value.partition(" ")
    lowered = scheme.lower()
    if lowered == "bearer" and rest:
        return rest.strip() or None
    if lowered == "basic" and rest:
        try:
            decoded = base64.b64decode(rest.strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return None
        user, sep, password = decoded.partition(":")
        if not sep:
            return None
        return password or user or None
    if rest:
        return None
    return value
