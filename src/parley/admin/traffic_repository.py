"""SQL of the request journal, the faults and the webhook sinks (``admin_requests``,
``admin_faults``, ``admin_sinks``, ``admin_sink_deliveries``): shared by every process
of the server through the store."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, fields
from typing import Any

from parley.store import Tx
from parley.store.database import Row


@dataclass(frozen=True)
class Recorded:
    at: int
    method: str
    path: str
    query: str
    body: str
    status: int


@dataclass(frozen=True)
class Fault:
    id: str
    status: int
    count: int | None
    share: float | None
    routes: tuple[str, ...]
    retry_after: int

    def matches(self, path: str) -> bool:
        return not self.routes or any(path.startswith(r) for r in self.routes)


@dataclass(frozen=True)
class Received:
    at: int
    headers: dict[str, str]
    body: bytes
    verified: bool


PPM = 1_000_000


def _seq() -> int:
    return time.time_ns()


async def org_of_token(tx: Tx, token_hash: str) -> str | None:
    """The organisation of an active API token (by its hash), or None."""
    org: str | None = await tx.fetch_val(
        "SELECT org_id FROM api_tokens WHERE token_hash = :h AND revoked_at IS NULL",
        {"h": token_hash},
    )
    return org


async def keep_request(tx: Tx, org_id: str, entry: Recorded, keep: int) -> None:
    """Journal a request and drop the organisation's entries beyond the last ``keep``."""
    await _keep(tx, "admin_requests", "org_id", org_id, entry, keep)


async def _keep(
    tx: Tx, table: str, owner: str, owner_id: str, row: Any, keep: int, **values: object
) -> None:
    """Insert a row of ``table``: its ``owner`` column ``owner_id``, a new ``id`` and
    ``seq``, then the fields of the dataclass ``row`` (``values``: those stored encoded);
    then drop the owner's rows beyond the last ``keep`` (by ``seq``)."""
    params: dict[str, object] = {owner: owner_id, "id": str(uuid.uuid4()), "seq": _seq()}
    params.update({f.name: getattr(row, f.name) for f in fields(row)}, **values)
    names = ", ".join(params)
    marks = ", ".join(":" + name for name in params)
    await tx.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", params)
    await tx.execute(
        f"DELETE FROM {table} WHERE {owner} = :owner AND seq < (SELECT seq FROM {table} "
        f"WHERE {owner} = :owner ORDER BY seq DESC LIMIT 1 OFFSET :skip)",
        {"owner": owner_id, "skip": keep - 1},
    )


async def recorded(tx: Tx, org_id: str, limit: int) -> list[Recorded]:
    """The organisation's last ``limit`` requests, oldest first."""
    rows = await tx.fetch_all(
        "SELECT at, method, path, query, body, status FROM admin_requests WHERE org_id = :org "
        "ORDER BY seq DESC LIMIT :limit",
        {"org": org_id, "limit": limit},
    )
    return [Recorded(int(r[0]), r[1], r[2], r[3], r[4], int(r[5])) for r in reversed(rows)]


async def forget_requests(tx: Tx, org_id: str) -> None:
    await tx.execute("DELETE FROM admin_requests WHERE org_id = :org", {"org": org_id})


_FAULT_COLUMNS = "id, status, remaining, share_ppm, routes, retry_after"


def _fault(r: Row) -> Fault:
    share = None if r[3] is None else int(r[3]) / PPM
    count = None if r[2] is None else int(r[2])
    return Fault(r[0], int(r[1]), count, share, tuple(json.loads(r[4])), int(r[5]))


