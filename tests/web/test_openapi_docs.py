"""The OpenAPI document describes every route: a description on each operation, the
request variants of the conversation endpoints, and Parley's extensions marked as such."""

from __future__ import annotations

import uuid
from pathlib import Path

from litestar.testing import TestClient

from fixtures.harness import Api, Harness, make_settings
from fixtures.web import openapi_doc, operations, sample_of, variants
from parley.app import create_app

# Parley's own routes (not in Dixa's API): each says **Parley extension** in its description.
EXTENSIONS = {
    ("put", "/v1/agents/{agentId}/presence"),
    ("post", "/v1/teams/{teamId}/agents"),
    ("get", "/v1/attachments/{attachmentId}"),
    ("get", "/v1/anonymization/requests/{requestId}"),
    ("post", "/v1/custom-attributes"),
    ("post", "/v1/contact-endpoints"),
    ("post", "/v1/conversations/flows"),
    ("put", "/v1/contact-endpoints/{contactEndpointId}/imap"),
    ("get", "/v1/contact-endpoints/{contactEndpointId}/imap"),
    ("delete", "/v1/contact-endpoints/{contactEndpointId}/imap"),
    ("put", "/v1/contact-endpoints/{contactEndpointId}/queue"),
    ("patch", "/v1/organization"),
    ("post", "/v1/templates"),
    ("get", "/v1/templates/{templateId}"),
    ("patch", "/v1/templates/{templateId}"),
    ("get", "/v1/templates/{templateId}/render"),
    ("post", "/v1/business-hours/schedules"),
    ("put", "/v1/business-hours/schedules/{scheduleId}"),
    ("delete", "/v1/business-hours/schedules/{scheduleId}"),
    ("post", "/v1/knowledge/collections"),
    ("post", "/v1/knowledge/categories"),
    ("get", "/v1/knowledge/articles/search"),
    ("put", "/v1/knowledge/collections/{collectionId}/restrictions"),
    ("put", "/v1/knowledge/categories/{categoryId}/restrictions"),
    ("put", "/v1/knowledge/articles/{articleId}/restrictions"),
}
_CID = "/v1/conversations/{conversationId}"
# Dixa's routes that Parley serves (../shared/spec): every other /v1 route must be one of
# the EXTENSIONS, so a new route cannot join the document without being classified.
DIXA_ROUTES = {
    ("get", "/v1/agents"),
    ("post", "/v1/agents"),
    ("put", "/v1/agents"),
    ("patch", "/v1/agents"),
    ("post", "/v1/agents/bulk"),
    ("get", "/v1/agents/presence"),
    ("get", "/v1/agents/{agentId}"),
    ("put", "/v1/agents/{agentId}"),
    ("patch", "/v1/agents/{agentId}"),
    ("delete", "/v1/agents/{agentId}"),
    ("get", "/v1/agents/{agentId}/teams"),
    ("get", "/v1/agents/{agentId}/presence"),
    ("put", "/v1/agents/{agentId}/presence/working-channel"),
    ("get", "/v1/endusers"),
    ("post", "/v1/endusers"),
    ("put", "/v1/endusers"),
    ("patch", "/v1/endusers"),
    ("post", "/v1/endusers/bulk"),
    ("get", "/v1/endusers/{userId}"),
    ("put", "/v1/endusers/{userId}"),
    ("patch", "/v1/endusers/{userId}"),
    ("patch", "/v1/endusers/{userId}/custom-attributes"),
    ("patch", "/v1/endusers/{userId}/anonymize"),
    ("get", "/v1/endusers/{userId}/conversations"),
    ("get", "/v1/queues"),
    ("post", "/v1/queues"),
    ("get", "/v1/queues/{queueId}"),
    ("get", "/v1/queues/{queueId}/members"),
    ("patch", "/v1/queues/{queueId}/members"),
    ("delete", "/v1/queues/{queueId}/members"),
    ("get", "/v1/tags"),
    ("post", "/v1/tags"),
    ("get", "/v1/tags/{tagId}"),
    ("delete", "/v1/tags/{tagId}"),
    ("patch", "/v1/tags/{tagId}/activate"),
    ("patch", "/v1/tags/{tagId}/deactivate"),
    ("get", "/v1/teams"),
    ("post", "/v1/teams"),
    ("get", "/v1/teams/{teamId}"),
    ("delete", "/v1/teams/{teamId}"),
    ("get", "/v1/teams/{teamId}/agents"),
    ("patch", "/v1/teams/{teamId}/agents"),
    ("delete", "/v1/teams/{teamId}/agents"),
    ("get", "/v1/teams/{teamId}/presence"),
    ("get", "/v1/custom-attributes"),
    ("get", "/v1/custom-attributes/{customAttributeId}"),
    ("get", "/v1/contact-endpoints"),
    ("get", "/v1/contact-endpoints/{contactEndpointId}"),
    ("get", "/v1/conversations/flows"),
    ("post", "/v1/conversations"),
    ("post", "/v1/conversations/import"),
    ("get", "/v1/conversations/activitylog"),
    ("get", "/v1/conversation_export"),  # Dixa: exports.dixa.io
    ("get", "/v1/message_export"),
    ("get", "/v1/search/conversations"),
    ("post", "/v1/search/conversations"),
    ("get", _CID),
    ("get", f"{_CID}/activitylog"),
    ("put", f"{_CID}/claim"),
    ("put", f"{_CID}/close"),
    ("put", f"{_CID}/reopen"),
    ("put", f"{_CID}/transfer/queue"),
    ("put", f"{_CID}/followup"),
    ("get", f"{_CID}/linked"),
    ("put", f"{_CID}/link"),
    ("get", f"{_CID}/messages"),
    ("post", f"{_CID}/messages"),
    ("get", f"{_CID}/notes"),
    ("post", f"{_CID}/notes"),
    ("post", f"{_CID}/notes/bulk"),
    ("get", f"{_CID}/tags"),
    ("put", f"{_CID}/tags/{{tagId}}"),
    ("delete", f"{_CID}/tags/{{tagId}}"),
    ("post", f"{_CID}/tags/bulk"),
    ("patch", f"{_CID}/custom-attributes"),
    ("post", f"{_CID}/ratings/offer"),
    ("post", f"{_CID}/ratings/{{ratingId}}/submit"),
    ("get", f"{_CID}/ratings"),
    ("get", f"{_CID}/rating"),
    ("patch", f"{_CID}/anonymize"),
    ("get", "/v1/anonymization/request/{requestId}"),
    ("post", "/v1/anonymization"),
    ("patch", f"{_CID}/messages/{{messageId}}/anonymize"),
    ("get", "/v1/webhooks"),
    ("post", "/v1/webhooks"),
    ("get", "/v1/webhooks/{webhookSubscriptionId}"),
    ("patch", "/v1/webhooks/{webhookSubscriptionId}"),
    ("delete", "/v1/webhooks/{webhookSubscriptionId}"),
    ("get", "/v1/webhooks/{webhookSubscriptionId}/delivery-status"),
    ("get", "/v1/webhooks/{webhookSubscriptionId}/delivery-status/logs/{event}"),
    ("get", "/v1/organization"),
    ("get", "/v1/templates"),
    ("delete", "/v1/templates/{templateId}"),
    ("get", "/v1/business-hours/schedules"),
    ("get", "/v1/business-hours/schedules/{scheduleId}/definition"),
    ("get", "/v1/business-hours/schedules/{scheduleId}/upcoming"),
    ("get", "/v1/business-hours/schedules/{scheduleId}/status"),
    ("get", "/v1/queues/{queueId}/availability"),
    ("get", "/v1/queues/conversation-position/{csid}"),
    ("get", "/v1/analytics/metrics"),
    ("post", "/v1/analytics/metrics"),
    ("get", "/v1/analytics/metrics/{metricId}"),
    ("get", "/v1/analytics/records"),
    ("post", "/v1/analytics/records"),
    ("get", "/v1/analytics/records/{recordId}"),
    ("get", "/v1/analytics/filter/{filterAttribute}"),
    ("get", "/v1/knowledge/collections"),
    ("get", "/v1/knowledge/collections/{collectionId}"),
    ("get", "/v1/knowledge/collections/{collectionId}/catalog"),
    ("get", "/v1/knowledge/categories/{categoryId}"),
    ("get", "/v1/knowledge/categories/{categoryId}/translations"),
    ("post", "/v1/knowledge/articles"),
    ("get", "/v1/knowledge/articles/{articleId}"),
    ("patch", "/v1/knowledge/articles/{articleId}"),
    ("delete", "/v1/knowledge/articles/{articleId}"),
    ("get", "/v1/knowledge/articles/{articleId}/translations"),
    ("patch", "/v1/knowledge/articles/{articleId}/translations"),
    ("post", "/v1/knowledge/articles/{articleId}/translations/{languageId}/publish"),
    ("post", "/v1/knowledge/articles/{articleId}/translations/{languageId}/unpublish"),
    ("delete", "/v1/knowledge/articles/{articleId}/translations/{languageId}"),
    ("post", "/v1/knowledge/articles/{articleId}/publish"),
    ("post", "/v1/knowledge/articles/{articleId}/unpublish"),
    ("patch", "/v1/knowledge/articles/{articleId}/parent/{parentId}"),
    ("delete", "/v1/knowledge/articles/{articleId}/parent"),
    ("post", "/v1/knowledge/articles/attachments"),
}


