"""The knowledge base over HTTP on both stores, answers checked against Dixa's document."""

from __future__ import annotations

import uuid

from dixa_spec import assert_conforms
from fixtures.harness import Api, Harness
from fixtures.knowledge import kb_get_conforming, kb_post, kb_sample_article, kb_tree

KB = "/v1/knowledge"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_collections_categories_and_catalog(api: Api) -> None:
    ids = kb_tree(api)
    collection = kb_get_conforming(
        api, f"/collections/{ids['collection']}", "/collections/{collectionId}"
    )
    assert collection["data"] == {
        "id": ids["collection"],
        "title": "Help",
        "description": "FAQ",
        "internalKbEnabled": True,
        "restrictions": {"isRestricted": False, "inheritedRestrictions": []},
    }
    listed = kb_get_conforming(api, "/collections", "/collections")
    assert [c["id"] for c in listed["data"]] == [ids["collection"]]
    category = kb_get_conforming(
        api, f"/categories/{ids['top']}?language=da", "/categories/{categoryId}"
    )
    assert category["data"]["title"] == {"languageId": "da", "title": "Ordrer"}
    assert category["data"]["parentCollections"] == [ids["collection"]]
    sub = api.get(f"{KB}/categories/{ids['sub']}").json()["data"]
    assert sub["parentCategory"] == ids["top"] and sub["title"]["title"] == "Returns"
    titles = kb_get_conforming(
        api, f"/categories/{ids['top']}/translations", "/categories/{categoryId}/translations"
    )
    assert [t["languageId"] for t in titles["data"]["titles"]] == ["en", "da"]
    article = kb_sample_article(api, ids["sub"])
    loose = kb_sample_article(api)
    catalog = kb_get_conforming(
        api,
        f"/collections/{ids['collection']}/catalog?language=da",
        "/collections/{collectionId}/catalog",
    )
    [top] = catalog["data"]["categories"]
    assert top["id"] == ids["top"] and top["title"]["title"] == "Ordrer" and top["articles"] == []
    [sub_item] = top["categories"]
    assert sub_item["articles"] == [
        {"id": article["id"], "title": {"languageId": "da", "title": "Returnering"}}
    ]
    assert loose["id"] not in str(catalog)


def test_article_drafts_publish_and_unpublish(harness: Harness, api: Api) -> None:
    ids = kb_tree(api)
    article = kb_sample_article(api, ids["top"])
    assert article["parentCategory"] == ids["top"] and article["isDefaultLocation"] is False
    assert article["parentCollections"] == [ids["collection"]]
    draft = article["translation"]["draft"]
    assert draft["contents"] == {"html": "<p>Send it <b>back</b></p>", "plaintext": "Send it back"}
    assert "published" not in article["translation"] and draft["isIndexedVersion"] is False
    aid = article["id"]
    assert api.post(f"{KB}/articles/{aid}/translations/en/publish").status_code == 204
    got = kb_get_conforming(api, f"/articles/{aid}?language=en", "/articles/{articleId}")["data"]
    assert got["translation"]["published"]["title"] == "Returning an item"
    assert got["translation"]["draft"]["isIndexedVersion"] is True and got["indexedAt"]
    # a new draft does not change what is published
    r = api.patch(
        f"{KB}/articles/{aid}/translations",
        json={
            "translations": [
                {"languageId": "en", "title": "Returns, new"},
                {"languageId": "Not a code", "title": "x"},
            ]
        },
    )
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "PATCH", "/v1/knowledge/articles/{articleId}/translations")
    assert [t["title"] for t in r.json()["data"]] == ["Returns, new"]
    assert r.json()["partialErrors"] == [
        {"languageId": "Not a code", "message": "languageId is not a language code"}
    ]
    got = api.get(f"{KB}/articles/{aid}?language=en").json()["data"]["translation"]
    assert (
        got["published"]["title"] == "Returning an item" and got["draft"]["title"] == "Returns, new"
    )
    assert got["draft"]["isIndexedVersion"] is False
    all_translations = kb_get_conforming(
        api, f"/articles/{aid}/translations", "/articles/{articleId}/translations"
    )
    versions = all_translations["data"]["translations"]
    assert [t["language"] for t in versions["draft"]] == ["da", "en"]
    assert [t["language"] for t in versions["published"]] == ["en"]
    assert api.post(f"{KB}/articles/{aid}/publish").status_code == 204
    versions = api.get(f"{KB}/articles/{aid}/translations").json()["data"]["translations"]
    assert sorted(t["title"] for t in versions["published"]) == ["Returnering", "Returns, new"]
    assert api.post(f"{KB}/articles/{aid}/translations/da/unpublish").status_code == 204
    versions = api.get(f"{KB}/articles/{aid}/translations").json()["data"]["translations"]
    assert [t["language"] for t in versions["published"]] == ["en"]
    assert api.post(f"{KB}/articles/{aid}/unpublish").status_code == 204
    assert (
        api.get(f"{KB}/articles/{aid}/translations").json()["data"]["translations"]["published"]
        == []
    )
    assert api.delete(f"{KB}/articles/{aid}/translations/da").status_code == 204
    assert api.delete(f"{KB}/articles/{aid}/translations/da").status_code == 404
    assert "translation" not in api.get(f"{KB}/articles/{aid}?language=da").json()["data"]
    rows = harness.fetch(
        "SELECT fqn FROM events WHERE org_id = :org AND fqn LIKE 'KNOWLEDGE_ARTICLE%'",
        {"org": api.org.id},
    )
    assert {r[0] for r in rows} >= {
        "KNOWLEDGE_ARTICLE_CREATED",
        "KNOWLEDGE_ARTICLE_PUBLISHED",
        "KNOWLEDGE_ARTICLE_UNPUBLISHED",
        "KNOWLEDGE_ARTICLE_UPDATED",
    }


