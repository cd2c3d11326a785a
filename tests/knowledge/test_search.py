"""Searching published articles (Parley extension) on both stores' full-text engines."""

from __future__ import annotations

from fixtures.harness import Api
from fixtures.knowledge import kb_find, kb_translated_article

KB = "/v1/knowledge"


def test_published_text_is_found_drafts_are_not(api: Api, other_api: Api) -> None:
    refunds = kb_translated_article(
        api,
        (
            "en",
            "Refunds for damaged parcels",
            "<p>We refund the <b>café</b> order within 14 days.</p>",
        ),
        ("da", "Refusion", "<p>Vi refunderer pakker</p>"),
    )
    shipping = kb_translated_article(
        api, ("en", "Shipping times", "<p>Parcels arrive in two days; refunds are rare.</p>")
    )
    draft_only = kb_translated_article(api, ("en", "Secret refunds draft", "<p>not yet</p>"))
    assert kb_find(api, "refunds") == []  # nothing published yet
    for aid in (refunds, shipping):
        assert api.post(f"{KB}/articles/{aid}/publish").status_code == 204
    # stemmed, accent- and case-insensitive; the title weighs more than the text
    assert kb_find(api, "REFUNDING") == [(refunds, "en"), (shipping, "en")]
    assert kb_find(api, "cafe") == [(refunds, "en")]
    assert kb_find(api, "parcels arrive") == [(shipping, "en")]
    assert kb_find(api, '"arrive in two"') == [(shipping, "en")]
    assert kb_find(api, "refusion", language="da") == [(refunds, "da")]
    assert kb_find(api, "refusion", language="en") == []
    assert draft_only not in [a for a, _ in kb_find(api, "secret refunds")]
    assert kb_find(api, "the") == []  # only stop words
    assert kb_find(api, 'AND OR NOT "* :') == []  # engine syntax is plain text
    hit = api.get(f"{KB}/articles/search", params={"query": "café"}).json()["data"][0]
    assert hit["title"] == "Refunds for damaged parcels" and "refund" in hit["snippet"]
    assert other_api.get(f"{KB}/articles/search", params={"query": "refunds"}).json()["data"] == []
    # a new draft changes nothing until published again
    r = api.patch(
        f"{KB}/articles/{shipping}/translations",
        json={"translations": [{"languageId": "en", "title": "Delivery"}]},
    )
    assert r.status_code == 200
    assert kb_find(api, "delivery") == [] and kb_find(api, "shipping") == [(shipping, "en")]
    assert api.post(f"{KB}/articles/{shipping}/translations/en/publish").status_code == 204
    assert kb_find(api, "delivery") == [(shipping, "en")] and kb_find(api, "shipping") == []
    # unpublishing, deleting a translation or the article removes it
    assert api.post(f"{KB}/articles/{refunds}/translations/da/unpublish").status_code == 204
    assert kb_find(api, "refusion") == []
    assert api.delete(f"{KB}/articles/{refunds}/translations/en").status_code == 204
    assert kb_find(api, "cafe") == []
    assert api.delete(f"{KB}/articles/{shipping}").status_code == 204
    assert kb_find(api, "delivery") == []


def test_bad_search_input(api: Api) -> None:
    assert api.get(f"{KB}/articles/search").json() == {
        "message": "Invalid value for: query parameter query, required without a pageKey"
    }
    r = api.get(f"{KB}/articles/search", params={"query": "x", "pageLimit": 101})
    assert r.status_code == 400
    r = api.get(f"{KB}/articles/search", params={"query": "x", "language": "Not a code"})
    assert r.json() == {"message": "Invalid value for: query parameter language"}
