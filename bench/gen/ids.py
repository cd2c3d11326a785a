"""Deterministic ids and JSON helpers shared by the generator modules.

Ids are drawn from the seeded random stream and mixed with a salt taken from the
organisation id, so the same seed gives the same data in every organisation while no
two organisations share an id.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

import msgspec

_encode = msgspec.json.Encoder().encode
_salt = 0


def set_salt(org_id: str) -> None:
    global _salt
    _salt = int.from_bytes(hashlib.sha256(org_id.encode()).digest()[:16], "big")


_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))
_SET = (0x4000 << 64) | (0x8000 << 48)  # version 4, RFC 4122 variant


def new_uuid(rng: random.Random) -> str:
    """A version-4 UUID string drawn from ``rng`` (what ``str(uuid.UUID(...))`` gives)."""
    h = f"{((rng.getrandbits(128) ^ _salt) & _CLEAR) | _SET:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def dumps(value: Any) -> str:
    return _encode(value).decode()
