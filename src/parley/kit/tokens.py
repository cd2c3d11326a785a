"""API tokens: how they are made and hashed.

Only a SHA-256 hash is stored; tokens carry 32 random bytes, so a slow hash adds nothing.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "prl_"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
