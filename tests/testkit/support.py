"""Helpers of the admin API's tests: organisations' data made through /v1, a receiver."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fixtures.builders import create_tag, rich_conversation, subscribe
from fixtures.harness import Api, Harness, Org
from fixtures.testkit import Admin, Served
from parley.desk.auth import set_password
from parley.kit.clock import now_ms


def conversation(admin: Admin | Served, org: dict[str, Any]) -> int:
    """An inbound Email conversation of the organisation, made through /v1."""
    r = admin.as_org(
        org,
        "POST",
        "/v1/endusers",
        json={"displayName": "Customer", "email": f"c-{uuid.uuid4().hex[:10]}@example.com"},
    )
    assert r.status_code == 201, r.text
    address = f"support-{uuid.uuid4().hex[:8]}@acme.email.dixa.io"
    endpoint = {"_type": "EmailEndpoint", "address": address}
    assert admin.as_org(org, "POST", "/v1/contact-endpoints", json=endpoint).status_code == 201
    body = {
        "_type": "Email",
        "requesterId": r.json()["data"]["id"],
        "emailIntegrationId": address,
        "subject": "Refund please",
        "message": {"_type": "Inbound", "content": {"_type": "Text", "value": "hi there"}},
    }
    r = admin.as_org(org, "POST", "/v1/conversations", json=body)
    assert r.status_code == 201, r.text
    cid: int = r.json()["data"]["id"]
    return cid


@contextmanager
def receiver() -> Iterator[tuple[str, list[bytes]]]:
    """A loopback HTTP server: its URL and the bodies posted to it."""
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def harness_of(admin: Admin) -> Harness:
    """The admin fixture's app as a test harness (direct reads, calls on its loop)."""
    return Harness(admin.client, admin.store, admin.client.app.state.settings)


def api_of(admin: Admin, org: dict[str, Any]) -> Api:
    owner = Org(org["id"], org["name"], org["apiToken"], org["adminUserId"], org["defaultQueueId"])
    return Api(admin.client, owner, admin.store)


@dataclass(frozen=True)
class Populated:
    """An organisation with one of everything; the GETs that show it."""

    org: dict[str, Any]
    paths: list[str]
    attachment_path: str
    search: str


def populated_org(admin: Admin, files_url: str) -> Populated:
    """Conversations, messages with an attachment, a note, a tag, a custom attribute, a
    rating, activity, a webhook subscription, a desk password, a published knowledge
    article, a template and a business-hours schedule, made through /v1 (the password
    through the desk's own service)."""
    org = admin.new_org(f"Snapshot {uuid.uuid4().hex[:6]}")
    api = api_of(admin, org)
    rich = rich_conversation(api, files_url)
    second = conversation(admin, org)
    tag = create_tag(api, f"vip-{uuid.uuid4().hex[:6]}")
    assert api.put(f"/v1/conversations/{rich.cid}/tags/{tag}").status_code == 204
    hook = subscribe(api, "https://hooks.example.com/parley", ["ConversationCreated"])
    template = {"name": "Returns", "content": "Hi {{requester_firstname}}", "subject": "Re"}
    assert api.post("/v1/templates", json=template).status_code == 201
    hours = {
        "name": "Support",
        "timezone": "Europe/Copenhagen",
        "startDate": "2026-01-01",
        "businessHours": [
            {"dayOfWeek": d, "intervals": [{"startTime": "09:00", "endTime": "17:00"}]}
            for d in range(1, 6)
        ],
    }
    assert api.post("/v1/business-hours/schedules", json=hours).status_code == 201
    article = {"translations": [{"languageId": "en", "title": "Refunds", "content": "<p>Hi</p>"}]}
    r = api.post("/v1/knowledge/articles", json=article)
    assert r.status_code == 200, r.text
    aid = r.json()["data"]["id"]
    assert api.post(f"/v1/knowledge/articles/{aid}/translations/en/publish").status_code == 204
    email = api.get(f"/v1/agents/{rich.agent}").json()["data"]["email"]

    async def password() -> None:
        async with admin.client.app.state.db.transaction() as tx:
            await set_password(tx, org["id"], email, "correct horse battery", now_ms())

    harness_of(admin).call(password)
    paths = [
        f"/v1/conversations/{rich.cid}",
        f"/v1/conversations/{second}",
        f"/v1/conversations/{rich.cid}/messages",
        f"/v1/conversations/{rich.cid}/notes",
        f"/v1/conversations/{rich.cid}/tags",
        f"/v1/conversations/{rich.cid}/ratings",
        f"/v1/conversations/{rich.cid}/activitylog",
        f"/v1/endusers/{rich.requester}",
        "/v1/endusers",
        "/v1/agents",
        "/v1/queues",
        "/v1/tags",
        "/v1/custom-attributes",
        "/v1/contact-endpoints",
        "/v1/webhooks",
        f"/v1/webhooks/{hook['id']}",
        "/v1/templates",
        "/v1/business-hours/schedules",
        f"/v1/knowledge/articles/{aid}?language=en",
        "/v1/knowledge/articles/search?query=refunds",
    ]
    return Populated(org, paths, rich.attachment_path, rich.secrets["inbound"])
