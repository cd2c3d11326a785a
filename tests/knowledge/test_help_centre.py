"""The public help centre pages (no token), on both stores."""

from __future__ import annotations

import uuid

from file_server import patterned
from fixtures.asgi import body_parts
from fixtures.harness import Api, Harness
from fixtures.knowledge import kb_article, kb_image
from parley.kit.blobs import CHUNK

KB = "/v1/knowledge"


def test_listing_article_page_and_search(api: Api, other_api: Api) -> None:
    public = kb_article(api, "Returns <script>alert(1)</script>", "<p>Send it back</p><p>Free</p>")
    kb_article(api, "Beta feature", "<p>secret</p>", pre_release=True)
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
    ids = [kb_article(api, f"Article {i:03d}", "<p>x</p>") for i in range(55)]
    first = api.client.get(f"/help/{api.org.id}").text
    assert first.count("<li>") == 50 and "More articles" in first
    key = first.split('href="?pageKey=')[1].split('"')[0]
    second = api.client.get(f"/help/{api.org.id}?pageKey={key}").text
    assert second.count("<li>") == 5 and "More articles" not in second
    assert all(i in first + second for i in ids)


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def test_article_images_are_served_only_for_shown_articles(api: Api, other_api: Api) -> None:
    shown, draft, hidden = kb_image(api, PNG), kb_image(api, PNG), kb_image(api, PNG + b"x")
    content = (
        f'<p>Open the menu</p><img src="{shown}" alt="The &quot;menu&quot;">'
        '<img src="https://tracker.example/pixel.png" alt="external">'
    )
    public = kb_article(api, "Menus", content)
    api.post(f"{KB}/articles", json={"translations": [
        {"languageId": "en", "title": "Draft", "content": f'<img src="{draft}">'}]})  # fmt: skip
    kb_article(api, "Beta", f'<img src="{hidden}">', pre_release=True)
    page = api.client.get(f"/help/{api.org.id}/articles/{public}").text
    shown_id = shown.rsplit("/", 1)[1]
    assert f'<img src="/help/{api.org.id}/images/{shown_id}" alt="The &quot;menu&quot;">' in page
    assert "tracker.example" not in page and "external" not in page
    r = api.client.get(f"/help/{api.org.id}/images/{shown_id}")
    assert r.status_code == 200 and r.content == PNG
    assert r.headers["content-type"] == "image/png"
    assert r.headers["content-security-policy"] == "default-src 'none'"
    csp = api.client.get(f"/help/{api.org.id}").headers["content-security-policy"]
    assert "img-src 'self'" in csp and "default-src 'none'" in csp
    # a draft's or a pre-release article's image, another organisation's path, an unknown
    # id, and an image no longer shown once its article is unpublished: 404
    for url in (draft, hidden):
        assert (
            api.client.get(f"/help/{api.org.id}/images/{url.rsplit('/', 1)[1]}").status_code == 404
        )
    assert api.client.get(f"/help/{other_api.org.id}/images/{shown_id}").status_code == 404
    assert api.client.get(f"/help/{api.org.id}/images/{uuid.uuid4()}").status_code == 404
    assert api.client.get(f"/help/{api.org.id}/images/not-an-id").status_code == 404
    assert api.post(f"{KB}/articles/{public}/unpublish").status_code == 204
    assert api.client.get(f"/help/{api.org.id}/images/{shown_id}").status_code == 404


def test_a_large_image_is_sent_from_its_file_in_chunks(harness: Harness, api: Api) -> None:
    big = PNG + patterned(3 * CHUNK + 17)
    image = kb_image(api, big)
    kb_article(api, "Diagram", f'<img src="{image}" alt="diagram">')
    path = f"/help/{api.org.id}/images/{image.rsplit('/', 1)[1]}"
    r = api.client.get(path)
    assert r.status_code == 200 and r.content == big
    assert r.headers["content-length"] == str(len(big))
    status, parts = body_parts(harness, path)
    assert status == 200 and b"".join(parts) == big
    assert len(parts) >= 3 and max(len(p) for p in parts) <= CHUNK
