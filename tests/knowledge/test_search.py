"""Searching published articles (Parley extension) on both stores' full-text engines."""

from __future__ import annotations

from typing import Any

from fixtures.harness import Api

KB = "/v1/knowledge"


def _article(api: Api, *translations: tuple[str, str, str]) -> str:
    body = {
        "translations": [
            {"languageId": lang, "title": t, "content": c} for lang, t, c in translations
        ]
    }
    r = api.post(f"{KB}/articles", json=body)
    assert r.status_code == 200, r.text
    article_id: str = r.json()["data"]["id"]
    return article_id


def _find(api: Api, query: str, **params: Any) -> list[tuple[str, str]]:
    r = api.get(f"{KB}/articles/search", params={"query": query, **params})
    assert r.status_code == 200, r.text
    return [(h["id"], h["language"]) for h in r.json()["data"]]


def test_published_text_is_found_drafts_are_not(api: Api, other_api: Api) -> None:
    refunds = _article(
        api,
        (
            "en",
            "Refunds for damaged parcels",
            "<p>We refund the <b>café</b> order within 14 days.</p>",
        ),
        ("da", "Refusion", "<p>Vi refunderer pakker</p>"),
    )
    shipping = _article(
        api, ("en", "Shipping times", "<p>Parcels arrive in two days; refunds are rare.</p>")
    )
    draft_only = _article(api, ("en", "Secret refunds draft", "<p>not yet</p>"))
    assert _find(api, "refunds") == []  # nothing published yet
    for aid in (refunds, shipping):
        assert api.post(f"{KB}/articles/{aid}/publish").status_code == 204
    # stemmed, accent- and case-insensitive; the title weighs more than the text
    assert _find(api, "REFUNDING") == [(refunds, "en"), (shipping, "en")]
    assert _find(api, "cafe") == [(refunds, "en")]
    assert _find(api, "parcels arrive") == [(shipping, "en")]
    assert _find(api, '"arrive in two"') == [(shipping, "en")]
    assert _find(api, "refusion", language="da") == [(refunds, "da")]
    assert _find(api, "refusion", language="en") == []
    assert draft_only not in [a for a, _ in _find(api, "secret refunds")]
    assert _find(api, "the") == []  # only stop words
    assert _find(api, 'AND OR NOT "* :') == []  # engine syntax is plain text
    hit = api.get(f"{KB}/articles/search", params={"query": "café"}).json()["data"][0]
    assert hit["title"] == "Refunds for damaged parcels" and "refund" in hit["snippet"]
    assert other_api.get(f"{KB}/articles/search", params={"query": "refunds"}).json()["data"] == []
    # a new draft changes nothing until published again
    r = api.patch(
        f"{KB}/articles/{shipping}/translations",
        json={"translations": [{"languageId": "en", "title": "Delivery"}]},
    )
    assert r.status_code == 200
    assert _find(api, "delivery") == [] and _find(api, "shipping") == [(shipping, "en")]
    assert api.post(f"{KB}/articles/{shipping}/translations/en/publish").status_code == 204
    assert _find(api, "delivery") == [(shipping, "en")] and _find(api, "shipping") == []
    # unpublishing, deleting a translation or the article removes it
    assert api.post(f"{KB}/articles/{refunds}/translations/da/unpublish").status_code == 204
    assert _find(api, "refusion") == []
    assert api.delete(f"{KB}/articles/{refunds}/translations/en").status_code == 204
    assert _find(api, "cafe") == []
    assert api.delete(f"{KB}/articles/{shipping}").status_code == 204
    assert _find(api, "delivery") == []


def test_bad_search_input(api: Api) -> None:
    assert api.get(f"{KB}/articles/search").json() == {
        "message": "Invalid value for: query parameter query, required without a pageKey"
    }
    r = api.get(f"{KB}/articles/search", params={"query": "x", "pageLimit": 101})
    assert r.status_code == 400
    r = api.get(f"{KB}/articles/search", params={"query": "x", "language": "Not a code"})
    assert r.json() == {"message": "Invalid value for: query parameter language"}
