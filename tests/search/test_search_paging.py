"""Search paging: keyset pages through every hit, in every order the search uses, with no
duplicate and no missing hit, on both stores."""

from __future__ import annotations

import pytest

from fixtures.builders import conversation_about, create_end_user, email_endpoint, word
from fixtures.harness import Api
from fixtures.reads import hit_ids, search_all
from fixtures.search import corpus, ids_filter, post_all
from parley.search import service


def test_relevance_pages_cover_every_hit_once(api: Api) -> None:
    w = word("zp")
    ids = corpus(api, w, 23)
    everything = hit_ids(
        api.get("/v1/search/conversations", params={"query": w, "pageLimit": 50}).json()
    )
    assert sorted(everything) == sorted(ids)
    paged, pages = search_all(api, w, 5)
    assert pages == 5
    assert paged == everything  # same order, no duplicate, nothing missing


def test_newest_first_pages_for_unselective_text(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    w = word("zp")
    ids = corpus(api, w, 14)
    monkeypatch.setattr(service, "COMMON_MATCHES", 3)
    paged, pages = search_all(api, w, 3)
    assert pages == 5
    assert paged == sorted(ids, reverse=True)
    # The order chosen on the first page is kept even if the rule would now choose another.
    body = api.get("/v1/search/conversations", params={"query": w, "pageLimit": 4}).json()
    monkeypatch.setattr(service, "COMMON_MATCHES", 10_000)
    rest = api.get(body["meta"]["next"]).json()
    assert hit_ids(body) + hit_ids(rest)[:4] == sorted(ids, reverse=True)[:8]


def test_newest_first_with_highlights_and_filters(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = word("zp")
    ids = corpus(api, w, 9)
    monkeypatch.setattr(service, "COMMON_MATCHES", 2)
    body = api.get("/v1/search/conversations", params={"query": w, "pageLimit": 2}).json()
    assert hit_ids(body) == sorted(ids, reverse=True)[:2]
    assert all(h["innerHits"] for h in body["data"])
    chosen = [ids[1], ids[4], ids[7]]
    got, _ = post_all(api, {"query": {"value": w}, "filters": ids_filter("All", chosen)})
    assert got == sorted(chosen, reverse=True)


def test_page_key_carries_the_text_and_limit(api: Api) -> None:
    w = word("zp")
    ids = corpus(api, w, 7)
    everything = hit_ids(api.get("/v1/search/conversations", params={"query": w}).json())
    assert sorted(everything) == sorted(ids)
    first = api.get("/v1/search/conversations", params={"query": w, "pageLimit": 3}).json()
    assert hit_ids(first) == everything[:3]
    nxt = first["meta"]["next"]
    assert "query=" not in nxt
    assert hit_ids(api.get(nxt).json()) == everything[3:6]
    # pageLimit may change between pages; the key alone carries the text
    key = nxt.split("pageKey=")[1]
    bigger = api.get("/v1/search/conversations", params={"pageKey": key, "pageLimit": 4}).json()
    assert hit_ids(bigger) == everything[3:7]
    assert bigger["meta"].get("next") is None


def test_last_page_has_no_next(api: Api) -> None:
    w = word("zp")
    corpus(api, w, 2)
    body = api.get("/v1/search/conversations", params={"query": w, "pageLimit": 2}).json()
    assert len(body["data"]) == 2
    assert body["meta"].get("next") is None


def test_listing_without_text_pages_newest_first(api: Api) -> None:
    requester, address = create_end_user(api), email_endpoint(api)
    ids = [
        conversation_about(api, f"List {i}", "x", requester=requester, address=address)
        for i in range(7)
    ]
    got, pages = post_all(api)
    for page in pages:
        for hit in page["data"]:
            assert hit["highlights"] == {} and hit["innerHits"] == []
    assert len(pages) == 4
    assert got == sorted(ids, reverse=True)


def test_relevance_pages_with_filters(api: Api) -> None:
    w = word("zp")
    ids = corpus(api, w, 12)
    everything = hit_ids(api.get("/v1/search/conversations", params={"query": w}).json())
    chosen = [*ids[::2], ids[3]]
    got, pages = post_all(api, {"query": {"value": w}, "filters": ids_filter("Any", chosen)})
    assert len(pages) == 4
    assert got == [c for c in everything if c in chosen]


@pytest.mark.parametrize("write", ["unrelated", "other_org", "new_hit"])
def test_writes_between_pages_lose_and_repeat_nothing(api: Api, other_api: Api, write: str) -> None:
    """Writes between two pages (which move every bm25 score on SQLite: term rarity is
    counted over the whole index) neither drop nor repeat a hit of the first result set."""
    w = word("zp")
    ids = corpus(api, w, 12)
    body = api.get("/v1/search/conversations", params={"query": w, "pageLimit": 4}).json()
    seen = hit_ids(body)
    if write == "unrelated":
        for _ in range(3):
            conversation_about(api, "Something else", "nothing to see here at all")
    elif write == "other_org":
        for _ in range(5):
            conversation_about(other_api, f"{w} elsewhere", f"{w} {w} in another organisation")
    else:
        conversation_about(api, "Late", f"a late message about {w}")
    url = body["meta"].get("next")
    while url:
        r = api.get(url)
        assert r.status_code == 200, r.text
        seen += hit_ids(r.json())
        url = r.json()["meta"].get("next")
    original = [cid for cid in seen if cid in ids]
    assert sorted(original) == sorted(ids)  # nothing missing, nothing twice
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("follow", ["get", "post_without_body", "post_with_body"])
def test_page_key_keeps_the_filters(api: Api, follow: str) -> None:
    """meta.next continues the same filtered search however it is followed; a key sent with
    other filters is refused."""
    w = word("zp")
    ids = corpus(api, w, 9)
    chosen = ids[::2]
    body = {"query": {"value": w}, "filters": ids_filter("All", chosen)}
    r = api.post("/v1/search/conversations?pageLimit=2", json=body)
    assert r.status_code == 200, r.text
    got = hit_ids(r.json())
    url = r.json()["meta"].get("next")
    while url:
        if follow == "get":
            r = api.get(url)
        else:
            r = api.post(url, json=body if follow == "post_with_body" else None)
        assert r.status_code == 200, r.text
        got += hit_ids(r.json())
        url = r.json()["meta"].get("next")
    assert sorted(got) == sorted(chosen)
    first = api.post("/v1/search/conversations?pageLimit=2", json=body).json()
    other = {"query": {"value": w}, "filters": ids_filter("All", ids[1::2])}
    r = api.post(first["meta"]["next"], json=other)
    assert r.status_code == 400
    assert r.json()["message"].startswith("Invalid value for: query parameter pageKey")


def test_a_forged_page_key_learns_nothing_of_another_organisation(api: Api, other_api: Api) -> None:
    """A page key is the client's to send: one naming another organisation's conversation
    (one that holds the word, one that does not) answers the same."""
    from parley.http.paging import encode_key

    w = word("zp")
    corpus(api, w, 3)
    holds = conversation_about(other_api, f"{w} {w}", " ".join([w] * 30))  # the best score
    lacks = conversation_about(other_api, "Theirs", "nothing in common")

    def page(cid: int) -> list[int]:
        payload = {"a": ["r", 999.0, cid], "l": 2, "f": {"q": w, "x": False}}
        key = encode_key(payload)  # signed as the server signs: the forgery of an insider
        r = api.get("/v1/search/conversations", params={"pageKey": key})
        assert r.status_code == 200, r.text
        return hit_ids(r.json())

    assert page(holds) == page(lacks)
