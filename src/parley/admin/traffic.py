"""What the admin API keeps of organisations' traffic: the request journal and the
faults. Both live in the store (``admin_requests``, ``admin_faults``), so every process
of a server (several ``parley serve`` on one PostgreSQL, say) keeps one journal and
serves the same faults; they see only ``/v1`` requests.

Rules:

- A request is matched to its organisation by the SHA-256 of its token (as stored) in
  ``api_tokens``: a request whose token is unknown or revoked is neither journaled nor
  faulted.
- The journal keeps the last ``JOURNAL_SIZE`` requests of each organisation: method,
  path, query string, body (at most ``BODY_LIMIT`` bytes, as text) and the status
  answered, in order; older entries are pruned as new ones are written.
- A fault answers ``status`` with Dixa's ``{"message": …}`` body instead of running the
  request: for the next ``count`` matching requests, or for a ``share`` of them (drawn at
  random), on every ``/v1`` route or only on those whose path starts with one of
  ``routes``. A 429 carries ``Retry-After``. The oldest fault that matches a request
  answers it. A count is taken by a conditional UPDATE (``remaining > 0``), so two
  processes never both serve a fault's last request; a fault whose count is spent is
  dropped.
"""

from __future__ import annotations

import random
import time
from typing import Any

import msgspec

from parley.admin import traffic_repository as repo
from parley.admin.traffic_repository import Fault, Recorded
from parley.http.auth import token_from_header
from parley.http.context import authorization
from parley.kit.tokens import hash_token
from parley.store import Database

JOURNAL_SIZE = 1000
BODY_LIMIT = 64 * 1024
FAULT_MESSAGES = {
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}


async def _org_and_fault(
    db: Database, token_hash: str, path: str
) -> tuple[str | None, Fault | None]:
    """The token's organisation and the fault that answers this request, if any."""
    async with db.transaction(readonly=True) as tx:
        org_id = await repo.org_of_token(tx, token_hash)
        if org_id is None:
            return None, None
        faults = await repo.faults(tx, org_id)
    for fault in faults:
        if not fault.matches(path):
            continue
        if fault.share is not None:
            if random.random() < fault.share:
                return org_id, fault
            continue
        async with db.transaction() as tx:
            if await repo.consume_fault(tx, org_id, fault.id):
                return org_id, fault
    return org_id, None


async def _keep(db: Database, org_id: str, entry: Recorded) -> None:
    async with db.transaction() as tx:
        await repo.keep_request(tx, org_id, entry, JOURNAL_SIZE)


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
        db: Database = scope["app"].state.db
        org_id, fault = await _org_and_fault(db, hash_token(token), scope["path"])
        if org_id is None:
            await app(scope, receive, send)
            return
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
                await _keep(db, org_id, _entry(scope, body, status[0]))
                raise
        await _keep(db, org_id, _entry(scope, body, status[0]))

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