def test_update_move_and_delete(api: Api) -> None:
    ids = kb_tree(api)
    tag = api.post("/v1/tags", json={"name": "kb"}).json()["data"]["id"]
    other_tag = api.post("/v1/tags", json={"name": "faq"}).json()["data"]["id"]
    article = kb_sample_article(api, tags=[tag])
    assert article["isDefaultLocation"] is True and article["tags"] == [tag]
    aid = article["id"]
    r = api.patch(
        f"{KB}/articles/{aid}",
        json={
            "ownedBy": api.org.admin_user_id,
            "tags": {"add": [other_tag], "remove": [tag]},
            "preRelease": True,
        },
    )
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "PATCH", "/v1/knowledge/articles/{articleId}")
    assert r.json()["data"]["tags"] == [other_tag]
    assert api.patch(f"{KB}/articles/{aid}/parent/{ids['sub']}").status_code == 204
    assert api.get(f"{KB}/articles/{aid}").json()["data"]["parentCategory"] == ids["sub"]
    assert api.patch(f"{KB}/articles/{aid}/parent/{uuid.uuid4()}").status_code == 404
    assert api.delete(f"{KB}/articles/{aid}/parent").status_code == 204
    moved = api.get(f"{KB}/articles/{aid}").json()["data"]
    assert moved["isDefaultLocation"] is True and "parentCategory" not in moved
    assert api.delete(f"{KB}/articles/{aid}").status_code == 204
    assert api.get(f"{KB}/articles/{aid}").status_code == 404
    assert api.get(f"{KB}/articles/{aid}/translations").status_code == 404


def test_attachments(harness: Harness, api: Api) -> None:
    files = [
        ("files", ("logo.png", PNG, "image/png")),
        ("files", ("notes.txt", b"plain text", "image/png")),
    ]
    r = api.post(f"{KB}/articles/attachments", files=files)
    assert r.status_code == 200, r.text
    assert_conforms(r.json(), "POST", "/v1/knowledge/articles/attachments")
    [stored] = r.json()["data"]
    assert stored["originalFilename"] == "logo.png"
    assert r.json()["partialErrors"] == [
        {
            "originalFilename": "notes.txt",
            "message": "Only PNG, JPEG, GIF and WebP images",
            "code": 400,
        }
    ]
    path = stored["url"].split("/v1/", 1)[1]
    served = api.get(f"/v1/{path}")
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png"
    many = [("files", (f"{i}.png", PNG, "image/png")) for i in range(6)]
    assert api.post(f"{KB}/articles/attachments", files=many).status_code == 400
    r = api.post(f"{KB}/articles/attachments", json={"files": []})
    assert r.json() == {"message": "Invalid value for: body, send the files as multipart/form-data"}
    r = api.post(f"{KB}/articles/attachments", files=[("other", ("a.png", PNG, "image/png"))])
    assert r.json() == {"message": "Invalid value for: body, files: at least one file is required"}


