"""What the admin API keeps of organisations' traffic: the request journal and the
faults. Both live in the server process (they are for a test server: one process, the
one the tests talk to) and see only ``/v1`` requests.

Rules:

- A request is matched to its organisation by the SHA-256 of its token (as stored),
  so nothing is read from the store on the request path; the admin API names an
  organisation's tokens by reading their hashes.
- The journal keeps the last ``JOURNAL_SIZE`` requests of each token: method, path,
  query string, body (at most ``BODY_LIMIT`` bytes, as text) and the status answered,
  in order. Requests without a token are not kept.
- A fault answers ``status`` with Dixa's ``{"message": …}`` body instead of running the
  request: for the next ``count`` matching requests, or for a ``share`` of them (drawn at
  random), on every ``/v1`` route or only on those whose path starts with one of
  ``routes``. A 429 carries ``Retry-After``. The first fault that matches a request
  answers it; a fault whose count is spent is dropped.
"""

from __future__ import annotations

import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import msgspec

from parley.http.auth import token_from_header
from parley.http.context import authorization
from parley.kit.tokens import hash_token

JOURNAL_SIZE = 1000
BODY_LIMIT = 64 * 1024
FAULT_MESSAGES = {
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


@dataclass(frozen=True)
class Recorded:
    at: int
    method: str
    path: str
    query: str
    body: str
    status: int


@dataclass
class Fault:
    id: int
    token_hashes: frozenset[str]
    status: int
    count: int | None
    share: float | None
    routes: tuple[str, ...]
    retry_after: int

    def matches(self, token_hash: str, path: str) -> bool:
        if token_hash not in self.token_hashes:
            return False
        return not self.routes or any(path.startswith(r) for r in self.routes)


@dataclass
class Traffic:
    """The journal and the faults of one server process (``app.state.traffic``)."""

    journal: dict[str, deque[Recorded]] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    _next_fault: int = 1

    def recorded(self, token_hashes: set[str], limit: int) -> list[Recorded]:
        rows = [r for h in token_hashes for r in self.journal.get(h, ())]
        rows.sort(key=lambda r: r.at)
        return rows[-limit:] if limit else []

    def forget(self, token_hashes: set[str]) -> None:
        for h in token_hashes:
            self.journal.pop(h, None)

    def add_fault(self, fault: Fault) -> Fault:
        fault.id = self._next_fault
        self._next_fault += 1
        self.faults.append(fault)
        return fault

    def faults_of(self, token_hashes: set[str]) -> list[Fault]:
        return [f for f in self.faults if f.token_hashes & token_hashes]

    def clear_faults(self, token_hashes: set[str]) -> None:
        self.faults = [f for f in self.faults if not f.token_hashes & token_hashes]

    def fault_for(self, token_hash: str, path: str) -> Fault | None:
        for fault in self.faults:
            if not fault.matches(token_hash, path):
                continue
            if fault.share is not None:
                if random.random() < fault.share:
                    return fault
                continue
            if fault.count is not None:
                fault.count -= 1
                if fault.count <= 0:
                    self.faults.remove(fault)
            return fault
        return None

    def keep(self, token_hash: str, entry: Recorded) -> None:
        kept = self.journal.get(token_hash)
        if kept is None:
            kept = self.journal[token_hash] = deque(maxlen=JOURNAL_SIZE)
        kept.append(entry)


async def _answer_fault(send: Any, fault: Fault) -> int:
    body = msgspec.json.encode({"message": FAULT_MESSAGES.get(fault.status, "Fault")})
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if fault.status == 429:
        headers.append((b"retry-after", str(fault.retry_after).encode()))
    await send({"type": "http.response.start", "status": fault.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
    return fault.status


def middleware(app: Any) -> Any:
    """ASGI middleware: answers the faults and keeps the journal of ``/v1`` requests."""

    async def traffic_app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1"):
            await app(scope, receive, send)
            return
        token = token_from_header(authorization(scope))
        if token is None:
            await app(scope, receive, send)
            return
        traffic: Traffic = scope["app"].state.traffic
        token_hash = hash_token(token)
        body = bytearray()
        status = [0]

        async def receiving() -> Any:
            message = await receive()
            if message["type"] == "http.request" and len(body) < BODY_LIMIT:
                body.extend(message.get("body", b"")[: BODY_LIMIT - len(body)])
            return message

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        fault = traffic.fault_for(token_hash, scope["path"])
        if fault is not None:
            while (await receiving()).get("more_body"):
                pass
            await _answer_fault(send, fault)
            status[0] = fault.status
        else:
            try:
                await app(scope, receiving, sending)
            except Exception as exc:  # answered by the app's error handler, outside
                status[0] = status[0] or int(getattr(exc, "status_code", 500))
                traffic.keep(token_hash, _entry(scope, body, status[0]))
                raise
        traffic.keep(token_hash, _entry(scope, body, status[0]))

    return traffic_app


def _entry(scope: Any, body: bytearray, status: int) -> Recorded:
    return Recorded(
        time.time_ns() // 1_000_000,
        scope["method"],
        scope["path"],
        scope.get("query_string", b"").decode("latin-1"),
        body.decode("utf-8", "replace"),
        status,
    )
