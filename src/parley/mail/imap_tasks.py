"""The IMAP jobs: polling a mailbox, and handling each mail it took.

Rules:
- A poll job reads the source, lets the writer lock go while it talks to the server, then
  stores each new mail raw (``mail_inbound``, status ``received``), its UID as
  ``last_uid`` and one process job per mail, all in its transaction: a mail is taken once.
  It then queues the next poll (``poll_seconds`` later). A failing server is recorded as
  ``last_error`` and polled again later. A deleted source is polled no more.
- A process job handles one stored mail as the listener does (``inbound.handle``), in its
  own transaction; a failure is retried by the worker and, when it keeps failing, the job
  records the error while the raw mail stays stored (``received``).
"""

from __future__ import annotations

from typing import Any

import msgspec

from parley.kit.ids import new_id
from parley.mail import imap
from parley.mail import imap_repository as sources
from parley.mail.inbound import Target, handle
from parley.mail.parse import parse
from parley.mail.secrets import NoSecretKey, decrypt
from parley.mail_records import repository as repo
from parley.mail_records.tokens import split_plus
from parley.store import Tx
from parley.uow import Ctx
from parley.worker.outbox import cancel, enqueue
from parley.worker.registry import register

POLL = "mail.imap_poll"
PROCESS = "mail.imap_process"


def poll_key(endpoint_id: str) -> str:
    return f"imap:{endpoint_id}"


async def schedule_poll(tx: Tx, org_id: str, endpoint_id: str, run_at: int | None) -> None:
    """Replace the endpoint's pending poll with one at ``run_at`` (None: now)."""
    await cancel(tx, org_id, POLL, poll_key(endpoint_id))
    await enqueue(
        tx,
        POLL,
        {"endpointId": endpoint_id},
        org_id=org_id,
        run_at=run_at,
        dedupe_key=poll_key(endpoint_id),
    )


@register(POLL, concurrent=True)
async def poll(ctx: Ctx, job: dict[str, Any]) -> None:
    org_id, endpoint_id = ctx.org_id, str(job["endpointId"])
    if org_id is None:
        return
    src = await sources.get(ctx.tx, org_id, endpoint_id)
    if src is None:
        return
    try:
        box = imap.Mailbox(
            src.host,
            src.port,
            src.tls,
            src.username,
            decrypt(ctx.settings, src.password),
            src.mailbox,
        )
        new = await ctx.tx.outside_lock(
            imap.fetch_new(ctx.settings, box, src.uid_validity, src.last_uid)
        )
    except (NoSecretKey, imap.ImapFailed) as exc:
        if await sources.get(ctx.tx, org_id, endpoint_id) is None:
            return
        await sources.polled(
            ctx.tx, org_id, endpoint_id, uid_validity=src.uid_validity,
            last_uid=src.last_uid, error=str(exc), at=ctx.now,
        )  # fmt: skip
        await schedule_poll(ctx.tx, org_id, endpoint_id, ctx.now + src.poll_seconds * 1000)
        return
    await _take(ctx, org_id, src, new)


async def _take(ctx: Ctx, org_id: str, src: sources.SourceRow, new: imap.NewMail) -> None:
    current = await sources.get(ctx.tx, org_id, src.endpoint_id)
    if current is None or current.updated_at != src.updated_at:
        return  # deleted or replaced meanwhile: the new source polls for itself
    last_uid = src.last_uid if new.uid_validity == src.uid_validity else 0
    rcpt = msgspec.json.encode([src.endpoint_id]).decode()
    for uid, raw in new.mails:
        row = repo.InboundRow(new_id(), ctx.now, None, rcpt, raw, "received")
        await repo.insert_inbound(ctx.tx, org_id, row)
        await enqueue(ctx.tx, PROCESS, {"inboundId": row.id}, org_id=org_id, max_attempts=3)
        last_uid = max(last_uid, uid)
    await sources.polled(
        ctx.tx, org_id, src.endpoint_id, uid_validity=new.uid_validity, last_uid=last_uid,
        error=None, at=ctx.now,
    )  # fmt: skip
    await schedule_poll(ctx.tx, org_id, src.endpoint_id, ctx.now + src.poll_seconds * 1000)


@register(PROCESS)
async def process(ctx: Ctx, job: dict[str, Any]) -> None:
    org_id = ctx.org_id
    if org_id is None:
        return
    row = await repo.get_inbound(ctx.tx, org_id, str(job["inboundId"]))
    if row is None or row.status != "received":
        return
    endpoint = msgspec.json.decode(row.rcpt_to)[0]
    parsed = parse(row.raw)
    tags = tuple(
        tag for base, tag in map(split_plus, [*parsed.to, *parsed.cc]) if base == endpoint and tag
    )
    await handle(ctx.tx, ctx.settings, Target(org_id, endpoint, tags), row, parsed, stored=True)