async def add_fault(
    tx: Tx, org_id: str, status: int, count: int | None, share: float | None,
    routes: list[str], retry_after: int,
) -> Fault:  # fmt: skip
    fault_id = str(uuid.uuid4())
    share_ppm = None if share is None else max(1, round(share * PPM))
    await tx.execute(
        f"INSERT INTO admin_faults (org_id, seq, {_FAULT_COLUMNS}) "
        "VALUES (:org, :seq, :id, :status, :remaining, :share, :routes, :retry)",
        {
            "org": org_id,
            "seq": _seq(),
            "id": fault_id,
            "status": status,
            "remaining": count,
            "share": share_ppm,
            "routes": json.dumps(routes),
            "retry": retry_after,
        },
    )
    return Fault(fault_id, status, count, share, tuple(routes), retry_after)


async def faults(tx: Tx, org_id: str) -> list[Fault]:
    """The organisation's faults in force, oldest first."""
    rows = await tx.fetch_all(
        f"SELECT {_FAULT_COLUMNS} FROM admin_faults WHERE org_id = :org "
        "AND (remaining IS NULL OR remaining > 0) ORDER BY seq, id",
        {"org": org_id},
    )
    return [_fault(r) for r in rows]


async def consume_fault(tx: Tx, org_id: str, fault_id: str) -> bool:
    """Take one request from a counted fault: a conditional UPDATE, so two processes
    never both take its last one. False when it was already spent."""
    taken = await tx.execute(
        "UPDATE admin_faults SET remaining = remaining - 1 "
        "WHERE org_id = :org AND id = :id AND remaining > 0",
        {"org": org_id, "id": fault_id},
    )
    await tx.execute(
        "DELETE FROM admin_faults WHERE org_id = :org AND id = :id AND remaining <= 0",
        {"org": org_id, "id": fault_id},
    )
    return taken == 1


async def clear_faults(tx: Tx, org_id: str) -> None:
    await tx.execute("DELETE FROM admin_faults WHERE org_id = :org", {"org": org_id})


async def create_sink(tx: Tx, sink_id: str, url: str, now: int) -> None:
    await tx.execute(
        "INSERT INTO admin_sinks (id, url, answer_status, answers_left, created_at) "
        "VALUES (:id, :url, NULL, 0, :now)",
        {"id": sink_id, "url": url, "now": now},
    )


async def sink_url(tx: Tx, sink_id: str) -> str | None:
    url: str | None = await tx.fetch_val(
        "SELECT url FROM admin_sinks WHERE id = :id", {"id": sink_id}
    )
    return url


async def delete_sink(tx: Tx, sink_id: str) -> int:
    await tx.execute("DELETE FROM admin_sink_deliveries WHERE sink_id = :id", {"id": sink_id})
    return await tx.execute("DELETE FROM admin_sinks WHERE id = :id", {"id": sink_id})


async def set_answers(tx: Tx, sink_id: str, status: int, count: int) -> int:
    return await tx.execute(
        "UPDATE admin_sinks SET answer_status = :status, answers_left = :count WHERE id = :id",
        {"id": sink_id, "status": status, "count": count},
    )


async def take_answer(tx: Tx, sink_id: str) -> int | None:
    """The status of the sink's next set answer, counted down atomically; None: 200."""
    status = await tx.fetch_val(
        "UPDATE admin_sinks SET answers_left = answers_left - 1 "
        "WHERE id = :id AND answers_left > 0 RETURNING answer_status",
        {"id": sink_id},
    )
    return None if status is None else int(status)


async def keep_delivery(tx: Tx, sink_id: str, received: Received, keep: int) -> None:
    """Store a delivery and drop the sink's deliveries beyond the last ``keep``."""
    headers = json.dumps(received.headers)
    await _keep(tx, "admin_sink_deliveries", "sink_id", sink_id, received, keep, headers=headers)


async def deliveries(tx: Tx, sink_id: str) -> list[Received]:
    rows = await tx.fetch_all(
        "SELECT at, headers, body, verified FROM admin_sink_deliveries WHERE sink_id = :sink "
        "ORDER BY seq, id",
        {"sink": sink_id},
    )
    return [Received(int(r[0]), json.loads(r[1]), bytes(r[2]), bool(r[3])) for r in rows]
