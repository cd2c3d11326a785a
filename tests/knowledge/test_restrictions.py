"""Knowledge-base restrictions on both stores: set through Parley's extension routes,
reported in Dixa's shape (with what is inherited), and enforced by the public help
centre (listing, article pages, search), while the API keeps reading everything."""

from __future__ import annotations

from typing import Any

from dixa_spec import assert_conforms
from fixtures.builders import word
from fixtures.harness import Api, Harness
from fixtures.knowledge import (
    KB,
    help_centre_articles,
    kb_article,
    kb_category,
    kb_collection,
    kb_restrictions,
)
from fixtures.reads import org_events

OPEN: dict[str, Any] = {"isRestricted": False, "inheritedRestrictions": []}


def test_restrictions_are_inherited_and_hide_from_the_help_centre(api: Api) -> None:
    term = word()
    collection = kb_collection(api)
    top = kb_category(api, collection, "Orders")
    sub = kb_category(api, collection, "Returns", parent=top)
    deep = kb_article(api, f"Deep {term}", category=sub)
    near = kb_article(api, f"Near {term}", category=top)
    loose = kb_article(api, f"Loose {term}")

    assert kb_restrictions(api, f"articles/{deep}") == OPEN
    assert help_centre_articles(api) == help_centre_articles(api, term) == {deep, near, loose}

    r = api.put(f"{KB}/categories/{top}/restrictions", json={"isRestricted": True})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["restrictions"] == {"isRestricted": True, "inheritedRestrictions": []}
    assert_conforms(
        api.get(f"{KB}/categories/{sub}").json(), "GET", "/v1/knowledge/categories/{categoryId}"
    )
    assert kb_restrictions(api, f"categories/{sub}") == {
        "isRestricted": True,
        "inheritedRestrictions": [{"fromCategory": top}],
    }
    assert kb_restrictions(api, f"articles/{deep}") == {
        "isRestricted": True,
        "inheritedRestrictions": [{"fromCategory": top}],
    }
    assert kb_restrictions(api, f"articles/{loose}") == OPEN
    assert help_centre_articles(api) == help_centre_articles(api, term) == {loose}
    assert api.client.get(f"/help/{api.org.id}/articles/{deep}").status_code == 404
    # agents still find everything
    found = api.get(f"{KB}/articles/search", params={"query": term}).json()["data"]
    assert {h["id"] for h in found} == {deep, near, loose}

    r = api.put(f"{KB}/collections/{collection}/restrictions", json={"isRestricted": True})
    assert r.status_code == 200
    assert_conforms(r.json(), "GET", "/v1/knowledge/collections/{collectionId}")
    assert r.json()["data"]["restrictions"] == {"isRestricted": True, "inheritedRestrictions": []}
    article = api.get(f"{KB}/articles/{deep}").json()
    assert_conforms(article, "GET", "/v1/knowledge/articles/{articleId}")
    assert article["data"]["restrictions"]["inheritedRestrictions"] == [
        {"fromCollection": collection},
        {"fromCategory": top},
    ]

    # opening the category leaves the collection's restriction
    assert (
        api.put(f"{KB}/categories/{top}/restrictions", json={"isRestricted": False}).status_code
        == 200
    )
    assert help_centre_articles(api) == help_centre_articles(api, term) == {loose}
    assert (
        api.put(
            f"{KB}/collections/{collection}/restrictions", json={"isRestricted": False}
        ).status_code
        == 200
    )
    assert help_centre_articles(api) == help_centre_articles(api, term) == {deep, near, loose}
    assert kb_restrictions(api, f"articles/{deep}") == OPEN

    # an article restricted itself
    before = api.get(f"{KB}/articles/{loose}").json()["data"]["updatedAt"]
    r = api.put(f"{KB}/articles/{loose}/restrictions", json={"isRestricted": True})
    assert r.status_code == 200
    assert r.json()["data"]["restrictions"] == {"isRestricted": True, "inheritedRestrictions": []}
    assert r.json()["data"]["updatedAt"] >= before
    assert help_centre_articles(api) == help_centre_articles(api, term) == {deep, near}


def test_a_restricted_article_image_is_not_served(api: Api) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
    r = api.post(f"{KB}/articles/attachments", files=[("files", ("a.png", png, "image/png"))])
    url = r.json()["data"][0]["url"]
    image = url.rsplit("/", 1)[1]
    article = kb_article(api, "Menu", f'<p>See</p><img src="{url}" alt="menu">')
    assert api.client.get(f"/help/{api.org.id}/images/{image}").status_code == 200
    assert (
        api.put(f"{KB}/articles/{article}/restrictions", json={"isRestricted": True}).status_code
        == 200
    )
    assert api.client.get(f"/help/{api.org.id}/images/{image}").status_code == 404


def test_setting_a_restriction_writes_an_event_once(harness: Harness, api: Api) -> None:
    collection = kb_collection(api)
    category = kb_category(api, collection)
    for _ in range(2):  # the second time changes nothing
        assert (
            api.put(
                f"{KB}/collections/{collection}/restrictions", json={"isRestricted": True}
            ).status_code
            == 200
        )
        assert (
            api.put(
                f"{KB}/categories/{category}/restrictions", json={"isRestricted": True}
            ).status_code
            == 200
        )
    assert len(org_events(harness, api, "KNOWLEDGE_COLLECTION_UPDATED")) == 1
    assert len(org_events(harness, api, "KNOWLEDGE_CATEGORY_UPDATED")) == 1


def test_bad_restriction_requests(api: Api, other_api: Api) -> None:
    article = kb_article(api, "Anything")
    path = f"{KB}/articles/{article}/restrictions"
    for body in ({"isRestricted": "yes"}, {}, {"isRestricted": True, "extra": 1}, []):
        r = api.put(path, json=body)
        assert r.status_code == 400, (body, r.text)
        assert r.json()["message"].startswith("Invalid value for: body")
    assert other_api.put(path, json={"isRestricted": True}).status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    for kind in ("articles", "categories", "collections"):
        r = api.put(f"{KB}/{kind}/{missing}/restrictions", json={"isRestricted": True})
        assert r.status_code == 404, r.text
    assert api.put(
        f"{KB}/articles/not-an-id/restrictions", json={"isRestricted": True}
    ).status_code in (400, 404)
    assert api.get(f"{KB}/articles/{article}").json()["data"]["restrictions"] == OPEN
