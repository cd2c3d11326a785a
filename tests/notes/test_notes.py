from __future__ import annotations

import json
import uuid

from fixtures.builders import create_end_user, email_conversation
from fixtures.harness import Api, Harness
from fixtures.notes import now_ms_after_pause
from fixtures.reads import activities, events, updated_at

BAD_CID = "Invalid value for: path parameter conversationId"
NOT_FOUND = "An entity in this request could not be found"


def test_create_and_list_notes_oldest_first(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    t0 = now_ms_after_pause()
    r = api.post(f"/v1/conversations/{cid}/notes", json={"message": "later"})
    assert r.status_code == 200, r.text
    later = r.json()["data"]
    assert set(later) == {"id", "authorId", "createdAt", "csid", "message"}
    assert later["authorId"] == api.org.admin_user_id and later["csid"] == cid
    assert later["message"] == "later" and later["createdAt"].endswith("Z")
    r = api.post(
        f"/v1/conversations/{cid}/notes",
        json={
            "message": "earlier",
            "agentId": api.org.admin_user_id,
            "createdAt": "2021-12-01T12:46:36.581Z[GMT]",
        },
    )
    assert r.status_code == 200, r.text
    earlier = r.json()["data"]
    assert earlier["createdAt"] == "2021-12-01T12:46:36.581Z"
    listed = api.get(f"/v1/conversations/{cid}/notes")
    assert listed.status_code == 200
    assert listed.json()["data"] == [earlier, later]
    acts = activities(harness, api, cid, "NoteAdded")
    assert [json.loads(a[1]) for a in acts] == [
        {"messageId": later["id"]},
        {"messageId": earlier["id"]},
    ]
    assert all(a[0] == api.org.admin_user_id for a in acts)
    assert events(harness, api, cid, "CONVERSATION_NOTE_ADDED") == 2
    upd, last = updated_at(harness, api, cid)
    assert upd >= t0 and last is not None and last >= t0


def test_same_timestamp_keeps_insertion_order(api: Api) -> None:
    cid = email_conversation(api)
    at = "2024-01-01T00:00:00Z"
    ids = [
        api.post(f"/v1/conversations/{cid}/notes", json={"message": m, "createdAt": at}).json()[
            "data"
        ]["id"]
        for m in ("one", "two", "three")
    ]
    assert [n["id"] for n in api.get(f"/v1/conversations/{cid}/notes").json()["data"]] == ids


def test_note_errors(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    end_user = create_end_user(api)
    url = f"/v1/conversations/{cid}/notes"
    for agent in (end_user, str(uuid.uuid4()), "not-a-uuid"):
        r = api.post(url, json={"message": "x", "agentId": agent})
        assert (r.status_code, r.json()["message"]) == (400, "Agent was not found")
    r = api.post(url, json={"message": "x", "createdAt": "yesterday"})
    assert (r.status_code, r.json()["message"]) == (400, "Invalid date format")
    r = api.post(url, json={"agentId": api.org.admin_user_id})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.post(url, json={"message": "   "})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.post(url, content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    assert api.get(url).json()["data"] == []
    assert activities(harness, api, cid, "NoteAdded") == []


def test_bulk_writes_valid_items_and_reports_each(api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    missing_agent = str(uuid.uuid4())
    r = api.post(
        f"/v1/conversations/{cid}/notes/bulk",
        json={
            "data": [
                {"message": "first", "createdAt": "2021-12-01T12:46:36.581Z[GMT]"},
                {"message": "bad agent", "agentId": missing_agent},
                {"agentId": api.org.admin_user_id},
                {"message": "bad date", "createdAt": "nope"},
                {"message": "second", "agentId": api.org.admin_user_id},
            ]
        },
    )
    assert r.status_code == 200, r.text
    items = r.json()["data"]
    assert [i["_type"] for i in items] == [
        "BulkActionSuccess",
        "BulkActionFailure",
        "BulkActionFailure",
        "BulkActionFailure",
        "BulkActionSuccess",
    ]
    assert items[0]["data"]["message"] == "first" and items[0]["data"]["csid"] == cid
    assert items[1]["error"]["message"] == (
        f"An agent with id:{missing_agent} cannot be found in org."
    )
    assert items[2]["error"]["message"].startswith("Invalid value for: body")
    assert items[3]["error"]["message"] == "Invalid date format"
    listed = api.get(f"/v1/conversations/{cid}/notes").json()["data"]
    assert listed == [items[0]["data"], items[4]["data"]]
    assert len(activities(harness, api, cid, "NoteAdded")) == 2


def test_bulk_body_errors(api: Api) -> None:
    cid = email_conversation(api)
    url = f"/v1/conversations/{cid}/notes/bulk"
    for body in ([{"message": "x"}], {"data": "x"}, {}):
        r = api.post(url, json=body)
        assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.post(url, json={"data": []})
    assert r.status_code == 200 and r.json()["data"] == []


def test_bad_and_unknown_conversation(api: Api) -> None:
    for cid in ("abc", "0", "-4", "99999999999999999999"):
        for method, path, body in (
            ("GET", "notes", None),
            ("POST", "notes", {"message": "x"}),
            ("POST", "notes/bulk", {"data": []}),
        ):
            r = api.request(method, f"/v1/conversations/{cid}/{path}", json=body)
            assert (r.status_code, r.json()["message"]) == (400, BAD_CID), (cid, path)
    for method, path, body in (
        ("GET", "notes", None),
        ("POST", "notes", {"message": "x"}),
        ("POST", "notes/bulk", {"data": [{"message": "x"}]}),
    ):
        r = api.request(method, f"/v1/conversations/987654321/{path}", json=body)
        assert (r.status_code, r.json()["message"]) == (404, NOT_FOUND)


def test_other_org_is_isolated(api: Api, other_api: Api, harness: Harness) -> None:
    cid = email_conversation(api)
    api.post(f"/v1/conversations/{cid}/notes", json={"message": "private"})
    assert other_api.get(f"/v1/conversations/{cid}/notes").status_code == 404
    r = other_api.post(f"/v1/conversations/{cid}/notes", json={"message": "x"})
    assert r.status_code == 404
    r = other_api.post(f"/v1/conversations/{cid}/notes/bulk", json={"data": [{"message": "x"}]})
    assert r.status_code == 404
    # another organisation's agent is not an agent here
    r = api.post(
        f"/v1/conversations/{cid}/notes",
        json={"message": "x", "agentId": other_api.org.admin_user_id},
    )
    assert (r.status_code, r.json()["message"]) == (400, "Agent was not found")
    assert len(api.get(f"/v1/conversations/{cid}/notes").json()["data"]) == 1
    assert len(activities(harness, api, cid, "NoteAdded")) == 1
