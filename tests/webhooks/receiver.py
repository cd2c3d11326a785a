"""A loopback webhook receiver (no tests here): a real HTTP server on 127.0.0.1 that
records every POST and answers with given statuses, and the signature check a receiver
written for Dixa makes."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        decoded: dict[str, Any] = json.loads(self.body)
        return decoded


@dataclass
class Receiver:
    port: int
    statuses: list[int]
    requests: list[Received] = field(default_factory=list)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def bodies(self, fqn: str | None = None) -> list[dict[str, Any]]:
        """The JSON bodies received (of one ``event_fqn``), in arrival order."""
        out = [r.json() for r in self.requests]
        return [b for b in out if fqn is None or b["event_fqn"] == fqn]


@contextmanager
def receiver(*statuses: int) -> Iterator[Receiver]:
    """A loopback HTTP server that records every POST and answers with ``statuses`` in
    turn (then 200)."""
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            rec = box[0]
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            rec.requests.append(Received(self.path, headers, body))
            status = rec.statuses.pop(0) if rec.statuses else 200
            answer = f"answer {status}".encode()
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    box.append(Receiver(server.server_address[1], list(statuses)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()


def verify(secret_key: str, received: Received) -> None:
    """The ``X-DIXA-SIGNATURE`` check: HMAC-SHA256 of ``t.body`` keyed with the secret
    hex-decoded, ``t`` recent."""
    header = received.headers["x-dixa-signature"]
    parts = dict(p.split("=", 1) for p in header.split(","))
    t = parts["t"]
    assert abs(int(t) - time.time() * 1000) < 120_000
    expected = hmac.new(
        bytes.fromhex(secret_key), t.encode() + b"." + received.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(parts["v1"], expected)
