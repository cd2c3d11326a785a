"""Wire shapes for business hours (Dixa: Business Hours), and the Parley-extension body
that creates or replaces a schedule."""

from __future__ import annotations

from typing import Literal

import msgspec

from parley.http.envelope import PageMeta


class TimeInterval(msgspec.Struct, forbid_unknown_fields=True):
    startTime: str  # HH:MM
    endTime: str  # HH:MM, or 24:00 for the end of the day


class Recurring(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    """Every year on ``monthOfYear``/``dayOfMonth``, or on the movable ``holiday``
    (``parley.business_hours.holidays``: ``EasterMonday``, ``Thanksgiving``…)."""

    dayOfMonth: int | None = None
    monthOfYear: int | None = None
    holiday: str | None = None


class BusinessHour(msgspec.Struct, omit_defaults=True):
    """A regular weekday (``dayOfWeek`` 1 = Monday … 7 = Sunday) or an exception; in an
    upcoming schedule ``nextDate`` is the date it applies to."""

    name: str
    businessHourType: Literal["Regular", "Holiday", "Exception"]
    status: Literal["Open", "Closed"]
    startDate: str
    intervals: list[TimeInterval]
    dayOfWeek: int | None = None
    recurring: Recurring | None = None
    nextDate: str | None = None


class ScheduleRef(msgspec.Struct):
    name: str
    id: str


class ScheduleList(msgspec.Struct):
    schedules: list[ScheduleRef]


class SchedulePage(msgspec.Struct):
    data: ScheduleList
    meta: PageMeta


class ScheduleDefinition(msgspec.Struct, omit_defaults=True):
    id: str
    name: str
    timezone: str
    businessHours: list[BusinessHour]
    exceptions: list[BusinessHour] | None = None


class ScheduleResult(msgspec.Struct):
    schedule: ScheduleDefinition


class OpenStatus(msgspec.Struct, omit_defaults=True):
    isOpen: bool
    timestamp: str
    closesAt: str | None = None
    opensAt: str | None = None


# ---- Parley extension: the body that creates or replaces a schedule ---------------------


class WeekdayHours(msgspec.Struct, forbid_unknown_fields=True):
    dayOfWeek: int
    intervals: list[TimeInterval] = msgspec.field(default_factory=list)


class ExceptionHours(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    startDate: str  # yyyy-mm-dd
    businessHourType: Literal["Holiday", "Exception"] = "Holiday"
    intervals: list[TimeInterval] = msgspec.field(default_factory=list)
    recurring: Recurring | None = None


class ScheduleBody(msgspec.Struct, forbid_unknown_fields=True):
    """``businessHours``: the weekly hours (a weekday left out is closed); ``exceptions``:
    holidays and special days; ``startDate``: the first day the weekly hours apply
    (default: today in the schedule's zone)."""

    name: str
    timezone: str
    businessHours: list[WeekdayHours] = msgspec.field(default_factory=list)
    exceptions: list[ExceptionHours] = msgspec.field(default_factory=list)
    startDate: str | None = None