def test_every_operation_is_described(harness: Harness) -> None:
    missing = [
        (m, p)
        for m, p, op in operations(openapi_doc(harness))
        if not op.get("description", "").strip()
    ]
    assert missing == []


def test_extensions_are_marked(harness: Harness) -> None:
    ops = {(m, p): op for m, p, op in operations(openapi_doc(harness))}
    marked = {key for key, op in ops.items() if "Parley extension" in op["description"]}
    assert marked == EXTENSIONS
    assert not EXTENSIONS & DIXA_ROUTES
    # every route is Dixa's or a (marked) extension: none slips in unclassified
    assert set(ops) - DIXA_ROUTES == EXTENSIONS
    assert set(ops) >= DIXA_ROUTES


def test_conversation_request_variants(harness: Harness) -> None:
    doc = openapi_doc(harness)
    assert variants(doc, "post", "/v1/conversations") == {
        "CreateEmail",
        "CreateContactForm",
        "CreateChat",
        "CreateSms",
        "CreateCallback",
    }
    assert variants(doc, "post", "/v1/conversations/{conversationId}/messages") == {
        "InboundMessage",
        "OutboundMessage",
    }
    create = doc["paths"]["/v1/conversations"]["post"]["description"]
    for error in ("Unsupported ConversationChannel", "Failure to download attachment"):
        assert error in create
    claim = doc["paths"]["/v1/conversations/{conversationId}/claim"]["put"]["description"]
    assert "409" in claim and "User is not agent/admin" in claim


