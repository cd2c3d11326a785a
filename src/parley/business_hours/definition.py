"""A schedule's definition: the body checked and normalised, the stored form turned into the
time model of ``clock`` and into Dixa's shapes."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import msgspec

from parley.business_hours import clock, holidays
from parley.business_hours import schemas as wire
from parley.errors import invalid_body
from parley.kit.clock import zone

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_TIME = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])$")
_WEEKLY = msgspec.json.Decoder(list[wire.WeekdayHours])
_EXCEPTIONS = msgspec.json.Decoder(list[wire.ExceptionHours])


def parse_date(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value) if len(value) == 10 else _bad_date(field)
    except ValueError:
        return _bad_date(field)


def _bad_date(field: str) -> date:
    raise invalid_body(f"{field} must be a date yyyy-mm-dd")


def _minutes(value: str, field: str) -> int:
    match = _TIME.match(value)
    minutes = int(match.group(1)) * 60 + int(match.group(2)) if match else -1
    if not 0 <= minutes <= clock.DAY_MINUTES:
        raise invalid_body(f"{field} must be a time HH:MM between 00:00 and 24:00")
    return minutes


def intervals(items: list[wire.TimeInterval], field: str) -> tuple[clock.Interval, ...]:
    """Sorted, each non-empty, none overlapping another."""
    parsed = sorted(
        clock.Interval(_minutes(i.startTime, field), _minutes(i.endTime, field)) for i in items
    )
    for i, interval in enumerate(parsed):
        if interval.start >= interval.end or interval.start == clock.DAY_MINUTES:
            raise invalid_body(f"{field}: an interval must end after it starts")
        if i and parsed[i - 1].end > interval.start:
            raise invalid_body(f"{field}: intervals must not overlap")
    return tuple(parsed)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def wire_intervals(items: tuple[clock.Interval, ...]) -> list[wire.TimeInterval]:
    return [wire.TimeInterval(_hhmm(i.start), _hhmm(i.end)) for i in items]


def _exception(item: wire.ExceptionHours) -> clock.Exception_:
    if not item.name.strip():
        raise invalid_body("exceptions: name must not be empty")
    on = parse_date(item.startDate, "exceptions.startDate")
    recurring = item.recurring
    movable = _holiday(recurring)
    if (
        recurring is not None
        and movable is None
        and (recurring.monthOfYear, recurring.dayOfMonth) != (on.month, on.day)
    ):
        raise invalid_body("exceptions: recurring must name the month and day of startDate")
    hours = intervals(item.intervals, "exceptions.intervals")
    return clock.Exception_(
        item.name.strip(),
        item.businessHourType,
        on,
        hours,
        recurring is not None,
        movable,
        None if movable is None or recurring is None else recurring.holiday,
    )


def _holiday(recurring: wire.Recurring | None) -> holidays.Rule | None:
    if recurring is None or recurring.holiday is None:
        return None
    if recurring.dayOfMonth is not None or recurring.monthOfYear is not None:
        raise invalid_body("exceptions: recurring names a holiday or a month and day, not both")
    found = holidays.rule(recurring.holiday)
    if found is None:
        raise invalid_body(
            f"exceptions: recurring.holiday {recurring.holiday!r} is not a holiday Parley "
            "knows (EasterMonday, Easter+N, 4th-Thursday-November, …)"
        )
    return found


def checked(body: wire.ScheduleBody, today: date) -> tuple[str, str, str, str, str]:
    """(name, timezone, starts_on, weekly JSON, exceptions JSON) of a valid body."""
    name = body.name.strip()
    if not name:
        raise invalid_body("name must not be empty")
    zone(body.timezone)
    starts_on = today if body.startDate is None else parse_date(body.startDate, "startDate")
    days = [d.dayOfWeek for d in body.businessHours]
    if any(not 1 <= d <= 7 for d in days) or len(set(days)) != len(days):
        raise invalid_body("businessHours: dayOfWeek must be 1 (Monday) to 7, each once")
    weekly = [
        wire.WeekdayHours(d.dayOfWeek, wire_intervals(intervals(d.intervals, "businessHours")))
        for d in sorted(body.businessHours, key=lambda d: d.dayOfWeek)
    ]
    exceptions = []
    for item in body.exceptions:
        parsed = _exception(item)
        exceptions.append(
            wire.ExceptionHours(
                parsed.name,
                parsed.on.isoformat(),
                item.businessHourType,
                wire_intervals(parsed.intervals),
                item.recurring,
            )
        )
    encode = msgspec.json.encode
    return (
        name,
        body.timezone,
        starts_on.isoformat(),
        encode(weekly).decode(),
        encode(exceptions).decode(),
    )


def model(timezone: str, starts_on: str, weekly: str, exceptions: str) -> clock.Schedule:
    """The stored definition as the time model (stored definitions were checked)."""
    return clock.Schedule(
        zone=ZoneInfo(timezone),
        starts_on=date.fromisoformat(starts_on),
        weekly={d.dayOfWeek: intervals(d.intervals, "") for d in _WEEKLY.decode(weekly)},
        exceptions=tuple(_exception(e) for e in _EXCEPTIONS.decode(exceptions)),
    )


def first_weekday(starts_on: date, day_of_week: int) -> date:
    return starts_on + timedelta(days=(day_of_week - starts_on.isoweekday()) % 7)


def regular(schedule: clock.Schedule, day_of_week: int) -> wire.BusinessHour:
    hours = schedule.weekly.get(day_of_week, ())
    return wire.BusinessHour(
        name=DAY_NAMES[day_of_week - 1],
        businessHourType="Regular",
        status="Open" if hours else "Closed",
        startDate=first_weekday(schedule.starts_on, day_of_week).isoformat(),
        intervals=wire_intervals(hours),
        dayOfWeek=day_of_week,
    )


def _recurring(item: clock.Exception_) -> wire.Recurring | None:
    if item.holiday_name is not None:
        return wire.Recurring(holiday=item.holiday_name)
    return wire.Recurring(item.on.day, item.on.month) if item.recurring else None


def exception(item: clock.Exception_) -> wire.BusinessHour:
    on = item.on
    return wire.BusinessHour(
        name=item.name,
        businessHourType="Holiday" if item.kind == "Holiday" else "Exception",
        status="Open" if item.intervals else "Closed",
        startDate=on.isoformat(),
        intervals=wire_intervals(item.intervals),
        recurring=_recurring(item),
    )


def resolved(schedule: clock.Schedule, day: date) -> wire.BusinessHour:
    """What applies on ``day`` (its exception, else its weekday), with ``nextDate``."""
    found = clock.exception_on(schedule, day)
    if found is not None:
        entry = exception(found)
    else:
        entry = regular(schedule, day.isoweekday())
        if day < schedule.starts_on:
            entry.status, entry.intervals = "Closed", []
    entry.nextDate = day.isoformat()
    return entry
