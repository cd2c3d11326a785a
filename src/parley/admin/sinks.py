"""Webhook sinks: URLs served by Parley itself that record what is posted to them, for
a test to read what its subscriptions received.

Rules:

- A sink is made through the admin API and lives in the store (``admin_sinks``), so
  every process of the server serves it and lists what any of them received; its URL
  is ``<base>/_parley/hooks/<id>`` on the server's own address, needs no token (a
  webhook sender has none) and is unguessable (a random id).
- The webhook sender refuses private and loopback addresses; it allows a sink's URL
  (a loopback address, a ``/_parley/hooks/`` path, on a server whose admin API is on:
  ``outbound.is_sink_url``).
- Each delivery received is kept (at most ``KEEP`` per sink, the oldest pruned on
  write) with its headers, its body and whether its ``X-DIXA-SIGNATURE`` verifies with
  the secret key of a subscription whose URL is the sink's (``verify``).
- A sink answers 200 unless told to answer another status for its next N deliveries;
  the count is taken by a conditional UPDATE, shared by every process.
"""

from __future__ import annotations

import time
import uuid

from parley.admin import repository
from parley.admin import traffic_repository as repo
from parley.admin.traffic_repository import Received
from parley.errors import NotFound, invalid_body
from parley.kit.clock import now_ms
from parley.outbound import HOOK_PATH
from parley.store import Database, Tx
from parley.webhooks.payload import signature

KEEP = 1000
SIGNATURE_HEADER = "x-dixa-signature"


def _missing(sink_id: str) -> NotFound:
    return NotFound(f"No sink with id {sink_id}")


async def _url(tx: Tx, sink_id: str) -> str:
    url = await repo.sink_url(tx, sink_id)
    if url is None:
        raise _missing(sink_id)
    return url


async def create(db: Database, base_url: str) -> tuple[str, str]:
    """A new sink: its id and its URL."""
    sink_id = uuid.uuid4().hex
    url = f"{base_url.rstrip('/')}{HOOK_PATH}{sink_id}"
    async with db.transaction() as tx:
        await repo.create_sink(tx, sink_id, url, now_ms())
    return sink_id, url


async def received(db: Database, sink_id: str) -> list[Received]:
    async with db.transaction(readonly=True) as tx:
        await _url(tx, sink_id)
        return await repo.deliveries(tx, sink_id)


async def delete(db: Database, sink_id: str) -> None:
    async with db.transaction() as tx:
        if not await repo.delete_sink(tx, sink_id):
            raise _missing(sink_id)


async def answer_next(db: Database, sink_id: str, status: int, count: int) -> None:
    if not 200 <= status <= 599:
        raise invalid_body("status must be between 200 and 599")
    if not 1 <= count <= KEEP:
        raise invalid_body(f"count must be between 1 and {KEEP}")
    async with db.transaction() as tx:
        if not await repo.set_answers(tx, sink_id, status, count):
            raise _missing(sink_id)


async def receive(db: Database, sink_id: str, headers: dict[str, str], body: bytes) -> int:
    """Keep a delivery; the status to answer."""
    async with db.transaction() as tx:
        url = await _url(tx, sink_id)
        keys = await repository.secret_keys_for_url(tx, url)
        verified = verify(headers.get(SIGNATURE_HEADER), body, keys)
        entry = Received(time.time_ns() // 1_000_000, headers, body, verified)
        await repo.keep_delivery(tx, sink_id, entry, KEEP)
        status = await repo.take_answer(tx, sink_id)
    return 200 if status is None else status


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
