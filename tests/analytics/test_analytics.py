"""Analytics over HTTP on both stores: the catalogues, and metric and record data checked
against numbers computed here from a known set of imported conversations."""

from __future__ import annotations

import math
import statistics
from typing import Any

from dixa_spec import assert_conforms
from fixtures.analytics import WEEK, imported_week, in_week, instant, metric
from fixtures.builders import create_agent, create_end_user, email_conversation
from fixtures.harness import Api, Harness


def test_metrics_match_independent_computation(harness: Harness, api: Api) -> None:
    agents, specs = imported_week(api)
    created = [s for s in specs if in_week(s["created"])]
    closed = [s for s in specs if in_week(s.get("closed"))]
    assert metric(api, {"id": "created_conversations", "periodFilter": WEEK}) == {
        "Count": len(created)
    }
    assert metric(api, {"id": "closed_conversations", "periodFilter": WEEK}) == {
        "Count": len(closed)
    }
    emails = [s for s in created if s["channel"] == "email"]
    email = {"attribute": "channel", "values": ["EMAIL"]}
    body = {"id": "created_conversations", "periodFilter": WEEK, "filters": [email]}
    assert metric(api, body) == {"Count": len(emails)}
    outbound = {"attribute": "initial_direction", "values": ["OUTBOUND"]}
    body["filters"] = [outbound]
    assert metric(api, body) == {"Count": 1}
    by_a = {"attribute": "agent_id", "values": [agents["a"]]}
    body["filters"] = [by_a, email]
    assert metric(api, body) == {"Count": len([s for s in emails if s.get("agent") == agents["a"]])}

    firsts = [
        (instant(s["replies"][0]) - instant(s["created"])).total_seconds()
        for s in created
        if s.get("replies")
    ]
    found = metric(api, {"id": "first_response_time", "periodFilter": WEEK})
    assert found["Count"] == len(firsts) and math.isclose(found["Sum"], sum(firsts))
    assert math.isclose(found["Average"], statistics.mean(firsts))
    assert math.isclose(found["StdDev"], statistics.pstdev(firsts))
    assert (found["Min"], found["Max"]) == (min(firsts), max(firsts))

    resolutions = [(instant(s["closed"]) - instant(s["created"])).total_seconds() for s in closed]
    found = metric(
        api, {"id": "resolution_time", "periodFilter": WEEK, "aggregations": ["Average", "Max"]}
    )
    assert set(found) == {"Average", "Max"}
    assert math.isclose(found["Average"], statistics.mean(resolutions))
    assert found["Max"] == max(resolutions)
    # by conversation ids instead of a period
    ids = [specs[0]["csid"], specs[4]["csid"]]
    assert metric(api, {"id": "closed_conversations", "csidFilter": ids}) == {"Count": 2}


def test_csat_and_tag_filter(harness: Harness, api: Api) -> None:
    user = create_end_user(api, "Customer")
    tag = api.post("/v1/tags", json={"name": "vip"}).json()["data"]["id"]
    scores = [5, 4, 2, 1, 5]
    for i, score in enumerate(scores):
        cid = email_conversation(api, requesterId=user)
        offered = api.post(
            f"/v1/conversations/{cid}/ratings/offer", json={"userId": user, "ratingType": "Csat"}
        )
        assert offered.status_code == 201, offered.text
        rating = offered.json()["data"]["id"]
        body = {"userId": user, "ratingResult": {"_type": "Csat", "value": score}}
        r = api.post(f"/v1/conversations/{cid}/ratings/{rating}/submit", json=body)
        assert r.status_code in (200, 201, 204), r.text
        if i < 2:
            assert api.put(f"/v1/conversations/{cid}/tags/{tag}").status_code in (200, 204)
    today = {"_type": "Preset", "value": {"_type": "Today"}}
    found = metric(api, {"id": "csat", "periodFilter": today})
    satisfied = len([s for s in scores if s >= 4])
    assert math.isclose(found["Percentage"], 100 * satisfied / len(scores))
    assert found["Count"] == len(scores) and math.isclose(found["Average"], statistics.mean(scores))
    vip = {"attribute": "tag_id", "values": [tag]}
    found = metric(api, {"id": "csat", "periodFilter": today, "filters": [vip]})
    assert found == {"Percentage": 100.0, "Count": 2, "Average": 4.5}
    yesterday = {"_type": "Preset", "value": "Yesterday"}
    assert metric(api, {"id": "csat", "periodFilter": yesterday}) == {"Count": 0}
    r = api.post(
        "/v1/analytics/records",
        json={"id": "ratings", "timezone": "Europe/Copenhagen", "periodFilter": today},
    )
    assert_conforms(r.json(), "POST", "/v1/analytics/records")
    assert sorted(rec["value"]["value"] for rec in r.json()["data"]) == sorted(scores)


