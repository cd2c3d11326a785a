"""SQL of the admin API: an organisation's rows, whole, and the jobs outbox seen from
outside any organisation."""

from __future__ import annotations

from dataclasses import dataclass

from parley.store import Tx
from parley.store.rows import columns, decoder, exists
from parley.store.schema import metadata

# Rows that name the organisation itself, kept by a reset and deleted with it.
_ORG_OWN = {"api_tokens"}


def org_tables() -> list[str]:
    """Every table of the metadata that holds organisations' rows (an ``org_id``
    column), in reverse dependency order. The search index is not in the metadata: the
    search engines empty it (``drop_conversations``)."""
    return [t.name for t in reversed(metadata.sorted_tables) if "org_id" in t.c]


@dataclass(frozen=True)
class OrgRow:
    id: str
    name: str
    created_at: int


async def orgs_page(tx: Tx, after: tuple[int, str] | None, limit: int) -> list[OrgRow]:
    """Organisations, oldest first, after the keyset position ``after`` (created_at, id)."""
    where = "WHERE created_at > :at OR (created_at = :at AND id > :id) " if after else ""
    params: dict[str, object] = {"limit": limit}
    if after is not None:
        params.update(at=after[0], id=after[1])
    rows = await tx.fetch_all(
        f"SELECT id, name, created_at FROM orgs {where}ORDER BY created_at, id LIMIT :limit",
        params,
    )
    return [OrgRow(r[0], r[1], int(r[2])) for r in rows]


async def conversation_ids(tx: Tx, org_id: str) -> list[int]:
    rows = await tx.fetch_all("SELECT id FROM conversations WHERE org_id = :org", {"org": org_id})
    return [int(r[0]) for r in rows]


async def delete_data(tx: Tx, org_id: str, *, keep_own: bool) -> None:
    """Delete the organisation's rows from every table (but its tokens when
    ``keep_own``); the ``orgs`` row itself is left."""
    for table in org_tables():
        if keep_own and table in _ORG_OWN:
            continue
        await tx.execute(f"DELETE FROM {table} WHERE org_id = :org", {"org": org_id})


async def delete_org_row(tx: Tx, org_id: str) -> int:
    return await tx.execute("DELETE FROM orgs WHERE id = :id", {"id": org_id})


@dataclass(frozen=True)
class JobRow:
    id: str
    org_id: str | None
    kind: str
    status: str
    run_at: int
    attempts: int
    last_error: str | None


_JOB_COLUMNS = columns(JobRow)
_job = decoder(JobRow)


async def held_by(tx: Tx, worker_id: str) -> bool:
    """Whether the worker ``worker_id`` holds a pending job it claimed."""
    return await exists(
        tx,
        "SELECT 1 FROM jobs WHERE status = 'pending' AND claimed_by = :worker LIMIT 1",
        {"worker": worker_id},
    )


async def jobs_by_id(tx: Tx, ids: list[str]) -> list[JobRow]:
    if not ids:
        return []
    rows = await tx.fetch_all(
        f"SELECT {_JOB_COLUMNS} FROM jobs WHERE id IN :ids ORDER BY run_at, id", {"ids": ids}
    )
    return [_job(r) for r in rows]


async def pending_jobs(
    tx: Tx, org_id: str | None, after: tuple[int, str] | None, limit: int
) -> list[JobRow]:
    """Pending jobs (of one organisation, or of all), by due time then id, after the
    keyset position ``after`` (run_at, id)."""
    where = ["status = 'pending'"]
    params: dict[str, object] = {"limit": limit}
    if org_id is not None:
        where.append("org_id = :org")
        params["org"] = org_id
    if after is not None:
        where.append("(run_at > :at OR (run_at = :at AND id > :id))")
        params.update(at=after[0], id=after[1])
    rows = await tx.fetch_all(
        f"SELECT {_JOB_COLUMNS} FROM jobs WHERE {' AND '.join(where)} "
        "ORDER BY run_at, id LIMIT :limit",
        params,
    )
    return [_job(r) for r in rows]


async def set_clock(tx: Tx, org_id: str, offset: int, now: int) -> None:
    """The organisation's clock ``offset`` ms ahead of real time (0: real time, no row)."""
    await tx.execute("DELETE FROM org_clocks WHERE org_id = :org", {"org": org_id})
    if offset:
        await tx.execute(
            "INSERT INTO org_clocks (org_id, offset_ms, updated_at) VALUES (:org, :o, :now)",
            {"org": org_id, "o": offset, "now": now},
        )


async def move_pending_jobs(tx: Tx, org_id: str, by: int) -> int:
    """Make the organisation's pending jobs due ``by`` ms earlier (later when negative)."""
    return await tx.execute(
        "UPDATE jobs SET run_at = run_at - :by WHERE org_id = :org AND status = 'pending'",
        {"org": org_id, "by": by},
    )


async def lock_org(tx: Tx, org_id: str) -> bool:
    """Lock the organisation's row until the transaction ends; False when there is none."""
    found = await tx.fetch_val("SELECT 1 FROM orgs WHERE id = :id" + tx.for_update, {"id": org_id})
    return found is not None


async def secret_keys_for_url(tx: Tx, url: str) -> list[str]:
    """The secret keys of the webhook subscriptions (of any organisation) that post to
    ``url``: a sink's URL is unguessable, so they are the ones that subscribed it."""
    rows = await tx.fetch_all(
        "SELECT secret_key FROM webhook_subscriptions WHERE url = :url", {"url": url}
    )
    return [r[0] for r in rows]
