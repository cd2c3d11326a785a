"""The time rules of business hours, directly: daylight-saving days in two zones,
exceptions, and open periods that run across midnight."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from fixtures.business_hours import clock_hm, clock_ms, every_day
from parley.business_hours import clock, holidays
from parley.business_hours.clock import Exception_, Schedule

CPH = ZoneInfo("Europe/Copenhagen")
NYC = ZoneInfo("America/New_York")


def test_copenhagen_spring_forward_day() -> None:
    # 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00Z)
    day = date(2026, 3, 29)
    assert clock.local_instant(CPH, day, 60) == clock_ms("2026-03-29T00:00")  # 01:00 CET
    assert clock.local_instant(CPH, day, 150) == clock_ms(
        "2026-03-29T01:00"
    )  # 02:30: after the gap
    assert clock.local_instant(CPH, day, 240) == clock_ms("2026-03-29T02:00")  # 04:00 CEST
    schedule = every_day(CPH, clock_hm("01:00", "04:00"))
    assert clock.spans_on(schedule, day) == [
        (clock_ms("2026-03-29T00:00"), clock_ms("2026-03-29T02:00"))
    ]
    # the day before and after: 01:00-04:00 are three real hours
    assert clock.spans_on(schedule, date(2026, 3, 28)) == [
        (clock_ms("2026-03-28T00:00"), clock_ms("2026-03-28T03:00"))
    ]
    assert clock.spans_on(schedule, date(2026, 3, 30)) == [
        (clock_ms("2026-03-29T23:00"), clock_ms("2026-03-30T02:00"))
    ]
    inside = clock.status_at(schedule, clock_ms("2026-03-29T01:30"))  # 03:30 CEST
    assert inside == clock.Status(True, closes_at=clock_ms("2026-03-29T02:00"))


def test_copenhagen_fall_back_day() -> None:
    # 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00Z); 02:30 happens twice
    day = date(2026, 10, 25)
    assert clock.local_instant(CPH, day, 150) == clock_ms("2026-10-25T00:30")  # first 02:30 (CEST)
    schedule = every_day(CPH, clock_hm("01:00", "04:00"))
    assert clock.spans_on(schedule, day) == [
        (clock_ms("2026-10-24T23:00"), clock_ms("2026-10-25T03:00"))
    ]
    # in the repeated hour (02:30 CET, the second time) it is still open
    assert clock.status_at(schedule, clock_ms("2026-10-25T01:30")).is_open
    closed = clock.status_at(schedule, clock_ms("2026-10-25T03:00"))
    assert closed == clock.Status(False, opens_at=clock_ms("2026-10-26T00:00"))  # 01:00 CET


def test_new_york_both_changes_and_a_weekend() -> None:
    weekdays = {d: (clock_hm("09:00", "17:00"),) for d in range(1, 6)}
    schedule = Schedule(NYC, date(2026, 1, 1), weekdays)
    # Friday 6 March (EST, -5) and Monday 9 March (EDT, -4) around the 8 March change
    assert clock.spans_on(schedule, date(2026, 3, 6)) == [
        (clock_ms("2026-03-06T14:00"), clock_ms("2026-03-06T22:00"))
    ]
    friday_evening = clock.status_at(schedule, clock_ms("2026-03-06T23:00"))
    assert friday_evening == clock.Status(False, opens_at=clock_ms("2026-03-09T13:00"))
    monday = clock.status_at(schedule, clock_ms("2026-03-09T15:00"))
    assert monday == clock.Status(True, closes_at=clock_ms("2026-03-09T21:00"))
    # 1 November 2026: 02:00 EDT becomes 01:00 EST; Monday 2 November is EST again
    assert clock.spans_on(schedule, date(2026, 11, 2)) == [
        (clock_ms("2026-11-02T14:00"), clock_ms("2026-11-02T22:00"))
    ]
    night = every_day(NYC, clock_hm("00:30", "03:00"))
    assert clock.spans_on(night, date(2026, 11, 1)) == [
        (
            clock_ms("2026-11-01T04:30"),
            clock_ms("2026-11-01T08:00"),
        )  # 00:30 EDT to 03:00 EST: 3.5 h
    ]
    assert clock.spans_on(night, date(2026, 3, 8)) == [
        (
            clock_ms("2026-03-08T05:30"),
            clock_ms("2026-03-08T07:00"),
        )  # 00:30 EST to 03:00 EDT: 1.5 h
    ]


def test_exceptions_one_off_recurring_and_precedence() -> None:
    christmas = Exception_("Christmas", "Holiday", date(2025, 12, 25), (), recurring=True)
    open_late = Exception_("Late", "Exception", date(2026, 12, 25), (clock_hm("10:00", "12:00"),))
    schedule = every_day(CPH, clock_hm("08:00", "16:00"), exceptions=(christmas, open_late))
    assert clock.hours_on(schedule, date(2027, 12, 25)) == ()  # recurring holiday
    assert clock.hours_on(schedule, date(2026, 12, 25)) == (
        clock_hm("10:00", "12:00"),
    )  # one-off wins
    assert clock.hours_on(schedule, date(2026, 12, 24)) == (clock_hm("08:00", "16:00"),)
    assert clock.hours_on(schedule, date(2024, 12, 25)) == (
        clock_hm("08:00", "16:00"),
    )  # before it
    # closed all of 25 December 2027: opens on the 26th at 08:00 CET
    status = clock.status_at(schedule, clock_ms("2027-12-24T20:00"))
    assert status == clock.Status(False, opens_at=clock_ms("2027-12-26T07:00"))
    # the weekly hours start on starts_on; exceptions apply from their own date
    late = Schedule(CPH, date(2026, 6, 1), schedule.weekly, (open_late,))
    assert clock.hours_on(late, date(2026, 5, 31)) == ()


def test_open_periods_that_touch_are_one() -> None:
    weekly = {1: (clock_hm("00:00", "24:00"),), 2: (clock_hm("00:00", "12:00"),)}
    schedule = Schedule(UTC_ZONE, date(2026, 1, 1), weekly)
    monday = clock_ms("2026-03-02T10:00")
    assert clock.status_at(schedule, monday) == clock.Status(
        True, closes_at=clock_ms("2026-03-03T12:00")
    )
    always = every_day(UTC_ZONE, clock_hm("00:00", "24:00"))
    assert clock.status_at(always, monday) == clock.Status(True, closes_at=None)
    never = Schedule(UTC_ZONE, date(2026, 1, 1), {})
    assert clock.status_at(never, monday) == clock.Status(False, opens_at=None)


UTC_ZONE = ZoneInfo("UTC")


def test_movable_holidays_fall_on_known_dates() -> None:
    # Western Easter Sunday, including the earliest and latest dates it can fall on
    known = {1818: date(1818, 3, 22), 1943: date(1943, 4, 25), 2024: date(2024, 3, 31),
             2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28),
             2038: date(2038, 4, 25), 2285: date(2285, 3, 22)}  # fmt: skip
    assert {year: holidays.easter(year) for year in known} == known

    def on(name: str, year: int) -> date | None:
        rule = holidays.rule(name)
        assert rule is not None, name
        return holidays.occurrence(rule, year)

    assert [on(n, 2025) for n in ("GoodFriday", "EasterMonday", "AscensionDay", "WhitMonday")] == [
        date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)]  # fmt: skip
    assert [on(n, 2026) for n in ("GoodFriday", "EasterMonday", "AscensionDay", "WhitMonday")] == [
        date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)]  # fmt: skip
    assert [on("Thanksgiving", y) for y in (2024, 2025, 2026)] == [
        date(2024, 11, 28), date(2025, 11, 27), date(2026, 11, 26)]  # fmt: skip
    assert [on("memorialday", y) for y in (2025, 2026)] == [date(2025, 5, 26), date(2026, 5, 25)]
    assert on("LaborDay", 2026) == date(2026, 9, 7)
    assert on("Easter+39", 2026) == on("AscensionDay", 2026)
    assert on("1st-Sunday-March", 2026) == date(2026, 3, 1)
    assert on("5th-Friday-February", 2026) is None and on("5th-Friday-May", 2026) == date(
        2026, 5, 29
    )
    assert holidays.rule("Christmas") is None and holidays.rule("Easter+400") is None
    assert holidays.rule("9th-Monday-May") is None and holidays.rule("1st-Funday-May") is None


def test_a_movable_holiday_closes_its_own_date_every_year() -> None:
    rule = holidays.rule("EasterMonday")
    easter_monday = Exception_("Easter Monday", "Holiday", date(2025, 1, 1), (), True, rule)
    schedule = every_day(CPH, clock_hm("08:00", "16:00"), exceptions=(easter_monday,))
    for closed in (date(2025, 4, 21), date(2026, 4, 6), date(2027, 3, 29)):
        assert clock.hours_on(schedule, closed) == ()
    for opened in (date(2024, 4, 1), date(2026, 4, 21), date(2026, 4, 5), date(2026, 4, 7)):
        assert clock.hours_on(schedule, opened) == (clock_hm("08:00", "16:00"),)  # 2024: before it
    # Easter Sunday 2026 evening: closed on Monday, open again Tuesday 08:00 CEST
    status = clock.status_at(schedule, clock_ms("2026-04-05T18:00"))
    assert status == clock.Status(False, opens_at=clock_ms("2026-04-07T06:00"))
