"""Checking and normalising the values given to search filter operators.

Every failure is a ``400 Invalid value for: body, …`` naming the field and operator.
"""

from __future__ import annotations

import uuid
from typing import TypeVar

from parley.errors import Invalid, invalid_body
from parley.http.params import INT64_MAX
from parley.kit.clock import parse_ms
from parley.search.filter_schemas import Timestamp, Value

_T = TypeVar("_T")

MAX_VALUES = 500
# Epoch milliseconds accepted for dates: 1970-01-01 up to 9999-12-31.
MAX_MS = 253_402_300_799_999
MAX_DURATION_S = 100 * 365 * 24 * 3600

STATUSES = ("Open", "Pending", "AwaitingPending", "Closed")
DIRECTIONS = ("Inbound", "Outbound", "Internal")
CHANNELS = (
    "WhatsApp",
    "Voicemail",
    "WidgetChat",
    "FacebookMessenger",
    "Twitter",
    "Email",
    "ContactForm",
    "Callback",
    "PstnPhone",
    "Sms",
    "Messenger",
)
# Other spellings seen in Dixa's documentation and webhooks (lower-cased).
CHANNEL_ALIASES = {"chat": "WidgetChat", "phone": "PstnPhone", "facebook": "FacebookMessenger"}


def where(field: str, operator: str) -> str:
    return f"operator {operator} of field {field}"


def _bad(field: str, operator: str, reason: str) -> Invalid:
    return invalid_body(f"{where(field, operator)}: {reason}")


def timestamp(field: str, operator: str, name: str, value: Timestamp | None) -> int:
    """A point in time as epoch ms: ISO 8601 text (also ``…Z[GMT]``; no zone = UTC) or
    an integer number of epoch milliseconds."""
    if value is None:
        raise _bad(field, operator, f"{name} is required")
    if isinstance(value, int):
        ms = value
    else:
        try:
            ms = parse_ms(value)
        except (ValueError, OverflowError):
            raise _bad(field, operator, f"{name} is not a valid date") from None
    if not 0 <= ms <= MAX_MS:
        raise _bad(field, operator, f"{name} is not a valid date")
    return ms


def duration_ms(field: str, operator: str, name: str, value: int | None) -> int:
    """A duration given in whole seconds, returned in milliseconds."""
    if value is None:
        raise _bad(field, operator, f"{name} is required")
    if not 0 <= value <= MAX_DURATION_S:
        raise _bad(field, operator, f"{name} must be a number of seconds from 0")
    return value * 1000


def _raw(field: str, operator: str, values: list[Value]) -> list[Value]:
    if not values:
        raise _bad(field, operator, "values must not be empty")
    if len(values) > MAX_VALUES:
        raise _bad(field, operator, f"at most {MAX_VALUES} values are allowed")
    return values


def _strings(field: str, operator: str, values: list[Value]) -> list[str]:
    out: list[str] = []
    for v in _raw(field, operator, values):
        if not isinstance(v, str):
            raise _bad(field, operator, "values must be strings")
        out.append(v)
    return out


def _dedupe(items: list[_T]) -> list[_T]:
    return list(dict.fromkeys(items))


def uuids(field: str, operator: str, values: list[Value]) -> list[str]:
    out: list[str] = []
    for v in _strings(field, operator, values):
        try:
            out.append(str(uuid.UUID(v)))
        except ValueError:
            raise _bad(field, operator, f"{v!r} is not a valid id") from None
    return _dedupe(out)


def conversation_ids(field: str, operator: str, values: list[Value]) -> list[int]:
    """Conversation ids as numbers (or strings of digits)."""
    out: list[int] = []
    for v in _raw(field, operator, values):
        if isinstance(v, str) and v.strip().isdigit():
            v = int(v.strip())
        if not isinstance(v, int) or not 0 < v <= INT64_MAX:
            raise _bad(field, operator, f"{v!r} is not a valid conversation id")
        out.append(v)
    return _dedupe(out)


def texts(field: str, operator: str, values: list[Value]) -> list[str]:
    return _dedupe(_strings(field, operator, values))


def enum(field: str, operator: str, values: list[Value], allowed: tuple[str, ...]) -> list[str]:
    """Names from ``allowed``, matched without regard to case (``PENDING`` is Pending)."""
    by_lower = {a.lower(): a for a in allowed}
    out: list[str] = []
    for v in _strings(field, operator, values):
        name = by_lower.get(v.strip().lower())
        if name is None:
            raise _bad(field, operator, f"{v!r} is not one of {', '.join(allowed)}")
        out.append(name)
    return _dedupe(out)


def channels(field: str, operator: str, values: list[Value]) -> list[str]:
    """Dixa channel names, without regard to case (``EMAIL`` is Email, ``Chat`` is
    WidgetChat, ``Phone`` is PstnPhone). Any other name is kept as given: imported
    conversations may carry a channel name of their own."""
    by_lower = {c.lower(): c for c in CHANNELS} | CHANNEL_ALIASES
    out: list[str] = []
    for v in _strings(field, operator, values):
        name = v.strip()
        if not name:
            raise _bad(field, operator, "a channel name must not be empty")
        out.append(by_lower.get(name.lower(), name))
    return _dedupe(out)
