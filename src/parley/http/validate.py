"""Small input checks shared by the domains."""

from __future__ import annotations

import re
from typing import Annotated

from parley.errors import invalid_body
from parley.http.params import documented

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-.]{3,30}$")
_EMAIL_MAX = 320

# What the document says of an email or a phone number the handler checks with
# ``email_or_400`` / ``phone_or_400``: the same rule, without the surrounding whitespace the
# handler strips (and without NUL, refused everywhere). Python's ``\s`` also takes the
# separators U+001C-U+001F and U+0085, which ECMA's does not: they are named.
_PART = r"[^@\s\x00\x1c-\x1f\x85]"
EmailText = Annotated[
    str,
    documented(pattern=rf"^{_PART}+@{_PART}+\.{_PART}+$", maxLength=_EMAIL_MAX),
]
PhoneText = Annotated[str, documented(pattern=r"^\+?[0-9][0-9 ()\-.]{2,29}[0-9()\-.]$")]


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= _EMAIL_MAX


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
