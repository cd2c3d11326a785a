"""The business-hours form: a schedule's weekly hours and exceptions as text fields, and
back.

A weekday's hours are ``09:00-12:00, 13:00-17:00`` (empty: closed). An exception is one
line: its date, ``yearly`` when it recurs every year, ``closed`` or its hours, and its
name: ``2026-12-25 yearly closed Christmas``, ``2026-12-24 09:00-12:00 Christmas Eve``. A
closed day is a holiday, a day with hours an exception. A movable holiday names its rule
instead of ``yearly`` and applies from its date on: ``2026-01-01 EasterMonday closed
Easter Monday``, ``2026-01-01 4th-Thursday-November closed Thanksgiving``
(``parley.business_hours.holidays``). The schedules service checks
every value (times, dates, the time zone)."""

from __future__ import annotations

from collections.abc import Mapping

from parley.business_hours import holidays
from parley.business_hours import schemas as wire
from parley.errors import Invalid

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _intervals(text: str, where: str) -> list[wire.TimeInterval]:
    found = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        start, sep, end = part.partition("-")
        if not sep:
            raise Invalid(f"{where}: write hours as 09:00-17:00, not {part!r}")
        found.append(wire.TimeInterval(startTime=start, endTime=end))
    return found


def _exception(line: str) -> wire.ExceptionHours:
    words = line.split()
    if len(words) < 3:
        raise Invalid(f"Exception {line!r}: write a date, closed or hours, and a name")
    day, rest = words[0], words[1:]
    recurring = None
    if rest[0].lower() == "yearly":
        try:
            recurring = wire.Recurring(dayOfMonth=int(day[8:10]), monthOfYear=int(day[5:7]))
        except ValueError:
            raise Invalid(f"Exception {line!r}: the date is not yyyy-mm-dd") from None
        rest = rest[1:]
    elif holidays.rule(rest[0]) is not None:
        recurring, rest = wire.Recurring(holiday=rest[0]), rest[1:]
    if len(rest) < 2:
        raise Invalid(f"Exception {line!r}: it needs a name")
    hours = [] if rest[0].lower() == "closed" else _intervals(rest[0], f"Exception {line!r}")
    return wire.ExceptionHours(
        name=" ".join(rest[1:]),
        startDate=day,
        businessHourType="Exception" if hours else "Holiday",
        intervals=hours,
        recurring=recurring,
    )


def body_from(form: Mapping[str, str]) -> wire.ScheduleBody:
    """The schedule the form describes (``name``, ``timezone``, ``day1``…``day7``,
    ``exceptions``)."""
    weekly = []
    for number, day in enumerate(DAYS, start=1):
        hours = _intervals(form.get(f"day{number}", ""), day)
        if hours:
            weekly.append(wire.WeekdayHours(dayOfWeek=number, intervals=hours))
    lines = [line.strip() for line in form.get("exceptions", "").splitlines()]
    return wire.ScheduleBody(
        name=form.get("name", ""),
        timezone=form.get("timezone", ""),
        businessHours=weekly,
        exceptions=[_exception(line) for line in lines if line],
    )


def _hours(intervals: list[wire.TimeInterval]) -> str:
    return ", ".join(f"{i.startTime}-{i.endTime}" for i in intervals)


def _line(item: wire.BusinessHour) -> str:
    recurring = item.recurring
    yearly = "" if recurring is None else f" {recurring.holiday or 'yearly'}"
    return f"{item.startDate}{yearly} {_hours(item.intervals) or 'closed'} {item.name}"


def fields_of(schedule: wire.ScheduleDefinition) -> dict[str, str]:
    """The form's fields for a stored schedule."""
    fields = {"name": schedule.name, "timezone": schedule.timezone}
    for item in schedule.businessHours:
        fields[f"day{item.dayOfWeek}"] = _hours(item.intervals)
    fields["exceptions"] = "\n".join(_line(e) for e in schedule.exceptions or [])
    return fields
