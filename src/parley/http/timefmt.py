"""Time: stored as UTC epoch milliseconds, emitted as RFC 3339 with milliseconds and Z."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from parley.errors import Invalid


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def to_iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    dt = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


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
