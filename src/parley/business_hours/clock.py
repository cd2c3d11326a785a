"""Opening hours in a time zone: which local hours apply on a date, and when a schedule
opens and closes, as UTC instants (epoch milliseconds). Pure: no I/O, no clock.

Rules:
- A date's hours are those of the exception for that date if there is one, else those of
  its weekday. An exception is a one-off (its date only), recurring (the same month and
  day every year from its date on; 29 February only in leap years) or a movable holiday
  (``holidays``: Easter Monday, Thanksgiving…, on its own date each year from its date
  on); a one-off wins over a recurring one on the same date, and among equals the first
  listed wins. Before the
  schedule's first date (``starts_on``) the weekly hours do not apply (closed); exceptions
  apply from their own dates.
- An interval ``[start, end)`` is local wall-clock time on its date, in minutes from
  midnight; ``end`` may be 1440 (24:00, the next midnight).
- Daylight saving: a local time that does not exist (in the hour the clocks skip forward)
  means the first instant after the gap, so 02:30 on a spring-forward day in
  Europe/Copenhagen is 03:00 CEST; a local time that occurs twice (in the hour the clocks
  go back) means its first occurrence. An interval therefore lasts an hour less (or more)
  of real time on those days, as a wall clock in the shop would show.
- Open periods that touch (one ends when the next starts, also across midnight) are one:
  a schedule open 00:00-24:00 on Monday and Tuesday closes at Wednesday's midnight.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from parley.business_hours import holidays

DAY_MINUTES = 1440
# How far ahead opening and closing times are looked for (a closed year is "never").
HORIZON_DAYS = 400


@dataclass(frozen=True, order=True)
class Interval:
    start: int  # minutes from local midnight, 0..1439
    end: int  # minutes from local midnight, start+1..1440


@dataclass(frozen=True)
class Exception_:
    name: str
    kind: str  # Holiday | Exception
    on: date
    intervals: tuple[Interval, ...]  # empty: closed all day
    recurring: bool = False
    holiday: holidays.Rule | None = None  # a movable holiday: recurring on its own date
    holiday_name: str | None = None  # as the definition names it

    def applies(self, day: date) -> bool:
        if self.holiday is not None:
            return day >= self.on and holidays.falls_on(self.holiday, day)
        if not self.recurring:
            return day == self.on
        return day >= self.on and (day.month, day.day) == (self.on.month, self.on.day)


@dataclass(frozen=True)
class Schedule:
    zone: ZoneInfo
    starts_on: date
    weekly: dict[int, tuple[Interval, ...]]  # ISO weekday (1 = Monday) -> its intervals
    exceptions: tuple[Exception_, ...] = ()


def exception_on(schedule: Schedule, day: date) -> Exception_ | None:
    """The exception that decides ``day``'s hours, if any."""
    found = [e for e in schedule.exceptions if e.applies(day)]
    one_off = [e for e in found if not e.recurring]
    chosen = one_off or found
    return chosen[0] if chosen else None


def hours_on(schedule: Schedule, day: date) -> tuple[Interval, ...]:
    """The local intervals the schedule is open on ``day``."""
    exception = exception_on(schedule, day)
    if exception is not None:
        return exception.intervals
    if day < schedule.starts_on:
        return ()
    return schedule.weekly.get(day.isoweekday(), ())


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def local_instant(zone: ZoneInfo, day: date, minutes: int) -> int:
    """The UTC instant (ms) of local wall time ``minutes`` after midnight of ``day``,
    resolved as the module's rules say (gap: first instant after it; overlap: first)."""
    if minutes >= DAY_MINUTES:
        day, minutes = day + timedelta(days=minutes // DAY_MINUTES), minutes % DAY_MINUTES
    wall = datetime.combine(day, time(minutes // 60, minutes % 60))
    first = wall.replace(tzinfo=zone, fold=0)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:
        return _ms(first)  # exists (the first occurrence when it exists twice)
    # In a gap: the transition lies between the two readings of the wall time; find the
    # first minute whose local time is at or after the wall time.
    readings = sorted((_ms(first), _ms(wall.replace(tzinfo=zone, fold=1))))
    low, high = readings[0] // 60_000, readings[1] // 60_000
    while low < high:
        mid = (low + high) // 2
        local = datetime.fromtimestamp(mid * 60, zone).replace(tzinfo=None)
        if local >= wall:
            high = mid
        else:
            low = mid + 1
    return low * 60_000


def spans_on(schedule: Schedule, day: date) -> list[tuple[int, int]]:
    """The open periods of ``day`` as UTC instants ``[start, end)``, empty ones dropped."""
    out = []
    for interval in hours_on(schedule, day):
        start = local_instant(schedule.zone, day, interval.start)
        end = local_instant(schedule.zone, day, interval.end)
        if end > start:
            out.append((start, end))
    return out


def local_date(zone: ZoneInfo, at_ms: int) -> date:
    return datetime.fromtimestamp(at_ms / 1000, zone).date()


def _spans_from(schedule: Schedule, day: date) -> Iterator[tuple[int, int]]:
    for offset in range(HORIZON_DAYS):
        yield from spans_on(schedule, day + timedelta(days=offset))


@dataclass(frozen=True)
class Status:
    is_open: bool
    closes_at: int | None = None  # when open: the end of the open period (None: never)
    opens_at: int | None = None  # when closed: the next opening (None: not within a year)


def status_at(schedule: Schedule, at_ms: int) -> Status:
    """Whether the schedule is open at ``at_ms``, and when that changes next."""
    today = local_date(schedule.zone, at_ms)
    current: tuple[int, int] | None = None
    for start, end in _spans_from(schedule, today - timedelta(days=1)):
        if current is not None:
            if start > current[1]:
                return Status(True, closes_at=current[1])
            current = (current[0], max(current[1], end))
        elif start <= at_ms < end:
            current = (start, end)
        elif start > at_ms:
            return Status(False, opens_at=start)
    if current is not None:
        return Status(True, closes_at=None)
    return Status(False, opens_at=None)
