"""Set-up shared by the anonymization tests (no tests here): a conversation full of
personal content, made through the API, and the words that must disappear."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import Api, Harness
from conversation_engine_setup import add_agent, email_endpoint, inbound, outbound
from file_server import http_server, send_pdf

FILE_BODY = b"%PDF-1.4 secret passport scan"


@pytest.fixture(scope="module")
def files_url() -> Iterator[str]:
    with http_server(lambda request: send_pdf(request, FILE_BODY)) as port:
        yield f"http://127.0.0.1:{port}"


def word(prefix: str) -> str:
    """A word that occurs nowhere else (letters only, so every search engine keeps it)."""
    return prefix + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:10])


@dataclass
class Rich:
    """A closed Email conversation and everything personal written into it."""

    cid: int
    requester: str
    agent: str
    inbound_id: str
    outbound_id: str
    attachment_path: str  # /v1/attachments/{id}
    secrets: dict[str, str]  # what -> a unique word or value that must disappear


def end_user(api: Api, **fields: Any) -> str:
    tag = uuid.uuid4().hex[:8]
    body = {
        "displayName": fields.pop("displayName", f"Zebediah {word('Q')}"),
        "email": f"zeb-{tag}@example.com",
        "phoneNumber": "+4512345678",
        "additionalEmails": [f"zeb-alt-{tag}@example.com"],
        "additionalPhoneNumbers": ["+4587654321"],
        "externalId": f"crm-{tag}",
        "avatarUrl": f"https://cdn.example.com/{tag}.png",
        **fields,
    }
    r = api.post("/v1/endusers", json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["data"]["id"])


def rich_conversation(
    harness: Harness,
    api: Api,
    files_url: str,
    *,
    requester: str | None = None,
    close: bool = True,
) -> Rich:
    requester = requester or end_user(api)
    agent = add_agent(harness, api)
    s = {
        "subject": word("subject"),
        "inbound": word("inbound"),
        "outbound": word("outbound"),
        "note": word("note"),
        "comment": word("comment"),
        "attribute": word("attr"),
        "file": word("file"),
    }
    r = api.post(
        "/v1/conversations",
        json={
            "_type": "Email",
            "requesterId": requester,
            "emailIntegrationId": email_endpoint(api),
            "subject": f"Refund {s['subject']}",
            "message": inbound(
                f"My card {s['inbound']} was charged twice",
                attachments=[{"url": f"{files_url}/scan.pdf", "prettyName": f"{s['file']}.pdf"}],
            ),
        },
    )
    assert r.status_code == 201, r.text
    cid = int(r.json()["data"]["id"])
    r = api.post(
        f"/v1/conversations/{cid}/messages",
        json=outbound(agent, f"Sorry {s['outbound']}", cc=["boss@example.com"]),
    )
    assert r.status_code == 200, r.text
    outbound_id = r.json()["data"]["messageId"]
    messages = api.get(f"/v1/conversations/{cid}/messages").json()["data"]
    inbound_id = messages[0]["id"]
    attachment_url = messages[0]["attributes"]["attachments"][0]["url"]
    r = api.post(
        f"/v1/conversations/{cid}/notes", json={"message": f"VIP {s['note']}", "agentId": agent}
    )
    assert r.status_code in (200, 201), r.text
    r = api.post(
        "/v1/custom-attributes",
        json={
            "entityType": "Conversation",
            "identifier": f"order_{uuid.uuid4().hex[:8]}",
            "label": "Order",
            "inputDefinition": {"_type": "Text"},
        },
    )
    assert r.status_code == 201, r.text
    r = api.patch(
        f"/v1/conversations/{cid}/custom-attributes",
        json={r.json()["data"]["id"]: f"ORD-{s['attribute']}"},
    )
    assert r.status_code == 200, r.text
    r = api.post(
        f"/v1/conversations/{cid}/ratings/offer",
        json={"userId": requester, "agentId": agent, "ratingType": "Csat"},
    )
    assert r.status_code in (200, 201), r.text
    rating_id = r.json()["data"]["id"]
    r = api.post(
        f"/v1/conversations/{cid}/ratings/{rating_id}/submit",
        json={
            "userId": requester,
            "ratingResult": {"_type": "Csat", "value": 4},
            "comment": f"Nice {s['comment']}",
        },
    )
    assert r.status_code in (200, 201), r.text
    if close:
        assert api.put(f"/v1/conversations/{cid}/close", json={}).status_code == 204
    user = api.get(f"/v1/endusers/{requester}").json()["data"]
    s["user_name"] = user["displayName"]
    s["user_email"] = user["email"]
    return Rich(
        cid,
        requester,
        agent,
        inbound_id,
        outbound_id,
        "/v1/attachments/" + attachment_url.rsplit("/", 1)[-1],
        s,
    )


def anonymize(api: Api, cid: int, *, force: bool | None = None) -> Any:
    url = f"/v1/conversations/{cid}/anonymize"
    if force is not None:
        url += f"?force={'true' if force else 'false'}"
    return api.patch(url)


def found(api: Api, text: str) -> list[int]:
    """Ids of the conversations a text search finds."""
    r = api.get("/v1/search/conversations", params={"query": text})
    assert r.status_code == 200, r.text
    return [int(hit["id"]) for hit in r.json()["data"]]


def request_status(api: Api, request_id: str) -> dict[str, Any]:
    r = api.get(f"/v1/anonymization/request/{request_id}")  # Dixa's path
    assert r.status_code == 200, r.text
    assert api.get(f"/v1/anonymization/requests/{request_id}").json() == r.json()  # alias
    data: dict[str, Any] = r.json()["data"]
    return data


def jobs_of(harness: Harness, api: Api) -> list[tuple[Any, ...]]:
    return harness.fetch(
        "SELECT id, status, payload FROM jobs WHERE org_id = :org AND kind = 'anonymization.run' "
        "ORDER BY created_at",
        {"org": api.org.id},
    )


def everything_about(harness: Harness, api: Api, cid: int) -> str:
    """Every stored text of a conversation (rows, activity, events) as one string."""
    parts: list[Any] = []
    params = {"org": api.org.id, "cid": cid}
    for sql in (
        "SELECT * FROM conversations WHERE org_id = :org AND id = :cid",
        "SELECT * FROM messages WHERE org_id = :org AND conversation_id = :cid",
        "SELECT * FROM notes WHERE org_id = :org AND conversation_id = :cid",
        "SELECT * FROM ratings WHERE org_id = :org AND conversation_id = :cid",
        "SELECT * FROM conversation_attributes WHERE org_id = :org AND conversation_id = :cid",
        "SELECT * FROM activity WHERE org_id = :org AND conversation_id = :cid",
        "SELECT * FROM events WHERE org_id = :org AND conversation_id = :cid",
        "SELECT a.* FROM attachments a JOIN messages m ON m.org_id = a.org_id "
        "AND m.id = a.message_id WHERE a.org_id = :org AND m.conversation_id = :cid",
    ):
        parts.extend(harness.fetch(sql, params))
    return repr(parts)
