"""Business hours and the organisation in the desk's administration."""

from __future__ import annotations

from fixtures.desk import Browser, DeskOrg, api_data
from parley.desk.hours_form import body_from

PAGE = "/admin/hours"
BASE = "/v1/business-hours/schedules"
FORM = {
    "name": "Support",
    "timezone": "Europe/Copenhagen",
    "day1": "09:00-12:00, 13:00-17:00",
    "day5": "09:00-15:00",
    "exceptions": "2026-12-25 yearly closed Christmas\n\n2026-12-24 09:00-12:00 Christmas Eve\n"
    "2026-01-01 EasterMonday closed Easter Monday",
}


def test_schedules(org: DeskOrg, admin: Browser, agent: Browser) -> None:
    assert agent.get(PAGE).status_code == 403
    assert admin.post(PAGE, FORM, form_page=PAGE).status_code == 303
    (made,) = api_data(org.api, BASE)["schedules"]
    found = org.api.get(f"{BASE}/{made['id']}/definition").json()["data"]["schedule"]
    assert found["timezone"] == "Europe/Copenhagen"
    week = {d["dayOfWeek"]: d["intervals"] for d in found["businessHours"]}
    assert week[1] == [{"startTime": "09:00", "endTime": "12:00"},
                       {"startTime": "13:00", "endTime": "17:00"}]  # fmt: skip
    assert week[2] == [] and week[5] == [{"startTime": "09:00", "endTime": "15:00"}]
    by_name = {e["name"]: e for e in found["exceptions"]}
    assert by_name["Christmas"]["businessHourType"] == "Holiday"
    assert by_name["Christmas"]["recurring"] == {"dayOfMonth": 25, "monthOfYear": 12}
    assert by_name["Christmas Eve"]["intervals"] == [{"startTime": "09:00", "endTime": "12:00"}]
    assert by_name["Easter Monday"]["recurring"] == {"holiday": "EasterMonday"}
    at = "2026-04-06T10:00:00Z"  # Easter Monday, a Monday with hours
    assert (
        org.api.get(f"{BASE}/{made['id']}/status?timestamp={at}").json()["data"]["isOpen"] is False
    )

    listing = admin.get(PAGE).text
    assert "Support" in listing and ("Open" in listing or "Closed" in listing)
    path = f"{PAGE}/{made['id']}"
    edit = admin.get(path).text
    assert 'value="09:00-12:00, 13:00-17:00"' in edit
    assert "2026-12-25 yearly closed Christmas" in edit
    assert "2026-01-01 EasterMonday closed Easter Monday" in edit
    changed = {**FORM, "name": "Support desk", "timezone": "America/New_York", "day1": ""}
    assert admin.post(path, changed, form_page=PAGE).status_code == 303
    found = org.api.get(f"{BASE}/{made['id']}/definition").json()["data"]["schedule"]
    assert (found["name"], found["timezone"]) == ("Support desk", "America/New_York")
    assert [d["intervals"] for d in found["businessHours"] if d["dayOfWeek"] == 1] == [[]]

    for bad in ({"timezone": "Mars/Olympus"}, {"day3": "9 to 5"}, {"day3": "25:00-26:00"},
                {"exceptions": "2026-13-40 closed Nonsense"}, {"exceptions": "2026-01-01 closed"},
                {"exceptions": "2026-01-01 Easter+999 closed Nonsense"}):  # fmt: skip
        r = admin.post(path, {**FORM, **bad}, form_page=PAGE)
        assert r.status_code == 400, bad
    assert api_data(org.api, BASE)["schedules"][0]["name"] == "Support desk"
    assert admin.post(f"{path}/delete", form_page=PAGE).status_code == 303
    assert api_data(org.api, BASE)["schedules"] == []


def test_the_form_reads_back_what_it_shows() -> None:
    from parley.business_hours.schemas import BusinessHour, ScheduleDefinition
    from parley.desk.hours_form import fields_of

    body = body_from(FORM)
    assert [d.dayOfWeek for d in body.businessHours] == [1, 5]
    shown = ScheduleDefinition(
        id="x",
        name="Support",
        timezone="Europe/Copenhagen",
        businessHours=[
            BusinessHour(
                name="Monday",
                businessHourType="Regular",
                status="Open",
                startDate="2026-01-05",
                intervals=body.businessHours[0].intervals,
                dayOfWeek=1,
            )
        ],
    )
    assert fields_of(shown)["day1"] == FORM["day1"]


def test_organization_name(org: DeskOrg, admin: Browser) -> None:
    assert (
        admin.post("/admin/organization", {"name": "Acme Support"}, form_page=PAGE).status_code
        == 303
    )
    assert org.api.get("/v1/organization").json()["data"]["name"] == "Acme Support"
    assert 'value="Acme Support"' in admin.get(PAGE).text
    r = admin.post("/admin/organization", {"name": "  "}, form_page=PAGE)
    assert r.status_code == 400
    assert org.api.get("/v1/organization").json()["data"]["name"] == "Acme Support"
