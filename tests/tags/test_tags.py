from __future__ import annotations

import uuid

from fixtures.harness import Api, Harness
from fixtures.tags import tag_events


def test_create_get_list_and_same_name(api: Api) -> None:
    r = api.post("/v1/tags", json={"name": "billing", "color": "#ff0000"})
    assert r.status_code == 200, r.text
    tag = r.json()["data"]
    assert tag["name"] == "billing" and tag["state"] == "Active" and tag["color"] == "#ff0000"
    again = api.post("/v1/tags", json={"name": "billing", "color": "#000000"}).json()["data"]
    assert again == tag
    assert api.get(f"/v1/tags/{tag['id']}").json()["data"] == tag
    listed = api.get("/v1/tags").json()
    assert [t["id"] for t in listed["data"]] == [tag["id"]]


def test_activate_deactivate_delete(api: Api) -> None:
    tag = api.post("/v1/tags", json={"name": "vip"}).json()["data"]
    r = api.patch(f"/v1/tags/{tag['id']}/deactivate")
    assert r.status_code == 204 and r.content == b""
    assert api.get(f"/v1/tags/{tag['id']}").json()["data"]["state"] == "Inactive"
    assert api.get("/v1/tags?includeDeactivated=false").json()["data"] == []
    assert api.patch(f"/v1/tags/{tag['id']}/activate").status_code == 204
    assert api.get(f"/v1/tags/{tag['id']}").json()["data"]["state"] == "Active"
    assert api.delete(f"/v1/tags/{tag['id']}").status_code == 204
    assert api.get(f"/v1/tags/{tag['id']}").status_code == 404


def test_paging_follows_next(api: Api) -> None:
    ids = [api.post("/v1/tags", json={"name": f"t{i}"}).json()["data"]["id"] for i in range(5)]
    seen: list[str] = []
    url = "/v1/tags?pageLimit=2"
    pages = 0
    while url:
        body = api.get(url).json()
        seen += [t["id"] for t in body["data"]]
        url = body["meta"].get("next")
        pages += 1
    # the store's order (oldest first, ties within a millisecond by id), page by page
    whole = [t["id"] for t in api.get("/v1/tags?pageLimit=100").json()["data"]]
    assert seen == whole and sorted(seen) == sorted(ids) and pages == 3


def test_bad_input(api: Api) -> None:
    r = api.get("/v1/tags/not-a-uuid")
    assert r.status_code == 400
    assert r.json() == {"message": "Invalid value for: path parameter tagId"}
    r = api.post("/v1/tags", json={"color": "red"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    r = api.post("/v1/tags", content=b"{nope", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["message"].startswith("Invalid value for: body")
    for bad in ("0", "-1", "abc"):
        r = api.get(f"/v1/tags?pageLimit={bad}")
        assert r.status_code == 400, bad
        assert r.json()["message"].startswith("Invalid value for: query parameter pageLimit")


def test_other_org_cannot_see_tag(api: Api, other_api: Api) -> None:
    tag = api.post("/v1/tags", json={"name": "secret"}).json()["data"]
    assert other_api.get(f"/v1/tags/{tag['id']}").status_code == 404
    assert other_api.patch(f"/v1/tags/{tag['id']}/deactivate").status_code == 404
    assert other_api.delete(f"/v1/tags/{tag['id']}").status_code == 404
    assert other_api.get("/v1/tags").json()["data"] == []
    assert api.get(f"/v1/tags/{uuid.uuid4()}").status_code == 404


def test_same_name_as_another_org_creates_a_tag_of_its_own(
    harness: Harness, api: Api, other_api: Api
) -> None:
    theirs = other_api.post("/v1/tags", json={"name": "billing", "color": "#000000"})
    assert theirs.status_code == 200, theirs.text
    their_tag = theirs.json()["data"]
    r = api.post("/v1/tags", json={"name": "billing", "color": "#ff0000"})
    assert r.status_code == 200, r.text
    mine = r.json()["data"]
    assert mine["id"] != their_tag["id"]
    assert mine == {**mine, "name": "billing", "color": "#ff0000", "state": "Active"}
    assert [t["id"] for t in api.get("/v1/tags").json()["data"]] == [mine["id"]]
    assert [t["id"] for t in other_api.get("/v1/tags").json()["data"]] == [their_tag["id"]]
    assert other_api.get(f"/v1/tags/{their_tag['id']}").json()["data"] == their_tag
    # each organisation got its own TagCreated
    for org in (api.org.id, other_api.org.id):
        rows = harness.fetch(
            "SELECT COUNT(*) FROM events WHERE org_id = :o AND fqn = 'TAG_CREATED'", {"o": org}
        )
        assert int(rows[0][0]) == 1


def test_state_changes_and_delete_emit_events(harness: Harness, api: Api) -> None:
    tag = api.post("/v1/tags", json={"name": "vip"}).json()["data"]
    ref = {"tag": {"id": tag["id"]}}
    assert api.patch(f"/v1/tags/{tag['id']}/deactivate").status_code == 204
    assert api.patch(f"/v1/tags/{tag['id']}/deactivate").status_code == 204  # no change
    assert tag_events(harness, api, "TAG_DEACTIVATED") == [ref]
    assert tag_events(harness, api, "TAG_ACTIVATED") == []
    assert api.patch(f"/v1/tags/{tag['id']}/activate").status_code == 204
    assert api.patch(f"/v1/tags/{tag['id']}/activate").status_code == 204  # no change
    assert tag_events(harness, api, "TAG_ACTIVATED") == [ref]
    assert tag_events(harness, api, "TAG_DELETED") == []
    assert api.delete(f"/v1/tags/{tag['id']}").status_code == 204
    assert tag_events(harness, api, "TAG_DELETED") == [ref]
    assert tag_events(harness, api, "TAG_DEACTIVATED") == [ref]