def test_records_are_paged_in_time_order(harness: Harness, api: Api) -> None:
    _agents, specs = imported_week(api)
    want = sorted((s["created"], s["csid"]) for s in specs if in_week(s["created"]))
    seen: list[tuple[str, int]] = []
    url: str | None = "/v1/analytics/records?pageLimit=2"
    body = {"id": "created_conversations", "timezone": "UTC", "periodFilter": WEEK}
    while url:
        r = api.post(url, json=body)
        assert r.status_code == 200, r.text
        assert_conforms(r.json(), "POST", "/v1/analytics/records")
        for rec in r.json()["data"]:
            fields = {f["name"]: f["field"] for f in rec["fields"]}
            seen.append((rec["primaryTimestampField"]["timestamp"], fields["csid"]["value"]))
            assert rec["primaryTimestampField"]["name"] == "created_at"
            assert fields["initial_direction"]["value"] in ("INBOUND", "OUTBOUND")
        url = r.json()["meta"].get("next")
    assert [(instant(a), c) for a, c in seen] == [(instant(a), c) for a, c in want]
    r = api.post("/v1/analytics/records", json={**body, "id": "closed_conversations"})
    closers = {}
    for rec in r.json()["data"]:
        fields = {f["name"]: f["field"]["value"] for f in rec["fields"]}
        closers[fields["conversation_id"]] = fields["closed_by"]
    assert closers == {s["csid"]: s["agent"] for s in specs if in_week(s.get("closed"))}
    r = api.post("/v1/analytics/records", json={**body, "id": "first_response_times"})
    values = sorted(rec["value"]["value"] for rec in r.json()["data"])
    assert values == [600.0, 1800.0]


def test_catalogues_and_filter_values(harness: Harness, api: Api) -> None:
    r = api.get("/v1/analytics/metrics")
    assert_conforms(r.json(), "GET", "/v1/analytics/metrics")
    ids = [m["id"] for m in r.json()["data"]]
    assert {"csat", "closed_conversations", "first_response_time"} <= set(ids)
    paged: list[str] = []
    url: str | None = "/v1/analytics/metrics?pageLimit=2"
    while url:
        body = api.get(url).json()
        paged += [m["id"] for m in body["data"]]
        url = body["meta"].get("next")
    assert paged == ids
    one = api.get("/v1/analytics/metrics/csat")
    assert_conforms(one.json(), "GET", "/v1/analytics/metrics/{metricId}")
    assert one.json()["data"]["relatedRecordIds"] == ["ratings"]
    r = api.get("/v1/analytics/records")
    assert_conforms(r.json(), "GET", "/v1/analytics/records")
    rec = api.get("/v1/analytics/records/closed_conversations")
    assert_conforms(rec.json(), "GET", "/v1/analytics/records/{recordId}")
    assert rec.json()["data"]["relatedMetricIds"] == ["closed_conversations"]
    assert api.get("/v1/analytics/metrics/nope").status_code == 404
    assert api.get("/v1/analytics/records/nope").status_code == 404
    agent = create_agent(api, "Zed")
    values = api.get("/v1/analytics/filter/agent_id?pageLimit=100")
    assert_conforms(values.json(), "GET", "/v1/analytics/filter/{filterAttribute}")
    assert {"value": agent, "label": "Zed"} in values.json()["data"]
    channels = api.get("/v1/analytics/filter/channel").json()["data"]
    assert {"value": "EMAIL", "label": "Email"} in channels
    assert api.get("/v1/analytics/filter/initial_direction").json()["data"] == [
        {"value": "INBOUND", "label": "Inbound"},
        {"value": "OUTBOUND", "label": "Outbound"},
    ]
    first = api.get("/v1/analytics/filter/channel?pageLimit=3").json()
    second = api.get(first["meta"]["next"]).json()
    assert [c["value"] for c in first["data"] + second["data"]][:6] == [
        c["value"] for c in channels
    ][:6]


