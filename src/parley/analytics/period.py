"""The time window of an analytics request: an interval, or a preset resolved in the
request's time zone. Pure: ``now`` is given.

Windows are half-open, ``[start, end)`` in epoch milliseconds. Presets are whole calendar
periods of the zone: Today, Yesterday, ThisWeek and PreviousWeek (weeks start on Monday),
ThisMonth, PreviousMonth, ThisQuarter, PreviousQuarter, ThisYear. A "This…" preset ends
where its period ends, so it includes no more than what has happened so far. Midnights are
the zone's own, so a week that contains a daylight-saving change is 167 or 169 hours long.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from parley.errors import invalid_body
from parley.kit.clock import parse_ms

PRESETS = (
    "Today",
    "Yesterday",
    "ThisWeek",
    "PreviousWeek",
    "ThisMonth",
    "PreviousMonth",
    "ThisQuarter",
    "PreviousQuarter",
    "ThisYear",
)


def _midnight(tz: ZoneInfo, day: date) -> int:
    return int(datetime.combine(day, time(), tz).timestamp() * 1000)


def _month(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def preset_days(name: str, today: date) -> tuple[date, date]:
    """The first day of the preset and the first day after it."""
    week = today - timedelta(days=today.weekday())
    month = today.replace(day=1)
    quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    spans = {
        "Today": (today, today + timedelta(days=1)),
        "Yesterday": (today - timedelta(days=1), today),
        "ThisWeek": (week, week + timedelta(days=7)),
        "PreviousWeek": (week - timedelta(days=7), week),
        "ThisMonth": (month, _month(month, 1)),
        "PreviousMonth": (_month(month, -1), month),
        "ThisQuarter": (quarter, _month(quarter, 3)),
        "PreviousQuarter": (_month(quarter, -3), quarter),
        "ThisYear": (date(today.year, 1, 1), date(today.year + 1, 1, 1)),
    }
    return spans[name]


def _preset_name(value: Any) -> str:
    """Dixa sends ``{"_type": "PreviousWeek"}``; a bare ``"PreviousWeek"`` is read too."""
    name = value.get("_type") if isinstance(value, dict) else value
    if name not in PRESETS:
        raise invalid_body(f"periodFilter: preset must be one of {', '.join(PRESETS)}")
    return str(name)


def _instant(value: Any, field: str) -> int:
    if not isinstance(value, str):
        raise invalid_body(f"periodFilter: {field} must be a date-time")
    try:
        return parse_ms(value)
    except (ValueError, OverflowError):
        raise invalid_body(f"periodFilter: {field} must be a date-time") from None


def window(period: Any, tz: ZoneInfo, now_ms: int) -> tuple[int, int]:
    """``[start, end)`` of a ``periodFilter``: ``{"_type": "Preset", "value": …}`` or
    ``{"_type": "Interval", "start": …, "end": …}`` (an object with ``start`` and ``end``
    and no ``_type`` is an interval too)."""
    if not isinstance(period, dict):
        raise invalid_body("periodFilter must be an object")
    kind = period.get("_type") or ("Interval" if "start" in period else "Preset")
    if kind == "Preset":
        today = datetime.fromtimestamp(now_ms / 1000, tz).date()
        first, after = preset_days(_preset_name(period.get("value")), today)
        return _midnight(tz, first), _midnight(tz, after)
    if kind != "Interval":
        raise invalid_body("periodFilter: _type must be Preset or Interval")
    start, end = _instant(period.get("start"), "start"), _instant(period.get("end"), "end")
    if end <= start:
        raise invalid_body("periodFilter: end must be after start")
    return start, end
