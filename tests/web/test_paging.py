"""Page keys (``http/paging.py``), read directly: a key carries the last row's sort key,
the page size and the first request's filters; the row past the page only says that a next
page exists; a key the server did not issue is a 400."""

from __future__ import annotations

import pytest

from fixtures.builders import page_key
from fixtures.reads import page_key_payload
from parley.errors import Invalid
from parley.http.paging import PageRequest, page_request, split_page


def test_a_first_request_starts_at_the_top_with_its_limit_and_filters() -> None:
    page = page_request(None, 5, default=10, maximum=100, filters={"email": "a@b.c"})
    assert page == PageRequest(limit=5, after=None, filters={"email": "a@b.c"})
    assert page_request(None, None, default=10, maximum=100).limit == 10


@pytest.mark.parametrize("limit", [0, -1, 101])
def test_a_page_limit_outside_one_to_the_maximum_is_400(limit: int) -> None:
    with pytest.raises(Invalid) as err:
        page_request(None, limit, default=10, maximum=100)
    assert err.value.message == (
        "Invalid value for: query parameter pageLimit, must be between 1 and 100"
    )


def test_the_last_page_has_no_next_key() -> None:
    page = PageRequest(limit=3)
    assert split_page([1, 2, 3], page, lambda r: [r]) == ([1, 2, 3], None)
    assert split_page([], page, lambda r: [r]) == ([], None)


def test_a_row_past_the_limit_makes_a_key_holding_the_last_served_row() -> None:
    page = PageRequest(limit=2, filters={"q": "x"})
    items, key = split_page([(1, "a"), (2, "b"), (3, "c")], page, lambda r: [r[0], r[1]])
    assert items == [(1, "a"), (2, "b")]
    assert key is not None and "=" not in key  # URL-safe, unpadded
    assert page_key_payload(key) == {"a": [2, "b"], "l": 2, "f": {"q": "x"}}


def test_a_key_without_filters_carries_none() -> None:
    _, key = split_page([1, 2], PageRequest(limit=1), lambda r: [r])
    assert key is not None and page_key_payload(key) == {"a": [1], "l": 1}


def test_a_key_brings_back_its_position_size_and_filters() -> None:
    _, key = split_page([1, 2, 3], PageRequest(limit=2, filters={"f": 1}), lambda r: [r])
    page = page_request(key, None, default=10, maximum=100, filters={"ignored": True})
    assert page == PageRequest(limit=2, after=[2], filters={"f": 1})


def test_a_limit_given_with_a_key_wins_and_the_maximum_caps_a_stored_one() -> None:
    key = page_key({"a": [7], "l": 50})
    assert page_request(key, 3, default=10, maximum=100).limit == 3
    assert page_request(key, None, default=10, maximum=20).limit == 20
    assert page_request(page_key({"a": [7]}), None, default=10, maximum=20).limit == 10


@pytest.mark.parametrize(
    "key",
    ["not base64 at all!", "e30", page_key([1, 2]), page_key({"a": 1}), page_key({"l": 2}), "////"],
    # Named, not shown: a signed key differs per process (its secret is random), and every
    # process that collects the suite must see the same test ids.
    ids=["not-base64", "no-position", "a-list", "position-not-a-list", "limit-only", "slashes"],
)
def test_a_key_the_server_did_not_issue_is_400(key: str) -> None:
    with pytest.raises(Invalid) as err:
        page_request(key, None, default=10, maximum=100)
    assert err.value.status_code == 400
    assert err.value.message == (
        "Invalid value for: query parameter pageKey, not a key this server issued"
    )
