"""Period presets and intervals, directly (pure time logic)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from fixtures.analytics import preset_window
from fixtures.business_hours import clock_ms
from parley.analytics import period
from parley.errors import Invalid

CPH = ZoneInfo("Europe/Copenhagen")


def test_previous_week_across_spring_forward_is_167_hours() -> None:
    # Wednesday 1 April 2026; the previous week is Monday 23 - Sunday 29 March (DST on 29th)
    start, end = preset_window("PreviousWeek", "2026-04-01T10:00", CPH)
    assert (start, end) == (clock_ms("2026-03-22T23:00"), clock_ms("2026-03-29T22:00"))
    assert (end - start) / 3_600_000 == 167


def test_calendar_presets_wrap_years_and_use_local_midnight() -> None:
    # 1 January 2027 00:30 in Copenhagen is still 31 December 2026 in UTC
    assert preset_window("Today", "2026-12-31T23:30", CPH) == (
        clock_ms("2026-12-31T23:00"),
        clock_ms("2027-01-01T23:00"),
    )
    assert preset_window("Today", "2026-12-31T23:30", ZoneInfo("UTC")) == (
        clock_ms("2026-12-31T00:00"),
        clock_ms("2027-01-01T00:00"),
    )
    assert period.preset_days("PreviousMonth", date(2027, 1, 15)) == (
        date(2026, 12, 1),
        date(2027, 1, 1),
    )
    assert period.preset_days("PreviousQuarter", date(2027, 2, 1)) == (
        date(2026, 10, 1),
        date(2027, 1, 1),
    )
    assert period.preset_days("ThisQuarter", date(2026, 12, 6)) == (
        date(2026, 10, 1),
        date(2027, 1, 1),
    )
    assert period.preset_days("ThisWeek", date(2026, 12, 6)) == (
        date(2026, 11, 30),
        date(2026, 12, 7),
    )
    assert period.preset_days("Yesterday", date(2026, 3, 1)) == (
        date(2026, 2, 28),
        date(2026, 3, 1),
    )


def test_intervals_and_bad_periods() -> None:
    interval = {
        "_type": "Interval",
        "start": "2026-03-01T00:00:00Z",
        "end": "2026-03-02T00:00:00+01:00",
    }
    assert period.window(interval, CPH, 0) == (
        clock_ms("2026-03-01T00:00"),
        clock_ms("2026-03-01T23:00"),
    )
    for bad in (
        {"_type": "Preset", "value": "Tomorrow"},
        {"_type": "Interval", "start": "2026-03-02T00:00:00Z", "end": "2026-03-01T00:00:00Z"},
        {"_type": "Interval", "start": "soon", "end": "2026-03-01T00:00:00Z"},
        {"_type": "Range"},
    ):
        with pytest.raises(Invalid):
            period.window(bad, CPH, 0)