def test_error_answers_are_documented_with_their_real_body(harness: Harness) -> None:
    doc = openapi_doc(harness)
    assert doc["components"]["schemas"]["ErrorBody"]["required"] == ["message"]
    for method, path, op in operations(doc):
        errors = {code for code in op["responses"] if code.startswith(("4", "5"))}
        for code in errors:
            ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorBody"), (method, path, code)
        has_body = "requestBody" in op
        has_input = has_body or bool(op.get("parameters"))
        # 404 where the path names an entity, or (creating a conversation, as Dixa's
        # reference lists) an id in the body; 413 only where a body is read
        body_404 = (method, path) == ("post", "/v1/conversations")
        assert ("404" in errors) == ("{" in path or body_404), (method, path)
        assert ("413" in errors) == has_body, (method, path)
        assert ("400" in errors) == has_input, (method, path)
        assert {"401", "500"} <= errors, (method, path)
    conflicts = {(m, p) for m, p, op in operations(doc) if "409" in op["responses"]}
    assert conflicts == {
        ("put", "/v1/conversations/{conversationId}/claim"),
        ("put", "/v1/conversations/{conversationId}/transfer/queue"),
        ("put", "/v1/conversations/{conversationId}/followup"),
        ("post", "/v1/conversations/{conversationId}/ratings/{ratingId}/submit"),
        ("patch", "/v1/conversations/{conversationId}/anonymize"),
        ("patch", "/v1/endusers/{userId}/anonymize"),
        ("post", "/v1/anonymization"),
    }
    # what the server really sends for those codes
    r = harness.client.get("/v1/conversations/1")
    assert r.status_code == 401 and set(r.json()) == {"message"}


def test_list_routes_document_no_404_and_bodyless_routes_no_413(harness: Harness) -> None:
    ops = {(m, p): op for m, p, op in operations(openapi_doc(harness))}
    for key in (("get", "/v1/agents"), ("get", "/v1/tags"), ("get", "/v1/endusers")):
        assert "404" not in ops[key]["responses"], key
        assert "413" not in ops[key]["responses"], key
    assert set(ops[("get", "/v1/agents/presence")]["responses"]) == {"200", "401", "429", "500"}
    assert "413" not in ops[("put", f"{_CID}/tags/{{tagId}}")]["responses"]
    assert "413" in ops[("post", f"{_CID}/notes")]["responses"]