def test_bad_input(api: Api) -> None:
    def bad(body: dict[str, Any]) -> str:
        r = api.post("/v1/analytics/metrics", json=body)
        assert r.status_code == 400, (body, r.text)
        message: str = r.json()["message"]
        assert message.startswith("Invalid value for: body"), message
        return message

    base = {"id": "closed_conversations", "timezone": "UTC", "periodFilter": WEEK}
    bad({**base, "id": "nope"})
    bad({**base, "timezone": "Moon/Base"})
    bad({**base, "aggregations": ["Average"]})
    bad({**base, "filters": [{"attribute": "colour", "values": ["red"]}]})
    bad({**base, "periodFilter": {"_type": "Preset", "value": {"_type": "NextWeek"}}})
    bad(
        {
            **base,
            "periodFilter": {
                "_type": "Interval",
                "start": "2026-03-02T00:00:00Z",
                "end": "2026-03-01T00:00:00Z",
            },
        }
    )
    bad({**base, "csidFilter": [1]})
    bad({"id": "closed_conversations", "timezone": "UTC"})
    bad({**base, "periodFilter": None, "csidFilter": []})
    r = api.get("/v1/analytics/filter/colour")
    assert r.json() == {"message": "Invalid value for: path parameter filterAttribute"}


def test_other_organisations_data_is_not_counted(
    harness: Harness, api: Api, other_api: Api
) -> None:
    imported_week(other_api)
    body = {"id": "created_conversations", "timezone": "UTC", "periodFilter": WEEK}
    assert metric(api, body) == {"Count": 0}
    r = api.post("/v1/analytics/records", json=body)
    assert r.json()["data"] == []
    agents = [v["value"] for v in api.get("/v1/analytics/filter/agent_id").json()["data"]]
    assert agents == [api.org.admin_user_id]


def test_assignments_per_agent(harness: Harness, api: Api) -> None:
    agents, specs = imported_week(api)
    assigned = [s for s in specs if s.get("agent") and in_week(s["created"])]
    per_agent: dict[str, int] = {}
    for s in assigned:
        per_agent[s["agent"]] = per_agent.get(s["agent"], 0) + 1
    body = {"id": "conversation_assignments_per_agent", "periodFilter": WEEK}
    found = metric(api, body)
    assert found == {
        "Count": len(per_agent),
        "Sum": float(sum(per_agent.values())),
        "Average": sum(per_agent.values()) / len(per_agent),
        "Min": float(min(per_agent.values())),
        "Max": float(max(per_agent.values())),
    }
    # a claim made now is an assignment of today, not of the week
    cid = specs[2]["csid"]
    assert (
        api.put(f"/v1/conversations/{cid}/claim", json={"agentId": agents["a"]}).status_code == 204
    )
    today = {"_type": "Preset", "value": {"_type": "Today"}}
    assert metric(api, {**body, "periodFilter": today}) == {
        "Count": 1, "Sum": 1.0, "Average": 1.0, "Min": 1.0, "Max": 1.0}  # fmt: skip
    assert metric(api, body) == found
    by_b = {"attribute": "agent_id", "values": [agents["b"]]}
    assert metric(api, {**body, "filters": [by_b]})["Sum"] == per_agent.get(agents["b"], 0)
    r = api.post(
        "/v1/analytics/records",
        json={"id": "conversation_assignments", "timezone": "UTC", "periodFilter": WEEK},
    )
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "POST", "/v1/analytics/records")
    seen = []
    for rec in r.json()["data"]:
        fields = {f["name"]: f["field"]["value"] for f in rec["fields"]}
        seen.append((fields["csid"], fields["agent_id"]))
        assert rec["primaryTimestampField"]["name"] == "assigned_at"
    assert sorted(seen) == sorted((s["csid"], s["agent"]) for s in assigned)
