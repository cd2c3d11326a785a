"""Time: stored as UTC epoch milliseconds, emitted as RFC 3339 with milliseconds and Z."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from parley.errors import Invalid, invalid_body


def now_ms() -> int:
    return time.time_ns() // 1_000_000


_gmtime = time.gmtime
# Zero-padded numbers, looked up: a format spec (``:02d``) is parsed on every use.
_TWO = tuple(f"{n:02d}" for n in range(62))  # up to 61: a leap second
_THREE = tuple(f"{n:03d}" for n in range(1000))


def to_iso(ms: int | None) -> str | None:
    """``2021-03-01T10:00:00.000Z``. Called for every time of every response, so it
    formats the UTC fields itself (the year unpadded, as ``strftime("%Y")`` does here)."""
    if ms is None:
        return None
    t = _gmtime(ms // 1000)
    two = _TWO
    return (
        f"{t[0]}-{two[t[1]]}-{two[t[2]]}T{two[t[3]]}:{two[t[4]]}:{two[t[5]]}.{_THREE[ms % 1000]}Z"
    )


def parse_ms(value: str) -> int:
    """Parse RFC 3339 / ISO 8601, also Dixa's ``…Z[GMT]`` form; naive times are UTC.

    Raises ValueError on anything else.
    """
    text = value.strip()
    if text.endswith("]") and "[" in text:
        text = text[: text.index("[")]
    if not text:
        raise ValueError("empty date")
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    dt = datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return int(dt.timestamp() * 1000)


def parse_or(value: str | None, error: str) -> int | None:
    """Parse an optional input time, raising ``Invalid(error)`` when it is malformed."""
    if value is None:
        return None
    try:
        return parse_ms(value)
    except (ValueError, OverflowError):
        raise Invalid(error) from None


def zone(name: str) -> ZoneInfo:
    """The IANA time zone a body names (400 when there is none of that name)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise invalid_body(f"timezone {name!r} is not an IANA time zone") from None
