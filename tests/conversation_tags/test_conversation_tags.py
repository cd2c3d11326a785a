from __future__ import annotations

import json
import time
import uuid

from fixtures.builders import email_conversation
from fixtures.conversation_tags import new_tag, tag_added_events, tag_names
from fixtures.harness import Api, Harness
from fixtures.reads import activities, events, updated_at

BAD_CID = "Invalid value for: path parameter conversationId"
BAD_TAG = "Invalid value for: path parameter tagId"
NOT_FOUND = "An entity in this request could not be found"


def test_tag_is_idempotent_and_untag_too(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    vip, billing = new_tag(api, "vip"), new_tag(api, "billing")
    time.sleep(0.005)
    t0 = time.time_ns() // 1_000_000
    r = api.put(f"/v1/conversations/{cid}/tags/{vip['id']}")
    assert r.status_code == 204 and r.content == b""
    assert api.put(f"/v1/conversations/{cid}/tags/{vip['id']}").status_code == 204
    assert api.put(f"/v1/conversations/{cid}/tags/{billing['id']}").status_code == 204
    listed = api.get(f"/v1/conversations/{cid}/tags").json()["data"]
    assert listed == [vip, billing]
    assert tag_added_events(harness, api, cid) == ["vip", "billing"]
    assert events(harness, api, cid, "CONVERSATION_TAG_ADDED") == 2
    added = activities(harness, api, cid, "TagAdded")
    assert all(a[0] == api.org.admin_user_id for a in added)
    upd, last = updated_at(harness, api, cid)
    assert upd >= t0 and last is not None and last >= t0

    assert api.delete(f"/v1/conversations/{cid}/tags/{vip['id']}").status_code == 204
    assert api.delete(f"/v1/conversations/{cid}/tags/{vip['id']}").status_code == 204
    assert tag_names(api, cid) == ["billing"]
    removed = activities(harness, api, cid, "TagRemoved")
    assert [json.loads(a[1]) for a in removed] == [{"tag": "vip"}]
    assert events(harness, api, cid, "CONVERSATION_TAG_REMOVED") == 1


def test_inactive_tag_cannot_be_applied_but_can_be_removed(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    tag = new_tag(api, "old")
    assert api.put(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code == 204
    assert api.patch(f"/v1/tags/{tag['id']}/deactivate").status_code == 204
    listed = api.get(f"/v1/conversations/{cid}/tags").json()["data"]
    assert [t["state"] for t in listed] == ["Inactive"]
    other = email_conversation(api)
    r = api.put(f"/v1/conversations/{other}/tags/{tag['id']}")
    assert (r.status_code, r.json()["message"]) == (400, "Tag is inactive")
    assert tag_names(api, other) == [] and tag_added_events(harness, api, other) == []
    assert api.delete(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code == 204
    assert tag_names(api, cid) == []
    assert len(activities(harness, api, cid, "TagRemoved")) == 1


def test_bulk_creates_missing_tags_and_applies_all(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    existing = new_tag(api, "existing")
    assert api.put(f"/v1/conversations/{cid}/tags/{existing['id']}").status_code == 204
    r = api.post(
        f"/v1/conversations/{cid}/tags/bulk",
        json={"data": [{"name": "existing"}, {"name": " brand-new "}, {"name": "brand-new"}]},
    )
    assert r.status_code == 202 and r.json() == {}, r.text  # Dixa: 202
    assert sorted(tag_names(api, cid)) == ["brand-new", "existing"]
    all_tags = {t["name"]: t for t in api.get("/v1/tags").json()["data"]}
    assert all_tags["brand-new"]["state"] == "Active"
    assert tag_added_events(harness, api, cid) == ["existing", "brand-new"]
    created = harness.fetch(
        "SELECT COUNT(*) FROM events WHERE org_id = :org AND fqn = 'TAG_CREATED'",
        {"org": api.org.id},
    )
    assert created[0][0] == 2  # "existing" via POST /tags, "brand-new" via bulk


def test_bulk_errors_write_nothing(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    old = new_tag(api, "old")
    api.patch(f"/v1/tags/{old['id']}/deactivate")
    url = f"/v1/conversations/{cid}/tags/bulk"
    r = api.post(url, json={"data": [{"name": "fresh"}, {"name": "old"}]})
    assert (r.status_code, r.json()["message"]) == (400, "Tag is inactive: old")
    assert [t["name"] for t in api.get("/v1/tags").json()["data"]] == ["old"]
    r = api.post(url, json={"data": [{"name": "fresh"}, {"name": "  "}]})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    for body in ({"data": [{"nom": "x"}]}, {"data": "x"}, [{"name": "x"}]):
        r = api.post(url, json=body)
        assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert tag_names(api, cid) == [] and tag_added_events(harness, api, cid) == []
    assert api.post(url, json={"data": []}).status_code == 202


def test_bad_ids_and_unknown_entities(api: Api) -> None:
    cid = email_conversation(api)
    tag = new_tag(api, "t")
    for bad in ("abc", "0", "1.5"):
        for method in ("GET", "PUT", "DELETE"):
            path = "tags" if method == "GET" else f"tags/{tag['id']}"
            r = api.request(method, f"/v1/conversations/{bad}/{path}")
            assert (r.status_code, r.json()["message"]) == (400, BAD_CID)
        r = api.post(f"/v1/conversations/{bad}/tags/bulk", json={"data": []})
        assert (r.status_code, r.json()["message"]) == (400, BAD_CID)
    for method in ("PUT", "DELETE"):
        r = api.request(method, f"/v1/conversations/{cid}/tags/not-a-uuid")
        assert (r.status_code, r.json()["message"]) == (400, BAD_TAG)
        r = api.request(method, f"/v1/conversations/{cid}/tags/{uuid.uuid4()}")
        assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)
        r = api.request(method, f"/v1/conversations/987654321/tags/{tag['id']}")
        assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)
    assert api.get("/v1/conversations/987654321/tags").status_code == 404
    r = api.post("/v1/conversations/987654321/tags/bulk", json={"data": [{"name": "z"}]})
    assert r.status_code == 404
    assert [t["name"] for t in api.get("/v1/tags").json()["data"]] == ["t"]


def test_other_org_is_isolated(api: Api, other_api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    tag = new_tag(api, "mine")
    api.put(f"/v1/conversations/{cid}/tags/{tag['id']}")
    assert other_api.get(f"/v1/conversations/{cid}/tags").status_code == 404
    assert other_api.put(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code == 404
    assert other_api.delete(f"/v1/conversations/{cid}/tags/{tag['id']}").status_code == 404
    r = other_api.post(f"/v1/conversations/{cid}/tags/bulk", json={"data": [{"name": "x"}]})
    assert r.status_code == 404
    # another organisation's tag on our conversation, and ours on theirs
    theirs = new_tag(other_api, "theirs")
    assert api.put(f"/v1/conversations/{cid}/tags/{theirs['id']}").status_code == 404
    other_cid = email_conversation(other_api)
    assert other_api.put(f"/v1/conversations/{other_cid}/tags/{tag['id']}").status_code == 404
    assert tag_names(api, cid) == ["mine"] and tag_names(other_api, other_cid) == []
    assert other_api.get("/v1/tags").json()["data"] == [theirs]
    assert tag_added_events(harness, api, cid) == ["mine"]


def test_deleting_a_tag_logs_its_removal_from_each_conversation(api: Api, harness: Harness) -> None:
    first, second, untouched = (email_conversation(api) for _ in range(3))
    doomed, kept = new_tag(api, "doomed"), new_tag(api, "kept")
    for cid in (first, second):
        assert api.put(f"/v1/conversations/{cid}/tags/{doomed['id']}").status_code == 204
    assert api.put(f"/v1/conversations/{untouched}/tags/{kept['id']}").status_code == 204
    time.sleep(0.005)
    t0 = time.time_ns() // 1_000_000
    assert api.delete(f"/v1/tags/{doomed['id']}").status_code == 204
    for cid in (first, second):
        assert tag_names(api, cid) == []
        removed = activities(harness, api, cid, "TagRemoved")
        assert [(a[0], json.loads(a[1])) for a in removed] == [
            (api.org.admin_user_id, {"tag": "doomed"})
        ]
        assert events(harness, api, cid, "CONVERSATION_TAG_REMOVED") == 1
        assert updated_at(harness, api, cid)[0] >= t0
    assert tag_names(api, untouched) == ["kept"]
    assert activities(harness, api, untouched, "TagRemoved") == []
    assert events(harness, api, untouched, "CONVERSATION_TAG_REMOVED") == 0
