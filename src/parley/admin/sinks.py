"""Webhook sinks: URLs served by Parley itself that record what is posted to them, for
a test to read what its subscriptions received.

Rules:

- A sink is made through the admin API and lives in the server process (as the
  journal does); its URL is ``<base>/_parley/hooks/<id>`` on the server's own address,
  needs no token (a webhook sender has none) and is unguessable (a random id).
- The webhook sender refuses private and loopback addresses; it allows a sink's URL
  (a loopback address, a ``/_parley/hooks/`` path, on a server whose admin API is on:
  ``outbound.is_sink_url``).
- Each delivery received is kept (at most ``KEEP`` per sink, oldest dropped) with its
  headers, its body and whether its ``X-DIXA-SIGNATURE`` verifies with the secret key
  of a subscription whose URL is the sink's (``verify``).
- A sink answers 200 unless told to answer another status for its next N deliveries.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from dataclasses import dataclass, field

from parley.errors import NotFound, invalid_body
from parley.outbound import HOOK_PATH
from parley.webhooks.payload import signature

KEEP = 1000
SIGNATURE_HEADER = "x-dixa-signature"


@dataclass(frozen=True)
class Received:
    at: int
    headers: dict[str, str]
    body: bytes
    verified: bool


@dataclass
class Sink:
    id: str
    url: str
    received: deque[Received] = field(default_factory=lambda: deque(maxlen=KEEP))
    answers: deque[int] = field(default_factory=deque)


@dataclass
class Sinks:
    """The sinks of one server process (``app.state.sinks``)."""

    by_id: dict[str, Sink] = field(default_factory=dict)

    def create(self, base_url: str) -> Sink:
        sink_id = uuid.uuid4().hex
        sink = Sink(sink_id, f"{base_url.rstrip('/')}{HOOK_PATH}{sink_id}")
        self.by_id[sink_id] = sink
        return sink

    def get(self, sink_id: str) -> Sink:
        sink = self.by_id.get(sink_id)
        if sink is None:
            raise NotFound(f"No sink with id {sink_id}")
        return sink

    def delete(self, sink_id: str) -> None:
        self.get(sink_id)
        del self.by_id[sink_id]

    def answer_next(self, sink_id: str, status: int, count: int) -> None:
        if not 200 <= status <= 599:
            raise invalid_body("status must be between 200 and 599")
        if not 1 <= count <= KEEP:
            raise invalid_body(f"count must be between 1 and {KEEP}")
        sink = self.get(sink_id)
        sink.answers.clear()
        sink.answers.extend([status] * count)

    def receive(
        self, sink_id: str, headers: dict[str, str], body: bytes, secret_keys: list[str]
    ) -> int:
        """Keep a delivery; the status to answer."""
        sink = self.get(sink_id)
        verified = verify(headers.get(SIGNATURE_HEADER), body, secret_keys)
        sink.received.append(Received(time.time_ns() // 1_000_000, headers, body, verified))
        return sink.answers.popleft() if sink.answers else 200


def verify(header: str | None, body: bytes, secret_keys: list[str]) -> bool:
    """Whether ``t=…,v1=…`` is the signature of ``body`` with one of the keys."""
    if not header:
        return False
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    return any(signature(key, timestamp, body) == header for key in secret_keys)
