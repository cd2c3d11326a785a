"""Named movable holidays: the date a holiday falls on in a given year. Pure.

A holiday is named by Dixa's ``recurring.holiday``. Parley knows:
- days counted from Western (Gregorian) Easter Sunday: ``MaundyThursday`` (-3),
  ``GoodFriday`` (-2), ``HolySaturday`` (-1), ``EasterSunday``, ``EasterMonday`` (+1),
  ``AscensionDay`` (+39), ``WhitSunday`` (+49, also ``Pentecost``), ``WhitMonday`` (+50),
  ``CorpusChristi`` (+60), and any ``Easter+N`` / ``Easter-N`` (N up to 366);
- the nth (or last) weekday of a month: ``Thanksgiving`` (4th Thursday of November),
  ``MemorialDay`` (last Monday of May), ``LaborDay`` (1st Monday of September),
  ``MartinLutherKingDay`` (3rd Monday of January), ``PresidentsDay`` (3rd Monday of
  February), ``ColumbusDay`` (2nd Monday of October), ``MothersDay`` (2nd Sunday of May),
  and any ``<1st|2nd|3rd|4th|5th|last>-<weekday>-<month>`` in English
  (``4th-Thursday-November``; a 5th weekday a month lacks that year: no holiday that year).
Names are matched without regard to case.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = tuple(name.lower() for name in calendar.day_name)  # monday … sunday
MONTHS = tuple(name.lower() for name in calendar.month_name)  # "", january … december
ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "last": -1}
_EASTER = re.compile(r"^easter([+-])(\d{1,3})$")
_NTH = re.compile(r"^(1st|2nd|3rd|4th|5th|last)-([a-z]+)-([a-z]+)$")


@dataclass(frozen=True)
class Rule:
    easter_offset: int | None = None  # days from Easter Sunday
    nth: int = 0  # 1..5, or -1 for the last
    weekday: int = 0  # 0 = Monday
    month: int = 0  # 1..12


NAMED = {
    "maundythursday": Rule(easter_offset=-3),
    "goodfriday": Rule(easter_offset=-2),
    "holysaturday": Rule(easter_offset=-1),
    "eastersunday": Rule(easter_offset=0),
    "eastermonday": Rule(easter_offset=1),
    "ascensionday": Rule(easter_offset=39),
    "whitsunday": Rule(easter_offset=49),
    "pentecost": Rule(easter_offset=49),
    "whitmonday": Rule(easter_offset=50),
    "corpuschristi": Rule(easter_offset=60),
    "thanksgiving": Rule(nth=4, weekday=3, month=11),
    "memorialday": Rule(nth=-1, weekday=0, month=5),
    "laborday": Rule(nth=1, weekday=0, month=9),
    "martinlutherkingday": Rule(nth=3, weekday=0, month=1),
    "presidentsday": Rule(nth=3, weekday=0, month=2),
    "columbusday": Rule(nth=2, weekday=0, month=10),
    "mothersday": Rule(nth=2, weekday=6, month=5),
}


def easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    lw = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * lw) // 433
    month = (h + lw - 7 * m + 90) // 25
    return date(year, month, (h + lw - 7 * m + 33 * month + 19) % 32)


def rule(name: str) -> Rule | None:
    """The rule a holiday's name stands for; None when Parley does not know it."""
    key = name.strip().lower()
    if key in NAMED:
        return NAMED[key]
    found = _EASTER.match(key)
    if found:
        days = int(found.group(2))
        return Rule(easter_offset=days if found.group(1) == "+" else -days) if days <= 366 else None
    found = _NTH.match(key)
    if found and found.group(2) in WEEKDAYS and found.group(3) in MONTHS[1:]:
        return Rule(
            nth=ORDINALS[found.group(1)],
            weekday=WEEKDAYS.index(found.group(2)),
            month=MONTHS.index(found.group(3)),
        )
    return None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    days = calendar.monthrange(year, month)[1]
    matching = [d for d in range(1, days + 1) if date(year, month, d).weekday() == weekday]
    if nth == -1:
        return date(year, month, matching[-1])
    return date(year, month, matching[nth - 1]) if nth <= len(matching) else None


def occurrence(found: Rule, year: int) -> date | None:
    """The day the holiday falls on in ``year`` (None when it has none that year)."""
    if found.easter_offset is not None:
        return easter(year) + timedelta(days=found.easter_offset)
    return _nth_weekday(year, found.month, found.weekday, found.nth)


def falls_on(found: Rule, day: date) -> bool:
    """Whether the holiday falls on ``day`` (an offset from Easter may cross a year)."""
    return any(occurrence(found, year) == day for year in (day.year - 1, day.year, day.year + 1))
