"""The OpenAPI document describes every route: a description on each operation, the
request variants of the conversation endpoints, and Parley's extensions marked as such."""

from __future__ import annotations

from typing import Any

from conftest import Harness

EXTENSIONS = {
    ("post", "/v1/custom-attributes"),
    ("post", "/v1/contact-endpoints"),
    ("post", "/v1/conversations/flows"),
}


def _doc(harness: Harness) -> dict[str, Any]:
    doc: dict[str, Any] = harness.client.get("/openapi.json").json()
    return doc


def _operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, op)
        for path, item in doc["paths"].items()
        if path.startswith("/v1")
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def test_every_operation_is_described(harness: Harness) -> None:
    missing = [
        (m, p) for m, p, op in _operations(_doc(harness)) if not op.get("description", "").strip()
    ]
    assert missing == []


def test_extensions_are_marked(harness: Harness) -> None:
    ops = {(m, p): op for m, p, op in _operations(_doc(harness))}
    for key in EXTENSIONS:
        assert "Parley extension" in ops[key]["description"], key


def _variants(doc: dict[str, Any], method: str, path: str) -> set[str]:
    schema = doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
    return {ref["$ref"].rsplit("/", 1)[-1] for ref in schema["oneOf"]}


def test_conversation_request_variants(harness: Harness) -> None:
    doc = _doc(harness)
    assert _variants(doc, "post", "/v1/conversations") == {
        "CreateEmail",
        "CreateContactForm",
        "CreateChat",
        "CreateSms",
        "CreateCallback",
    }
    assert _variants(doc, "post", "/v1/conversations/{conversationId}/messages") == {
        "InboundMessage",
        "OutboundMessage",
    }
    create = doc["paths"]["/v1/conversations"]["post"]["description"]
    for error in ("Unsupported ConversationChannel", "Failure to download attachment"):
        assert error in create
    claim = doc["paths"]["/v1/conversations/{conversationId}/claim"]["put"]["description"]
    assert "409" in claim and "User is not agent/admin" in claim


def test_error_answers_are_documented_with_their_real_body(harness: Harness) -> None:
    doc = _doc(harness)
    assert doc["components"]["schemas"]["ErrorBody"]["required"] == ["message"]
    for method, path, op in _operations(doc):
        for code in ("400", "401", "404", "500"):
            ref = op["responses"][code]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ErrorBody"), (method, path, code)
    conflicts = {(m, p) for m, p, op in _operations(doc) if "409" in op["responses"]}
    assert conflicts == {
        ("put", "/v1/conversations/{conversationId}/claim"),
        ("put", "/v1/conversations/{conversationId}/transfer/queue"),
        ("put", "/v1/conversations/{conversationId}/followup"),
        ("post", "/v1/conversations/{conversationId}/ratings/{ratingId}/submit"),
        ("patch", "/v1/conversations/{conversationId}/anonymize"),
        ("patch", "/v1/endusers/{userId}/anonymize"),
    }
    # what the server really sends for those codes
    r = harness.client.get("/v1/conversations/1")
    assert r.status_code == 401 and set(r.json()) == {"message"}
