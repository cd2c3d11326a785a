"""Parley's answers to the rest of Dixa's API (organisation, queue availability and
position, business hours, templates, knowledge, analytics) against Dixa's published
response schemas, on both stores (``dixa_spec.check`` through a ``Checker``: documented
status, required fields, types). Set-up goes through Parley's extension routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixtures.webhooks import conversation, end_user, made
from webhooks.dixa_spec import Checker, check, document

if TYPE_CHECKING:
    from fixtures.harness import Api, Harness

KB = "/v1/knowledge"
ARTICLE = "/v1/knowledge/articles/{articleId}"
SCHEDULE = "/v1/business-hours/schedules/{scheduleId}"
TODAY = {"_type": "Preset", "value": "Today"}


def test_organisation_queues_hours_and_templates(harness: Harness, api: Api) -> None:
    document()
    c = Checker(api)
    c("GET", "/v1/organization", "/v1/organization")
    queue = api.org.default_queue_id
    c("GET", "/v1/queues/{queueId}/availability", f"/v1/queues/{queue}/availability")
    cid = conversation(api, end_user(api))
    position = f"/v1/queues/conversation-position/{cid}"
    c("GET", "/v1/queues/conversation-position/{csid}", position)
    hours = [{"startTime": "09:00", "endTime": "17:00"}]
    schedule = {
        "name": "Support",
        "timezone": "Europe/Copenhagen",
        "startDate": "2026-01-01",
        "businessHours": [{"dayOfWeek": d, "intervals": hours} for d in range(1, 6)],
    }
    sid = made(api, "/v1/business-hours/schedules", schedule)["schedule"]["id"]
    one = f"/v1/business-hours/schedules/{sid}"
    c("GET", "/v1/business-hours/schedules", "/v1/business-hours/schedules")
    c("GET", SCHEDULE + "/definition", f"{one}/definition")
    c("GET", SCHEDULE + "/status", f"{one}/status")
    c("GET", SCHEDULE + "/upcoming", f"{one}/upcoming")
    template = made(api, "/v1/templates", {"name": "Hi", "content": "Hi {{csid}}"})
    c("GET", "/v1/templates", "/v1/templates")
    c("DELETE", "/v1/templates/{templateId}", f"/v1/templates/{template['id']}")
    assert not c.failures, "\n".join(c.failures)


def test_knowledge(api: Api) -> None:
    document()
    c = Checker(api)
    collection = made(api, f"{KB}/collections", {"title": "Help", "description": "FAQ"})["id"]
    titles = [{"languageId": "en", "title": "Orders"}, {"languageId": "da", "title": "Ordrer"}]
    category = made(api, f"{KB}/categories", {"collectionId": collection, "titles": titles})
    translations = [
        {"languageId": "en", "title": "Returns", "content": "<p>Send it back</p>"},
        {"languageId": "da", "title": "Returnering", "content": "<p>Send den retur</p>"},
    ]
    article = c("POST", "/v1/knowledge/articles", f"{KB}/articles", {"translations": translations})
    aid, cat = article["id"], category["id"]
    a = f"{KB}/articles/{aid}"
    c("GET", "/v1/knowledge/collections", f"{KB}/collections")
    c("GET", "/v1/knowledge/collections/{collectionId}", f"{KB}/collections/{collection}")
    catalog = f"{KB}/collections/{collection}/catalog"
    c("GET", "/v1/knowledge/collections/{collectionId}/catalog", catalog)
    c("GET", "/v1/knowledge/categories/{categoryId}", f"{KB}/categories/{cat}")
    cat_tr = f"{KB}/categories/{cat}/translations"
    c("GET", "/v1/knowledge/categories/{categoryId}/translations", cat_tr)
    c("GET", ARTICLE, a)
    c("GET", ARTICLE + "/translations", f"{a}/translations")
    c("PATCH", ARTICLE, a, {"preRelease": True})
    draft = {"translations": [{"languageId": "en", "title": "Returns, new"}]}
    c("PATCH", ARTICLE + "/translations", f"{a}/translations", draft)
    c("POST", ARTICLE + "/translations/{languageId}/publish", f"{a}/translations/en/publish")
    c("POST", ARTICLE + "/translations/{languageId}/unpublish", f"{a}/translations/en/unpublish")
    c("POST", ARTICLE + "/publish", f"{a}/publish")
    c("POST", ARTICLE + "/unpublish", f"{a}/unpublish")
    c("PATCH", ARTICLE + "/parent/{parentId}", f"{a}/parent/{cat}")
    c("DELETE", ARTICLE + "/parent", f"{a}/parent")
    c("DELETE", ARTICLE + "/translations/{languageId}", f"{a}/translations/da")
    files = [("files", ("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"))]
    r = api.post(f"{KB}/articles/attachments", files=files)
    check("POST", "/v1/knowledge/articles/attachments", r)
    c("DELETE", ARTICLE, a)
    assert not c.failures, "\n".join(c.failures)


def test_analytics(api: Api) -> None:
    document()
    c = Checker(api)
    c("GET", "/v1/analytics/metrics", "/v1/analytics/metrics")
    c("GET", "/v1/analytics/metrics/{metricId}", "/v1/analytics/metrics/csat")
    c("GET", "/v1/analytics/records", "/v1/analytics/records")
    c("GET", "/v1/analytics/records/{recordId}", "/v1/analytics/records/closed_conversations")
    c("GET", "/v1/analytics/filter/{filterAttribute}", "/v1/analytics/filter/channel")
    metric = {"id": "csat", "timezone": "UTC", "periodFilter": TODAY}
    c("POST", "/v1/analytics/metrics", "/v1/analytics/metrics", metric)
    records = {"id": "closed_conversations", "timezone": "UTC", "periodFilter": TODAY}
    c("POST", "/v1/analytics/records", "/v1/analytics/records", records)
    assert not c.failures, "\n".join(c.failures)