def test_bad_input_and_not_found(api: Api) -> None:
    ids = kb_tree(api)
    article = kb_sample_article(api)["id"]
    for body in (
        {"translations": [{"languageId": "english", "title": "x"}]},
        {"translations": [{"languageId": "en", "title": " "}]},
        {"translations": [{"languageId": "en", "title": "a"}, {"languageId": "en", "title": "b"}]},
        {"parentId": str(uuid.uuid4())},
        {"tags": [str(uuid.uuid4())]},
    ):
        r = api.post(f"{KB}/articles", json=body)
        assert r.status_code == 400, body
        assert r.json()["message"].startswith("Invalid value for: body"), r.text
    assert (
        api.patch(f"{KB}/articles/{article}", json={"ownedBy": str(uuid.uuid4())}).status_code
        == 400
    )
    assert api.get(f"{KB}/articles/nope").json() == {
        "message": "Invalid value for: path parameter articleId"
    }
    assert api.get(f"{KB}/categories/{uuid.uuid4()}").status_code == 404
    assert api.get(f"{KB}/collections/{uuid.uuid4()}/catalog").status_code == 404
    assert api.post(f"{KB}/articles/{article}/translations/fr/publish").status_code == 404
    r = api.post(f"{KB}/articles/{article}/translations/Not%20a%20code/publish")
    assert r.json() == {"message": "Invalid value for: path parameter languageId"}
    for body in (
        {"collectionId": str(uuid.uuid4()), "titles": [{"languageId": "en", "title": "x"}]},
        {"collectionId": ids["collection"], "titles": []},
        {
            "collectionId": ids["collection"],
            "parentCategoryId": str(uuid.uuid4()),
            "titles": [{"languageId": "en", "title": "x"}],
        },
    ):
        assert api.post(f"{KB}/categories", json=body).status_code == 400, body
    assert api.post(f"{KB}/collections", json={"title": ""}).status_code == 400


def test_paging_and_other_organisations(api: Api, other_api: Api) -> None:
    ids = kb_tree(api)
    article = kb_sample_article(api, ids["top"])["id"]
    more = [kb_post(api, "/collections", {"title": f"c{i}"})["id"] for i in range(2)]
    first = api.get(f"{KB}/collections?pageLimit=2").json()
    second = api.get(first["meta"]["next"]).json()
    paged = [c["id"] for c in first["data"] + second["data"]]
    # the store's order (oldest first, ties within a millisecond by id), page by page
    whole = [c["id"] for c in api.get(f"{KB}/collections?pageLimit=100").json()["data"]]
    assert paged == whole and sorted(paged) == sorted([ids["collection"], *more])
    assert other_api.get(f"{KB}/collections").json()["data"] == []
    for path in (
        f"/collections/{ids['collection']}",
        f"/collections/{ids['collection']}/catalog",
        f"/categories/{ids['top']}",
        f"/articles/{article}",
        f"/articles/{article}/translations",
    ):
        assert other_api.get(f"{KB}{path}").status_code == 404, path
    assert other_api.delete(f"{KB}/articles/{article}").status_code == 404
    assert other_api.post(f"{KB}/articles/{article}/publish").status_code == 404
    body = {"collectionId": ids["collection"], "titles": [{"languageId": "en", "title": "x"}]}
    assert other_api.post(f"{KB}/categories", json=body).status_code == 400
    r = other_api.post(f"{KB}/articles", json={"parentId": ids["top"]})
    assert r.status_code == 400
    assert api.get(f"{KB}/articles/{article}").status_code == 200
