"""Business hours over HTTP, on both stores: Dixa's four read routes and Parley's
create/replace/delete extension."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from dixa_spec import assert_conforms
from fixtures.business_hours import BASE, create_schedule, schedule_status
from fixtures.harness import Api, Harness

NINE_TO_FIVE = [{"startTime": "09:00", "endTime": "17:00"}]
COPENHAGEN: dict[str, Any] = {
    "name": "Support",
    "timezone": "Europe/Copenhagen",
    "startDate": "2026-01-01",
    "businessHours": [{"dayOfWeek": d, "intervals": NINE_TO_FIVE} for d in range(1, 6)],
    "exceptions": [
        {
            "name": "New Year",
            "startDate": "2026-01-01",
            "recurring": {"dayOfMonth": 1, "monthOfYear": 1},
        },
        {
            "name": "Short day",
            "startDate": "2026-03-27",
            "businessHourType": "Exception",
            "intervals": [{"startTime": "10:00", "endTime": "12:00"}],
        },
    ],
}


def test_definition_and_list_in_dixa_shapes(api: Api) -> None:
    created = create_schedule(api, COPENHAGEN)
    r = api.get(f"{BASE}/{created['id']}/definition")
    assert r.status_code == 200, r.text
    body = r.json()
    assert_conforms(body, "GET", "/v1/business-hours/schedules/{scheduleId}/definition")
    schedule = body["data"]["schedule"]
    assert schedule == created
    monday, saturday = schedule["businessHours"][0], schedule["businessHours"][5]
    assert monday == {
        "name": "Monday",
        "dayOfWeek": 1,
        "businessHourType": "Regular",
        "status": "Open",
        "intervals": NINE_TO_FIVE,
        "startDate": "2026-01-05",
    }
    assert saturday["status"] == "Closed" and saturday["intervals"] == []
    assert schedule["exceptions"][0] == {
        "name": "New Year",
        "businessHourType": "Holiday",
        "status": "Closed",
        "intervals": [],
        "recurring": {"dayOfMonth": 1, "monthOfYear": 1},
        "startDate": "2026-01-01",
    }
    listed = api.get(BASE).json()
    assert_conforms(listed, "GET", "/v1/business-hours/schedules")
    assert listed["data"] == {"schedules": [{"name": "Support", "id": created["id"]}]}


def test_status_across_daylight_saving_and_an_exception(api: Api) -> None:
    sid = create_schedule(api, COPENHAGEN)["id"]
    # Friday 27 March 2026 (CET, +1): the short day, 10:00-12:00
    assert schedule_status(api, sid, "2026-03-27T08:30:00Z") == {
        "isOpen": False,
        "timestamp": "2026-03-27T08:30:00Z",
        "opensAt": "2026-03-27T09:00:00Z",
    }
    assert schedule_status(api, sid, "2026-03-27T10:00:00Z")["closesAt"] == "2026-03-27T11:00:00Z"
    # after it closes, the next opening is Monday 30 March, 09:00 CEST (+2: clocks changed)
    assert schedule_status(api, sid, "2026-03-27T12:00:00Z") == {
        "isOpen": False,
        "timestamp": "2026-03-27T12:00:00Z",
        "opensAt": "2026-03-30T07:00:00Z",
    }
    assert schedule_status(api, sid, "2026-03-30T14:59:59Z") == {
        "isOpen": True,
        "timestamp": "2026-03-30T14:59:59Z",
        "closesAt": "2026-03-30T15:00:00Z",
    }
    # 1 January is a recurring holiday: Friday 1 January 2027 closed, opens Monday 4th
    assert schedule_status(api, sid, "2027-01-01T10:00:00Z")["opensAt"] == "2027-01-04T08:00:00Z"


def test_status_in_new_york_and_now(api: Api) -> None:
    body = {**COPENHAGEN, "timezone": "America/New_York", "exceptions": []}
    sid = create_schedule(api, body)["id"]
    # Friday 6 March 2026 17:30 EST; Monday 9 March opens 09:00 EDT (13:00Z)
    assert schedule_status(api, sid, "2026-03-06T22:30:00Z")["opensAt"] == "2026-03-09T13:00:00Z"
    now = api.get(f"{BASE}/{sid}/status").json()["data"]
    stamp = datetime.fromisoformat(now["timestamp"].replace("Z", "+00:00"))
    assert abs((datetime.now(stamp.tzinfo) - stamp).total_seconds()) < 120
    assert ("closesAt" in now) == now["isOpen"] and ("opensAt" in now) != now["isOpen"]


def test_upcoming_resolves_each_day(api: Api) -> None:
    zone = ZoneInfo("Europe/Copenhagen")
    today = datetime.now(zone).date()
    special = today + timedelta(days=2)
    body = {
        **COPENHAGEN,
        "businessHours": [{"dayOfWeek": d, "intervals": NINE_TO_FIVE} for d in range(1, 8)],
        "exceptions": [{"name": "Closed for stock-taking", "startDate": special.isoformat()}],
    }
    sid = create_schedule(api, body)["id"]
    r = api.get(f"{BASE}/{sid}/upcoming?days=5")
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "GET", "/v1/business-hours/schedules/{scheduleId}/upcoming")
    days = r.json()["data"]["schedule"]["businessHours"]
    assert [d["nextDate"] for d in days] == [
        (today + timedelta(days=i)).isoformat() for i in range(5)
    ]
    assert days[2]["name"] == "Closed for stock-taking" and days[2]["status"] == "Closed"
    assert days[2]["businessHourType"] == "Holiday"
    regular = days[3]
    assert regular["businessHourType"] == "Regular" and regular["status"] == "Open"
    assert regular["dayOfWeek"] == date.fromisoformat(regular["nextDate"]).isoweekday()
    assert len(api.get(f"{BASE}/{sid}/upcoming").json()["data"]["schedule"]["businessHours"]) == 7


def test_replace_and_delete_write_events(harness: Harness, api: Api) -> None:
    sid = create_schedule(api, COPENHAGEN)["id"]
    body = {
        **COPENHAGEN,
        "name": "Weekend",
        "businessHours": [{"dayOfWeek": 6, "intervals": NINE_TO_FIVE}],
    }
    r = api.put(f"{BASE}/{sid}", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["data"]["schedule"]["businessHours"][5]["status"] == "Open"
    assert api.put(f"{BASE}/{sid}", json=body).status_code == 200  # no change: no event
    assert api.delete(f"{BASE}/{sid}").status_code == 204
    assert api.get(f"{BASE}/{sid}/definition").status_code == 404
    rows = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org ORDER BY seq", {"org": api.org.id}
    )
    assert [r[0] for r in rows if "SCHEDULE" in r[0]] == [
        "BUSINESS_HOURS_SCHEDULE_CREATED",
        "BUSINESS_HOURS_SCHEDULE_UPDATED",
        "BUSINESS_HOURS_SCHEDULE_DELETED",
    ]


def test_bad_input(api: Api) -> None:
    sid = create_schedule(api, COPENHAGEN)["id"]
    assert api.get(f"{BASE}/nope/status").json() == {
        "message": "Invalid value for: path parameter scheduleId"
    }
    assert api.get(f"{BASE}/{uuid.uuid4()}/definition").status_code == 404
    r = api.get(f"{BASE}/{sid}/status?timestamp=yesterday")
    assert r.json() == {"message": "Invalid value for: query parameter timestamp"}
    for days in ("0", "91", "x"):
        r = api.get(f"{BASE}/{sid}/upcoming?days={days}")
        assert r.status_code == 400, days
        assert r.json()["message"].startswith("Invalid value for: query parameter days")

    def with_(**changes: Any) -> dict[str, Any]:
        return {**COPENHAGEN, **changes}

    for body in (
        with_(timezone="Mars/Olympus"),
        with_(name=" "),
        with_(startDate="2026-13-01"),
        with_(businessHours=[{"dayOfWeek": 8, "intervals": []}]),
        with_(businessHours=[{"dayOfWeek": 1}, {"dayOfWeek": 1}]),
        with_(
            businessHours=[
                {"dayOfWeek": 1, "intervals": [{"startTime": "17:00", "endTime": "09:00"}]}
            ]
        ),
        with_(
            businessHours=[
                {"dayOfWeek": 1, "intervals": [{"startTime": "9:00", "endTime": "10:00"}]}
            ]
        ),
        with_(
            businessHours=[
                {"dayOfWeek": 1, "intervals": [{"startTime": "09:00", "endTime": "24:01"}]}
            ]
        ),
        with_(
            businessHours=[
                {
                    "dayOfWeek": 1,
                    "intervals": [*NINE_TO_FIVE, {"startTime": "16:00", "endTime": "18:00"}],
                }
            ]
        ),
        with_(
            exceptions=[
                {
                    "name": "X",
                    "startDate": "2026-05-01",
                    "recurring": {"dayOfMonth": 2, "monthOfYear": 5},
                }
            ]
        ),
        with_(exceptions=[{"name": "X", "startDate": "1 May"}]),
        with_(unknown=True),
    ):
        r = api.post(BASE, json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), r.text
    assert len(api.get(BASE).json()["data"]["schedules"]) == 1


def test_paging_and_other_organisations(api: Api, other_api: Api) -> None:
    ids = [create_schedule(api, {**COPENHAGEN, "name": f"s{i}"})["id"] for i in range(3)]
    first = api.get(f"{BASE}?pageLimit=2").json()
    second = api.get(first["meta"]["next"]).json()
    paged = [s["id"] for s in first["data"]["schedules"] + second["data"]["schedules"]]
    # the store's order (oldest first, ties within a millisecond by id), page by page
    whole = [s["id"] for s in api.get(f"{BASE}?pageLimit=100").json()["data"]["schedules"]]
    assert paged == whole and sorted(paged) == sorted(ids) and len(first["data"]["schedules"]) == 2
    assert "next" not in second["meta"]
    assert other_api.get(BASE).json()["data"] == {"schedules": []}
    for path in ("definition", "upcoming", "status"):
        assert other_api.get(f"{BASE}/{ids[0]}/{path}").status_code == 404
    assert other_api.put(f"{BASE}/{ids[0]}", json=COPENHAGEN).status_code == 404
    assert other_api.delete(f"{BASE}/{ids[0]}").status_code == 404


def test_movable_holidays_across_years(api: Api) -> None:
    body = {
        **COPENHAGEN,
        "exceptions": [
            {"name": "Easter Monday", "startDate": "2026-01-01",
             "recurring": {"holiday": "EasterMonday"}},
            {"name": "Ascension", "startDate": "2026-01-01",
             "recurring": {"holiday": "AscensionDay"}},
            {"name": "Thanksgiving", "startDate": "2026-01-01", "businessHourType": "Exception",
             "intervals": [{"startTime": "09:00", "endTime": "12:00"}],
             "recurring": {"holiday": "4th-Thursday-November"}},
        ],
    }  # fmt: skip
    created = create_schedule(api, body)
    r = api.get(f"{BASE}/{created['id']}/definition")
    assert_conforms(r.json(), "GET", "/v1/business-hours/schedules/{scheduleId}/definition")
    exceptions = r.json()["data"]["schedule"]["exceptions"]
    assert exceptions[0] == {
        "name": "Easter Monday",
        "businessHourType": "Holiday",
        "status": "Closed",
        "intervals": [],
        "recurring": {"holiday": "EasterMonday"},
        "startDate": "2026-01-01",
    }
    sid = created["id"]
    # Easter Monday 2026 is 6 April, 2027 is 29 March; Ascension 2026 is 14 May
    for closed in ("2026-04-06T10:00:00Z", "2027-03-29T10:00:00Z", "2026-05-14T10:00:00Z"):
        assert schedule_status(api, sid, closed)["isOpen"] is False, closed
    assert schedule_status(api, sid, "2026-04-06T10:00:00Z")["opensAt"] == "2026-04-07T07:00:00Z"
    for opened in ("2026-04-07T10:00:00Z", "2027-04-05T10:00:00Z", "2026-04-13T10:00:00Z"):
        assert schedule_status(api, sid, opened)["isOpen"] is True, opened
    # Thanksgiving 2026 (26 November, CET): open 09:00-12:00 only
    assert schedule_status(api, sid, "2026-11-26T09:00:00Z")["isOpen"] is True
    assert schedule_status(api, sid, "2026-11-26T13:00:00Z")["isOpen"] is False
    assert schedule_status(api, sid, "2027-11-25T13:00:00Z")["isOpen"] is False
    for bad in ({"holiday": "Festivus"}, {"holiday": "EasterMonday", "dayOfMonth": 1}):
        wrong = {**body, "exceptions": [{"name": "x", "startDate": "2026-01-01", "recurring": bad}]}
        r = api.post(BASE, json=wrong)
        assert r.status_code == 400, r.text
        assert r.json()["message"].startswith("Invalid value for: body")
