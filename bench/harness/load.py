"""Python load clients for the contention scenario (bench/contention.py).

Each client is a process of its own (so the clients never share a GIL with each other)
with one keep-alive HTTP/1.1 connection:

- ``note_writer``: adds a short internal note to a random conversation at a fixed pace
  (open loop: a request is sent every ``interval_s`` whatever the previous one took, or at
  once when it is late) and records each request's latency;
- ``searcher``: searches the given terms one after another, back to back (closed loop),
  by ``GET`` or ``POST``, and counts the searches and their latencies.

A client returns its latencies (ms) and the statuses it saw other than the expected one.
"""

from __future__ import annotations

import http.client
import json
import random
import time
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

WORDS = ["order", "refund", "parcel", "delivery", "thanks", "hello", "please", "invoice"]


@dataclass
class ClientResult:
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"latencies_ms": self.latencies_ms, "errors": self.errors}


def _connection(base_url: str) -> http.client.HTTPConnection:
    parsed = urllib.parse.urlsplit(base_url)
    return http.client.HTTPConnection(parsed.hostname or "127.0.0.1", parsed.port, timeout=30)


def _send(
    conn: http.client.HTTPConnection, method: str, path: str, headers: dict[str, str], body: bytes
) -> int:
    conn.request(method, path, body=body or None, headers=headers)
    resp = conn.getresponse()
    resp.read()
    return resp.status


def note_writer(
    base_url: str, token: str, ids: tuple[int, int], seconds: float, interval_s: float, seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    conn = _connection(base_url)
    headers = {"Authorization": token, "Content-Type": "application/json"}
    out = ClientResult()
    start = time.perf_counter()
    due = start
    while True:
        now = time.perf_counter()
        if now - start >= seconds:
            break
        if due > now:
            time.sleep(due - now)
        due += interval_s
        cid = rng.randint(*ids)
        body = json.dumps({"message": " ".join(rng.choices(WORDS, k=12))}).encode()
        sent = time.perf_counter()
        status = _send(conn, "POST", f"/v1/conversations/{cid}/notes", headers, body)
        out.latencies_ms.append((time.perf_counter() - sent) * 1000)
        if status != 200:
            out.errors[str(status)] = out.errors.get(str(status), 0) + 1
    conn.close()
    return out.as_dict()


def searcher(
    base_url: str, token: str, method: str, terms: list[str], seconds: float, seed: int
) -> dict[str, Any]:
    rng = random.Random(seed)
    conn = _connection(base_url)
    headers = {"Authorization": token, "Content-Type": "application/json"}
    out = ClientResult()
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        term = rng.choice(terms)
        if method == "GET":
            path = "/v1/search/conversations?" + urllib.parse.urlencode({"query": term})
            body = b""
        else:
            path = "/v1/search/conversations"
            body = json.dumps({"query": {"value": term}}).encode()
        sent = time.perf_counter()
        status = _send(conn, method, path, headers, body)
        out.latencies_ms.append((time.perf_counter() - sent) * 1000)
        if status != 200:
            out.errors[str(status)] = out.errors.get(str(status), 0) + 1
    conn.close()
    return out.as_dict()
