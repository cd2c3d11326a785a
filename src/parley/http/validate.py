"""Small input checks shared by the domains."""

from __future__ import annotations

import re

from parley.errors import invalid_body

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{3,30}$")


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 320


def email_or_400(value: str | None, field: str = "email") -> str | None:
    """Normalise an optional email (trimmed, lower-cased) or raise a 400 naming the field."""
    if value is None:
        return None
    cleaned = value.strip().lower()
    if not is_email(cleaned):
        raise invalid_body(f"{field} is not a valid email address")
    return cleaned


def phone_or_400(value: str | None, field: str = "phoneNumber") -> str | None:
    if value is None:
        return None
    cleaned = value.strip()
    if not _PHONE.match(cleaned):
        raise invalid_body(f"{field} is not a valid phone number")
    return cleaned
