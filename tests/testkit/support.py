"""Helpers of the admin API's tests: organisations' data made through /v1, a receiver."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from testkit.conftest import Admin, Served


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
