"""A page key keeps a list's filters; what a key brings back is read as that list's filters
again: names the list does not have are dropped, values of the wrong type are a 400 (never a
500), and a key issued by the server keeps its result set."""

from __future__ import annotations

from typing import Any

import pytest

from parley.http.paging import encode_key


def _key(filters: dict[str, Any]) -> str:
    """A page key as the server writes one (``http/paging.py``, signed with the server's
    secret), with these filters."""
    payload = {"a": [0, "00000000-0000-0000-0000-000000000000"], "l": 1, "f": filters}
    return encode_key(payload)


@pytest.mark.parametrize(
    "path",
    ["/v1/agents", "/v1/endusers", "/v1/tags", "/v1/contact-endpoints", "/v1/custom-attributes"],
)
def test_a_key_with_names_the_list_lacks_is_read_without_them(api: Any, path: str) -> None:
    r = api.get(path, params={"pageKey": _key({"nope": 1, "e": "x", "limit": 3})})
    assert r.status_code == 200, r.text
    assert isinstance(r.json()["data"], list)


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        ("/v1/agents", {"email": ["a@b.c"]}),
        ("/v1/endusers", {"external_id": {"x": 1}}),
        ("/v1/tags", {"include_inactive": "yes"}),
        ("/v1/contact-endpoints", {"type_": 7}),
        ("/v1/conversations/activitylog", {"from_at": "soon"}),
    ],
)
def test_a_key_with_filters_of_the_wrong_type_is_400(
    api: Any, path: str, filters: dict[str, Any]
) -> None:
    r = api.get(path, params={"pageKey": _key(filters)})
    assert r.status_code == 400, r.text
    assert r.json()["message"].startswith("Invalid value for: query parameter pageKey")


def test_a_filtered_list_keeps_its_filter_on_the_next_page(api: Any) -> None:
    for name in ("a", "b", "c"):
        assert api.post("/v1/tags", json={"name": name}).status_code == 200
    tag_id = api.get("/v1/tags").json()["data"][0]["id"]
    assert api.patch(f"/v1/tags/{tag_id}/deactivate").status_code == 204
    first = api.get("/v1/tags", params={"includeDeactivated": "false", "pageLimit": 1}).json()
    seen = [t["id"] for t in first["data"]]
    next_link = first["meta"]["next"]
    while next_link:
        page = api.get(next_link).json()
        seen += [t["id"] for t in page["data"]]
        next_link = page["meta"].get("next")
    assert len(seen) == 2 and tag_id not in seen