def test_a_body_is_only_limited_where_it_is_read(
    harness: Harness, api: Api, tmp_path: Path
) -> None:
    """The body size limit answers 413 where the route reads a body, and nowhere else (so
    the document leaves 413 out of the other routes)."""
    app = create_app(make_settings(harness.settings.database_url, tmp_path, max_body_bytes=1000))
    big = {"name": "x" * 5000}
    auth = {"Authorization": api.org.token}
    with TestClient(app) as client:
        assert client.post("/v1/tags", json=big, headers=auth).status_code == 413
        assert client.request("GET", "/v1/tags", json=big, headers=auth).status_code == 200
        r = client.request(
            "DELETE", f"/v1/conversations/987654321/tags/{uuid.uuid4()}", json=big, headers=auth
        )
        assert r.status_code == 404


def test_path_parameters_are_typed(harness: Harness) -> None:
    doc = openapi_doc(harness)
    seen: dict[str, set[tuple[str | None, str | None]]] = {}
    for _method, _path, op in operations(doc):
        for param in op.get("parameters", []):
            if param["in"] == "path":
                schema = param["schema"]
                seen.setdefault(param["name"], set()).add((schema["type"], schema.get("format")))
    assert seen.pop("conversationId") == {("integer", "int64")}
    assert seen.pop("csid") == {("integer", "int64")}
    assert seen.pop("contactEndpointId") == {("string", None)}  # an address or a number
    assert seen.pop("event") == {("string", None)}  # a webhook event name
    assert seen.pop("languageId") == {("string", None)}  # a language code
    for name in ("metricId", "recordId", "filterAttribute"):  # catalogue names
        assert seen.pop(name) == {("string", None)}
    assert set(seen) == {
        "agentId",
        "articleId",
        "attachmentId",
        "categoryId",
        "collectionId",
        "customAttributeId",
        "messageId",
        "parentId",
        "queueId",
        "ratingId",
        "requestId",
        "scheduleId",
        "tagId",
        "teamId",
        "templateId",
        "userId",
        "webhookSubscriptionId",
    }
    assert all(kinds == {("string", "uuid")} for kinds in seen.values()), seen


def test_typed_path_parameters_reject_other_values(harness: Harness, api: Api) -> None:
    """What the document says of a path parameter is what the server enforces: every
    int64 or UUID path parameter of every route answers a bad value with Dixa's 400
    `Invalid value for: path parameter X` (the other parameters and the body valid)."""
    doc = openapi_doc(harness)
    for method, path, op in operations(doc):
        params = {p["name"]: p["schema"] for p in op.get("parameters", []) if p["in"] == "path"}
        good = {
            name: "1" if schema.get("format") == "int64" else str(uuid.uuid4())
            for name, schema in params.items()
        }
        body = None
        content = op.get("requestBody", {}).get("content", {})
        if "application/json" in content:  # (a multipart upload has no path parameter)
            body = sample_of(doc, content["application/json"]["schema"])
        for name, schema in params.items():
            bad_values = {"int64": ["abc", "0", "1.5"], "uuid": ["not-a-uuid", "123"]}
            for bad in bad_values.get(schema.get("format") or "", []):
                url = path.format(**{**good, name: bad})
                r = api.request(method.upper(), url, json=body)
                assert r.status_code == 400, (method, url, body, r.text)
                message = f"Invalid value for: path parameter {name}"
                assert r.json() == {"message": message}, (method, url, body, r.text)


def test_activity_attributes_are_a_tagged_union(harness: Harness) -> None:
    schemas = openapi_doc(harness)["components"]["schemas"]
    options = schemas["ActivityLogEntry"]["properties"]["attributes"]["oneOf"]
    names = {o["$ref"].rsplit("/", 1)[-1] for o in options if "$ref" in o}
    assert names == {
        "ConversationCreatedAttribute",
        "ConversationAssignedAttribute",
        "ConversationUnassignedAttribute",
        "ConversationClaimedAttribute",
        "ConversationTransferredAttribute",
        "MessageAddedAttribute",
        "NoteAddedAttribute",
        "TagAddedAttribute",
        "TagRemovedAttribute",
        "ConversationRatingOfferedAttribute",
        "ConversationRatedAttribute",
        "FollowupAttribute",
        "ConversationCustomAttributesUpdatedAttribute",
        "ConversationLinkAttribute",
        "ConversationAnonymizedAttribute",
        "MessageRedactedAttribute",
    }
    for name in names:
        assert schemas[name]["properties"]["_type"]["const"] == name
        assert "_type" in schemas[name]["required"]
    assert schemas["ConversationAssignedAttribute"]["required"] == ["_type", "agentId"]
    user = schemas["ConversationRatingOfferedAttribute"]["properties"]["user"]["$ref"]
    assert user.endswith("/ActivityLogUser")
