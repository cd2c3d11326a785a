"""API tokens read from the Authorization header (made and hashed in ``parley.kit.tokens``).

Accepted forms: ``<token>``, ``Bearer <token>`` and ``Basic base64("bearer:<token>")``.
"""

from __future__ import annotations

import base64
import binascii


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
