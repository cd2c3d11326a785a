"""The public help centre pages (no token), on both stores."""

from __future__ import annotations

import uuid

from conftest import Api

KB = "/v1/knowledge"


def _published(api: Api, title: str, content: str, *, pre_release: bool = False) -> str:
    body = {
        "translations": [{"languageId": "en", "title": title, "content": content}],
        "preRelease": pre_release,
    }
    r = api.post(f"{KB}/articles", json=body)
    assert r.status_code == 200, r.text
    article_id: str = r.json()["data"]["id"]
    assert api.post(f"{KB}/articles/{article_id}/publish").status_code == 204
    return article_id


def test_listing_article_page_and_search(api: Api, other_api: Api) -> None:
    public = _published(api, "Returns <script>alert(1)</script>", "<p>Send it back</p><p>Free</p>")
    _published(api, "Beta feature", "<p>secret</p>", pre_release=True)
    draft = api.post(
        f"{KB}/articles", json={"translations": [{"languageId": "en", "title": "Draft only"}]}
    )
    assert draft.status_code == 200
    r = api.client.get(f"/help/{api.org.id}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    page = r.text
    assert "Returns &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "Beta feature" not in page and "Draft only" not in page
    assert f"/help/{api.org.id}/articles/{public}?language=en" in page
    r = api.client.get(f"/help/{api.org.id}/articles/{public}?language=en")
    assert r.status_code == 200
    assert "<p>Send it back</p><p>Free</p>" in r.text and "<b>" not in r.text
    found = api.client.get(f"/help/{api.org.id}", params={"q": "send back"}).text
    assert f"/articles/{public}" in found
    nothing = api.client.get(f"/help/{api.org.id}", params={"q": "secret"}).text
    assert "No articles." in nothing
    # another organisation's article, unknown organisations and articles: 404
    assert api.client.get(f"/help/{other_api.org.id}/articles/{public}").status_code == 404
    assert api.client.get(f"/help/{uuid.uuid4()}").status_code == 404
    assert api.client.get("/help/not-an-org").status_code == 404
    assert api.client.get(f"/help/{api.org.id}/articles/{uuid.uuid4()}").status_code == 404


def test_listing_is_paged(api: Api) -> None:
    ids = [_published(api, f"Article {i:03d}", "<p>x</p>") for i in range(55)]
    first = api.client.get(f"/help/{api.org.id}").text
    assert first.count("<li>") == 50 and "More articles" in first
    key = first.split('href="?pageKey=')[1].split('"')[0]
    second = api.client.get(f"/help/{api.org.id}?pageKey={key}").text
    assert second.count("<li>") == 5 and "More articles" not in second
    assert all(i in first + second for i in ids)
